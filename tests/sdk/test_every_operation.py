"""Every operation of spec/openapi.yaml, called through the generated SDK (sync and async) over real HTTP.

The calls are derived from the spec itself: each operation's first request example becomes the keyword
arguments (wire names mapped to the SDK's Python names through the same IR the generator uses), so a new
operation in the spec is exercised without editing this file.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from generator.config import load_config
from generator.ir.build import build_api
from generator.ir.nodes import Operation, Resource
from generator.load.spec import load_spec
from tests.support.mock_server import MockServer

ROOT = Path(__file__).resolve().parents[2]
SPEC = load_spec(ROOT / "spec" / "openapi.yaml")
API, _ = build_api(SPEC, load_config(ROOT))


def _walk(resources: tuple[Resource, ...]) -> list[tuple[Resource, Operation]]:
    found = []
    for resource in resources:
        found += [(resource, op) for op in resource.operations]
        found += _walk(resource.children)
    return found


OPERATIONS = _walk(API.resources)


def _raw_operation(op: Operation) -> dict[str, Any]:
    for path_item in SPEC.data["paths"].values():
        for _method, raw in path_item.items():
            if isinstance(raw, dict) and raw.get("operationId") == op.operation_id:
                return raw
    raise LookupError(op.operation_id)


def _first_example(media: dict[str, Any]) -> Any:
    if "example" in media:
        return media["example"]
    examples = media.get("examples") or {}
    for example in examples.values():
        return SPEC.resolve_fully(example, SPEC.root)[0].get("value")
    return None


def _parameter_value(raw: dict[str, Any], wire_name: str) -> Any:
    for param in raw.get("parameters") or []:
        param = SPEC.resolve_fully(param, SPEC.root)[0]
        if param.get("name") == wire_name:
            if "example" in param:
                return param["example"]
            schema = SPEC.resolve_fully(param.get("schema", {}), SPEC.root)[0]
            return schema.get("example", schema.get("default", "1234567890"))
    return "1234567890"


def call_arguments(op: Operation) -> tuple[list[Any], dict[str, Any]]:
    """Positional path parameters and keyword arguments for one call, from the spec's examples."""
    raw = _raw_operation(op)
    body: dict[str, Any] = {}
    content = (SPEC.resolve_fully(raw.get("requestBody", {}), SPEC.root)[0] or {}).get(
        "content", {}
    )
    if "application/json" in content:
        body = _first_example(content["application/json"]) or {}
    elif "multipart/form-data" in content:
        body = dict(_first_example(content["multipart/form-data"]) or {})
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for param in op.params:
        if param.location == "path":
            positional.append(str(_parameter_value(raw, param.wire_name)))
        elif (
            param.location in ("query", "header") and param.required and param.default_repr is None
        ):
            keywords[param.py_name] = _parameter_value(raw, param.wire_name)
        elif param.location in ("body", "form") and param.wire_name in body:
            value = body[param.wire_name]
            if param.type.is_binary:
                value = ("audio.mp3", b"ID3 fake audio bytes", "audio/mpeg")
            keywords[param.py_name] = value
    if op.streaming and op.streaming.flag:
        keywords.pop(op.streaming.flag, None)  # the streaming variant has its own tests
    return positional, keywords


def _method(client: Any, resource: Resource, op: Operation) -> Any:
    target = client
    for part in resource.path:
        target = getattr(target, part)
    return getattr(target, op.py_name)


@pytest.mark.parametrize(
    ("resource", "op"), OPERATIONS, ids=[f"{'.'.join(r.path)}.{o.py_name}" for r, o in OPERATIONS]
)
def test_operation_sync(mock: MockServer, resource: Resource, op: Operation) -> None:
    import gitaigc

    positional, keywords = call_arguments(op)
    with gitaigc.Gitaigc(api_key="sk-test", base_url=mock.base_url, max_retries=0) as client:
        result = _method(client, resource, op)(*positional, **keywords)
    _check_result(op, result)
    assert len(mock.requests) == 1
    assert mock.requests[0].method == op.http_method


@pytest.mark.parametrize(
    ("resource", "op"), OPERATIONS, ids=[f"{'.'.join(r.path)}.{o.py_name}" for r, o in OPERATIONS]
)
def test_operation_async(mock: MockServer, resource: Resource, op: Operation) -> None:
    import gitaigc

    positional, keywords = call_arguments(op)

    async def main() -> Any:
        async with gitaigc.AsyncGitaigc(
            api_key="sk-test", base_url=mock.base_url, max_retries=0
        ) as client:
            return await _method(client, resource, op)(*positional, **keywords)

    _check_result(op, asyncio.run(main()))
    assert len(mock.requests) == 1


def _check_result(op: Operation, result: Any) -> None:
    import gitaigc

    if op.response_kind == "binary":
        assert isinstance(result, gitaigc.BinaryResponse)
        assert result.content
    elif op.response_kind == "json":
        assert result is not None
        if hasattr(result, "model_dump"):
            assert result.model_dump(), f"{op.operation_id} parsed to an empty model"


def test_every_operation_of_the_spec_is_covered() -> None:
    ids = {op.operation_id for _, op in OPERATIONS}
    in_spec = {
        raw["operationId"]
        for item in SPEC.data["paths"].values()
        for raw in item.values()
        if isinstance(raw, dict) and "operationId" in raw
    }
    assert ids == in_spec
    assert len(ids) >= 25
