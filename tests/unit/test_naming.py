"""The naming authority: word splitting, where names are reserved, and every method name of a resource
(operations and polling helpers) unique, with a located SDK300 finding when a helper had to move."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import Config
from generator.ir.build import build_api
from generator.ir.naming import safe_field_name, safe_param_name, to_pascal, to_snake
from generator.ir.nodes import Api, Resource
from generator.load.spec import load_spec


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("base64Array", "base64_array"),
        ("petID", "pet_id"),
        ("HTTPServerError", "http_server_error"),
        ("v1Models", "v1_models"),
        ("mp3Url", "mp3_url"),
        ("HTTP2Server", "http2_server"),
        ("sha256", "sha256"),
        ("image_2", "image_2"),
        ("2fa", "2_fa"),
        ("Message«string»", "message_string"),
    ],
)
def test_digits_stay_with_the_word_before_them(text: str, expected: str) -> None:
    assert to_snake(text) == expected


def test_pascal_keeps_digits_in_the_word() -> None:
    assert to_pascal("base64Array") == "Base64Array"


def test_task_id_is_an_ordinary_name_outside_task_operations() -> None:
    assert safe_field_name("task_id") == "task_id"
    assert safe_param_name("task_id") == "task_id"
    assert (
        safe_param_name("task_id", task=True) == "task_id_"
    )  # `<method>_and_wait` has a local `task_id`
    assert safe_param_name("poll_timeout", task=True) == "poll_timeout_"


def _op(
    operation_id: str,
    path: str,
    *,
    method: str | None = None,
    polling: dict[str, Any] | None = None,
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": operation_id,
        "tags": ["jobs"],
        "parameters": [
            {"name": "task_id", "in": "path", "required": True, "schema": {"type": "string"}}
        ]
        if "{" in path
        else [],
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    }
    if method:
        op["x-sdk-method"] = method
    if polling:
        op["x-task-polling"] = polling
    return op


def _build(tmp_path: Path, extra: dict[str, dict[str, Any]]) -> tuple[Resource, list[str]]:
    polling = {
        "operationId": "getJob",
        "taskId": "/id",
        "parameter": "task_id",
        "status": "/status",
        "success": ["done"],
    }
    paths = {
        "/jobs": {"post": _op("createJob", "/jobs", polling=polling)},
        "/jobs/{task_id}": {"get": _op("getJob", "/jobs/{task_id}")},
    }
    paths.update(extra)
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    file = tmp_path / "openapi.yaml"
    file.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    api, diagnostics = build_api(
        load_spec(file, display="openapi.yaml"),
        Config(package_name="t", client_class="Client", sdk_version="0.0.1"),
    )
    return _jobs(api), [d.format() for d in diagnostics]


def _jobs(api: Api) -> Resource:
    return next(r for r in api.resources if r.attr_name == "jobs")


def _method_names(resource: Resource) -> list[str]:
    names = [op.py_name for op in resource.operations]
    names += [op.polling.and_wait_name for op in resource.operations if op.polling]
    names += sorted({op.polling.wait_name for op in resource.operations if op.polling})
    return names


def test_usual_helper_names(tmp_path: Path) -> None:
    resource, findings = _build(tmp_path, {})
    assert _method_names(resource) == ["create", "get", "create_and_wait", "wait"]
    assert (resource.raw_class_name, resource.async_class_name, resource.async_raw_class_name) == (
        "JobsWithRawResponse",
        "AsyncJobs",
        "AsyncJobsWithRawResponse",
    )
    assert not [f for f in findings if "SDK300" in f]


def test_an_operation_named_wait_keeps_its_name_and_the_helper_moves(tmp_path: Path) -> None:
    resource, findings = _build(
        tmp_path,
        {"/jobs/{task_id}/wait": {"post": _op("waitJob", "/jobs/{task_id}/wait", method="wait")}},
    )
    names = _method_names(resource)
    assert names == ["create", "get", "wait", "create_and_wait", "wait_for_get"]
    [finding] = [f for f in findings if "SDK300" in f]
    assert "openapi.yaml:" in finding and "/paths/~1jobs/post/x-task-polling" in finding
    assert "'wait'" in finding and "'waitJob'" in finding and "'wait_for_get'" in finding


def test_an_operation_named_like_and_wait_keeps_its_name(tmp_path: Path) -> None:
    resource, findings = _build(
        tmp_path, {"/jobs/run": {"post": _op("runJob", "/jobs/run", method="create_and_wait")}}
    )
    names = _method_names(resource)
    assert len(names) == len(set(names))
    assert "create_and_wait" in names and "create_and_wait2" in names
    assert any("SDK300" in f and "'runJob'" in f for f in findings)


def test_streaming_response_classes_are_named_beside_the_raw_ones(tmp_path: Path) -> None:
    resource, _ = _build(tmp_path, {})
    assert (resource.streaming_class_name, resource.async_streaming_class_name) == (
        "JobsWithStreamingResponse",
        "AsyncJobsWithStreamingResponse",
    )


@pytest.mark.parametrize("model", ["Jobs", "AsyncJobsWithStreamingResponse", "JobsWithRawResponse"])
def test_a_model_named_like_a_resource_class_moves_the_resource(tmp_path: Path, model: str) -> None:
    """A resource module imports models by name: none of its six classes may be one of them."""
    op = _op("listJobs", "/jobs")
    op["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": f"#/components/schemas/{model}"
    }
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/jobs": {"get": op}},
        "components": {
            "schemas": {model: {"type": "object", "properties": {"id": {"type": "string"}}}}
        },
    }
    file = tmp_path / "openapi.yaml"
    file.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    api, _ = build_api(
        load_spec(file, display="openapi.yaml"),
        Config(package_name="t", client_class="Client", sdk_version="0.0.1"),
    )
    resource = _jobs(api)
    assert resource.class_name == "JobsResource"
    assert resource.async_streaming_class_name == "AsyncJobsResourceWithStreamingResponse"


@pytest.mark.parametrize("title", ["Authentication", "Bad Request", "Task Failed", "Stream"])
def test_a_client_whose_error_or_async_name_the_runtime_exports_is_named_after_the_package(
    title: str,
) -> None:
    """`Authentication` would make `AuthenticationError`, the runtime's 401 error, exported by the same package."""
    from generator.ir.naming import client_class_from
    from generator.sdk_runtime import runtime_exports

    name = client_class_from(title, "shop")
    assert name == "Shop"
    assert not {name, f"Async{name}", f"{name}Error"} & set(runtime_exports())
