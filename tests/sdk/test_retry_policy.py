"""The spec's retry marks reach the wire: the generated SDK against a local server that fails on purpose.

The runtime's own fault tests (tests/runtime) cover every failure kind; these check the wiring from
`x-retry-safe` and the HTTP method through the generated methods.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import gitaigc
import pytest


class FlakyServer(ThreadingHTTPServer):
    """Answers `status` (with `retry-after-ms: 1`) to the first `failures` requests, then 200 `body`."""

    def __init__(self, status: int, failures: int, body: object) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.status, self.failures, self.body = status, failures, body
        self.paths: list[str] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FlakyServer

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self._answer()

    def _answer(self) -> None:
        self.server.paths.append(self.path)
        failing = len(self.server.paths) <= self.server.failures
        payload = json.dumps(
            {"error": {"message": "busy"}} if failing else self.server.body
        ).encode()
        self.send_response(self.server.status if failing else 200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.send_header(
            "retry-after-ms", "1"
        )  # keeps the test fast, and checks the header is honoured
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def flaky(request: pytest.FixtureRequest) -> Iterator[FlakyServer]:
    status, failures, body = request.param
    server = FlakyServer(status, failures, body)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


EMBEDDING = {
    "object": "list",
    "data": [{"object": "embedding", "index": 0, "embedding": [0.1]}],
    "model": "m",
    "usage": {"prompt_tokens": 1, "total_tokens": 1},
}
IMAGE = {"created": 1, "data": [{"url": "https://example.com/a.png"}]}


@pytest.mark.parametrize("flaky", [(503, 2, EMBEDDING)], indirect=True)
def test_a_retry_safe_post_is_retried_on_503(flaky: FlakyServer) -> None:
    with gitaigc.Gitaigc(api_key="sk", base_url=flaky.base_url, max_retries=2) as client:
        result = client.embeddings.create(model="m", input="hi")
    assert result.data[0].embedding == [0.1]
    assert len(flaky.paths) == 3


@pytest.mark.parametrize("flaky", [(503, 1, IMAGE)], indirect=True)
def test_a_billable_post_is_not_resent_after_503(flaky: FlakyServer) -> None:
    with (
        gitaigc.Gitaigc(api_key="sk", base_url=flaky.base_url, max_retries=2) as client,
        pytest.raises(gitaigc.InternalServerError) as caught,
    ):
        client.images.generate(model="dall-e-3", prompt="a cat")
    assert len(flaky.paths) == 1
    assert caught.value.status_code == 503
    assert "sk" not in str(caught.value).split("returned")[0].split("//")[0]


@pytest.mark.parametrize("flaky", [(503, 1, IMAGE)], indirect=True)
def test_an_idempotency_key_makes_a_billable_post_retryable(flaky: FlakyServer) -> None:
    with gitaigc.Gitaigc(api_key="sk", base_url=flaky.base_url, max_retries=2) as client:
        result = client.images.generate(model="dall-e-3", prompt="a cat", idempotency_key="job-42")
    assert result.data
    assert len(flaky.paths) == 2


@pytest.mark.parametrize("flaky", [(429, 1, IMAGE)], indirect=True)
def test_a_billable_post_is_retried_after_429(flaky: FlakyServer) -> None:
    with gitaigc.Gitaigc(api_key="sk", base_url=flaky.base_url, max_retries=2) as client:
        assert client.images.generate(model="dall-e-3", prompt="a cat").data
    assert len(flaky.paths) == 2


@pytest.mark.parametrize("flaky", [(502, 5, {"object": "list", "data": []})], indirect=True)
def test_a_get_gives_up_after_max_retries(flaky: FlakyServer) -> None:
    with (
        gitaigc.Gitaigc(api_key="sk", base_url=flaky.base_url, max_retries=3) as client,
        pytest.raises(gitaigc.InternalServerError),
    ):
        client.models.list()
    assert len(flaky.paths) == 4
