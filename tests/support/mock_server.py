"""spec/openapi.yaml → a local HTTP server that validates requests and answers from the spec's examples.

Usage::

    with MockServer() as server:              # or the `mock_server` fixture in tests/spec/conftest.py
        client = OpenAI(base_url=server.base_url + "/v1", api_key="sk-test")
        client.models.list()
        assert server.errors == []            # every request matched the spec
        assert server.requests[0].path == "/v1/models"

For each request the server

1. finds the operation by method and path (404 and an error if there is none);
2. validates the request (parameters, security, body) with openapi-core; a failure is appended to
   ``server.errors`` and answered with 400 and an OpenAI-style error body;
   with ``strict_accept=True``, an ``Accept`` header that admits none of the media types the
   operation's success response declares is an error too, answered with 406 (as content
   negotiation in Prism and other strict servers does);
3. answers 200 from the spec (or, with an ``X-Mock-Status: <code>`` request header, the response the
   operation declares for that status, else its ``default``, with that status):
   - ``text/event-stream`` example text when the JSON body has ``"stream": true`` and the operation
     offers that media type (a named one of its ``examples`` with ``X-Mock-Example``);
   - a binary media type (audio, ...): the example string's UTF-8 bytes with that content type;
   - otherwise a JSON example: the one named by the ``X-Mock-Example: <key>`` request header, else
     the response example whose key names the request example that best resembles the request,
     else the first example.

Only the standard library, werkzeug (to build openapi-core's request object) and openapi-core are used.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster
DEFAULT_SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"
EXAMPLE_HEADER = "X-Mock-Example"
STATUS_HEADER = "X-Mock-Status"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

__all__ = [
    "DEFAULT_SPEC_PATH",
    "EXAMPLE_HEADER",
    "STATUS_HEADER",
    "MockServer",
    "RecordedRequest",
    "accepts",
]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]  # header names lower-cased
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class _Operation:
    method: str
    template: str
    pattern: re.Pattern[str]
    spec: dict[str, Any]


@dataclass
class _LoadedSpec:
    raw: dict[str, Any]
    openapi: OpenAPI
    server_url: str
    operations: list[_Operation] = field(default_factory=list)


class MockServer:
    """A threaded HTTP server on 127.0.0.1 (random free port) that mocks the API described by a spec.

    Attributes:
        base_url: ``http://127.0.0.1:<port>``, set by :meth:`start`.
        errors: one line per request that did not match the spec (validation failures, unknown
            routes, unknown ``X-Mock-Example`` keys).
        requests: every request received, in order.
    """

    def __init__(
        self, spec_path: Path | str = DEFAULT_SPEC_PATH, *, strict_accept: bool = False
    ) -> None:
        self.spec_path = Path(spec_path).resolve()
        self.strict_accept = strict_accept
        self.errors: list[str] = []
        self.requests: list[RecordedRequest] = []
        self.base_url = ""
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> MockServer:
        spec = _load_spec(self.spec_path)
        handler = type("_BoundHandler", (_Handler,), {"mock": self, "loaded": spec})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="mock-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def clear(self) -> None:
        """Forget recorded requests and errors."""
        with self._lock:
            self.errors.clear()
            self.requests.clear()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _record(self, request: RecordedRequest, errors: list[str]) -> None:
        with self._lock:
            self.requests.append(request)
            self.errors.extend(errors)


@cache
def _load_spec(spec_path: Path) -> _LoadedSpec:
    with spec_path.open(encoding="utf-8") as handle:
        raw = yaml.load(handle, Loader=_YAML_LOADER)
    # openapi-core parses multipart file parts as bytes, which OpenAPI 3.1's strict `type: string`
    # check rejects; decoding them losslessly to str lets `type: string, format: binary` validate.
    config = Config(
        extra_media_type_deserializers={"application/octet-stream": _decode_binary_part}
    )
    loaded = _LoadedSpec(
        raw=raw, openapi=OpenAPI.from_dict(raw, config=config), server_url=raw["servers"][0]["url"]
    )
    server_path = urlsplit(loaded.server_url).path.rstrip("/")
    for template, item in raw["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                regex = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(server_path + template))
                loaded.operations.append(
                    _Operation(method.upper(), template, re.compile(f"^{regex}$"), item[method])
                )
    return loaded


def _decode_binary_part(value: bytes, **_parameters: str) -> str:
    return value.decode("latin-1")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    mock: MockServer
    loaded: _LoadedSpec

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: pytest output should only show failures."""

    def _handle(self) -> None:
        split = urlsplit(self.path)
        request = RecordedRequest(
            method=self.command,
            path=split.path,
            query=split.query,
            headers={name.lower(): value for name, value in self.headers.items()},
            body=self._read_body(),
        )
        where = f"{request.method} {request.path}"
        operation = self._find_operation(request)
        if operation is None:
            self.mock._record(request, [f"{where}: no operation in the spec"])
            self._send_json(404, _error_body(f"no operation for {where}", "not_found"))
            return
        refused = self._refused_accept(operation, request)
        if refused:
            self.mock._record(request, [f"{where}: {refused}"])
            self._send_json(406, _error_body(refused, "not_acceptable"))
            return
        errors = [f"{where}: {problem}" for problem in self._validate(request)]
        if errors:
            self.mock._record(request, errors)
            self._send_json(400, _error_body("; ".join(errors), "mock_validation_error"))
            return
        status, content_type, payload, problem = _choose_response(
            operation, request, self.loaded.raw
        )
        self.mock._record(request, [f"{where}: {problem}"] if problem else [])
        self._send(status, content_type, payload)

    def _refused_accept(self, operation: _Operation, request: RecordedRequest) -> str | None:
        """Why ``Accept`` admits no declared success media type (None when it admits one, or when
        the server is not strict, or the test forced a status)."""
        if not self.mock.strict_accept or STATUS_HEADER.lower() in request.headers:
            return None
        accept = request.headers.get("accept")
        _, response = _success_response(operation.spec, self.loaded.raw)
        declared = list(response.get("content", {}))
        if accept is None or not declared or any(accepts(accept, media) for media in declared):
            return None
        return f"Accept {accept!r} admits none of the declared media types {declared}"

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _find_operation(self, request: RecordedRequest) -> _Operation | None:
        for operation in self.loaded.operations:
            if operation.method == request.method and operation.pattern.match(request.path):
                return operation
        return None

    def _validate(self, request: RecordedRequest) -> list[str]:
        server = urlsplit(self.loaded.server_url)
        environ = EnvironBuilder(
            method=request.method,
            base_url=f"{server.scheme}://{server.netloc}",
            path=request.path,
            query_string=request.query,
            # Host names the mock; the spec's server URL above must win.
            headers=[
                (name, value) for name, value in self.headers.items() if name.lower() != "host"
            ],
            data=request.body,
        ).get_environ()
        result = self.loaded.openapi.unmarshal_request(WerkzeugOpenAPIRequest(Request(environ)))
        return [_describe(error) for error in result.errors]

    def _send_json(self, status: int, body: Any) -> None:
        self._send(status, "application/json", json.dumps(body, ensure_ascii=False).encode())

    def _send(self, status: int, content_type: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-request-id", f"mock-{len(self.mock.requests)}")
        self.end_headers()
        self.wfile.write(payload)


def accepts(accept: str, media_type: str) -> bool:
    """Whether the ``Accept`` header admits ``media_type`` (``*/*`` and ``type/*`` ranges on either side;
    a range with ``q=0`` refuses)."""
    wanted_type, _, wanted_sub = media_type.split(";")[0].strip().lower().partition("/")
    for part in accept.split(","):
        media_range, *params = (piece.strip() for piece in part.split(";"))
        if any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params):
            continue
        kind, _, sub = media_range.lower().partition("/")
        if (kind in ("*", wanted_type) or wanted_type == "*") and (
            sub in ("*", wanted_sub) or wanted_sub == "*"
        ):
            return True
    return False


def _describe(error: BaseException) -> str:
    """An openapi-core error plus the schema errors behind it, on one line."""
    parts = [f"{type(error).__name__}: {error}"]
    for cause in _causes(error):
        for schema_error in getattr(cause, "schema_errors", ()) or ():
            parts.append(f"{schema_error.json_path}: {schema_error.message}")
        if not getattr(cause, "schema_errors", None):
            parts.append(f"{type(cause).__name__}: {cause}")
    return " | ".join(parts)


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen = {id(error)}
    cause = error.__cause__ or error.__context__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        yield cause
        cause = cause.__cause__ or cause.__context__


def _error_body(message: str, code: str) -> dict[str, Any]:
    return {
        "error": {"message": message, "type": "invalid_request_error", "param": None, "code": code}
    }


def _choose_response(
    operation: _Operation, request: RecordedRequest, raw: dict[str, Any]
) -> tuple[int, str, bytes, str | None]:
    """(status, content type, body, problem) answering ``request`` from the operation's examples."""
    forced_status = request.headers.get(STATUS_HEADER.lower())
    if forced_status:
        status, response = _declared_response(operation.spec, raw, int(forced_status))
    else:
        status, response = _success_response(operation.spec, raw)
    content: dict[str, Any] = response.get("content", {})
    if not content:
        return status, "application/json", b"", None
    body = _json_body(request)
    forced = request.headers.get(EXAMPLE_HEADER.lower())
    if isinstance(body, dict) and body.get("stream") is True and "text/event-stream" in content:
        return (
            status,
            "text/event-stream",
            *_event_stream(content["text/event-stream"], raw, forced),
        )
    media = _pick_media_type(content, request.headers.get("accept", ""))
    media_obj = content[media]
    examples = {
        key: _resolve(value, raw).get("value")
        for key, value in media_obj.get("examples", {}).items()
    }
    problem = None
    if forced and forced not in examples:
        problem = (
            f"{EXAMPLE_HEADER} names unknown example {forced!r} (known: {', '.join(examples)})"
        )
    key = forced if forced in examples else _best_example_key(operation.spec, raw, body, examples)
    value = examples[key] if key is not None else media_obj.get("example")
    if media == "application/json" or media.endswith("+json"):
        return status, media, json.dumps(value, ensure_ascii=False).encode(), problem
    return status, media, str(value if value is not None else "mock").encode(), problem


def _event_stream(
    media_obj: dict[str, Any], raw: dict[str, Any], forced: str | None
) -> tuple[bytes, str | None]:
    """The SSE text: the ``X-Mock-Example`` one of ``examples``, else ``example``, else the first."""
    named = {
        key: _resolve(value, raw).get("value")
        for key, value in media_obj.get("examples", {}).items()
    }
    if forced and forced in named:
        return str(named[forced]).encode(), None
    problem = f"{EXAMPLE_HEADER} names unknown event-stream example {forced!r}" if forced else None
    text = media_obj.get("example", next(iter(named.values()), ""))
    return str(text).encode(), problem


def _declared_response(
    operation: dict[str, Any], raw: dict[str, Any], status: int
) -> tuple[int, dict[str, Any]]:
    """The response declared for ``status`` (else ``default``), answered with that status."""
    responses = operation["responses"]
    response = responses.get(str(status), responses.get("default", {}))
    return status, _resolve(response, raw)


def _success_response(operation: dict[str, Any], raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    for status, response in operation["responses"].items():
        if str(status).startswith("2"):
            return int(status), _resolve(response, raw)
    return 200, {}


def _pick_media_type(content: dict[str, Any], accept: str) -> str:
    candidates = [media for media in content if media != "text/event-stream"] or list(content)
    accepted = [part.split(";")[0].strip() for part in accept.split(",")]
    for media in accepted:
        if media in candidates:
            return media
    return "application/json" if "application/json" in candidates else candidates[0]


def _best_example_key(
    operation: dict[str, Any], raw: dict[str, Any], body: Any, response_examples: dict[str, Any]
) -> str | None:
    """The response example whose request twin resembles ``body`` most; else the first one."""
    if not response_examples:
        return None
    request_examples = {
        key: _resolve(value, raw).get("value")
        for media_obj in _resolve(operation.get("requestBody", {}), raw).get("content", {}).values()
        for key, value in media_obj.get("examples", {}).items()
    }
    candidates = {
        key: value
        for key, value in request_examples.items()
        if key in response_examples and isinstance(value, dict)
    }
    if not isinstance(body, dict) or not candidates:
        # No JSON body to compare (GET, multipart): prefer an example this operation names.
        shared = [key for key in response_examples if key in request_examples]
        return shared[0] if shared else next(iter(response_examples))
    return max(candidates, key=lambda key: _similarity(body, candidates[key], candidates.values()))


def _similarity(body: dict[str, Any], example: dict[str, Any], all_examples: Any) -> float:
    """Score shared keys; keys that few examples use (tools, n, response_format) weigh most.

    Equal values score +2, two containers +1 (same feature, other content), different scalars -1
    (another mode, e.g. encoding_format), a key on one side only -0.5.
    """
    counts: dict[str, int] = {}
    for candidate in all_examples:
        for key in candidate:
            counts[key] = counts.get(key, 0) + 1
    score = 0.0
    for key in body.keys() | example.keys():
        weight = 1.0 / counts.get(key, 1)
        if key not in body or key not in example:
            score -= 0.5 * weight
        elif body[key] == example[key]:
            score += 2 * weight
        elif isinstance(body[key], (dict, list)) and isinstance(example[key], (dict, list)):
            score += weight
        else:
            score -= weight
    return score


def _json_body(request: RecordedRequest) -> Any:
    if "json" not in request.headers.get("content-type", "") or not request.body:
        return None
    try:
        return json.loads(request.body)
    except ValueError:
        return None


def _resolve(node: Any, raw: dict[str, Any]) -> Any:
    """Follow local `$ref`s (responses, examples, request bodies)."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = raw
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node
