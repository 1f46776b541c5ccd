"""A schema's `default` → the Python literal a model field starts from, when the default fits its schema.

A default that does not fit (`default: off` under `type: string`, which PyYAML reads as false) is the
validator's finding SDK104 (invalid-default); it never becomes a field's value. The check is the same
one the validator makes: openapi-schema-validator's OpenAPI 3.0 or 3.1 dialect, `$ref`s resolved in
the documents of the spec.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..load.spec import Document, Spec
from ..quote.literals import python_literal

__all__ = ["DefaultChecker", "needs_validation"]

# Annotations whose values pydantic takes as they are: anything else (a model, a list of models, a
# date) is validated from the default, so that an absent field holds the type it is declared with.
_PLAIN = frozenset({"str", "int", "float", "bool", "None"})


@dataclass(slots=True)
class DefaultChecker:
    """Checks defaults against the schemas of one spec; the validator is built on first use."""

    spec: Spec
    _registry: Any = field(default=None)

    def literal(self, schema: Any, doc: Document) -> str | None:
        """The `default` of `schema` (a property, perhaps a `$ref`) as a Python literal; None when it has
        none, it is `null`, it has no literal (NaN), or it does not fit the schema."""
        resolved, _ = self.spec.resolve_fully(schema, doc)
        if not isinstance(resolved, dict) or resolved.get("default") is None:
            return None
        value = resolved["default"]
        text = python_literal(value)
        if text is None or not self._fits(schema, doc, value):
            return None
        return text

    def _fits(self, schema: Any, doc: Document, value: Any) -> bool:
        from openapi_schema_validator import OAS30Validator, OAS31Validator

        registry = self._registry or self._build_registry()
        is_30 = str(self.spec.data.get("openapi", "")).startswith("3.0")
        validator_class = OAS30Validator if is_30 else OAS31Validator
        try:
            validator = validator_class(
                schema, registry=registry, _resolver=registry.resolver(base_uri=doc.path.as_uri())
            )
            return bool(validator.is_valid(value))
        except (
            Exception
        ):  # a schema the validator cannot read is a finding of its own: no default from it
            return False

    def _build_registry(self) -> Any:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        resources = [
            (d.path.as_uri(), Resource.from_contents(d.data, default_specification=DRAFT202012))
            for d in self.spec.documents.values()
        ]
        self._registry = Registry().with_resources(resources)
        return self._registry


def needs_validation(annotation: str) -> bool:
    """Whether pydantic must validate the default to hold `annotation` (a dict default of a model field)."""
    parts = [part.strip() for part in annotation.split(" | ")]
    return not all(part in _PLAIN or part.startswith("Literal[") for part in parts)
