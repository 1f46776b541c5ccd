"""Every operation against an independent mock server: Prism (npm `@stoplight/prism-cli`), built from
spec/openapi.yaml, which answers 406 when the Accept header admits none of the declared media types.

Optional: it runs when a `prism` executable is on PATH or named by `SDKFORGE_PRISM`
(`npm install @stoplight/prism-cli`, then `SDKFORGE_PRISM=node_modules/.bin/prism`); otherwise it is
skipped, saying so. Prism starts slowly (20-30 s on a busy machine), so it starts once per module.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sdk.test_every_operation import OPERATIONS, _method, call_arguments

ROOT = Path(__file__).resolve().parents[2]
PRISM = os.environ.get("SDKFORGE_PRISM") or shutil.which("prism")
pytestmark = pytest.mark.skipif(
    PRISM is None,
    reason="Prism is not installed: `npm install @stoplight/prism-cli` and set SDKFORGE_PRISM to its `prism`",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert PRISM is not None
    port = _free_port()
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                PRISM,
                "mock",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                str(ROOT / "spec" / "openapi.yaml"),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        while b"Prism is listening" not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Prism did not start:\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_prism_refuses_a_wrong_accept(prism: str) -> None:
    import gitaigc

    with (
        gitaigc.Gitaigc(api_key="sk-test", base_url=prism, max_retries=0) as client,
        pytest.raises(gitaigc.APIStatusError) as caught,
    ):
        client.audio.speech.create(
            model="tts-1", input="hi", voice="alloy", extra_headers={"Accept": "application/json"}
        )
    assert caught.value.status_code == 406


def test_every_operation_passes_prism(prism: str) -> None:
    import gitaigc

    failures: list[str] = []
    with gitaigc.Gitaigc(api_key="sk-test", base_url=prism, max_retries=0) as client:
        for resource, op in OPERATIONS:
            positional, keywords = call_arguments(op)
            try:
                _method(client, resource, op)(*positional, **keywords)
            except gitaigc.GitaigcError as exc:
                failures.append(f"{op.operation_id}: {exc}")
    assert failures == []


@pytest.mark.parametrize(
    ("response_format", "returns"), [("text", str), ("srt", str), ("verbose_json", None)]
)
def test_transcription_formats_pass_prism(prism: str, response_format: str, returns: Any) -> None:
    import gitaigc

    with gitaigc.Gitaigc(api_key="sk-test", base_url=prism, max_retries=0) as client:
        result = client.audio.transcriptions.create(
            model="whisper-1", file=("a.mp3", b"ID3", "audio/mpeg"), response_format=response_format
        )
    assert isinstance(result, returns or gitaigc.models.AudioTextResponse)
