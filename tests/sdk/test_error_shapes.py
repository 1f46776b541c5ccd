"""Error fields read where the spec's declared error schemas put them (issue 11, item 3), over HTTP on
127.0.0.1 with the generated SDK.

A small server answers every request with the status and JSON body a test queues. The OpenAI and
Anthropic bodies are validated first against the official packages' models, so they are the shapes
those APIs answer, not ours; the Midjourney and Suno ones are the spec's own examples' shapes, which
the relay-fidelity tests check against the mock server.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import anthropic.types
import gitaigc
import openai.types
import pytest
from gitaigc import Gitaigc


class _ErrorServer:
    """Answers each request with the queued ``(status, body)``; records the paths it was asked for."""

    def __init__(self) -> None:
        self.reply: tuple[int, Any] = (500, {})
        self.paths: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                server.paths.append(self.path)
                status, body = server.reply
                payload = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.send_header("x-request-id", "req_123")
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _answer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture(scope="module")
def server() -> Iterator[_ErrorServer]:
    running = _ErrorServer()
    thread = threading.Thread(target=running.httpd.serve_forever, daemon=True)
    thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


@pytest.fixture
def client(server: _ErrorServer) -> Iterator[Gitaigc]:
    server.paths.clear()
    with Gitaigc(api_key="sk-secret-123", base_url=server.base_url, max_retries=0) as opened:
        yield opened


def _chat(client: Gitaigc) -> object:
    return client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}]
    )


def _messages(client: Gitaigc) -> object:
    return client.messages.create(
        model="claude-sonnet-4-5", max_tokens=64, messages=[{"role": "user", "content": "hi"}]
    )


def _mj(client: Gitaigc) -> object:
    return client.midjourney.imagine(prompt="a cat")


def _suno(client: Gitaigc) -> object:
    return client.suno.fetch("736a6f88-bd29-4b1e-b110-37132a5325ac")


def _raise(
    server: _ErrorServer, client: Gitaigc, call: Any, status: int, body: Any
) -> gitaigc.APIStatusError:
    server.reply = (status, body)
    with pytest.raises(gitaigc.APIStatusError) as caught:
        call(client)
    assert server.paths, "the call reached the server"
    return caught.value


OPENAI_ENVELOPE = {
    "error": {
        "message": "Rate limit reached for gpt-4o",
        "type": "requests",
        "param": None,
        "code": "rate_limit_exceeded",
    }
}
ANTHROPIC_ERROR = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}


def test_the_bodies_are_the_official_shapes() -> None:
    openai.types.ErrorObject.model_validate(OPENAI_ENVELOPE["error"])
    anthropic.types.ErrorResponse.model_validate(ANTHROPIC_ERROR)


def test_openai_envelope_on_chat(server: _ErrorServer, client: Gitaigc) -> None:
    error = _raise(server, client, _chat, 429, OPENAI_ENVELOPE)
    assert isinstance(error, gitaigc.RateLimitError)
    assert server.paths == ["/v1/chat/completions"]
    assert (error.message, error.code, error.type, error.param) == (
        "Rate limit reached for gpt-4o",
        "rate_limit_exceeded",
        "requests",
        None,
    )
    assert error.body == OPENAI_ENVELOPE["error"]
    assert error.request_id == "req_123"
    assert str(error) == "Error code: 429 - Rate limit reached for gpt-4o"


def test_anthropic_error_on_messages(server: _ErrorServer, client: Gitaigc) -> None:
    error = _raise(server, client, _messages, 529, ANTHROPIC_ERROR)
    assert isinstance(error, gitaigc.InternalServerError)
    assert server.paths == ["/v1/messages"]
    assert (error.message, error.code, error.type, error.param) == (
        "Overloaded",
        None,
        "overloaded_error",
        None,
    )
    assert error.body == ANTHROPIC_ERROR["error"]


def test_openai_envelope_on_messages_is_the_unions_other_member(
    server: _ErrorServer, client: Gitaigc
) -> None:
    # /v1/messages declares anyOf [Anthropic, OpenAI]: the envelope's code and param are found too.
    error = _raise(server, client, _messages, 429, OPENAI_ENVELOPE)
    assert (error.code, error.type, error.param) == ("rate_limit_exceeded", "requests", None)
    assert error.message == "Rate limit reached for gpt-4o"


def test_midjourney_code_and_description(server: _ErrorServer, client: Gitaigc) -> None:
    body = {"code": 24, "description": "banned word", "type": "upstream_error"}
    error = _raise(server, client, _mj, 400, body)
    assert isinstance(error, gitaigc.BadRequestError)
    assert server.paths == ["/mj/submit/imagine"]
    # `code` stays the int the body holds; `type` is not declared by the schema but sits beside the message.
    assert (error.message, error.code, error.type, error.param) == (
        "banned word",
        24,
        "upstream_error",
        None,
    )
    assert error.body == body


def test_suno_code_and_message(server: _ErrorServer, client: Gitaigc) -> None:
    body = {"code": "task_not_exist", "message": "task not exist", "data": None}
    error = _raise(server, client, _suno, 400, body)
    assert server.paths[0].startswith("/suno/fetch/")
    assert (error.message, error.code, error.type) == ("task not exist", "task_not_exist", None)
    assert error.body == body


@pytest.mark.parametrize(
    ("call", "expected"),
    [(_mj, "the description"), (_suno, "the message")],
    ids=["midjourney-declares-description", "suno-declares-message"],
)
def test_the_declared_shape_decides_between_message_and_description(
    server: _ErrorServer, client: Gitaigc, call: Any, expected: str
) -> None:
    # The common-shape guess would take `message` on both routes; the declared schema says which field it is.
    body = {"code": "x", "message": "the message", "description": "the description"}
    error = _raise(server, client, call, 400, body)
    assert error.message == expected
    assert str(error) == f"Error code: 400 - {expected}"


def test_an_undeclared_shape_falls_back_to_the_common_ones(
    server: _ErrorServer, client: Gitaigc
) -> None:
    error = _raise(server, client, _chat, 422, {"detail": "unprocessable thing"})
    assert isinstance(error, gitaigc.UnprocessableEntityError)
    assert (error.message, error.code, error.type) == ("unprocessable thing", None, None)
    assert error.body == {"detail": "unprocessable thing"}


def test_a_declared_message_that_is_not_a_string_falls_back(
    server: _ErrorServer, client: Gitaigc
) -> None:
    body = {"error": {"message": 42, "msg": "the real one", "code": "c"}}
    error = _raise(server, client, _chat, 400, body)
    assert error.message == "the real one"
    assert error.code == "c"


def test_a_key_echoed_in_the_declared_message_is_redacted(
    server: _ErrorServer, client: Gitaigc
) -> None:
    body = {"code": 4, "description": "bad key sk-secret-123"}
    error = _raise(server, client, _mj, 400, body)
    assert "sk-secret-123" not in str(error)
    assert "sk-secret-123" not in json.dumps(error.body)
