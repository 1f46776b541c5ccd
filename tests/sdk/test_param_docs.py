"""Per-parameter documentation: every method's docstring has an Args section with the spec's description,
allowed values, default and deprecation, byte for byte whatever they contain; the default is shown, not sent."""

from __future__ import annotations

import inspect
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.sdk.test_request_bodies import load_case

HOSTILE_ENUM = ["newest", 'oldest"""', "a\\b"]
HOSTILE_DEFAULT = 'fast"""\n'


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, bytes]]] = []

    def do_GET(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        _Recorder.seen.append((self.path, body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def base_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.seen.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _search_doc(package: Any) -> str:
    with package.Client(api_key="k", base_url="http://127.0.0.1:9") as client:
        doc = inspect.getdoc(client.default.search)
    assert doc is not None
    return doc


def test_args_section_carries_spec_values_verbatim(tmp_path: Path) -> None:
    for package in load_case("param_docs", tmp_path):
        doc = _search_doc(package)
    args = doc.split("Args:\n", 1)[1]
    lines = {line.split(":", 1)[0].strip(): line for line in args.splitlines()}
    assert list(lines) == ["q", "sort", "page_size", "mode"]
    assert "What to look for." in lines["q"]
    for value in HOSTILE_ENUM:
        assert f"`{json.dumps(value)}`" in lines["sort"]
    assert 'Default (applied by the server): `"newest"`' in lines["sort"]
    assert "Deprecated." in lines["page_size"] and "`20`" in lines["page_size"]
    assert f"`{json.dumps(HOSTILE_DEFAULT)}`" in lines["mode"]
    assert 'Ends in a quote"' in lines["mode"]


def test_documented_default_is_not_sent(tmp_path: Path, base_url: str) -> None:
    for package in load_case("param_docs", tmp_path):
        with package.Client(api_key="k", base_url=base_url) as client:
            client.default.search(q="cats")
    path, body = _Recorder.seen[0]
    assert path == "/search?q=cats"
    assert body in (b"", b"{}")


def test_every_generated_method_documents_its_parameters() -> None:
    import gitaigc

    client = gitaigc.Gitaigc(api_key="k", base_url="http://127.0.0.1:9")
    checked = 0
    for resource in (
        client.chat.completions,
        client.embeddings,
        client.images,
        client.audio.speech,
    ):
        for name, method in inspect.getmembers(resource, inspect.ismethod):
            params = [p for p in inspect.signature(method).parameters if p not in _COMMON]
            if name.startswith("_") or not params or name == "wait" or name.endswith("_and_wait"):
                continue
            doc = inspect.getdoc(method) or ""
            assert "Args:" in doc, name
            for param in params:
                assert (
                    f"\n    {param}:" in doc
                    or f"\n    {param}\n" in doc
                    or doc.endswith(f"\n    {param}")
                ), (name, param)
            checked += 1
    assert checked >= 4


_COMMON = {
    "extra_headers",
    "extra_query",
    "extra_body",
    "timeout",
    "idempotency_key",
    "poll_timeout",
    "poll_interval",
    "on_poll",
}
