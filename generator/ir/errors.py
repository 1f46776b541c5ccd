"""An operation's declared error shapes: where the message, code, type and param sit in the JSON bodies of
its 4xx/5xx/`default` responses, so that the runtime reads them from the places the spec declares instead
of guessing (runtime `_exceptions.make_status_error`).

Generic on purpose: a shape is an object schema whose message property (`message`, `description`, `msg`
or `detail`; a string `error` at the top level) is declared, inside an `error` object property or at the
top level. A union (`oneOf`/`anyOf`) gives one shape per branch, in spec order.
"""

from __future__ import annotations

from typing import Any, Protocol

from ..load.spec import Document
from .nodes import ErrorShape

MESSAGE_KEYS = ("message", "description", "msg", "detail")


class Resolver(Protocol):
    def resolve_fully(self, value: Any, base: Document) -> tuple[Any, Document]: ...


def is_error_status(code: object) -> bool:
    text = str(code).upper()
    return text == "DEFAULT" or text[:1] in ("4", "5")


def error_shapes(spec: Resolver, responses: object, root: Document) -> tuple[ErrorShape, ...]:
    """The shapes of every declared error response's JSON bodies, first declared first, each once."""
    shapes: list[ErrorShape] = []
    for code, response in responses.items() if isinstance(responses, dict) else ():
        if not is_error_status(code):
            continue
        resolved, doc = spec.resolve_fully(response, root)
        content = resolved.get("content") if isinstance(resolved, dict) else None
        for media_type, entry in content.items() if isinstance(content, dict) else ():
            if _is_json(str(media_type)) and isinstance(entry, dict):
                for shape in _schema_shapes(spec, entry.get("schema"), doc, set()):
                    if shape not in shapes:
                        shapes.append(shape)
    return tuple(shapes)


def _is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _schema_shapes(spec: Resolver, schema: Any, doc: Document, seen: set[int]) -> list[ErrorShape]:
    """`seen`: the schemas already walked for this response; a union that refers to itself, or to one
    schema many times, is walked once (a hostile spec cannot make this exponential)."""
    schema, doc = spec.resolve_fully(schema, doc)
    if not isinstance(schema, dict) or id(schema) in seen:
        return []
    seen.add(id(schema))
    branches = [
        b for key in ("oneOf", "anyOf") if isinstance(schema.get(key), list) for b in schema[key]
    ]
    if branches:
        return [shape for branch in branches for shape in _schema_shapes(spec, branch, doc, seen)]
    shape = _object_shape(spec, schema, doc)
    return [shape] if shape is not None else []


def _properties(spec: Resolver, schema: dict[str, Any], doc: Document) -> dict[str, Any]:
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return {}
    return {str(name): spec.resolve_fully(value, doc)[0] for name, value in properties.items()}


def _object_shape(spec: Resolver, schema: dict[str, Any], doc: Document) -> ErrorShape | None:
    """The shape of one object schema: inside its `error` object if it has one, else its own fields."""
    properties = _properties(spec, schema, doc)
    inner = properties.get("error")
    if isinstance(inner, dict) and "properties" in inner:
        shape = _fields_shape(_properties(spec, inner, doc), ("error",))
        if shape is not None:
            return shape
    if isinstance(inner, dict) and _declares_string(inner):
        return ErrorShape(message=("error",))  # `{"error": "reason"}`
    return _fields_shape(properties, ())


def _fields_shape(properties: dict[str, Any], at: tuple[str, ...]) -> ErrorShape | None:
    message = next((key for key in MESSAGE_KEYS if key in properties), None)
    if message is None:
        return None
    return ErrorShape(
        message=(*at, message),
        code=(*at, "code") if "code" in properties else None,
        type=(*at, "type") if "type" in properties else None,
        param=(*at, "param") if "param" in properties else None,
    )


def _declares_string(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return kind == "string" or (isinstance(kind, list) and "string" in kind)
