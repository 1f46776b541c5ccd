"""Loaded spec → list[Diagnostic]: openapi-spec-validator, then our semantic lint. Never raises on a bad spec."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from importlib.metadata import version as _package_version
from pathlib import Path
from typing import Any

from . import codes
from .cache import cache_dir, cache_get, cache_key, cache_put
from .diagnostics import Code, Diagnostic, join_pointer
from .load import Document, Spec

# This module's own source (and prefilter.py's, codes.py's, diagnostics.py's) is part of the key too: how findings are filtered, located and worded is ours,
# and a development checkout changes it without changing the version number.
_VALIDATOR_VERSION = _package_version("openapi-spec-validator")
_OWN_SOURCE = b"".join((Path(__file__).parent / name).read_bytes() for name in ("validate.py", "prefilter.py", "codes.py", "diagnostics.py"))

_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def validate_spec(spec: Spec) -> list[Diagnostic]:
    diagnostics = list(spec.diagnostics)  # dangling, remote and escaping $refs found while loading
    version = str(spec.data.get("openapi", ""))
    if not re.match(r"^3\.[01]\.\d+", version):
        found = repr(spec.data.get("openapi")) if "openapi" in spec.data else "nothing"
        hint = "sdkforge reads OpenAPI 3.0 and 3.1; convert Swagger 2.0 documents first" if "swagger" in spec.data else "start the document with `openapi: 3.1.0`"
        return [*diagnostics, _error(codes.UNSUPPORTED_VERSION, spec.root, "/openapi", f"`openapi` must be a 3.0.x or 3.1.x version, found {found}", hint)]
    if not any(d.is_error for d in diagnostics):
        # The validator follows $refs itself and crashes on a dangling one, so it runs on clean refs only.
        diagnostics += validate_structure(spec, version)
    diagnostics += lint(spec)
    return diagnostics


def validate_structure(spec: Spec, version: str) -> list[Diagnostic]:
    """openapi-spec-validator's findings, through the content-addressed cache (a pure, slow step)."""
    folder = cache_dir(f"validate-{_VALIDATOR_VERSION}")
    key = cache_key([version, _OWN_SOURCE, *(part for doc in sorted(spec.documents.values(), key=lambda d: str(d.path))
                                for part in (doc.display, str(doc.path), doc.text))])
    cached = cache_get(folder, key)
    if cached is not None:
        return [Diagnostic.from_json(item) for item in json.loads(cached)]
    found = _run_validator(spec, version)
    cache_put(folder, key, json.dumps([d.to_json() for d in found]))
    return found


def _run_validator(spec: Spec, version: str) -> list[Diagnostic]:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    if version.startswith("3.1"):
        validator_class = _locating(OpenAPIV31SpecValidator, schema_v31)
    else:
        validator_class = _locating(OpenAPIV30SpecValidator, schema_v30)
    found: list[Diagnostic] = []
    try:
        validator = validator_class(spec.data, base_uri=spec.root.path.as_uri())
        for error in validator.iter_errors():
            if not _LINT_COVERS.search(str(getattr(error, "message", ""))):
                found.append(_from_validator(spec.root, error))
    except Exception as exc:
        # Its semantic pass walks the document assuming the shape is right; when the shape is wrong the
        # crash says nothing the shape errors do not, so it is reported only when it is the only news.
        if not any(d.is_error for d in found):
            found.append(_error(codes.VALIDATOR_FAILED, spec.root, "", f"openapi-spec-validator could not check the document: {exc}",
                                "fix the other errors first; this one often follows from them"))
    return found


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
    namespace = {"keyword_validators": keywords, "schema_validator": document_validator(meta_schema)}
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


def _from_validator(doc: Document, error: Any) -> Diagnostic:
    """The most specific sub-error of a jsonschema/openapi error, located by its instance path.

    A finding inside one schema (a `default` that does not fit it, a keyword of the wrong JSON Schema
    draft) is a warning: the generator reads what it understands of that schema and goes on.
    """
    from jsonschema.exceptions import best_match

    context = getattr(error, "context", None)
    best = best_match(context) if context else error
    path = list(getattr(error, "path", []) or []) + list(getattr(best, "path", []) or []) if best is not error else list(getattr(error, "path", []) or [])
    in_schema = getattr(error, "sdkforge_schema", None)
    if in_schema is not None:
        schema_parts, is_default = in_schema
        pointer = join_pointer("", *schema_parts, *(["default"] if is_default else []), *path)
        message = str(getattr(best, "message", error))
        if len(message) > 300:
            message = message[:300] + " …"
        what = "the schema's `default`" if is_default else "the schema"
        code = codes.INVALID_DEFAULT if is_default else codes.INVALID_SCHEMA
        return code.at(doc.locate(pointer), f"{what}: {message}",
                       "sdkforge uses what it understands of this schema; fix the spec to silence this")
    pointer = join_pointer("", *path)
    message = str(getattr(best, "message", error))
    if len(message) > 300:
        message = message[:300] + " …"
    key = getattr(best, "instance", None)
    if _COMPONENT_KEY in message and isinstance(key, str) and pointer.startswith("/components/"):
        # Real-world specs (springfox's `Message«string»`, non-ASCII names) break only this rule; the
        # generator sanitises the name anyway, so it is reported where the key is and generation goes on.
        return codes.COMPONENT_NAME.at(doc.locate(join_pointer(pointer, key)), f"component name {key!r} does not match {_COMPONENT_KEY}",
                                       "rename it, or give it an `x-sdk-name`; sdkforge sanitises it")
    return codes.INVALID_STRUCTURE.at(doc.locate(pointer), message, _hint_for(message))


_COMPONENT_KEY = "'^[a-zA-Z0-9._-]+$'"


def _hint_for(message: str) -> str | None:
    if "is a required property" in message:
        return "add the missing key"
    if "is not of type" in message:
        return "check the value's type against the OpenAPI specification"
    if "Additional properties are not allowed" in message:
        return "remove the key, or prefix it with `x-` to make it an extension"
    return None


# -- semantic lint ---------------------------------------------------------------------------------


def iter_operations(spec: Spec) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any], str]]:
    paths = spec.data.get("paths") or {}
    for path, item in paths.items() if isinstance(paths, dict) else ():
        item, _ = spec.resolve_fully(item, spec.root)
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield path, method, item, item[method], join_pointer("/paths", path, method)


def lint(spec: Spec) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    found += lint_operation_ids(spec)
    for path, _method, item, operation, pointer in iter_operations(spec):
        found += lint_path_params(spec, path, item, operation, pointer)
    if _is_traced(spec):
        from .lint_docs import lint_traceability

        found += lint_traceability(spec)
    return found


def _is_traced(spec: Spec) -> bool:
    """Specs curated from documentation opt into the stricter rules by listing `x-nav-entries` on `info`."""
    info = spec.data.get("info")
    return isinstance(info, dict) and "x-nav-entries" in info


def lint_operation_ids(spec: Spec) -> list[Diagnostic]:
    ids = Counter(op.get("operationId") for *_, op, _ in iter_operations(spec) if isinstance(op.get("operationId"), str))
    found = []
    for _path, _method, _, operation, pointer in iter_operations(spec):
        op_id = operation.get("operationId")
        if isinstance(op_id, str) and ids[op_id] > 1:
            found.append(_error(codes.DUPLICATE_OPERATION_ID, spec.root, join_pointer(pointer, "operationId"), f"operationId {op_id!r} is used by {ids[op_id]} operations",
                                "operationIds must be unique; they become method names"))
    return found


def lint_path_params(spec: Spec, path: str, item: dict[str, Any], operation: dict[str, Any], pointer: str) -> list[Diagnostic]:
    declared: dict[str, tuple[dict[str, Any], str]] = {}
    for source, base in ((item.get("parameters"), join_pointer("/paths", path, "parameters")), (operation.get("parameters"), join_pointer(pointer, "parameters"))):
        for i, raw in enumerate(source if isinstance(source, list) else []):
            param, _ = spec.resolve_fully(raw, spec.root)
            if isinstance(param, dict) and param.get("in") == "path" and isinstance(param.get("name"), str):
                declared[param["name"]] = (param, join_pointer(base, i))
    found = []
    in_template = _PATH_PARAM.findall(path)
    for name in in_template:
        if name not in declared:
            found.append(_error(codes.UNDECLARED_PATH_PARAM, spec.root, pointer, f"path parameter {name!r} of {path!r} is not declared",
                                f"add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` to parameters"))
    for name, (param, where) in declared.items():
        if name not in in_template:
            found.append(_error(codes.UNUSED_PATH_PARAM, spec.root, where, f"path parameter {name!r} does not appear in {path!r}",
                                "remove it or add {" + name + "} to the path"))
        elif param.get("required") is not True:
            found.append(_error(codes.OPTIONAL_PATH_PARAM, spec.root, where, f"path parameter {name!r} is not required",
                                "add `required: true`; OpenAPI requires every path parameter to be required"))
    return found


def _error(code: Code, doc: Document, pointer: str, message: str, hint: str | None = None) -> Diagnostic:
    return code.at(doc.locate(pointer), message, hint)

