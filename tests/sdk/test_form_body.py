"""A url-encoded form body, end to end: the golden `form_urlencoded` case, generated and called over HTTP."""

from __future__ import annotations

import importlib
import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs

import pytest

from tests.support.build import generate_into

CASE = Path(__file__).resolve().parents[1] / "golden" / "cases" / "form_urlencoded" / "openapi.yaml"


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        _Recorder.seen.append((self.headers["content-type"], body))
        payload = json.dumps({"access_token": "t-1", "expires_in": 60}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Any]:
    report = generate_into(CASE, tmp_path, "form_sdk")
    assert report.ok
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("form_sdk")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "form_sdk" or m.startswith("form_sdk.")]:
            del sys.modules[name]


def test_form_fields_are_url_encoded_and_lists_repeat(package: Any) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.seen.clear()
    try:
        with package.Client(api_key="k", base_url=f"http://127.0.0.1:{server.server_address[1]}") as client:
            token = client.oauth.create_token(grant_type="client_credentials", scope=("read", "write"))
    finally:
        server.shutdown()
        server.server_close()
    assert token.access_token == "t-1"
    content_type, body = _Recorder.seen[0]
    assert content_type == "application/x-www-form-urlencoded"
    assert parse_qs(body.decode()) == {"grant_type": ["client_credentials"], "scope": ["read", "write"]}
