"""A real SDK generated from ``openapi.yaml`` (package ``rt``, client ``Rt``), and local fault servers."""

from __future__ import annotations

import contextlib
import importlib
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator import Config, generate
from generator.output.write import apply_plan, plan_write

SPEC = Path(__file__).with_name("openapi.yaml")
PACKAGE = "rt"
API_KEY = "sk-test-DO-NOT-LEAK-8c1f2e"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the ``rt`` package sdkforge generates from openapi.yaml, written once per session."""
    config = Config(package_name=PACKAGE, client_class="Rt", sdk_version="0.0.0")
    report = generate(SPEC, config, display=SPEC.name)
    assert report.ok, [d.format() for d in report.diagnostics]
    out = tmp_path_factory.mktemp("rt-sdk")
    apply_plan(plan_write(out, report.files))
    return out


@dataclass
class RT:
    """The generated package and its runtime modules (byte copies of generator/runtime), one attribute each."""

    pkg: ModuleType
    base: ModuleType
    exc: ModuleType
    streaming: ModuleType
    response: ModuleType
    files: ModuleType
    polling: ModuleType
    types: ModuleType
    models: ModuleType
    path: Path


@pytest.fixture(scope="session")
def rt(generated: Path) -> Iterator[RT]:
    assert PACKAGE not in sys.modules, f"another {PACKAGE} is already imported"
    sys.path.insert(0, str(generated))
    try:
        mods = {
            name: importlib.import_module(f"{PACKAGE}.{module}")
            for name, module in [
                ("base", "_base_client"),
                ("exc", "_exceptions"),
                ("streaming", "_streaming"),
                ("response", "_response"),
                ("files", "_files"),
                ("polling", "_polling"),
                ("types", "_types"),
                ("models", "_models"),
            ]
        }
        yield RT(pkg=importlib.import_module(PACKAGE), path=generated / PACKAGE, **mods)
    finally:
        sys.path.remove(str(generated))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


# -- local servers --------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Conn:
    """One accepted connection; handlers script exactly what the server does on it."""

    def __init__(self, sock: socket.socket, server: Server) -> None:
        self.sock = sock
        self.server = server
        self._buffer = b""

    def _recv_until(self, marker: bytes) -> bytes | None:
        while marker not in self._buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self._buffer += chunk
        head, _, self._buffer = self._buffer.partition(marker)
        return head

    def read_request(self) -> Request | None:
        try:
            head = self._recv_until(b"\r\n\r\n")
            if head is None:
                return None
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            while len(self._buffer) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return None
                self._buffer += chunk
            body, self._buffer = self._buffer[:length], self._buffer[length:]
        except OSError:
            return None
        request = Request(method, path, headers, body)
        self.server.record(request)
        return request

    def send(self, data: bytes) -> bool:
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def respond(
        self,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        reason: str | None = None,
        content_length: int | None = None,
    ) -> bool:
        from http import HTTPStatus

        phrase = reason if reason is not None else HTTPStatus(status).phrase
        all_headers = {"content-type": "application/json", **(headers or {})}
        all_headers["content-length"] = str(len(body) if content_length is None else content_length)
        head = f"HTTP/1.1 {status} {phrase}\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in all_headers.items()
        )
        return self.send(head.encode("latin-1") + b"\r\n" + body)

    def start_sse(self, headers: dict[str, str] | None = None) -> bool:
        head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        return self.send(head.encode() + b"\r\n")

    def reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def wait(self, seconds: float) -> bool:
        """Sleep unless the server is shutting down; True if the full time passed."""
        return not self.server.stopping.wait(seconds)


class Server:
    """A threaded TCP server on 127.0.0.1 running ``handler(conn)`` for every connection."""

    def __init__(self, handler: Callable[[Conn], None]) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self.accepted = 0
        self.open_connections = 0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._socks: list[socket.socket] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(1024)
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    def record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def next_index(self) -> int:
        with self._lock:
            return len(self.requests) - 1

    def _accept_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.settimeout(10)
            with self._lock:
                self.accepted += 1
                self.open_connections += 1
                self._socks.append(sock)
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        try:
            self.handler(Conn(sock, self))
        except OSError:
            pass
        finally:
            sock.close()
            with self._lock:
                self.open_connections -= 1

    def close(self) -> None:
        self.stopping.set()
        self._acceptor.join()
        self._listener.close()
        with self._lock:
            socks = list(self._socks)
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(5)
        for sock in socks:
            sock.close()


def keep_alive(respond: Callable[[Conn, Request], bool | None]) -> Callable[[Conn], None]:
    """A handler that serves requests on one connection until ``respond`` returns False."""

    def handler(conn: Conn) -> None:
        while True:
            request = conn.read_request()
            if request is None or respond(conn, request) is False:
                return

    return handler


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[Conn], None]], Server]]:
    servers: list[Server] = []

    def start(handler: Callable[[Conn], None]) -> Server:
        server = Server(handler)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def assert_pool_clean(client: Any) -> None:
    """No connection in the client's pool is still busy with a request or a response."""
    pool = client.http_client._transport._pool
    busy = [c for c in pool.connections if not (c.is_idle() or c.is_closed())]
    assert not busy, f"leaked connections: {busy}"
    assert not pool._requests, f"requests still queued in the pool: {pool._requests}"


@pytest.fixture
def make_client(rt: RT) -> Iterator[Callable[..., Any]]:
    """Sync clients that record retry sleeps instead of sleeping, checked for leaks and closed."""
    clients: list[Any] = []

    def make(server: Server | None = None, **kwargs: Any) -> Any:
        kwargs.setdefault("api_key", API_KEY)
        kwargs.setdefault("timeout", 2.0)
        if server is not None:
            kwargs.setdefault("base_url", server.url)
        client = rt.pkg.Rt(**kwargs)
        client.sleeps = []
        client._sleep = client.sleeps.append
        clients.append(client)
        return client

    yield make
    for client in clients:
        assert_pool_clean(client)
        client.close()


def now() -> float:
    return time.monotonic()
