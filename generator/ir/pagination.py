"""`x-sdk-pagination` → `Pagination`: each name it gives is checked against the operation's parameters
and its response model; a name that is not there is a located warning and the method returns the plain
response, as it would without the extension."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Any

from ..report import codes
from ..report.diagnostics import Code, join_pointer
from .nodes import Field, Model, Operation, Pagination, TypeRef

EXTENSION = "x-sdk-pagination"
STYLES = ("cursor", "offset", "page")
_PAGE_LOCATIONS = ("query", "body")  # where the page parameter may be: a query or a JSON body field
_DEFAULT_START = {"cursor": 0, "offset": 0, "page": 1}

Warn = Callable[[Code, str, str, str | None], None]


class _Invalid(Exception):
    """One finding; the extension is then ignored."""

    def __init__(self, code: Code, pointer: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.pointer, self.message, self.hint = code, pointer, message, hint


def build_pagination(
    spec: dict[str, Any],
    operation: Operation,
    pointer: str,
    models_by_name: dict[str, Model],
    warn: Warn,
) -> Pagination | None:
    """The checked rule of one operation's `x-sdk-pagination` (at `pointer`), or None after a warning."""
    try:
        return _build(spec, operation, pointer, models_by_name)
    except _Invalid as finding:
        warn(finding.code, finding.pointer, finding.message, finding.hint)
        return None


def _build(
    spec: dict[str, Any], operation: Operation, pointer: str, models_by_name: dict[str, Model]
) -> Pagination:
    style = spec.get("style")
    if style not in STYLES:
        raise _Invalid(
            codes.PAGINATION_INVALID,
            join_pointer(pointer, "style"),
            f"{EXTENSION} style {style!r} is not one of {', '.join(STYLES)}; the method returns one page",
            "set `style: cursor`, `offset` or `page`",
        )
    response = models_by_name.get(operation.returns.annotation)
    if operation.response_kind != "json" or response is None or response.is_alias:
        raise _Invalid(
            codes.PAGINATION_INVALID,
            pointer,
            f"{EXTENSION} on {operation.operation_id!r}, whose response is not an object schema with properties ({operation.returns.annotation}); nothing to page through",
        )
    param = _page_param(spec, operation, pointer)
    items = _field(response, spec.get("items", "data"), join_pointer(pointer, "items"), "items")
    item = _list_item(items, join_pointer(pointer, "items"))
    has_more = _optional_field(response, spec, "hasMore", pointer)
    next_cursor = (
        _optional_field(response, spec, "nextCursor", pointer) if style == "cursor" else None
    )
    item_cursor = (
        _item_cursor(spec, item, models_by_name, pointer)
        if style == "cursor" and next_cursor is None
        else None
    )
    start = spec.get("start", _DEFAULT_START[style])
    if not isinstance(start, int) or isinstance(start, bool):
        raise _Invalid(
            codes.PAGINATION_INVALID,
            join_pointer(pointer, "start"),
            f"{EXTENSION} start {start!r} is not an integer",
            "the page number or offset a request without the parameter gets (default: page 1, offset 0)",
        )
    return Pagination(
        style,
        param.wire_name,
        param.location,
        items.wire_name,
        item,
        has_more,
        next_cursor,
        item_cursor,
        start,
    )


def _page_param(spec: dict[str, Any], operation: Operation, pointer: str) -> Any:
    wanted = spec.get("parameter")
    candidates = [p for p in operation.params if p.location in _PAGE_LOCATIONS]
    found = next((p for p in candidates if p.wire_name == wanted), None)
    if found is None:
        raise _Invalid(
            codes.PAGINATION_UNKNOWN_PARAM,
            join_pointer(pointer, "parameter"),
            f"{EXTENSION} parameter {wanted!r} is not a query parameter or JSON body field of {operation.operation_id!r}; the method returns one page",
            _did_you_mean(wanted, (p.wire_name for p in candidates)),
        )
    return found


def _field(model: Model, wire_name: object, pointer: str, role: str) -> Field:
    found = next((f for f in model.fields if f.wire_name == wire_name), None)
    if found is None:
        raise _Invalid(
            codes.PAGINATION_UNKNOWN_FIELD,
            pointer,
            f"{EXTENSION} {role} {wire_name!r} is not a property of {model.class_name}; the method returns one page",
            _did_you_mean(wire_name, (f.wire_name for f in model.fields)),
        )
    return found


def _optional_field(model: Model, spec: dict[str, Any], key: str, pointer: str) -> str | None:
    if key not in spec:
        return None
    return _field(model, spec[key], join_pointer(pointer, key), key).wire_name


def _list_item(items: Field, pointer: str) -> TypeRef:
    annotation = items.type.annotation
    if not (annotation.startswith("list[") and annotation.endswith("]")):
        raise _Invalid(
            codes.PAGINATION_UNKNOWN_FIELD,
            pointer,
            f"{EXTENSION} items {items.wire_name!r} is typed {annotation}, not a list; the method returns one page",
        )
    inner = annotation[len("list[") : -1]
    return TypeRef(
        inner, inner, items.type.imports, items.type.imports, items.type.models, items.type.models
    )


def _item_cursor(
    spec: dict[str, Any], item: TypeRef, models_by_name: dict[str, Model], pointer: str
) -> str:
    wanted = spec.get("itemCursor", "id")
    model = models_by_name.get(item.annotation)
    if model is not None and not model.is_alias:
        return _field(model, wanted, join_pointer(pointer, "itemCursor"), "itemCursor").wire_name
    return str(wanted)


def _did_you_mean(wanted: object, names: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(str(wanted), sorted(names), n=1)
    return f"did you mean {close[0]!r}?" if close else None
