"""Every JSON Schema object in a loaded spec, with its document and JSON pointer, in document order.

The lint of schema keywords needs to see each schema once and know which keys are keywords: under
`properties` the keys are names, under `example` they are data. This walk knows the difference.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..load.spec import Document, Spec
from ..report.diagnostics import join_pointer

# Keywords whose value is one schema, a list of schemas, or a map of name → schema.
SCHEMA_VALUED = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
)
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")

# Keys of non-schema objects that hold data or vendor values, never a schema to lint.
DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})


@dataclass(frozen=True, slots=True)
class SchemaSite:
    document: Document
    pointer: str
    schema: dict[str, Any]


def iter_schemas(spec: Spec) -> Iterator[SchemaSite]:
    """Each schema object (a dict) once per place it is written; `$ref`s are not followed."""
    for document in spec.documents.values():
        yield from _walk_document(document)


def _walk_document(document: Document) -> Iterator[SchemaSite]:
    data = document.data
    if isinstance(data, dict) and "openapi" not in data and _looks_like_schema(data):
        yield from _walk_schema(
            document, data, ""
        )  # a file that is one schema, reached by `$ref: other.yaml`
        return
    stack: list[tuple[Any, str, bool]] = [(data, "", False)]
    seen: set[int] = set()
    while stack:
        value, pointer, is_schema = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if is_schema:
            yield from _walk_schema(document, value, pointer, seen)
            continue
        if isinstance(value, dict):
            children: list[tuple[Any, str, bool]] = []
            for key, child in value.items():
                if (
                    not isinstance(child, dict | list)
                    or is_data(pointer, key)
                    or str(key).startswith("x-")
                ):
                    continue
                here = join_pointer(pointer, key)
                if key == "schema" and isinstance(child, dict):
                    children.append((child, here, True))
                elif key == "schemas" and pointer == "/components" and isinstance(child, dict):
                    children += [
                        (s, join_pointer(here, name), True)
                        for name, s in child.items()
                        if isinstance(s, dict)
                    ]
                else:
                    children.append((child, here, False))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(
                reversed(
                    [
                        (v, join_pointer(pointer, i), False)
                        for i, v in enumerate(value)
                        if isinstance(v, dict | list)
                    ]
                )
            )


def is_data(pointer: str, key: Any) -> bool:
    """Whether `key` of the object at `pointer` holds example or default data (a response named
    `default` is not data)."""
    return key in DATA_KEYS and not (key == "default" and pointer.endswith("/responses"))


def _looks_like_schema(data: dict[str, Any]) -> bool:
    return any(
        k in data
        for k in ("type", "properties", "allOf", "anyOf", "oneOf", "items", "enum", "$ref")
    )


def _walk_schema(
    document: Document, root: dict[str, Any], pointer: str, seen: set[int] | None = None
) -> Iterator[SchemaSite]:
    seen = seen if seen is not None else set()
    stack: list[tuple[dict[str, Any], str]] = [(root, pointer)]
    while stack:
        schema, here = stack.pop()
        yield SchemaSite(document, here, schema)
        children: list[tuple[dict[str, Any], str]] = []
        for key, value in schema.items():
            if key in SCHEMA_VALUED and isinstance(value, dict):
                children.append((value, join_pointer(here, key)))
            elif (key in SCHEMA_VALUED and key == "items" and isinstance(value, list)) or (
                key in SCHEMA_LISTS and isinstance(value, list)
            ):
                children += [
                    (v, join_pointer(here, key, i))
                    for i, v in enumerate(value)
                    if isinstance(v, dict)
                ]
            elif key in SCHEMA_MAPS and isinstance(value, dict):
                children += [
                    (v, join_pointer(here, key, name))
                    for name, v in value.items()
                    if isinstance(v, dict)
                ]
        fresh = [(child, at) for child, at in children if id(child) not in seen]
        seen.update(id(child) for child, _ in fresh)
        stack.extend(reversed(fresh))
