"""A fast yes for valid documents, so the slow, precise JSON Schema validator runs only on invalid ones.

openapi-spec-validator checks the document against the OpenAPI meta-schema and then every schema in
it against the JSON Schema dialect, with the pure-Python `jsonschema`: about 14 s on OpenAI's spec, 1.5 s
on ours. Nearly always everything is valid, and jsonschema-rs answers "valid?" about 200× faster. So
each check asks jsonschema-rs first and only on a "no" runs the Python validator, whose errors are the
ones reported: the findings are exactly those of openapi-spec-validator, worded the same.

That holds as long as jsonschema-rs is never more lenient than `jsonschema` on the same schema. Both
implement the same drafts; formats are the one place they differ, so the Python format checker's own
functions are handed to jsonschema-rs, and any format it adds only makes it stricter (a "no" costs
time, never a finding). If jsonschema-rs is missing or cannot compile a meta-schema, the check simply
runs in Python.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol


class _IterErrors(Protocol):
    def iter_errors(self, instance: Any) -> Iterator[Any]: ...


IsValid = Callable[[Any], bool]


def compile_is_valid(
    schema: Mapping[str, Any], format_checker: Any | None, registry: Any | None = None
) -> IsValid | None:
    """A jsonschema-rs `is_valid` for `schema`, checking formats as `format_checker` does; None if unavailable.

    `registry` is a `referencing.Registry` whose resources (extra meta-schemas) the schema refers to.
    """
    try:
        import jsonschema_rs
    except (
        ImportError
    ):  # pragma: no cover - a declared dependency; the slow path still gives the right answer
        return None
    resources = (
        [(uri, registry[uri].contents) for uri in _uris(registry)] if registry is not None else []
    )
    formats: dict[str, Callable[..., bool]] = {}
    if format_checker is not None:
        formats = {
            name: functools.partial(format_checker.conforms, format=name)
            for name in format_checker.checkers
        }
    try:
        validator = jsonschema_rs.validator_for(
            dict(schema),
            registry=jsonschema_rs.Registry(resources) if resources else None,
            formats=formats or None,
            validate_formats=format_checker is not None,
            ignore_unknown_formats=True,
        )
    except Exception:  # a meta-schema it cannot compile: the check runs in Python
        return None
    return _guarded(validator.is_valid)


def _guarded(is_valid: IsValid) -> IsValid:
    def check(instance: Any) -> bool:
        try:
            return bool(is_valid(instance))
        except Exception:  # a value it cannot take (not JSON): let Python decide
            return False

    return check


def _uris(registry: Any) -> list[str]:
    # Only what jsonschema-rs does not bundle itself: the OpenAPI dialects and vocabularies.
    return sorted(
        uri
        for uri in registry
        if not uri.startswith(("http://json-schema.org/", "https://json-schema.org/"))
    )


class PrefilteredValidator:
    """`iter_errors` of a Python jsonschema validator, skipped when jsonschema-rs says the instance is valid."""

    def __init__(self, slow: _IterErrors, is_valid: IsValid | None) -> None:
        self._slow = slow
        self._is_valid = is_valid

    def iter_errors(self, instance: Any) -> Iterator[Any]:
        if self._is_valid is not None and self._is_valid(instance):
            return
        yield from self._slow.iter_errors(instance)


def document_validator(meta_schema: Mapping[str, Any]) -> PrefilteredValidator:
    """The validator of a whole OpenAPI document against its meta-schema.

    The Python validator gets a registry already crawled for the meta-schema: left to itself it crawls
    the meta-schema again on every `$dynamicRef` it follows (2,400 times on OpenAI's spec, 6 s).
    """
    from jsonschema.validators import validator_for
    from referencing import Registry
    from referencing.jsonschema import specification_with

    schema = dict(meta_schema)
    resource = specification_with(str(schema.get("$schema", ""))).create_resource(schema)
    registry = Registry().with_resource(str(schema.get("$id", "")), resource).crawl()
    slow = validator_for(schema)(schema, registry=registry)
    # openapi-spec-validator checks the document without a format checker, so this one checks none either.
    return PrefilteredValidator(slow, compile_is_valid(schema, None))


@functools.cache
def _meta_schema_checker(validator_class: type, format_checker: Any) -> tuple[IsValid | None, Any]:
    """For one dialect's validator class: the jsonschema-rs `is_valid` and the Python validator of its
    meta-schema, both built once per run (openapi-schema-validator builds the Python one per schema)."""
    from jsonschema.validators import validator_for
    from openapi_schema_validator._specifications import REGISTRY

    meta_schema = validator_class.META_SCHEMA  # type: ignore[attr-defined]
    slow = validator_for(meta_schema, default=validator_class)(
        meta_schema, format_checker=format_checker, registry=REGISTRY
    )
    return compile_is_valid(meta_schema, format_checker, REGISTRY), slow


def prefiltered_check(check: Callable[[Any], None]) -> Callable[[Any], None]:
    """openapi-spec-validator's per-schema meta-schema check, asked of jsonschema-rs first.

    `check` is what the validator would call: openapi-schema-validator's `check_openapi_schema` bound
    to a dialect's class, possibly in a partial with `format_checker=`; anything else is left alone.
    It raises the first error it meets, and which one that is depends on `PYTHONHASHSEED` (jsonschema
    walks `additionalProperties` through a set); this one raises the first in document order instead.
    """
    from jsonschema.exceptions import SchemaError
    from openapi_schema_validator.validators import check_openapi_schema

    func, keywords = (
        (check.func, check.keywords) if isinstance(check, functools.partial) else (check, {})
    )
    validator_class = getattr(func, "__self__", None)
    if getattr(func, "__func__", None) is not check_openapi_schema or not isinstance(
        validator_class, type
    ):
        return check
    format_checker = keywords.get(
        "format_checker", getattr(validator_class, "FORMAT_CHECKER", None)
    )
    is_valid, slow = _meta_schema_checker(validator_class, format_checker)

    def fast_check(schema: Any) -> None:
        if is_valid is not None and is_valid(schema):
            return
        errors = sorted(slow.iter_errors(schema), key=lambda error: _document_order(schema, error))
        if errors:
            raise SchemaError.create_from(errors[0])

    return fast_check


def _document_order(instance: Any, error: Any) -> tuple[tuple[int, ...], str, str]:
    """Where an error's instance sits in `instance`, as key positions (YAML keeps document order)."""
    positions: list[int] = []
    node = instance
    for part in error.absolute_path:
        if isinstance(node, Mapping):
            keys = list(node)
            positions.append(keys.index(part) if part in node else len(keys))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            positions.append(part)
            node = node[part]
        else:
            positions.append(0)
            node = None
    return tuple(positions), str(error.message), "/".join(map(str, error.absolute_schema_path))
