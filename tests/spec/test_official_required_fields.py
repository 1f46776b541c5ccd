"""spec/openapi.yaml → the smallest response the spec allows → the official client's own model accepts it.

For every call the official `openai` / `anthropic` packages make against the relay (the calls of
test_official_clients.py), a response holding only what the spec marks `required` must validate
against that package's model for the call, with pydantic validation (`model_validate` or a
TypeAdapter), never `construct`. A field the official model requires but the spec leaves optional
fails here; such a spec would also make the generated field Optional for no reason.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import anthropic.types
import openai.pagination
import openai.types
import openai.types.audio
import openai.types.chat
import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import TypeAdapter
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SPEC_URI = "urn:spec"
_STRING_FORMATS = {"date-time": "2024-01-01T00:00:00Z"}


@cache
def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_YAML_LOADER)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        target: Any = load_spec()
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        schema = target
    return schema


def response_schema(path: str, method: str, media: str = "application/json") -> dict[str, Any]:
    operation = load_spec()["paths"][path][method]
    return resolve(operation["responses"]["200"])["content"][media]["schema"]


def variants(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null members of a oneOf/anyOf, refs resolved."""
    schema = resolve(schema)
    members = schema.get("oneOf") or schema.get("anyOf") or []
    return [resolve(m) for m in members if resolve(m).get("type") != "null"]


def minimal(schema: dict[str, Any]) -> Any:
    """The smallest value of `schema`: required properties only, one array item, the first choice."""
    schema = resolve(schema)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return next(value for value in schema["enum"] if value is not None)
    if schema.get("oneOf") or schema.get("anyOf"):
        return minimal(variants(schema)[0])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "object" or (kind is None and "properties" in schema):
        properties = schema.get("properties", {})
        return {
            name: minimal(properties.get(name, {"type": "string"}))
            for name in schema.get("required", [])
        }
    if kind == "array":
        return [minimal(schema.get("items", {"type": "string"}))] * max(
            1, schema.get("minItems", 1)
        )
    if kind == "string":
        return _STRING_FORMATS.get(schema.get("format", ""), "x")
    return {"integer": 1, "number": 1.5, "boolean": True}.get(kind, "x")


def assert_spec_accepts(schema: dict[str, Any], value: Any) -> None:
    """The minimal value is itself valid against the spec (else the builder, not the spec, is wrong)."""
    registry: Registry[Any] = Registry().with_resource(
        _SPEC_URI, Resource.from_contents(load_spec(), default_specification=DRAFT202012)
    )
    ref = {"$ref": f"{_SPEC_URI}#{_pointer_of(schema)}"} if "$ref" in schema else schema
    errors = [e.message for e in Draft202012Validator(ref, registry=registry).iter_errors(value)]
    assert not errors, errors


def _pointer_of(schema: dict[str, Any]) -> str:
    return schema["$ref"].removeprefix("#")


# (call, spec schema of its reply, official type, part of the reply the official type describes)
OPENAI_CALLS = [
    pytest.param(
        ("/v1/models", "get"),
        openai.types.Model,
        lambda body: body["data"][0],
        id="models.list item",
    ),
    pytest.param(("/v1/models/{model}", "get"), openai.types.Model, None, id="models.retrieve"),
    pytest.param(
        ("/v1/chat/completions", "post"),
        openai.types.chat.ChatCompletion,
        None,
        id="chat.completions.create",
    ),
    pytest.param(
        ("/v1/chat/completions", "post", "text/event-stream"),
        openai.types.chat.ChatCompletionChunk,
        None,
        id="chat.completions.create stream chunk",
    ),
    pytest.param(
        ("/v1/completions", "post"), openai.types.Completion, None, id="completions.create"
    ),
    pytest.param(
        ("/v1/embeddings", "post"),
        openai.types.CreateEmbeddingResponse,
        None,
        id="embeddings.create",
    ),
    pytest.param(
        ("/v1/images/generations", "post"), openai.types.ImagesResponse, None, id="images.generate"
    ),
    pytest.param(
        ("/v1/audio/transcriptions", "post"),
        openai.types.audio.Transcription,
        None,
        id="audio.transcriptions",
    ),
    pytest.param(
        ("/v1/audio/translations", "post"),
        openai.types.audio.Translation,
        None,
        id="audio.translations",
    ),
    pytest.param(
        ("/v1/moderations", "post"),
        openai.types.ModerationCreateResponse,
        None,
        id="moderations.create",
    ),
    pytest.param(("/v1/messages", "post"), anthropic.types.Message, None, id="messages.create"),
]


@pytest.mark.parametrize(("where", "official", "part"), OPENAI_CALLS)
def test_the_required_fields_satisfy_the_official_model(
    where: tuple[str, ...], official: Any, part: Any
) -> None:
    schema = response_schema(*where)
    body = minimal(schema)
    assert_spec_accepts(schema, body)
    official.model_validate(part(body) if part else body)


def test_models_list_page_differs_from_the_official_page_only_in_object() -> None:
    # openai's page model requires `object`; new-api's ListModels (controller/model.go) sends only
    # {success, data}. The official client builds its page without validation, so it still works.
    body = minimal(response_schema("/v1/models", "get"))
    assert set(body) == {"data"}
    page = openai.pagination.SyncPage[openai.types.Model]
    page.model_validate({**body, "object": "list"})


# Stream events, content blocks and deltas: every variant the spec names, not only the first.
STREAM_EVENT = TypeAdapter(anthropic.types.RawMessageStreamEvent)
CONTENT_BLOCK = TypeAdapter(anthropic.types.ContentBlock)
BLOCK_DELTA = TypeAdapter(anthropic.types.RawContentBlockDelta)


def _named_variants(component: str) -> list[Any]:
    members = variants({"$ref": f"#/components/schemas/{component}"})
    return [pytest.param(m, id=m["properties"]["type"].get("const", "other")) for m in members]


# anthropic handles `ping` and `error` events before its RawMessageStreamEvent union sees them.
_MESSAGE_EVENTS = [
    v for v in _named_variants("AnthropicStreamEvent") if v.id not in ("ping", "error")
]


@pytest.mark.parametrize("variant", _MESSAGE_EVENTS)
def test_each_stream_event_satisfies_the_official_union(variant: dict[str, Any]) -> None:
    STREAM_EVENT.validate_python(minimal(variant))


@pytest.mark.parametrize("variant", _named_variants("AnthropicContentBlock"))
def test_each_known_content_block_satisfies_the_official_union(variant: dict[str, Any]) -> None:
    if "const" not in variant["properties"]["type"]:
        # The catch-all for types added later: the official union is closed, ours is open on purpose.
        assert "not" in variant["properties"]["type"]
        return
    CONTENT_BLOCK.validate_python(minimal(variant))


@pytest.mark.parametrize("variant", _named_variants("AnthropicContentBlockDelta"))
def test_each_known_delta_satisfies_the_official_union(variant: dict[str, Any]) -> None:
    if "const" not in variant["properties"]["type"]:
        assert "not" in variant["properties"]["type"]
        return
    delta = minimal(variant)
    if delta["type"] == "citations_delta":
        # Our citation is an open object (only `type` required); give it one official citation's fields.
        delta["citation"] = {
            "type": "char_location",
            "cited_text": "x",
            "document_index": 0,
            "document_title": None,
            "start_char_index": 0,
            "end_char_index": 1,
        }
    BLOCK_DELTA.validate_python(delta)


def test_the_builder_sees_a_missing_requirement() -> None:
    """The check can fail: drop `finish_reason` from the required list and the official model objects."""
    choice = dict(resolve({"$ref": "#/components/schemas/ChatCompletionChoice"}))
    choice["required"] = [r for r in choice["required"] if r != "finish_reason"]
    body = minimal(response_schema("/v1/chat/completions", "post"))
    body["choices"] = [minimal(choice)]
    with pytest.raises(Exception, match="finish_reason"):
        openai.types.chat.ChatCompletion.model_validate(body)
