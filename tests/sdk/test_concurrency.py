"""One generated client shared by 32 threads, and one async client by 500 tasks: every response must
belong to its own request. The server echoes each request's `input` back as the response's `model`."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import gitaigc
import pytest


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so the pool really is shared

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        payload = json.dumps(
            {
                "object": "list",
                "model": body["input"],
                "data": [{"object": "embedding", "index": 0, "embedding": [0.0]}],
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            }
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


class _EchoServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the default backlog of 5 resets connections opened in a burst


@pytest.fixture(scope="module")
def echo_url() -> Iterator[str]:
    server = _EchoServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_32_threads_share_one_client(echo_url: str) -> None:
    with gitaigc.Gitaigc(api_key="sk", base_url=echo_url, max_retries=0, timeout=60.0) as client:

        def call(i: int) -> tuple[str, str]:
            return f"req-{i}", client.embeddings.create(model="m", input=f"req-{i}").model

        with ThreadPoolExecutor(max_workers=32) as pool:
            pairs = list(pool.map(call, range(320)))
    assert all(sent == received for sent, received in pairs)
    assert len({received for _, received in pairs}) == 320


def test_500_tasks_share_one_async_client(echo_url: str) -> None:
    async def main() -> list[tuple[str, str]]:
        # A generous timeout: the point is one shared pool, and on a loaded 2-core machine 500 connects
        # queued on one event loop can outlast the default 5 s connect timeout (seen as ConnectTimeout).
        async with gitaigc.AsyncGitaigc(
            api_key="sk", base_url=echo_url, max_retries=0, timeout=60.0
        ) as client:

            async def call(i: int) -> tuple[str, str]:
                result = await client.embeddings.create(model="m", input=f"task-{i}")
                return f"task-{i}", result.model

            return await asyncio.gather(*(call(i) for i in range(500)))

    pairs = asyncio.run(main())
    assert all(sent == received for sent, received in pairs)
    assert len(pairs) == 500
