"""An operation's named request examples → RequestExample nodes: the arguments of one SDK call each.

Body examples come from the JSON, multipart or url-encoded request body (`examples` by name, or a single
`example`); path and required query/header parameters from their own `example`, their schema's
`example` or `default`. An operation without a body example still gets one call, with those parameters.
"""

from __future__ import annotations

import json
from typing import Any

from ..load.spec import Spec
from .nodes import ExampleArgument, Param, RequestExample

_BODY_TYPES = ("application/json", "multipart/form-data", "application/x-www-form-urlencoded")
_BODY_LOCATIONS = ("body", "form")
PLACEHOLDER = "example-id"  # a path parameter the spec gives no example for


def build_examples(
    spec: Spec, item: dict[str, Any], raw: dict[str, Any], params: tuple[Param, ...]
) -> tuple[RequestExample, ...]:
    """`item` is the path item: its parameters apply too, unless the operation redeclares them."""
    declared = [*(raw.get("parameters") or []), *(item.get("parameters") or [])]
    fixed = tuple(_parameter_argument(spec, declared, p) for p in params if _needs_value(p))
    named = _body_examples(spec, raw)
    if not named:
        return (RequestExample("default", None, tuple(a for a in fixed if a is not None)),)
    return tuple(
        RequestExample(
            name, summary, tuple(a for a in fixed if a is not None) + _body_arguments(value, params)
        )
        for name, summary, value in named
    )


def _needs_value(param: Param) -> bool:
    return param.location == "path" or (
        param.location in ("query", "header") and param.required and param.default_repr is None
    )


def _parameter_argument(spec: Spec, declared: list[Any], param: Param) -> ExampleArgument | None:
    value = _parameter_example(spec, declared, param.wire_name)
    if value is None and param.location != "path":
        return None
    return _argument(param, PLACEHOLDER if value is None else value)


def _parameter_example(spec: Spec, declared: list[Any], wire_name: str) -> Any:
    for entry in declared:
        param, doc = spec.resolve_fully(entry, spec.root)
        if isinstance(param, dict) and param.get("name") == wire_name:
            if "example" in param:
                return param["example"]
            schema, _ = spec.resolve_fully(param.get("schema") or {}, doc)
            return (
                schema.get("example", schema.get("default")) if isinstance(schema, dict) else None
            )
    return None


def _body_examples(spec: Spec, raw: dict[str, Any]) -> list[tuple[str, str | None, Any]]:
    body, doc = spec.resolve_fully(raw.get("requestBody") or {}, spec.root)
    content = body.get("content") if isinstance(body, dict) else None
    media = next(
        (
            content[t]
            for t in _BODY_TYPES
            if isinstance(content, dict) and isinstance(content.get(t), dict)
        ),
        None,
    )
    if media is None:
        return []
    if "example" in media:
        return [("example", None, media["example"])]
    found = []
    for name, entry in (media.get("examples") or {}).items():
        example, _ = spec.resolve_fully(entry, doc)
        if isinstance(example, dict) and "value" in example:
            summary = example.get("summary")
            found.append(
                (str(name), summary if isinstance(summary, str) else None, example["value"])
            )
    return found


def _body_arguments(value: Any, params: tuple[Param, ...]) -> tuple[ExampleArgument, ...]:
    whole = next((p for p in params if p.location in ("body_whole", "binary")), None)
    if whole is not None:
        return (_argument(whole, value),)
    if not isinstance(value, dict):
        return ()
    by_wire = {p.wire_name: p for p in params if p.location in _BODY_LOCATIONS}
    return tuple(_argument(by_wire[key], item) for key, item in value.items() if key in by_wire)


def _argument(param: Param, value: Any) -> ExampleArgument:
    return ExampleArgument(
        param.py_name,
        param.wire_name,
        "binary" if param.type.is_binary else param.location,
        json.dumps(value, ensure_ascii=False),
    )


__all__ = ["build_examples"]
