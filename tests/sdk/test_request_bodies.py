"""Form and raw binary request bodies end to end: golden cases, generated, imported and called over HTTP."""

from __future__ import annotations

import importlib
import io
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

CASES = Path(__file__).resolve().parents[1] / "golden" / "cases"


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        _Recorder.seen.append((self.headers["content-type"], body))
        payload = json.dumps({"access_token": "t-1", "expires_in": 60, "size": len(body)}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_PUT = do_POST

    def log_message(self, *args: object) -> None:
        pass


def load_case(case: str, tmp_path: Path) -> Iterator[Any]:
    package = f"{case}_sdk"
    report = generate_into(CASES / case / "openapi.yaml", tmp_path, package)
    assert report.ok
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[name]


@pytest.fixture
def base_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.seen.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_form_fields_are_url_encoded_and_lists_repeat(tmp_path: Path, base_url: str) -> None:
    for package in load_case("form_urlencoded", tmp_path):
        with package.Client(api_key="k", base_url=base_url) as client:
            token = client.oauth.create_token(
                grant_type="client_credentials", scope=("read", "write")
            )
    assert token.access_token == "t-1"
    content_type, body = _Recorder.seen[0]
    assert content_type == "application/x-www-form-urlencoded"
    assert parse_qs(body.decode()) == {
        "grant_type": ["client_credentials"],
        "scope": ["read", "write"],
    }


@pytest.mark.parametrize("kind", ["bytes", "path", "file", "tuple"])
def test_binary_body_is_sent_raw_with_its_media_type(
    tmp_path: Path, base_url: str, kind: str
) -> None:
    data = b"\x89PNG\r\n fake image"
    path = tmp_path / "a.png"
    path.write_bytes(data)
    body = {
        "bytes": data,
        "path": path,
        "file": io.BytesIO(data),
        "tuple": ("a.png", data, "image/x-custom"),
    }[kind]
    for package in load_case("binary_body", tmp_path / "pkg"):
        with package.Client(api_key="k", base_url=base_url) as client:
            result = client.images.upload("img-1", body=body)
    assert result.size == len(data)
    content_type, sent = _Recorder.seen[0]
    assert sent == data
    assert content_type == ("image/x-custom" if kind == "tuple" else "image/png")
