"""Lint for specs curated from documentation (`info.x-nav-entries` present): traceability and examples."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from ..cache.prose_free import clean_or_run
from ..load.operations import iter_operations
from ..load.spec import Spec
from ..report import codes
from ..report.diagnostics import Code, Diagnostic, join_pointer


def lint_traceability(spec: Spec) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for _, _, _, operation, pointer in iter_operations(spec):
        found += _operation_fields(spec, operation, pointer)
    found += _duplicate_nav_entries(spec)
    found += clean_or_run(spec, "examples", lambda: _examples(spec))
    return found


def _operation_fields(spec: Spec, operation: dict[str, Any], pointer: str) -> list[Diagnostic]:
    found = []
    for key, hint in (
        ("summary", "a one-line English summary becomes the method's docstring"),
        ("tags", "tag the operation with its nav group(s)"),
    ):
        if not operation.get(key):
            found.append(
                _error(
                    codes.MISSING_OPERATION_FIELD, spec, pointer, f"operation has no `{key}`", hint
                )
            )
    found += _nav_trace(spec, operation, pointer)
    if isinstance(operation.get("requestBody"), dict) and not _has_examples(
        spec, operation["requestBody"]
    ):
        found.append(
            _error(
                codes.REQUEST_WITHOUT_EXAMPLE,
                spec,
                join_pointer(pointer, "requestBody"),
                "request body has no example",
                "add `examples:` under the media type",
            )
        )
    responses = operation.get("responses")
    responses = responses if isinstance(responses, dict) else {}
    if not any(
        _has_examples(spec, r) for code, r in responses.items() if str(code).startswith("2")
    ):
        found.append(
            _error(
                codes.RESPONSE_WITHOUT_EXAMPLE,
                spec,
                join_pointer(pointer, "responses"),
                "no success response has an example",
                "add `examples:` under the 2xx media type",
            )
        )
    return found


def _nav_trace(spec: Spec, operation: dict[str, Any], pointer: str) -> list[Diagnostic]:
    """An operation names the nav entries it serves, or says (`x-nav-absent`) why the docs lack it and where it was found."""
    entries, absent = operation.get("x-nav-entries"), operation.get("x-nav-absent")
    if entries and absent is not None:
        return [
            _error(
                codes.BAD_NAV_ABSENT,
                spec,
                join_pointer(pointer, "x-nav-absent"),
                "operation has both `x-nav-entries` and `x-nav-absent`",
                "a documented operation is not absent from the nav; drop one of them",
            )
        ]
    if entries:
        return []
    if absent is None:
        return [
            _error(
                codes.MISSING_OPERATION_FIELD,
                spec,
                pointer,
                "operation has no `x-nav-entries`",
                "list the documentation entry ids this operation serves, or add `x-nav-absent` for a real but undocumented route",
            )
        ]
    if not isinstance(absent, dict) or not all(
        isinstance(absent.get(k), str) and absent[k].strip() for k in ("source", "reason")
    ):
        return [
            _error(
                codes.BAD_NAV_ABSENT,
                spec,
                join_pointer(pointer, "x-nav-absent"),
                "`x-nav-absent` needs a non-empty `source` and `reason`",
                "source: the upstream file that shows the route exists; reason: why it is in the spec",
            )
        ]
    return []


def _has_examples(spec: Spec, holder: Any) -> bool:
    holder, _ = spec.resolve_fully(holder, spec.root)
    content = holder.get("content") if isinstance(holder, dict) else None
    return isinstance(content, dict) and any(
        isinstance(media, dict) and ("example" in media or media.get("examples"))
        for media in content.values()
    )


def _nav_entries(data: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    stack = [(data, pointer)]
    while stack:
        value, here = stack.pop()
        if isinstance(value, dict):
            entries = value.get("x-nav-entries")
            if isinstance(entries, list):
                for i, entry in enumerate(entries):
                    yield str(entry), join_pointer(here, "x-nav-entries", i)
            stack.extend(
                (v, join_pointer(here, k)) for k, v in value.items() if k != "x-nav-entries"
            )
        elif isinstance(value, list):
            stack.extend((v, join_pointer(here, i)) for i, v in enumerate(value))


def _duplicate_nav_entries(spec: Spec) -> list[Diagnostic]:
    entries = list(_nav_entries(spec.data))
    counts = Counter(entry for entry, _ in entries)
    return [
        _error(
            codes.DUPLICATE_NAV_ENTRY,
            spec,
            where,
            f"nav entry {entry!r} is listed {counts[entry]} times",
            "each entry belongs to exactly one place",
        )
        for entry, where in sorted(entries, key=lambda e: e[1])
        if counts[entry] > 1
    ]


def _examples(spec: Spec) -> list[Diagnostic]:
    """Every `example` / `examples[*].value` under a media type validates against that media type's schema."""
    validator_for = _schema_validator_factory(spec)
    found = []
    for media, pointer in _media_types(spec.data):
        if media.get("schema") is None or _is_binary_payload(pointer):
            continue  # binary examples are bytes in spirit: nothing to check against a JSON schema
        validator = validator_for(join_pointer(pointer, "schema"))
        for value, where in _example_values(spec, media, pointer):
            try:
                if "text~1event-stream" in pointer:
                    found += _check_sse_example(
                        spec, validator, value, where, media.get("x-sse-terminator")
                    )
                    continue
                for error in validator.iter_errors(value):
                    found.append(
                        _mismatch(spec, join_pointer(where, *error.absolute_path), error.message)
                    )
            except (
                Exception
            ) as exc:  # jsonschema assumes a well-formed schema; validate reports a broken one
                # A schema jsonschema cannot use (a dangling $ref, `type: strng`) is reported where it is
                # written; here only what that costs.
                found.append(
                    _error(
                        codes.EXAMPLE_UNCHECKED,
                        spec,
                        where,
                        f"example not checked: its schema is broken ({_reason(exc)})",
                        "fix the schema; the finding at its own line says how",
                    )
                )
    return found


def _reason(exc: Exception) -> str:
    from jsonschema.exceptions import UnknownType

    if isinstance(exc, UnknownType):
        return f"unknown type {exc.type!r}"
    unresolvable = getattr(exc, "_wrapped", None) or exc
    ref = getattr(unresolvable, "ref", None)
    if isinstance(ref, str):
        return f"$ref {'#' + ref if ref.startswith('/') else ref!r} does not resolve"
    return (
        type(exc).__name__ + ": " + str(exc).splitlines()[0][:120]
        if str(exc)
        else type(exc).__name__
    )


def _check_sse_example(
    spec: Spec, validator: Any, value: Any, where: str, terminator: Any
) -> list[Diagnostic]:
    """A raw SSE example: each JSON `data:` payload (not the terminator) must match the event schema."""
    if not isinstance(value, str):
        return [
            _error(
                codes.SSE_EXAMPLE_NOT_TEXT,
                spec,
                where,
                "an event-stream example must be the raw SSE text",
                "write it as a YAML block scalar",
            )
        ]
    found = []
    payloads = [line[5:].strip() for line in value.splitlines() if line.startswith("data:")]
    for number, payload in enumerate(payloads, start=1):
        if payload != terminator and payload.startswith(("{", "[")):
            try:
                event = json.loads(payload)
            except json.JSONDecodeError as exc:
                found.append(
                    _error(
                        codes.SSE_DATA_NOT_JSON,
                        spec,
                        where,
                        f"data line {number} of the SSE example is not JSON: {exc.msg}",
                    )
                )
                continue
            found += [
                _mismatch(spec, where, f"data line {number}: {e.message}")
                for e in validator.iter_errors(event)
            ]
    if not payloads:
        found.append(
            _error(
                codes.SSE_WITHOUT_DATA,
                spec,
                where,
                "the SSE example has no `data:` line",
                "one `data: {...}` line per event",
            )
        )
    return found


def _mismatch(spec: Spec, pointer: str, message: str) -> Diagnostic:
    return _error(
        codes.EXAMPLE_MISMATCH,
        spec,
        pointer,
        f"example does not match its schema: {message[:200]}",
        "fix the example or the schema; generated SDK tests replay these examples",
    )


def _is_binary_payload(pointer: str) -> bool:
    return any(t in pointer for t in ("audio~1", "application~1octet-stream", "image~1"))


def _media_types(data: Any) -> Iterator[tuple[dict[str, Any], str]]:
    stack = [(data, "")]
    while stack:
        value, here = stack.pop()
        if isinstance(value, dict):
            content = value.get("content")
            if isinstance(content, dict):
                for media_type, media in content.items():
                    if isinstance(media, dict):
                        yield media, join_pointer(here, "content", media_type)
            stack.extend(
                (v, join_pointer(here, k))
                for k, v in value.items()
                if k not in ("content", "schema", "examples", "example")
            )
        elif isinstance(value, list):
            stack.extend((v, join_pointer(here, i)) for i, v in enumerate(value))


def _example_values(spec: Spec, media: dict[str, Any], pointer: str) -> Iterator[tuple[Any, str]]:
    if "example" in media:
        yield media["example"], join_pointer(pointer, "example")
    examples = media.get("examples")
    for name, example in examples.items() if isinstance(examples, dict) else ():
        example, _ = spec.resolve_fully(example, spec.root)  # `$ref: '#/components/examples/...'`
        if isinstance(example, dict) and "value" in example:
            yield example["value"], join_pointer(pointer, "examples", name, "value")


def _schema_validator_factory(spec: Spec) -> Any:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    uri = spec.root.path.as_uri()
    registry: Registry[Any] = Registry().with_resource(
        uri, Resource.from_contents(spec.data, default_specification=DRAFT202012)
    )

    def validator_for(schema_pointer: str) -> Any:
        # Point at the schema where it lives, so its own `#/components/...` refs resolve in the document.
        return Draft202012Validator({"$ref": f"{uri}#{schema_pointer}"}, registry=registry)

    return validator_for


def _error(
    code: Code, spec: Spec, pointer: str, message: str, hint: str | None = None
) -> Diagnostic:
    return code.at(spec.root.locate(pointer), message, hint)
