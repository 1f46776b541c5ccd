"""Scriptable local HTTP servers for the hostile-server probes (standard library only).

Each ``HostileServer`` listens on its own port of 127.0.0.1 and runs ``script(exchange)`` for every
request, so a test states exactly what the server does: echo a key, redirect elsewhere, trickle,
hang, or answer with a decompression bomb. Every request is recorded before the script runs.
"""

from __future__ import annotations

import ssl
import struct
import threading
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

__all__ = ["Exchange", "HostileServer", "Received", "gzip_bomb"]


@dataclass(frozen=True)
class Received:
    """One request as the server saw it (header names lower-cased)."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes


@cache
def gzip_bomb(decoded_mib: int) -> bytes:
    """``decoded_mib`` MiB of zeros as one gzip member about a thousand times smaller.

    Built from one compressed MiB repeated: after a full flush the compressor starts afresh, so every
    MiB of zeros compresses to the same bytes, and the bomb is made in well under a second.
    """
    mib = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(mib) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(decoded_mib):
        crc = zlib.crc32(mib, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, (decoded_mib << 20) & 0xFFFFFFFF)
    return header + block * decoded_mib + compressor.flush() + trailer


@dataclass
class Exchange:
    """The request being served and the means to answer it, byte by byte if need be."""

    request: Received
    _handler: BaseHTTPRequestHandler
    server: HostileServer
    _sent_head: bool = field(default=False)

    def head(self, status: int, headers: Mapping[str, str] | None = None) -> None:
        self._handler.send_response(status)
        for key, value in (headers or {}).items():
            self._handler.send_header(key, value)
        self._handler.end_headers()
        self._sent_head = True

    def respond(
        self, status: int, body: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> None:
        all_headers = {"content-type": "application/json", **(headers or {})}
        all_headers["content-length"] = str(len(body))
        self.head(status, all_headers)
        self.write(body)

    def json(self, status: int, text: str, headers: Mapping[str, str] | None = None) -> None:
        self.respond(status, text.encode("utf-8"), headers)

    def write(self, data: bytes) -> bool:
        try:
            self._handler.wfile.write(data)
            self._handler.wfile.flush()
            return True
        except OSError:
            return False

    def wait(self, seconds: float) -> bool:
        """Sleep unless the server is shutting down; True if the whole time passed."""
        return not self.server.stopping.wait(seconds)


def _make_handler(server: HostileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            received = Received(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
            )
            server.record(received)
            server.script(Exchange(received, self, server))

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class HostileServer:
    """A threaded HTTP/1.1 server on 127.0.0.1; ``script`` may be replaced between requests."""

    def __init__(
        self, script: Callable[[Exchange], None] | None = None, *, tls: ssl.SSLContext | None = None
    ) -> None:
        self.script: Callable[[Exchange], None] = script or (
            lambda ex: ex.json(200, '{"ok": true}')
        )
        self.requests: list[Received] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.port = self._httpd.server_address[1]
        self.url = f"{'https' if tls is not None else 'http'}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def record(self, received: Received) -> None:
        with self._lock:
            self.requests.append(received)

    def close(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
