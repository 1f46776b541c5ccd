"""A spec's prose-free skeleton: checks that never read prose keep a clean verdict under it.

openapi-spec-validator and the example check (lint_docs.py) take seconds and most of an edit-generate
loop, yet most edits change only prose: a `description`, a `summary`. Neither check reads those strings
beyond their being strings (JSON Schema annotations, OpenAPI's descriptive fields), so the verdict on
a document is the verdict on its skeleton: the same document with every such string blanked.

Only a clean verdict (no findings) is kept that way: findings carry line numbers, which a prose edit
may move. The key also holds sdkforge's fingerprint (its source: how the checks are run) and the
versions of the libraries that do the checking. A `description` inside data (a `default`, which the
validator checks against its schema; examples; enums; extensions) is data, not prose, and stays; a
document with a `$ref` that could point at prose has no skeleton, and is checked in full.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..load.spec import Spec
from ..report.diagnostics import Diagnostic
from .fingerprint import installed_distributions, sdkforge_fingerprint
from .store import cache_dir, cache_get, cache_key, cache_put

_CHECKERS = (
    "openapi_spec_validator",
    "jsonschema",
    "jsonschema_rs",
    "referencing",
    "jsonschema_path",
)
_CLEAN = "clean"
_last: tuple[Spec, list[bytes] | None] | None = None  # the skeletons of the spec checked last


def clean_or_run(spec: Spec, check: str, run: Callable[[], list[Diagnostic]]) -> list[Diagnostic]:
    """`run()`, or [] when `check` found nothing in a spec of the same skeleton before."""
    if is_clean(spec, check):
        return []
    found = run()
    if not found:
        mark_clean(spec, check)
    return found


def is_clean(spec: Spec, check: str) -> bool:
    """Did `check` find nothing in a spec of this skeleton before?"""
    key = _key(spec, check)
    return key is not None and cache_get(cache_dir("clean"), key) == _CLEAN


def mark_clean(spec: Spec, check: str) -> None:
    key = _key(spec, check)
    if key is not None:
        cache_put(cache_dir("clean"), key, _CLEAN)


def _key(spec: Spec, check: str) -> str | None:
    skeletons = _skeletons(spec) if cache_dir("clean") is not None else None
    if skeletons is None:
        return None
    return cache_key(
        [
            "clean-v1",
            check,
            sdkforge_fingerprint(),
            *installed_distributions(_CHECKERS),
            *(part for doc in _ordered(spec) for part in (doc.display, str(doc.path))),
            *skeletons,
        ]
    )


def _ordered(spec: Spec) -> list[Any]:
    return sorted(spec.documents.values(), key=lambda d: str(d.path))


def _skeletons(spec: Spec) -> list[bytes] | None:
    global _last
    if _last is None or _last[0] is not spec:
        parts = [annotation_skeleton(doc.data) for doc in _ordered(spec)]
        _last = (spec, [part for part in parts if part is not None] if None not in parts else None)
    return _last[1]


# Prose: the validator checks it only for being a string; its content never changes a verdict.
_PROSE_KEYS = frozenset({"description", "summary"})
# Values that are data, not OpenAPI (the validator checks a `default` against its schema; extensions
# and examples are free-form): a `description` inside them is not prose, so it stays in the skeleton.
_DATA_KEYS = frozenset({"default", "example", "examples", "enum", "const", "value", "mapping"})
_SKELETON_BUDGET = 2_000_000  # nodes; past it (an alias-heavy document) there is no skeleton


def annotation_skeleton(data: Any) -> bytes | None:
    """`data` as bytes with the text of every `description` and `summary` string blanked, except inside
    data values (_DATA_KEYS, `x-` extensions); None when a `$ref` could point at such prose, or past the budget."""
    out: list[str] = []
    stack: list[tuple[Any, bool]] = [(data, False)]  # (node, inside data)
    budget = _SKELETON_BUDGET
    while stack:
        budget -= 1
        if budget < 0:
            return None
        node, inside_data = stack.pop()
        if isinstance(node, dict):
            out.append(
                f"{{{len(node)}\x00"
            )  # counts make the stream decodable: no two shapes give the same bytes
            for key in reversed(list(node)):
                value = node[key]
                if (
                    key == "$ref"
                    and isinstance(value, str)
                    and ("description" in value or "summary" in value)
                ):
                    return None
                skey = str(key)
                stack.append(
                    (
                        value
                        if inside_data or key not in _PROSE_KEYS or not isinstance(value, str)
                        else "",
                        inside_data or skey in _DATA_KEYS or skey.startswith("x-"),
                    )
                )
                stack.append((_Key(skey), inside_data))
            continue
        if isinstance(node, list):
            out.append(f"[{len(node)}\x00")
            stack.extend((item, inside_data) for item in reversed(node))
            continue
        out.append(f"{type(node).__name__}:{node!r}\x00")
    return "".join(out).encode("utf-8", "surrogatepass")


class _Key(str):
    """A mapping key in the skeleton's stream (its type name tells it from a string value)."""
