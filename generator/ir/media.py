"""An operation's 2xx media types: what its method returns, the Accept header it sends, and the
parameter (`x-sdk-media-selector`) whose value picks one of them."""

from __future__ import annotations

import re
from typing import Any, Protocol

from ..quote.literals import python_literal
from ..report import codes
from ..report.diagnostics import Code, join_pointer
from .nodes import Import, MediaChoice, MediaSelector, Param, TypeRef

TEXT_TYPE = TypeRef("str", "str")
BINARY_RESPONSE = TypeRef(
    "BinaryResponse", "BinaryResponse", frozenset({Import("._response", "BinaryResponse")})
)
EVENT_STREAM = "text/event-stream"
SELECTOR_KEY = "x-sdk-media-selector"
# A media type as HTTP writes it (RFC 9110 tokens); anything else in a spec is not sent as a header.
_MEDIA_TYPE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+")


class Warner(Protocol):
    def warn(self, code: Code, pointer: str, message: str, hint: str | None = None) -> None: ...


def base_type(media_type: str) -> str:
    return media_type.split(";")[0].strip().lower()


def is_text(media_type: str) -> bool:
    """`text/plain`, `text/csv`, ...: returned as `str` (an event stream is not text to return whole)."""
    base = base_type(media_type)
    return base.startswith("text/") and base != EVENT_STREAM


def is_raw(media_type: str) -> bool:
    """Bytes returned as they are: images, audio, video, `application/octet-stream`."""
    base = base_type(media_type)
    return base == "application/octet-stream" or base.split("/")[0] in ("image", "audio", "video")


def accept_header(content: dict[str, Any]) -> str:
    """The declared media types (an event stream only when it is all there is), for `Accept`."""
    declared = [base_type(t) for t in content if isinstance(t, str)]
    plain = [t for t in declared if t != EVENT_STREAM] or declared
    sendable = [t for t in dict.fromkeys(plain) if _MEDIA_TYPE.fullmatch(t)]
    return ", ".join(sendable) or "application/json"


def union(refs: list[TypeRef]) -> TypeRef:
    """`A | B`, keeping one of each; `Any` absorbs the rest."""
    unique = list({ref.annotation: ref for ref in refs}.values())
    if any(ref.annotation == "Any" for ref in unique):
        unique = [next(ref for ref in unique if ref.annotation == "Any")]
    if len(unique) == 1:
        return unique[0]
    return TypeRef(
        " | ".join(ref.annotation for ref in unique),
        " | ".join(ref.input_annotation for ref in unique),
        frozenset().union(*(ref.imports for ref in unique)),
        frozenset().union(*(ref.input_imports for ref in unique)),
        frozenset().union(*(ref.models for ref in unique)),
        frozenset().union(*(ref.input_models for ref in unique)),
    )


def kind_of(media_type: str, json_ref: TypeRef | None, is_json: bool) -> TypeRef | None:
    """What a body of `media_type` is returned as: the JSON type, `str`, or a `BinaryResponse`."""
    if is_json:
        return json_ref
    if is_text(media_type):
        return TEXT_TYPE
    if is_raw(media_type):
        return BINARY_RESPONSE
    return None


def build_selector(
    warner: Warner,
    raw: dict[str, Any],
    pointer: str,
    kinds: dict[str, TypeRef],
    params: list[Param],
    schemas: dict[str, Any],
    has_stream_flag: bool,
) -> MediaSelector | None:
    """The operation's `x-sdk-media-selector`, checked against its parameters and media types.

    `kinds`: each declared 2xx media type and what it is returned as; `schemas`: each parameter's
    resolved schema by wire name (its `enum` and `default`). A mistake is a located warning and the
    method keeps the union of the alternatives as its return type.
    """
    spec = raw.get(SELECTOR_KEY)
    if spec is None:
        return None
    where = join_pointer(pointer, SELECTOR_KEY)
    hint = "see docs/spec-extensions.md (x-sdk-media-selector)"
    if not isinstance(spec, dict) or not isinstance(spec.get("values"), dict):
        warner.warn(
            codes.MEDIA_SELECTOR_INVALID,
            where,
            f"{SELECTOR_KEY} needs `parameter` and a `values` mapping",
            hint,
        )
        return None
    if has_stream_flag:
        warner.warn(
            codes.MEDIA_SELECTOR_INVALID,
            where,
            f"{SELECTOR_KEY} on an operation with a `stream` flag is not supported; it is ignored",
            hint,
        )
        return None
    wire_name = spec.get("parameter")
    param = next(
        (
            p
            for p in params
            if p.wire_name == wire_name and p.location in ("query", "header", "body", "form")
        ),
        None,
    )
    if param is None:
        names = (
            ", ".join(
                repr(p.wire_name)
                for p in params
                if p.location in ("query", "header", "body", "form")
            )
            or "none"
        )
        warner.warn(
            codes.MEDIA_SELECTOR_INVALID,
            join_pointer(where, "parameter"),
            f"{SELECTOR_KEY} names {wire_name!r}, which is not a parameter of this operation",
            f"its parameters: {names}",
        )
        return None
    schema = schemas.get(param.wire_name)
    enum = schema.get("enum") if isinstance(schema, dict) else None
    default = schema.get("default") if isinstance(schema, dict) else None
    choices: list[MediaChoice] = []
    for media_type, values in spec["values"].items():
        at = join_pointer(where, "values", str(media_type))
        returns = kinds.get(base_type(str(media_type)))
        if returns is None:
            warner.warn(
                codes.MEDIA_SELECTOR_INVALID,
                at,
                f"{media_type!r} is not a media type of this operation's success response",
                f"declared: {', '.join(kinds) or 'none'}",
            )
            continue
        if not isinstance(values, list) or not values:
            warner.warn(
                codes.MEDIA_SELECTOR_INVALID,
                at,
                f"the values for {media_type!r} must be a non-empty list",
                hint,
            )
            continue
        kept = [
            v
            for v in values
            if isinstance(v, str | int | bool) and (not isinstance(enum, list) or v in enum)
        ]
        if len(kept) < len(values):
            dropped = ", ".join(repr(v) for v in values if v not in kept)
            warner.warn(
                codes.MEDIA_SELECTOR_INVALID,
                at,
                f"{dropped} is not a value {param.wire_name!r} takes; left out",
                f"its values: {', '.join(repr(v) for v in enum)}"
                if isinstance(enum, list)
                else hint,
            )
        literals = tuple(text for v in kept if (text := python_literal(v)) is not None)
        if literals:
            choices.append(
                MediaChoice(literals, base_type(str(media_type)), returns, default in kept)
            )
    return MediaSelector(param.py_name, tuple(choices)) if choices else None
