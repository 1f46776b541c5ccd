"""The generated SDK against replies shaped like the relay's real ones (issue 8), over HTTP on 127.0.0.1.

One test (or a few) per finding of the relay-fidelity audit; the number in each name is the finding's.
The replies are the spec's own named examples (picked with ``X-Mock-Example``; error statuses with
``X-Mock-Status``), and the mock server validates every request against the spec, so a test passes
only if the spec admits the real shape in both directions. Where the upstream source said something
that only documentation can carry (a field the relay drops), the test checks that the warning reaches
the generated code.
"""

from __future__ import annotations

import inspect
import json
import threading
import typing
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import gitaigc
import pytest
from gitaigc import Gitaigc

from tests.support.mock_server import EXAMPLE_HEADER, STATUS_HEADER, MockServer

ENVELOPE_MESSAGE = "无效的令牌"


@pytest.fixture
def client(mock: MockServer) -> Iterator[Gitaigc]:
    with Gitaigc(api_key="sk-secret-123", base_url=mock.base_url, max_retries=0) as opened:
        yield opened


def example(name: str, status: int | None = None) -> dict[str, str]:
    headers = {EXAMPLE_HEADER: name}
    if status is not None:
        headers[STATUS_HEADER] = str(status)
    return headers


def literal_values(annotation: Any) -> set[Any]:
    """Every value of the Literal members of a (possibly open) union alias."""
    values: set[Any] = set()
    for member in typing.get_args(annotation) or (annotation,):
        if typing.get_origin(member) is typing.Literal:
            values.update(typing.get_args(member))
    return values


# ---- 1. Midjourney Task.status "" and the relay's own action values ------------------------------


def test_1_a_task_fetched_right_after_submit_has_status_empty_string(client: Gitaigc) -> None:
    task = client.midjourney.fetch("1730621826053455", extra_headers=example("just-submitted"))
    assert task.status == ""
    assert task.progress == "0%"


def test_1_the_empty_status_and_the_relays_actions_are_declared_values(client: Gitaigc) -> None:
    # Declared, not merely tolerated by the open enum: clients in other languages see them too.
    assert "" in literal_values(gitaigc.models.TaskStatus)
    assert {
        "INPAINT",
        "CUSTOM_ZOOM",
        "MODAL",
        "HIGH_VARIATION",
        "LOW_VARIATION",
        "UPLOAD",
    } <= literal_values(gitaigc.models.TaskAction)
    task = client.midjourney.fetch("1730621999000111", extra_headers=example("variation-of-relay"))
    assert task.action == "LOW_VARIATION"


def test_1_waiting_keeps_polling_through_the_empty_status(mock: MockServer) -> None:
    with (
        Gitaigc(
            api_key="sk-secret-123",
            base_url=mock.base_url,
            max_retries=0,
            default_headers=example("just-submitted"),
        ) as client,
        pytest.raises(gitaigc.TaskTimeoutError),
    ):
        client.midjourney.wait("1730621826053455", poll_timeout=3.0, poll_interval=0.01)
    assert len(mock.requests) >= 2, "an empty status is not terminal"


# ---- 2. Task.buttons and Task.properties may be null ----------------------------------------------


def test_2_buttons_and_properties_null_parse(client: Gitaigc) -> None:
    task = client.midjourney.fetch("1730621826053455", extra_headers=example("just-submitted"))
    assert task.buttons is None
    assert task.properties is None


# ---- 3. The OpenAI error envelope on /mj, /suno and /v1/messages ------------------------------------


def _call_mj(client: Gitaigc, headers: dict[str, str]) -> Any:
    return client.midjourney.imagine(prompt="a cat", extra_headers=headers)


def _call_suno(client: Gitaigc, headers: dict[str, str]) -> Any:
    return client.suno.submit_lyrics(prompt="dance", extra_headers=headers)


def _call_messages(client: Gitaigc, headers: dict[str, str]) -> Any:
    return client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=16,
        messages=[{"role": "user", "content": "hi"}],
        extra_headers=headers,
    )


ROUTES = [
    pytest.param(_call_mj, id="mj"),
    pytest.param(_call_suno, id="suno"),
    pytest.param(_call_messages, id="messages"),
]
# The message of each route's `openai-envelope` example.
ENVELOPE_MESSAGES = {
    _call_mj: "Invalid request, unknown_action:MJ::Job::PicReader::1",
    _call_suno: ENVELOPE_MESSAGE,
    _call_messages: ENVELOPE_MESSAGE,
}


@pytest.mark.parametrize("call", ROUTES)
def test_3_an_openai_envelope_raises_a_typed_status_error_with_its_body(
    client: Gitaigc, call: Any
) -> None:
    with pytest.raises(gitaigc.AuthenticationError) as caught:
        call(client, example("openai-envelope", 401))
    assert caught.value.status_code == 401
    assert caught.value.body == {"message": ENVELOPE_MESSAGES[call], "type": "new_api_error"}
    assert caught.value.type == "new_api_error"
    assert str(caught.value) == f"Error code: 401 - {ENVELOPE_MESSAGES[call]}"


@pytest.mark.parametrize("call", ROUTES)
def test_3_the_typed_error_carries_the_envelopes_message(client: Gitaigc, call: Any) -> None:
    with pytest.raises(gitaigc.APIStatusError) as caught:
        call(client, example("openai-envelope", 403))
    body = caught.value.body
    assert isinstance(body, dict)
    assert caught.value.message == body["message"]


def test_3_the_routes_own_error_shapes_still_raise(client: Gitaigc) -> None:
    with pytest.raises(gitaigc.BadRequestError) as caught:
        _call_mj(client, example("relay-refusal", 400))
    assert caught.value.body == {
        "code": 4,
        "description": "prompt_is_required ",
        "type": "upstream_error",
    }
    assert (caught.value.code, caught.value.message) == (4, "prompt_is_required")


# ---- 4. Anthropic extended thinking, thinking deltas, and block types added later -----------------


def test_4_a_message_with_thinking_blocks_parses(client: Gitaigc) -> None:
    message = client.messages.create(
        model="claude-sonnet-4-20250514",
        max_tokens=16000,
        thinking={"type": "enabled", "budget_tokens": 10000},
        messages=[{"role": "user", "content": "今天北京的天气怎么样?"}],
        extra_headers=example("thinking"),
    )
    thinking, redacted, text = message.content
    assert isinstance(thinking, gitaigc.models.AnthropicThinkingBlock) and thinking.signature
    assert isinstance(redacted, gitaigc.models.AnthropicRedactedThinkingBlock) and redacted.data
    assert isinstance(text, gitaigc.models.AnthropicTextBlock)
    assert text.citations and text.citations[0]["cited_text"] == "北京今日空气质量良好。"


def test_4_a_stream_yields_thinking_signature_and_citation_deltas(client: Gitaigc) -> None:
    with client.messages.create(
        model="claude-sonnet-4-20250514",
        max_tokens=16000,
        thinking={"type": "enabled", "budget_tokens": 10000},
        messages=[{"role": "user", "content": "What is 6 x 7?"}],
        stream=True,
        extra_headers=example("thinking"),
    ) as stream:
        deltas = [
            e.delta for e in stream if isinstance(e, gitaigc.models.AnthropicContentBlockDeltaEvent)
        ]
    kinds = [type(d).__name__ for d in deltas]
    assert kinds == [
        "AnthropicThinkingDelta",
        "AnthropicThinkingDelta",
        "AnthropicSignatureDelta",
        "AnthropicTextDelta",
        "AnthropicCitationsDelta",
    ]
    assert "".join(
        d.thinking for d in deltas if isinstance(d, gitaigc.models.AnthropicThinkingDelta)
    ) == ("Let me think step by step.")


def test_4_thinking_and_document_blocks_can_be_sent_back(client: Gitaigc, mock: MockServer) -> None:
    client.messages.create(
        model="claude-sonnet-4-20250514",
        max_tokens=16000,
        thinking={"type": "enabled", "budget_tokens": 10000},
        messages=[
            {"role": "user", "content": "今天北京的天气怎么样?"},
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "call get_weather", "signature": "EqQB"},
                    {"type": "redacted_thinking", "data": "EmwK"},
                    {
                        "type": "tool_use",
                        "id": "toolu_01",
                        "name": "get_weather",
                        "input": {"location": "北京"},
                    },
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_01", "content": "晴"},
                    {
                        "type": "document",
                        "source": {"type": "text", "media_type": "text/plain", "data": "空气良好"},
                    },
                ],
            },
        ],
    )
    sent = mock.requests[0].json()["messages"][1]["content"]
    assert [block["type"] for block in sent] == ["thinking", "redacted_thinking", "tool_use"]


def test_4_an_unknown_content_block_type_is_kept_not_fatal(client: Gitaigc) -> None:
    message = client.messages.create(
        model="claude-sonnet-4-20250514",
        max_tokens=1024,
        messages=[{"role": "user", "content": "北京天气"}],
        extra_headers=example("unknown-block"),
    )
    other, text = message.content
    assert isinstance(other, gitaigc.models.AnthropicOtherContentBlock)
    assert other.type == "server_tool_use"
    assert other.model_extra == {
        "id": "srvtoolu_01",
        "name": "web_search",
        "input": {"query": "北京 天气"},
    }
    assert isinstance(text, gitaigc.models.AnthropicTextBlock)


# ---- 5. Ideogram: null url for unsafe images, newer models, num_images ------------------------------


def test_5_an_unsafe_image_has_url_null(client: Gitaigc) -> None:
    reply = client.images.ideogram(
        image_request={"prompt": "A lighthouse at sunset", "model": "V_2A_TURBO", "num_images": 2},
        extra_headers=example("unsafe"),
    )
    safe, unsafe = reply.data
    assert safe.url and safe.style_type is None
    assert unsafe.is_image_safe is False and unsafe.url is None


def test_5_new_models_and_num_images_are_sent(client: Gitaigc, mock: MockServer) -> None:
    client.images.ideogram(image_request={"prompt": "p", "model": "V_2A", "num_images": 8})
    assert mock.requests[0].json()["image_request"] == {
        "prompt": "p",
        "model": "V_2A",
        "num_images": 8,
    }
    assert {"V_2A", "V_2A_TURBO"} <= literal_values(
        gitaigc.models.IdeogramImageRequest.model_fields["model"].annotation
    )


# ---- 6. notifyHook / accountFilter / notify_hook are dropped by a stock relay ----------------------


def test_6_the_dropped_fields_are_still_accepted_and_the_sdk_says_they_are_dropped(
    client: Gitaigc, mock: MockServer
) -> None:
    client.suno.submit_lyrics(prompt="dance", notify_hook="https://example.com/hook")
    assert mock.requests[0].json()["notify_hook"] == "https://example.com/hook"
    assert "removes this field" in inspect.getsource(gitaigc.models.SubmitImagineDto)
    assert "never used" in inspect.getsource(gitaigc.models.SunoLyricsRequest)
    assert "removes it before forwarding" in (gitaigc.models.AccountFilter.__doc__ or "")


# ---- 7. Codes 21/22 and buttons the relay cannot press ----------------------------------------------


def test_7_a_describe_button_is_refused_with_a_400_envelope(client: Gitaigc) -> None:
    with pytest.raises(gitaigc.BadRequestError) as caught:
        client.midjourney.action(
            task_id_="14001934816969359",
            custom_id="MJ::Job::PicReader::1",
            extra_headers=example("openai-envelope", 400),
        )
    assert "unknown_action" in str(caught.value)
    assert "PicReader" in (client.midjourney.action.__doc__ or "")


# ---- 8. Polling cadence: the relay refreshes tasks every 15 s ------------------------------------


@pytest.mark.parametrize(
    "method",
    ["midjourney.imagine_and_wait", "midjourney.action_and_wait", "suno.submit_music_and_wait"],
)
def test_8_default_poll_interval_matches_the_relays_refresh(client: Gitaigc, method: str) -> None:
    resource, name = method.split(".")
    bound = getattr(getattr(client, resource), name)
    assert inspect.signature(bound).parameters["poll_interval"].default == 15.0


# ---- 9. GET /mj/image/{id} and POST /suno/fetch -------------------------------------------------------


def test_9_the_image_url_route_returns_bytes_without_credentials(
    client: Gitaigc, mock: MockServer
) -> None:
    image = client.midjourney.image("1730621999000111")
    assert isinstance(image, gitaigc.BinaryResponse)
    assert image.content == b"(PNG image bytes)"
    assert (image.content_type or "").startswith("image/")
    assert mock.requests[0].path == "/mj/image/1730621999000111"
    assert "authorization" not in mock.requests[0].headers
    task = client.midjourney.fetch("1730621999000111", extra_headers=example("variation-of-relay"))
    assert "/mj/image/1730621999000111" in (task.image_url or "")


def test_9_suno_fetch_many_returns_tasks_by_id(client: Gitaigc, mock: MockServer) -> None:
    reply = client.suno.fetch_many(
        ids=["ba46ad15-07ce-41a6-b68d-196321dc00d5", "f4a94d75-087b-4bb1-bd45-53ba293faf96"]
    )
    assert [t.status for t in reply.data] == ["IN_PROGRESS", "SUCCESS"]
    assert isinstance(reply.data[1].data, gitaigc.models.SunoLyrics)
    assert mock.requests[0].json() == {
        "ids": ["ba46ad15-07ce-41a6-b68d-196321dc00d5", "f4a94d75-087b-4bb1-bd45-53ba293faf96"]
    }


# ---- 10. Chat requests: nulls, audio and file parts, tool_choice variants ---------------------------


def test_10_none_is_sent_as_null_and_validates(client: Gitaigc, mock: MockServer) -> None:
    client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "hi"}],
        temperature=None,
        top_p=None,
        n=None,
        max_tokens=None,
        logprobs=None,
        logit_bias=None,
        seed=None,
        top_logprobs=None,
        stop=None,
        stream_options=None,
    )
    body = mock.requests[0].json()
    for name in (
        "temperature",
        "top_p",
        "n",
        "max_tokens",
        "logprobs",
        "logit_bias",
        "seed",
        "top_logprobs",
        "stop",
        "stream_options",
    ):
        assert name in body and body[name] is None, name


def test_10_audio_and_file_parts_and_new_tool_choices_validate(
    client: Gitaigc, mock: MockServer
) -> None:
    tool = {
        "type": "function",
        "function": {"name": "get_weather", "parameters": {"type": "object"}},
    }
    for choice in (
        {
            "type": "allowed_tools",
            "allowed_tools": {
                "mode": "auto",
                "tools": [{"type": "function", "function": {"name": "get_weather"}}],
            },
        },
        {"type": "custom", "custom": {"name": "grammar_tool"}},
    ):
        client.chat.completions.create(
            model="gpt-4o-audio-preview",
            messages=[
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "Transcribe and summarise"},
                        {
                            "type": "input_audio",
                            "input_audio": {"data": "UklGRiQ=", "format": "wav"},
                        },
                        {
                            "type": "file",
                            "file": {
                                "filename": "a.pdf",
                                "file_data": "data:application/pdf;base64,JVBERi0=",
                            },
                        },
                    ],
                }
            ],
            tools=[tool],
            tool_choice=choice,
        )
    assert [r.json()["tool_choice"]["type"] for r in mock.requests] == ["allowed_tools", "custom"]


def test_10_the_sdk_says_which_fields_a_stock_relay_drops() -> None:
    source = inspect.getsource(gitaigc.models.CreateChatCompletionRequest)
    assert "Older relay versions drop it" in source  # logit_bias, parallel_tool_calls
    assert "does not pass it on" in inspect.getsource(gitaigc.models.FunctionDefinition)  # strict
    assert "drops it on OpenAI-type channels" in inspect.getsource(
        gitaigc.models.CreateImageRequest
    )


def test_10_finish_reason_is_required_in_a_choice() -> None:
    assert gitaigc.models.ChatCompletionChoice.model_fields["finish_reason"].is_required()


# ---- 11. Suno songs: tags and duration under metadata ------------------------------------------------


def test_11_song_tags_and_duration_are_in_metadata(client: Gitaigc) -> None:
    reply = client.suno.fetch("ba46ad15-07ce-41a6-b68d-196321dc00d5")
    assert reply.data is not None and isinstance(reply.data.data, list)
    song = reply.data.data[0]
    assert song.metadata is not None
    assert (song.metadata.tags, song.metadata.duration) == ("emotional punk", 219.04)
    assert not {"mv", "state", "tags", "duration"} & set(gitaigc.models.SunoSong.model_fields)


# ---- 12. Rerank: no id; top_n should be sent ----------------------------------------------------------


def test_12_rerank_reply_has_no_id_and_top_n_is_sent(client: Gitaigc, mock: MockServer) -> None:
    reply = client.rerank.create(
        model="BAAI/bge-reranker-v2-m3", query="q", documents=["a", "b"], top_n=2
    )
    assert [r.index for r in reply.results] == [0, 1]
    assert "id" not in gitaigc.models.RerankResponse.model_fields
    assert mock.requests[0].json()["top_n"] == 2
    assert "Cohere" in inspect.getsource(gitaigc.models.RerankRequest)


# ---- 13. anthropic-version is optional; anthropic-beta is not forwarded ------------------------------


def test_13_a_message_without_anthropic_version_validates(
    client: Gitaigc, mock: MockServer
) -> None:
    client.messages.create(
        model="claude-sonnet-4-5", max_tokens=16, messages=[{"role": "user", "content": "hi"}]
    )
    assert "anthropic-version" not in mock.requests[0].headers


def test_13_the_sdk_says_when_anthropic_beta_is_forwarded(client: Gitaigc) -> None:
    assert "depends on the relay version" in (client.messages.create.__doc__ or "")


# ---- 14. YAML 1.1 booleans: ON/OFF stay strings ------------------------------------------------------


def test_14_magic_prompt_option_is_typed_with_strings(client: Gitaigc, mock: MockServer) -> None:
    annotation = gitaigc.models.IdeogramImageRequest.model_fields["magic_prompt_option"].annotation
    assert literal_values(annotation) == {"AUTO", "ON", "OFF"}
    client.images.ideogram(image_request={"prompt": "p", "magic_prompt_option": "OFF"})
    assert mock.requests[0].json()["image_request"]["magic_prompt_option"] == "OFF"


# ---- models.retrieve (the official client's call) -----------------------------------------------------


def test_models_retrieve_returns_a_full_model(client: Gitaigc, mock: MockServer) -> None:
    model = client.models.retrieve("gpt-4o")
    assert (model.id, model.object, model.owned_by) == ("gpt-4o", "model", "openai")
    assert mock.requests[0].path == "/v1/models/gpt-4o"
    required = {
        name for name, field in gitaigc.models.Model.model_fields.items() if field.is_required()
    }
    assert required == {"id", "object", "created", "owned_by"}


def test_models_retrieve_of_an_unknown_model_raises_from_a_200_envelope() -> None:
    # controller/model.go (new-api, RetrieveModel) answers an unknown model with HTTP 200 and an error
    # envelope. The spec cannot hold that body as a 200 example (it is not a Model), so a one-route
    # server on 127.0.0.1 plays the relay here.
    body = json.dumps(
        {
            "error": {
                "message": "The model 'gpt-9' does not exist",
                "type": "invalid_request_error",
                "param": "model",
                "code": "model_not_found",
            }
        }
    ).encode()

    class Relay(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Relay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base_url = f"http://127.0.0.1:{server.server_address[1]}"
        with (
            Gitaigc(api_key="sk-test", base_url=base_url, max_retries=0) as client,
            pytest.raises(gitaigc.APIResultError) as caught,
        ):
            client.models.retrieve("gpt-9")
    finally:
        server.shutdown()
        server.server_close()
    assert "The model 'gpt-9' does not exist" in str(caught.value)
    assert caught.value.code is None  # `object` is missing: not a model
