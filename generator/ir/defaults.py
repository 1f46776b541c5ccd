"""A schema's `default` → the Python literal a model field starts from, unless the validator rejected it.

A default that does not fit its schema (`default: off` under `type: string`, which PyYAML reads as
false) is the validator's finding SDK104 (invalid-default), and it never becomes a field's value. The
validator is the one authority on that: the IR build does not check defaults itself (that meant
importing openapi-schema-validator, 0.4 s, in every run); it takes the SDK104 findings as input.

The build may run before the validation has answered (validate/alongside.py), so the checker records
which schemas' defaults it used. A verdict that rejects one of them means one more build, without
it: the same Report as if the verdict had come first. Schemas are known by identity (`id()` of the
parsed dict, alive for the whole run), which holds through `$ref`s and `allOf` merges alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..load.spec import Spec, lookup
from ..quote.literals import python_literal
from ..report import codes
from ..report.diagnostics import Diagnostic, join_pointer, split_pointer

__all__ = ["DefaultChecker", "needs_validation", "rejected_schemas"]

# Annotations whose values pydantic takes as they are: anything else (a model, a list of models, a
# date) is validated from the default, so that an absent field holds the type it is declared with.
_PLAIN = frozenset({"str", "int", "float", "bool", "None"})


@dataclass(slots=True)
class DefaultChecker:
    """The defaults of one spec's schemas, less the `rejected` ones; `used` collects those it gave out."""

    rejected: frozenset[int] = (
        frozenset()
    )  # id() of each schema whose default the validator rejected
    used: set[int] = field(default_factory=set)

    def literal(self, resolved: Any) -> str | None:
        """The `default` of a resolved schema as a Python literal; None when it has none, it is `null`, it
        has no literal (NaN), or the validator rejected it."""
        if not isinstance(resolved, dict) or resolved.get("default") is None:
            return None
        if id(resolved) in self.rejected:
            return None
        text = python_literal(resolved["default"])
        if text is not None:
            self.used.add(id(resolved))
        return text

    def takes_any(self, rejected: frozenset[int]) -> bool:
        """Whether a default given out is one of `rejected`: the build that used it must be redone."""
        return not self.used.isdisjoint(rejected)


def rejected_schemas(spec: Spec, findings: Iterable[Diagnostic]) -> frozenset[int]:
    """The schemas whose `default` the validator rejected (SDK104), by identity.

    A finding points at the default, or into its value (`…/default/1`, an item of a list default).
    Every `default` token along its pointer whose parent holds a `default` counts: a property that is
    itself named `default` may make that one schema too many, never one too few.
    """
    by_display = {doc.display: doc for doc in spec.documents.values()}
    found: set[int] = set()
    for diagnostic in findings:
        doc = by_display.get(diagnostic.location.file)
        if diagnostic.code.code != codes.INVALID_DEFAULT.code or doc is None:
            continue
        tokens = split_pointer(diagnostic.location.pointer)
        for index, token in enumerate(tokens):
            if token == "default":
                parent = lookup(doc.data, join_pointer("", *tokens[:index]))
                if isinstance(parent, dict) and "default" in parent:
                    found.add(id(parent))
    return frozenset(found)


def needs_validation(annotation: str) -> bool:
    """Whether pydantic must validate the default to hold `annotation` (a dict default of a model field)."""
    parts = [part.strip() for part in annotation.split(" | ")]
    return not all(part in _PLAIN or part.startswith("Literal[") for part in parts)
