"""Every name in ``openai.__all__`` is exported by ``gitaigc`` under the same name with the same meaning,
or is listed in ``NOT_EXPORTED`` with the reason. The installed ``openai`` package is the oracle: the
shared names are compared with it (exception hierarchy, defaults, method signatures, model dumps)."""

from __future__ import annotations

import inspect
import json
from typing import Any

import gitaigc
import httpx2
import openai
import pydantic
import pytest

from tests.support.mock_server import MockServer

NOT_EXPORTED: dict[str, str] = {
    # The client and its error base are named after the API: porting renames them, by design.
    "OpenAI": "the client is Gitaigc",
    "AsyncOpenAI": "the client is AsyncGitaigc",
    "Client": "openai's alias of OpenAI; a spec may name its own client `Client`, so no generic alias",
    "AsyncClient": "openai's alias of AsyncOpenAI; see Client",
    "OpenAIError": "the error base is GitaigcError",
    # OpenAI platform features the relay does not offer.
    "BedrockOpenAI": "AWS Bedrock client: not a relay feature",
    "AsyncBedrockOpenAI": "AWS Bedrock client: not a relay feature",
    "ComputerDriver": "computer-use tool runner: not a relay feature",
    "AsyncComputerDriver": "computer-use tool runner: not a relay feature",
    "ComputerToolset": "computer-use tool runner: not a relay feature",
    "AsyncComputerToolset": "computer-use tool runner: not a relay feature",
    "DataResidency": "OpenAI's regional endpoints: the relay has one base URL",
    "OAuthError": "OpenAI's OAuth login: the relay takes API keys only",
    "InvalidWebhookSignatureError": "webhook verification: the relay sends no webhooks",
    "ReconnectingEvent": "Realtime websocket reconnection: the relay has no websocket API",
    "ReconnectingOverrides": "Realtime websocket reconnection: the relay has no websocket API",
    "WebSocketConnectionClosedError": "Realtime websocket API: not offered by the relay",
    "WebSocketQueueFullError": "Realtime websocket API: not offered by the relay",
    "ContentFilterFinishReasonError": "raised by openai's `.parse()` structured-output helpers, which the SDK does not have",
    "LengthFinishReasonError": "raised by openai's `.parse()` structured-output helpers, which the SDK does not have",
    # Different machinery, so the same name would promise something else.
    "RequestOptions": "openai's is a TypedDict of low-level request options; the SDK's RequestOptions is another shape (per-call extra_* and timeout)",
    "DefaultAioHttpClient": "an aiohttp transport: the SDK runs on httpx2 only",
    "Transport": "an httpx transport type alias for openai's own low-level client; pass http_client= instead",
    "ProxiesTypes": "a type alias of openai's proxy argument; proxies go on DefaultHttpxClient(proxy=...)",
    "file_from_path": "uploads take a path, bytes, a file or a (name, content, type) tuple directly",
    "NoneType": "openai re-exports types.NoneType by accident; nothing to port",
    "types": "the typed models are `gitaigc.models`",
    "__title__": "the distribution name is in the package metadata",
}


def test_every_openai_name_is_exported_or_excluded_with_a_reason() -> None:
    missing = set(openai.__all__) - set(gitaigc.__all__)
    assert missing == set(NOT_EXPORTED), {
        "exported by openai, neither exported nor excluded here": sorted(
            missing - set(NOT_EXPORTED)
        ),
        "excluded here but exported now, or gone from openai": sorted(set(NOT_EXPORTED) - missing),
    }
    for name in gitaigc.__all__:
        getattr(gitaigc, name)  # every export resolves


def shared() -> list[str]:
    return sorted(set(openai.__all__) & set(gitaigc.__all__))


def test_shared_exceptions_keep_openais_hierarchy() -> None:
    errors = [
        n
        for n in shared()
        if isinstance(getattr(openai, n), type) and issubclass(getattr(openai, n), Exception)
    ]
    assert len(errors) >= 12
    for child in errors:
        assert issubclass(getattr(gitaigc, child), gitaigc.GitaigcError)
        for parent in errors:
            theirs = issubclass(getattr(openai, child), getattr(openai, parent))
            assert issubclass(getattr(gitaigc, child), getattr(gitaigc, parent)) == theirs, (
                child,
                parent,
            )


def test_sentinels_and_defaults_mean_what_they_mean_in_openai() -> None:
    assert gitaigc.not_given is gitaigc.NOT_GIVEN and isinstance(
        gitaigc.NOT_GIVEN, gitaigc.NotGiven
    )
    assert not gitaigc.NOT_GIVEN and not gitaigc.omit and isinstance(gitaigc.omit, gitaigc.Omit)
    assert gitaigc.Timeout is openai.Timeout is httpx2.Timeout
    assert gitaigc.DEFAULT_MAX_RETRIES == openai.DEFAULT_MAX_RETRIES
    assert gitaigc.DEFAULT_TIMEOUT == openai.DEFAULT_TIMEOUT
    assert repr(gitaigc.DEFAULT_CONNECTION_LIMITS) == repr(openai.DEFAULT_CONNECTION_LIMITS)
    for ours, theirs in [
        (gitaigc.DefaultHttpxClient, openai.DefaultHttpxClient),
        (gitaigc.DefaultAsyncHttpxClient, openai.DefaultAsyncHttpxClient),
    ]:
        assert issubclass(ours, theirs.__mro__[1])  # the same httpx2 client class underneath
    with gitaigc.DefaultHttpxClient() as client:
        assert client.timeout == gitaigc.DEFAULT_TIMEOUT and client.follow_redirects
    assert gitaigc.DefaultHttpx2Client is gitaigc.DefaultHttpxClient
    assert issubclass(gitaigc.BaseModel, pydantic.BaseModel)
    assert hasattr(gitaigc.Stream, "__iter__") and hasattr(gitaigc.AsyncStream, "__aiter__")


@pytest.mark.parametrize("method", ["to_dict", "to_json"])
def test_model_dump_helpers_take_openais_arguments(method: str) -> None:
    ours = inspect.signature(getattr(gitaigc.BaseModel, method)).parameters
    theirs = inspect.signature(getattr(openai.BaseModel, method)).parameters
    assert [(p.name, p.default) for p in ours.values()] == [
        (p.name, p.default) for p in theirs.values()
    ]


def test_to_dict_and_to_json_agree_with_openai_on_the_same_payload() -> None:
    from gitaigc.models import ChatCompletion
    from openai.types.chat import ChatCompletion as TheirCompletion

    payload: dict[str, Any] = {
        "id": "c1",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}
        ],
    }
    ours, theirs = ChatCompletion.model_validate(payload), TheirCompletion.model_validate(payload)
    assert ours.to_dict() == theirs.to_dict() == payload  # only what the server sent, by wire name
    assert ours.to_dict(mode="json", exclude_unset=False)["usage"] is None
    # The same JSON, indented by 2 by default (the key order is each model's field order).
    assert json.loads(ours.to_json()) == json.loads(theirs.to_json()) == payload
    assert ours.to_json().startswith('{\n  "') and theirs.to_json().startswith('{\n  "')
    assert "\n" not in ours.to_json(indent=None)


def test_omit_removes_a_header_the_sdk_would_send(mock: MockServer) -> None:
    with gitaigc.Gitaigc(api_key="sk-test", base_url=f"{mock.base_url}/v1") as client:
        client.models.list(extra_headers={"User-Agent": gitaigc.omit, "X-Extra": "1"})
        client.models.list()
    without, with_ = mock.requests
    assert "user-agent" not in without.headers or not without.headers["user-agent"].startswith(
        "Gitaigc/"
    )
    assert without.headers["x-extra"] == "1"
    assert with_.headers["user-agent"].startswith("Gitaigc/")
