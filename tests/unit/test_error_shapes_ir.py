"""The error shapes the IR derives from an operation's declared 4xx/5xx/`default` schemas (ir/errors.py),
and the module constants the resource prints them as (ir/finish.py)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import yaml

from generator import Config
from generator.ir.build import build_api
from generator.ir.nodes import Api, ErrorShape, Operation
from generator.load.spec import load_spec


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "error", "content": {"application/json": {"schema": schema}}}


def _op(operation_id: str, responses: dict[str, Any]) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "tags": ["jobs"],
        "responses": {"200": {"description": "ok"}, **responses},
    }


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Jobs", "version": "1"},
    "paths": {
        "/a": {
            "post": _op(
                "envelopes",
                {
                    "400": {"$ref": "#/components/responses/Envelope"},
                    "default": _json(
                        {
                            "anyOf": [
                                {"$ref": "#/components/schemas/Anthropic"},
                                {"$ref": "#/components/schemas/Envelope"},
                            ]
                        }
                    ),
                },
            )
        },
        "/b": {
            "post": _op(
                "flat",
                {
                    "4XX": _json(
                        {
                            "type": "object",
                            "properties": {
                                "code": {"type": "integer"},
                                "description": {"type": "string"},
                            },
                        }
                    ),
                    "5XX": _json(
                        {
                            "oneOf": [
                                {
                                    "type": "object",
                                    "properties": {
                                        "code": {"type": "string"},
                                        "message": {"type": "string"},
                                    },
                                },
                                {"type": "object", "properties": {"error": {"type": "string"}}},
                                {"type": "object", "properties": {"unrelated": {"type": "string"}}},
                            ]
                        }
                    ),
                    "503": {
                        "description": "plain",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    },
                },
            )
        },
        "/c": {"post": _op("quiet", {})},
        "/d": {"post": _op("alsoEnvelope", {"429": {"$ref": "#/components/responses/Envelope"}})},
    },
    "components": {
        "responses": {"Envelope": _json({"$ref": "#/components/schemas/Envelope"})},
        "schemas": {
            "Envelope": {
                "type": "object",
                "properties": {
                    "error": {
                        "type": "object",
                        "properties": {
                            "message": {"type": "string"},
                            "type": {"type": "string"},
                            "param": {"type": ["string", "null"]},
                            "code": {"type": ["string", "null"]},
                        },
                    }
                },
            },
            "Anthropic": {
                "type": "object",
                "properties": {
                    "type": {"const": "error"},
                    "error": {"$ref": "#/components/schemas/AnthropicDetail"},
                },
            },
            "AnthropicDetail": {
                "type": "object",
                "properties": {"type": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}

ENVELOPE = ErrorShape(
    ("error", "message"), ("error", "code"), ("error", "type"), ("error", "param")
)
ANTHROPIC = ErrorShape(("error", "message"), None, ("error", "type"), None)


def _api(tmp_path: Path) -> Api:
    file = tmp_path / "openapi.yaml"
    file.write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    api, _ = build_api(
        load_spec(file, display="openapi.yaml"), Config(package_name="jobs", sdk_version="0.0.1")
    )
    return api


def _operations(api: Api) -> dict[str, Operation]:
    (jobs,) = api.resources
    return {op.operation_id: op for op in jobs.operations}


def test_shapes_follow_refs_and_unions_in_declaration_order(tmp_path: Path) -> None:
    ops = _operations(_api(tmp_path))
    assert ops["envelopes"].error_shapes == (
        ENVELOPE,
        ANTHROPIC,
    )  # 400 first; the envelope is kept once
    assert ops["flat"].error_shapes == (
        ErrorShape(("description",), ("code",)),
        ErrorShape(("message",), ("code",)),
        ErrorShape(("error",)),
    )
    assert ops["quiet"].error_shapes == ()


def test_each_distinct_table_is_one_module_constant(tmp_path: Path) -> None:
    api = _api(tmp_path)
    ops = _operations(api)
    (jobs,) = api.resources
    names = dict(jobs.error_tables)
    assert ops["envelopes"].error_table == "_ERROR_SHAPES_1"
    assert ops["flat"].error_table == "_ERROR_SHAPES_2"
    assert ops["alsoEnvelope"].error_table == "_ERROR_SHAPES_3"
    assert ops["quiet"].error_table is None
    assert ast.literal_eval(names["_ERROR_SHAPES_1"]) == (ENVELOPE.as_tuple, ANTHROPIC.as_tuple)
    assert ast.literal_eval(names["_ERROR_SHAPES_3"]) == (ENVELOPE.as_tuple,)
    assert names["_ERROR_SHAPES_2"] == (
        '((("description",), ("code",), None, None), (("message",), ("code",), None, None), (("error",), None, None, None))'
    )


def test_a_self_referring_union_is_walked_once(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Loop", "version": "1"},
        "paths": {
            "/x": {
                "get": {
                    "operationId": "loop",
                    "tags": ["jobs"],
                    "responses": {
                        "200": {"description": "ok"},
                        "default": _json({"$ref": "#/components/schemas/Loop"}),
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Loop": {
                    "anyOf": [
                        *({"$ref": "#/components/schemas/Loop"} for _ in range(30)),
                        {"type": "object", "properties": {"msg": {"type": "string"}}},
                    ]
                }
            }
        },
    }
    file = tmp_path / "openapi.yaml"
    file.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    api, _ = build_api(
        load_spec(file, display="openapi.yaml"), Config(package_name="jobs", sdk_version="0.0.1")
    )
    assert _operations(api)["loop"].error_shapes == (ErrorShape(("msg",)),)
