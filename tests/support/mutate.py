"""Small broken specs made from real ones: slice a document into one-path specs, then break one node.

A slice keeps one path item and every component it reaches, so each case is small enough to load,
lint and build in milliseconds, and still made of someone's real schemas.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from typing import Any

Node = tuple[Any, Any]  # (container, key or index) of one value in the document

# What a retyped node becomes: every JSON type, and the wrong-but-plausible ones OpenAPI users write.
REPLACEMENTS: tuple[Any, ...] = (
    None,
    0,
    -1,
    1.5,
    True,
    False,
    "",
    "x",
    "string",
    "strng",
    "{",
    "#/components/schemas/Missing",
    [],
    [None],
    ["string", "null"],
    {},
    {"type": "object"},
    {"$ref": "#/components/schemas/Missing"},
    {"$ref": ""},
    {"$ref": 3},
    {"allOf": [{"$ref": "#"}]},
    {"oneOf": []},
    {"type": ["strng"]},
    {"enum": []},
    {"properties": []},
    {"name": "x", "in": "path"},
    {"required": ["missing"]},
    {"discriminator": {"propertyName": 7}},
)
KEY_RENAMES: tuple[str, ...] = (
    "tpye",
    "requried",
    "propertie",
    "$reff",
    "x-sdk-methd",
    "x-task-poling",
    "nullable",
    "operationld",
    "schema",
    "items",
    "200",
    "default",
    "get",
    "/a/{b",
    "/a/{id}",
    "{",
    "",
    "x-sdk-resource",
    "x-task-polling",
    "discriminator",
)


def slices(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One spec per path item: that item, plus the components it reaches through local `$ref`s."""
    paths = document.get("paths") if isinstance(document.get("paths"), dict) else {}
    if not paths:  # webhooks only, or components only: the document is one slice
        yield json.loads(json.dumps(document))
    for path, item in paths.items():
        sliced = {k: v for k, v in document.items() if k not in ("paths", "components", "webhooks")}
        sliced["paths"] = {path: item}
        components: dict[str, dict[str, Any]] = {}
        for ref in _reachable_refs(document, item):
            parts = ref.lstrip("#/").split("/")
            if len(parts) == 3 and parts[0] == "components":
                value = (
                    document.get("components", {})
                    .get(parts[1], {})
                    .get(parts[2].replace("~1", "/").replace("~0", "~"))
                )
                if value is not None:
                    components.setdefault(parts[1], {})[
                        parts[2].replace("~1", "/").replace("~0", "~")
                    ] = value
        security = document.get("components", {}).get("securitySchemes")
        if security:
            components["securitySchemes"] = security
        if components:
            sliced["components"] = components
        yield json.loads(json.dumps(sliced))  # a private copy, and proof that it is JSON


def _reachable_refs(document: dict[str, Any], start: Any) -> list[str]:
    seen: list[str] = []
    stack = [start]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/") and ref not in seen:
                seen.append(ref)
                target: Any = document
                for part in ref[2:].split("/"):
                    target = (
                        target.get(part.replace("~1", "/").replace("~0", "~"))
                        if isinstance(target, dict)
                        else None
                    )
                stack.append(target)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return seen


def nodes(document: Any) -> list[Node]:
    """Every value of the document as (container, key), in document order."""
    found: list[Node] = []
    stack = [document]
    while stack:
        value = stack.pop()
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else ()
        )
        for key, child in items:
            found.append((value, key))
            stack.append(child)
    return found


def mutate(document: dict[str, Any], rng: random.Random) -> tuple[dict[str, Any], str]:
    """A copy of `document` with one to three nodes deleted, renamed, retyped or re-referenced."""
    broken = copy.deepcopy(document)
    done = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        candidates = nodes(broken)
        if not candidates:
            break
        container, key = rng.choice(candidates)
        kind = rng.choice(("delete", "rename", "retype", "reref", "reref"))
        done.append(_apply(broken, container, key, kind, rng))
    return broken, "; ".join(done)


def _apply(
    document: dict[str, Any], container: Any, key: Any, kind: str, rng: random.Random
) -> str:
    if kind == "delete":
        del container[key]
        return f"delete {key!r}"
    if kind == "rename" and isinstance(container, dict):
        new_key = rng.choice(KEY_RENAMES + tuple(str(k) for k in container))
        value = container.pop(key)
        container[new_key] = value
        return f"rename {key!r} -> {new_key!r}"
    if kind == "reref":
        pointers = [
            _pointer_of(document, c, k)
            for c, k in rng.sample(nodes(document), min(5, len(nodes(document))))
        ]
        target = rng.choice(
            [p for p in pointers if p is not None] or ["/components/schemas/Missing"]
        )
        container[key] = {"$ref": "#" + target}
        return f"ref {key!r} -> #{target}"
    replacement = copy.deepcopy(rng.choice(REPLACEMENTS))
    container[key] = replacement
    return f"retype {key!r} -> {json.dumps(replacement)}"


def _pointer_of(document: Any, container: Any, key: Any) -> str | None:
    """JSON pointer of container[key] (a short search: documents here are small slices)."""
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        value, pointer = stack.pop()
        if value is container:
            return pointer + "/" + str(key).replace("~", "~0").replace("/", "~1")
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else ()
        )
        stack.extend(
            (child, pointer + "/" + str(k).replace("~", "~0").replace("/", "~1"))
            for k, child in items
        )
    return None
