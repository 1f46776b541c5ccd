"""Loaded spec → list[Diagnostic]: openapi-spec-validator, then our semantic lint. Never raises on a bad spec."""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..cache.fingerprint import installed_distributions
from ..cache.prose_free import clean_or_run
from ..cache.store import cache_dir, cache_get, cache_key, cache_put
from ..load.operations import iter_operations
from ..load.spec import Document, Spec
from ..report import codes
from ..report.codes import diagnostic_from_json
from ..report.diagnostics import Code, Diagnostic, Location, join_pointer, split_pointer
from . import alongside
from .lint_docs import lint_traceability
from .lint_extensions import lint_extensions
from .lint_schemas import lint_schemas, quote_hint
from .lint_structure import lint_structure

# This module's own source (and prefilter.py's, codes.py's, diagnostics.py's) is part of the key too: how findings are filtered, located and worded is ours,
# and a development checkout changes it without changing the version number.
_VALIDATOR_VERSION = installed_distributions(("openapi_spec_validator",))[
    0
]  # without importing importlib.metadata
_OWN_SOURCE = b"".join(
    (Path(__file__).parent / name).read_bytes()
    for name in (
        "spec.py",
        "prefilter.py",
        "lint_schemas.py",
        "../report/codes.py",
        "../report/diagnostics.py",
    )
)

_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


def validate_spec(spec: Spec) -> list[Diagnostic]:
    diagnostics = list(spec.diagnostics)  # dangling, remote and escaping $refs found while loading
    version = str(spec.data.get("openapi", ""))
    if not re.match(r"^3\.[01]\.\d+", version):
        found = repr(spec.data.get("openapi")) if "openapi" in spec.data else "nothing"
        hint = (
            "sdkforge reads OpenAPI 3.0 and 3.1; convert Swagger 2.0 documents first"
            if "swagger" in spec.data
            else "start the document with `openapi: 3.1.0`"
        )
        return [
            *diagnostics,
            _error(
                codes.UNSUPPORTED_VERSION,
                spec.root,
                "/openapi",
                f"`openapi` must be a 3.0.x or 3.1.x version, found {found}",
                hint,
            ),
        ]
    if not any(d.is_error for d in diagnostics):
        # The validator follows $refs itself and crashes on a dangling one, so it runs on clean refs only.
        diagnostics += validate_structure(spec, version)
    own = lint(spec)
    if any(d.is_error for d in own):
        diagnostics = [d for d in diagnostics if d.code is not codes.VALIDATOR_FAILED]
    return diagnostics + own


class Validation:
    """validate_spec's findings, possibly still on their way from a child process (alongside.py)."""

    def __init__(
        self, found: list[Diagnostic] | None, pending: alongside.Pending | None = None
    ) -> None:
        self._found = found
        self._pending = pending

    @property
    def settled(self) -> bool:
        """Nothing is still being computed elsewhere."""
        return self._pending is None or not self._pending.running

    @property
    def known_errors(self) -> bool:
        return self.settled and any(d.is_error for d in self.result())

    def result(self) -> list[Diagnostic]:
        if self._found is None:
            assert self._pending is not None
            self._found = [
                diagnostic_from_json(item) for item in json.loads(self._pending.result())
            ]
        return self._found

    def cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()


def start_validation(spec: Spec, *, in_child: bool = False) -> Validation:
    """validate_spec; with `in_child`, all of it (openapi-spec-validator and the lint) runs in a child
    process and the caller may go on until it asks for the result. A spec the loader already found
    errors in is validated here: the validator does not run on it, so there is nothing to overlap."""
    if in_child and not any(d.is_error for d in spec.diagnostics):
        return Validation(
            None, alongside.start(lambda: json.dumps([d.to_json() for d in validate_spec(spec)]))
        )
    return Validation(validate_spec(spec))


def validate_structure(spec: Spec, version: str) -> list[Diagnostic]:
    """openapi-spec-validator's findings, through the content-addressed cache (a pure, slow step).

    A clean verdict is also kept under the documents' prose-free skeleton (prose_free.py): an edit of
    a description or a summary then reuses it without importing or running the validator.
    """
    folder = cache_dir(f"validate-{_VALIDATOR_VERSION}")
    key = cache_key(
        [
            version,
            _OWN_SOURCE,
            *(
                part
                for doc in sorted(spec.documents.values(), key=lambda d: str(d.path))
                for part in (doc.display, str(doc.path), doc.text)
            ),
        ]
    )
    cached = cache_get(folder, key)
    if cached is not None:
        return [diagnostic_from_json(item) for item in json.loads(cached)]
    found = clean_or_run(spec, f"validator {version}", lambda: _run_validator(spec, version))
    cache_put(folder, key, json.dumps([d.to_json() for d in found]))
    return found


def _run_validator(spec: Spec, version: str) -> list[Diagnostic]:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    if version.startswith("3.1"):
        validator_class = _locating(OpenAPIV31SpecValidator, schema_v31)
    else:
        validator_class = _locating(OpenAPIV30SpecValidator, schema_v30)
    errors: list[Any] = []
    crash: Exception | None = None
    try:
        validator = validator_class(spec.data, base_uri=spec.root.path.as_uri())
        for error in validator.iter_errors():
            errors.append(error)
    except Exception as exc:  # its semantic pass assumes the shape it has not finished checking
        crash = exc
    found = [
        _from_validator(spec, e)
        for e in errors
        if not _LINT_COVERS.search(str(getattr(e, "message", "")))
    ]
    if crash is not None and not any(d.is_error for d in found):
        # The crash says nothing the shape errors do not, so it is reported only when it is the only news;
        # validate_spec drops it when sdkforge's own checks located the cause. A malformed schema (a warning
        # of its own) is the usual cause: the crash is reported there, since the rest went unchecked.
        broken_schemas = sorted(
            (d for d in found if d.code is codes.INVALID_SCHEMA), key=lambda d: d.sort_key()
        )
        reason = f"{type(crash).__name__}: {crash}"
        if broken_schemas:
            found.append(
                codes.VALIDATOR_FAILED.at(
                    broken_schemas[0].location,
                    f"{VALIDATOR_CRASHED} past this schema ({reason})",
                    "fix this schema: the validator's later checks need it well-formed",
                )
            )
        else:
            found.append(
                _error(
                    codes.VALIDATOR_FAILED,
                    spec.root,
                    "",
                    f"{VALIDATOR_CRASHED}: {reason}",
                    "fix the other errors first; this one often follows from them",
                )
            )
    return found


VALIDATOR_CRASHED = "openapi-spec-validator could not check the document"


# openapi-spec-validator's own semantic checks that sdkforge's lint makes too, with a location and a
# hint; reporting both would say the same thing twice, once at line 1.
_LINT_COVERS = re.compile(r"^Operation ID .* is not unique|^Path parameter .* was not resolved")


def _locating(validator_class: Any, meta_schema: Any) -> Any:
    """The validator, with every finding inside a schema tagged with that schema's place in the document.

    openapi-spec-validator checks each schema (its JSON Schema meta-schema, its `default`) on its own, so
    those errors carry paths relative to the schema; without the tag they would all point at line 1.
    Both of its JSON Schema checks (the document, each schema) go through prefilter.py: the same
    findings, several times faster.
    """
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    from .prefilter import document_validator, prefiltered_check

    schema_class = validator_class.keyword_validators["schema"]

    class LocatingSchemaValidator(schema_class):  # type: ignore[misc, valid-type]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            self.visited_schema_ids = _IdList()
            self.meta_checked_schema_ids = _IdList()

        def _get_schema_checker(self, schema: Any, schema_value: Any) -> Any:
            return prefiltered_check(super()._get_schema_checker(schema, schema_value))

        def __call__(self, schema: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
            for error in super().__call__(schema, *args, **kwargs):
                if not isinstance(error, OpenAPIValidationError):
                    # Only the check of `default` yields plain jsonschema errors; wrap them here, as the
                    # validator would later, so that the tag survives.
                    error = OpenAPIValidationError.create_from(error)
                    setattr(error, "sdkforge_schema", (tuple(schema.parts), True))  # noqa: B010
                elif getattr(error, "sdkforge_schema", None) is None:
                    setattr(error, "sdkforge_schema", (tuple(schema.parts), False))  # noqa: B010
                yield error

    keywords = {**validator_class.keyword_validators, "schema": LocatingSchemaValidator}
    namespace = {
        "keyword_validators": keywords,
        "schema_validator": document_validator(meta_schema),
    }
    return type(validator_class.__name__, (validator_class,), namespace)


class _IdList(list[int]):
    """The list openapi-spec-validator keeps of the schemas it has seen, answering `in` from a set: its
    linear scans were a second of the OpenAI spec's validation."""

    def __init__(self) -> None:
        super().__init__()
        self._ids: set[int] = set()

    def append(self, item: int) -> None:
        self._ids.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._ids


def _from_validator(spec: Spec, error: Any) -> Diagnostic:
    """The most specific sub-error of a jsonschema/openapi error, located by its instance path.

    A finding inside one schema (a `default` that does not fit it, a keyword of the wrong JSON Schema
    draft) is a warning: the generator reads what it understands of that schema and goes on.
    """
    best = _best_branch(error)
    path = list(getattr(best, "absolute_path", None) or getattr(best, "path", None) or [])
    message = str(getattr(best, "message", error))
    if len(message) > 300:
        message = message[:300] + " …"
    in_schema = getattr(error, "sdkforge_schema", None)
    if in_schema is not None:
        schema_parts, is_default = in_schema
        doc, pointer = locate_through_refs(
            spec, join_pointer("", *schema_parts, *(["default"] if is_default else []), *path)
        )
        what = "the schema's `default`" if is_default else "the schema"
        hint = _unknown_key(best, message) or _default_hint(doc, pointer, best, is_default)
        code = codes.INVALID_DEFAULT if is_default else codes.INVALID_SCHEMA
        return code.at(
            doc.locate(pointer),
            f"{what}: {message}",
            hint
            or "sdkforge uses what it understands of this schema; fix the spec to silence this",
        )
    doc, pointer = locate_through_refs(spec, join_pointer("", *path))
    unexpected = _UNEXPECTED.search(message)
    if unexpected is not None and len([g for g in unexpected.groups() if g is not None]) == 1:
        # "'tpye' does not match any of the regexes: '^x-'" says what the meta-schema tried, not what is wrong
        key = next(g for g in unexpected.groups() if g is not None)
        doc, pointer = locate_through_refs(spec, join_pointer(pointer, key))
        return codes.UNKNOWN_KEY.at(
            doc.locate(pointer, key=True),
            f"unknown key {key!r}: this object takes only its OpenAPI fields and `x-` extensions",
            _hint_for(best, message),
        )
    key = getattr(best, "instance", None)
    if _COMPONENT_KEY in message and isinstance(key, str) and pointer.startswith("/components/"):
        # Real-world specs (springfox's `Message«string»`, non-ASCII names) break only this rule; the
        # generator sanitises the name anyway, so it is reported where the key is and generation goes on.
        return codes.COMPONENT_NAME.at(
            doc.locate(join_pointer(pointer, key), key=True),
            f"component name {key!r} does not match {_COMPONENT_KEY}",
            "rename it, or give it an `x-sdk-name`; sdkforge sanitises it",
        )
    return codes.INVALID_STRUCTURE.at(doc.locate(pointer), message, _hint_for(best, message))


def locate_through_refs(spec: Spec, pointer: str) -> tuple[Document, str]:
    """Where a validator's path really is: it walks through `$ref`s, so `/paths/~1a/.../schema/properties/x`
    may name a node written under `/components/schemas/A`. Returns that document and its own pointer."""
    doc, here, node = spec.root, "", spec.data
    for token in split_pointer(pointer):
        for _ in range(20):  # a chain of refs, cut short on a cycle
            if not (
                isinstance(node, dict) and token not in node and isinstance(node.get("$ref"), str)
            ):
                break
            target = spec.resolve(node["$ref"], doc)
            if target is None:
                break
            doc, here, node = target.document, target.pointer, target.value
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return doc, join_pointer(here, token)
        here = join_pointer(here, token)
    return doc, here


def _default_hint(doc: Document, pointer: str, error: Any, is_default: bool) -> str | None:
    """A `default: off` under `type: string`: PyYAML read it as false."""
    if not is_default or getattr(error, "validator", None) != "type":
        return None
    wanted = error.validator_value
    kinds = (
        [wanted] if isinstance(wanted, str) else list(wanted) if isinstance(wanted, list) else []
    )
    return quote_hint(doc, pointer, error.instance, kinds)


def _best_branch(error: Any) -> Any:
    """jsonschema's `best_match`, with one more rule for OpenAPI's `oneOf: [Schema, Reference]`.

    An object without `$ref` was never meant as a Reference, so "'$ref' is a required property" is the
    least relevant error of a branch; where best_match stops at a tie (a oneOf whose branches fail
    equally), the first of the tied errors in its order is more useful than "not valid under any".
    """
    from jsonschema.exceptions import (
        STRONG_MATCHES,
        WEAK_MATCHES,
        ValidationError,
        best_match,
        relevance,
    )

    def key(candidate: Any) -> tuple[Any, ...]:
        try:
            ranked: tuple[Any, ...] = relevance(candidate)  # type: ignore[assignment]
        except (
            AttributeError
        ):  # an error re-created without its type checker cannot say whether it matches
            ranked = (
                -len(candidate.path),
                candidate.path,
                candidate.validator not in WEAK_MATCHES,
                candidate.validator in STRONG_MATCHES,
                True,
            )
        return (*ranked, _is_missing_ref(candidate))

    if not isinstance(error, ValidationError):
        return error
    best = best_match([error], key=key)
    while best is not None and best.context:
        best = best_match([min(best.context, key=key)], key=key)
    return best if best is not None else error


def _is_missing_ref(error: Any) -> bool:
    return getattr(
        error, "validator", None
    ) == "required" and "'$ref' is a required property" in str(error.message)


_COMPONENT_KEY = "'^[a-zA-Z0-9._-]+$'"


def _hint_for(error: Any, message: str) -> str | None:
    unknown = _unknown_key(error, message)
    if unknown is not None:
        return unknown
    if "is a required property" in message:
        return "add the missing key"
    if (
        isinstance(getattr(error, "instance", None), list)
        and getattr(error, "validator", None) in ("type", "enum")
        and list(getattr(error, "path", []))[-1:] == ["type"]
    ):
        return "OpenAPI 3.0 has no type lists: write one `type` and `nullable: true`, or declare `openapi: 3.1.0`"
    if "is not of type" in message:
        return "check the value's type against the OpenAPI specification"
    return None


_UNEXPECTED = re.compile(
    r"^'([^']*)' does not match any of the regexes|\('([^']*)' was unexpected\)|\('([^']*)', .* were unexpected\)"
)


def _unknown_key(error: Any, message: str) -> str | None:
    """For a key the OpenAPI schema does not allow, or a value not in an enum (`type: strng`): a
    did-you-mean among the keys or values it does allow."""
    found = _UNEXPECTED.search(message)
    if found is None:
        allowed_values = (
            getattr(error, "validator_value", None)
            if getattr(error, "validator", None) == "enum"
            else None
        )
        instance = getattr(error, "instance", None)
        if isinstance(instance, str) and isinstance(allowed_values, list):
            close = difflib.get_close_matches(
                instance, [v for v in allowed_values if isinstance(v, str)], n=1
            )
            return f"did you mean {close[0]!r}?" if close else None
        return None
    key = next(g for g in found.groups() if g is not None)
    schema = getattr(error, "schema", None)
    allowed = [str(k) for k in (schema.get("properties") or {})] if isinstance(schema, dict) else []
    close = difflib.get_close_matches(key, allowed, n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return "remove the key, or prefix it with `x-` to make it an extension"


# -- semantic lint ---------------------------------------------------------------------------------


def lint(spec: Spec) -> list[Diagnostic]:
    found: list[Diagnostic] = duplicate_keys(spec)
    found += lint_structure(spec)
    found += lint_schemas(spec)
    found += lint_extensions(spec)
    found += lint_operation_ids(spec)
    for path, _method, item, operation, pointer in iter_operations(spec):
        found += lint_path_params(spec, path, item, operation, pointer)
    if _is_traced(spec):
        found += lint_traceability(spec)
    return found


def duplicate_keys(spec: Spec) -> list[Diagnostic]:
    """YAML keeps the last of two equal keys without a word; the first one's content is lost."""
    found = []
    for doc in spec.documents.values():
        for dup in doc.duplicate_keys():
            location = Location(
                doc.display, dup.line, dup.column, join_pointer(dup.pointer, dup.key)
            )
            found.append(
                codes.DUPLICATE_KEY.at(
                    location,
                    f"duplicate key {dup.key!r}: this mapping already has one, and only this one is kept",
                    "merge the two into one key",
                )
            )
    return found


def _is_traced(spec: Spec) -> bool:
    """Specs curated from documentation opt into the stricter rules by listing `x-nav-entries` on `info`."""
    info = spec.data.get("info")
    return isinstance(info, dict) and "x-nav-entries" in info


def lint_operation_ids(spec: Spec) -> list[Diagnostic]:
    ids = Counter(
        op.get("operationId")
        for *_, op, _ in iter_operations(spec)
        if isinstance(op.get("operationId"), str)
    )
    found = []
    for _path, _method, _, operation, pointer in iter_operations(spec):
        op_id = operation.get("operationId")
        if isinstance(op_id, str) and ids[op_id] > 1:
            found.append(
                _error(
                    codes.DUPLICATE_OPERATION_ID,
                    spec.root,
                    join_pointer(pointer, "operationId"),
                    f"operationId {op_id!r} is used by {ids[op_id]} operations",
                    "operationIds must be unique; they become method names",
                )
            )
    return found


def lint_path_params(
    spec: Spec, path: str, item: dict[str, Any], operation: dict[str, Any], pointer: str
) -> list[Diagnostic]:
    declared: dict[str, tuple[dict[str, Any], str]] = {}
    for source, base in (
        (item.get("parameters"), join_pointer("/paths", path, "parameters")),
        (operation.get("parameters"), join_pointer(pointer, "parameters")),
    ):
        for i, raw in enumerate(source if isinstance(source, list) else []):
            param, _ = spec.resolve_fully(raw, spec.root)
            if (
                isinstance(param, dict)
                and param.get("in") == "path"
                and isinstance(param.get("name"), str)
            ):
                declared[param["name"]] = (param, join_pointer(base, i))
    found = []
    in_template = _PATH_PARAM.findall(
        path.partition("?")[0]
    )  # a {parameter} after `?` is reported on its own (lint_structure)
    for name in in_template:
        if name not in declared:
            found.append(
                _error(
                    codes.UNDECLARED_PATH_PARAM,
                    spec.root,
                    pointer,
                    f"path parameter {name!r} of {path!r} is not declared",
                    f"add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` to parameters",
                )
            )
    for name, (param, where) in declared.items():
        if name not in in_template:
            found.append(
                _error(
                    codes.UNUSED_PATH_PARAM,
                    spec.root,
                    where,
                    f"path parameter {name!r} does not appear in {path!r}",
                    "remove it or add {" + name + "} to the path",
                )
            )
        elif param.get("required") is not True:
            found.append(
                _error(
                    codes.OPTIONAL_PATH_PARAM,
                    spec.root,
                    where,
                    f"path parameter {name!r} is not required",
                    "add `required: true`; OpenAPI requires every path parameter to be required",
                )
            )
    return found


def _error(
    code: Code, doc: Document, pointer: str, message: str, hint: str | None = None
) -> Diagnostic:
    return code.at(doc.locate(pointer), message, hint)
