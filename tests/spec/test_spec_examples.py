"""spec/openapi.yaml → checks: the document is valid OpenAPI 3.1 and every example fits its schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster
SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"
SPEC_URI = "urn:gitaigc-spec"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@cache
def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_YAML_LOADER)


def resolve(node: Any) -> Any:
    """Follow a local `$ref` (examples, responses, ...) to its target."""
    spec = load_spec()
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


@cache
def spec_registry() -> Registry:
    """The whole spec as one 2020-12 resource, so `#/components/...` references resolve."""
    resource = Resource.from_contents(load_spec(), default_specification=DRAFT202012)
    return Registry().with_resource(SPEC_URI, resource)


def schema_validator(schema: dict[str, Any]) -> Draft202012Validator:
    """A 2020-12 validator for a schema taken out of the spec."""
    return Draft202012Validator(_rebase_refs(schema), registry=spec_registry())


def _rebase_refs(node: Any) -> Any:
    """Point local references (`#/...`) at the registered spec resource."""
    if isinstance(node, dict):
        return {
            key: (
                f"{SPEC_URI}{value}"
                if key == "$ref" and isinstance(value, str) and value.startswith("#")
                else _rebase_refs(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rebase_refs(item) for item in node]
    return node


def iter_media_examples() -> Iterator[tuple[str, str, dict[str, Any], Any]]:
    """(where, media type, schema, example value) for every example in the document."""
    spec = load_spec()
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            where = f"{method.upper()} {path}"
            body = resolve(operation.get("requestBody", {}))
            for media, media_obj in body.get("content", {}).items():
                yield from _media_examples(f"{where} request", media, media_obj)
            for status, response in operation.get("responses", {}).items():
                for media, media_obj in resolve(response).get("content", {}).items():
                    yield from _media_examples(f"{where} {status}", media, media_obj)


def _media_examples(
    where: str, media: str, media_obj: dict[str, Any]
) -> Iterator[tuple[str, str, dict[str, Any], Any]]:
    schema = media_obj.get("schema", {})
    if "example" in media_obj:
        yield f"{where} {media} example", media, schema, media_obj["example"]
    for key, example in media_obj.get("examples", {}).items():
        yield f"{where} {media} examples[{key}]", media, schema, resolve(example)["value"]


def sse_payloads(text: str) -> list[Any]:
    """The JSON `data:` payloads of a raw SSE example, without the [DONE] terminator."""
    payloads = []
    for line in text.splitlines():
        if line.startswith("data:"):
            data = line.removeprefix("data:").strip()
            if data != "[DONE]":
                payloads.append(json.loads(data))
    return payloads


EXAMPLES = list(iter_media_examples())


def test_spec_is_valid_openapi_31() -> None:
    validate_openapi(load_spec())


@pytest.mark.parametrize(
    ("where", "media", "schema", "value"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_example_matches_schema(where: str, media: str, schema: dict[str, Any], value: Any) -> None:
    validator = schema_validator(schema)
    values = sse_payloads(value) if media == "text/event-stream" else [value]
    if media == "text/event-stream":
        assert values, f"{where}: SSE example has no data lines"
    problems = [
        f"{where}: {error.json_path}: {error.message}"
        for item in values
        for error in validator.iter_errors(item)
    ]
    assert not problems, "\n".join(problems)


def test_every_operation_has_examples() -> None:
    spec = load_spec()
    missing = []
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            where = f"{method.upper()} {path}"
            body = resolve(operation.get("requestBody", {}))
            for media, media_obj in body.get("content", {}).items():
                if "example" not in media_obj and not media_obj.get("examples"):
                    missing.append(f"{where}: request {media}")
            ok = resolve(operation["responses"]["200"])
            if not any("example" in m or m.get("examples") for m in ok.get("content", {}).values()):
                missing.append(f"{where}: 200 response")
    assert not missing, "operations without examples:\n" + "\n".join(missing)
