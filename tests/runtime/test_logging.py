"""``<PREFIX>_LOG`` request logging (``RT_LOG`` for the ``rt`` SDK), over real HTTP on 127.0.0.1.

The server echoes the key back in a response header and the caller puts it in a request body, so a
record that printed either unredacted would fail these tests.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import API_KEY, Conn, Request, keep_alive


@pytest.fixture
def package_logger(rt: Any) -> Iterator[logging.Logger]:
    """The SDK's logger, with its level and handlers restored after the test."""
    logger = logging.getLogger("rt")
    level, handlers = logger.level, list(logger.handlers)
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers


def echo_key(conn: Conn, req: Request) -> bool:
    body = json.dumps({"id": "job-1", "status": "queued"}).encode()
    return conn.respond(
        200, body, {"x-request-id": "req-42", "x-echo": req.headers["authorization"]}
    )


def messages(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "rt" and r.levelno == level]


def test_debug_logs_requests_and_responses_with_credentials_redacted(
    rt: Any,
    serve: Any,
    make_client: Any,
    caplog: pytest.LogCaptureFixture,
    package_logger: logging.Logger,
) -> None:
    rt.pkg._logs.setup_logging({"RT_LOG": "debug"})
    assert package_logger.level == logging.DEBUG
    server = serve(keep_alive(echo_key))
    client = make_client(server)
    caplog.handler.setLevel(logging.DEBUG)  # caplog listens to everything; the SDK's level decides
    job = client.jobs.create(name=f"uses {API_KEY}")
    assert job.id == "job-1"
    assert API_KEY in server.requests[0].headers["authorization"]  # it was sent, and echoed back
    debug, info = messages(caplog, logging.DEBUG), messages(caplog, logging.INFO)
    request_line = next(m for m in debug if m.startswith("Request: POST"))
    assert "'authorization': '[REDACTED]'" in request_line  # a credential header: masked whole
    assert 'body={"name":"uses [REDACTED]"}' in request_line  # the JSON body, the key removed
    assert "(attempt 1)" in request_line
    response_line = next(m for m in debug if m.startswith("Response: 200 OK"))
    assert "req-42" in response_line and "'x-echo': 'Bearer [REDACTED]'" in response_line
    assert info == [f'HTTP Request: POST {server.url}/jobs "200 OK"']
    for record in caplog.records:
        assert API_KEY not in record.getMessage()


def test_info_logs_responses_and_retries_only(
    rt: Any,
    serve: Any,
    make_client: Any,
    caplog: pytest.LogCaptureFixture,
    package_logger: logging.Logger,
) -> None:
    rt.pkg._logs.setup_logging({"RT_LOG": "INFO"})
    assert package_logger.level == logging.INFO

    def flaky(conn: Conn, req: Request) -> bool:
        if len(conn.server.requests) == 1:
            return conn.respond(503, b'{"error": {"message": "busy"}}')
        return echo_key(conn, req)

    server = serve(keep_alive(flaky))
    client = make_client(server)
    caplog.handler.setLevel(logging.DEBUG)
    client.jobs.get("job-1")
    assert not messages(caplog, logging.DEBUG)
    assert messages(caplog, logging.INFO) == [
        f'HTTP Request: GET {server.url}/jobs/job-1 "503 Service Unavailable"',
        f"Retrying GET {server.url}/jobs/job-1 in {client.sleeps[0]:.2f} seconds (status 503)",
        f'HTTP Request: GET {server.url}/jobs/job-1 "200 OK"',
    ]


def test_without_the_variable_nothing_is_logged(
    rt: Any,
    serve: Any,
    make_client: Any,
    caplog: pytest.LogCaptureFixture,
    package_logger: logging.Logger,
) -> None:
    package_logger.setLevel(logging.NOTSET)
    rt.pkg._logs.setup_logging({"RT_LOG": "verbose"})  # not a level: logging is left as it is
    assert package_logger.level == logging.NOTSET
    server = serve(keep_alive(echo_key))
    with caplog.at_level(logging.WARNING):
        make_client(server).jobs.get("job-1")
    assert not [r for r in caplog.records if r.name == "rt"]


def test_the_variable_alone_prints_to_stderr(rt: Any, serve: Any) -> None:
    """A program that configures no logging still sees the records, as with ``OPENAI_LOG``."""
    server = serve(keep_alive(echo_key))
    code = (
        "import rt\n"
        f"client = rt.Rt(api_key={API_KEY!r}, base_url={server.url!r}, max_retries=0)\n"
        "print(client.jobs.get('job-1').id)\n"
    )
    env = {**os.environ, "RT_LOG": "debug", "PYTHONPATH": str(rt.path.parent)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "job-1"
    assert (
        " - rt:" in done.stderr
        and '"200 OK"' in done.stderr
        and "DEBUG] Request: GET" in done.stderr
    )
    assert API_KEY not in done.stderr
