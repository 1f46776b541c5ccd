"""Progress shows on a terminal only: under a pseudo-terminal per stage, never in a pipe or under --quiet."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .test_findings_output import spec_with_repeated_warnings

STAGES = ("load", "build", "render", "validate", "format", "write")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def command(*args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "generate",
        "openapi.yaml",
        "--out",
        "out",
        "--package-name",
        "repeats",
        *args,
    ]


def environment(tmp_path: Path) -> dict[str, str]:
    # No delay, so the display shows however fast this machine is; an empty cache, so every stage runs.
    return {
        **os.environ,
        "SDKFORGE_PROGRESS_DELAY": "0",
        "SDKFORGE_CACHE_DIR": str(tmp_path / "cache"),
        "COLUMNS": "120",
        "TERM": "xterm",
    }


def run_on_pty(
    argv: list[str], cwd: Path, env: dict[str, str], timeout: float = 300
) -> tuple[int, str]:
    """Run `argv` with stdin, stdout and stderr on a new pseudo-terminal; everything it wrote, decoded.

    openpty + Popen rather than pty.fork: forking a test process that has threads is unsafe (and warns).
    """
    parent, child = pty.openpty()
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdin=child, stdout=child, stderr=child, start_new_session=True
    )
    os.close(child)
    chunks = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([parent], [], [], 1)
        if ready:
            try:
                data = os.read(parent, 65536)
            except OSError:  # EIO: every writer closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(parent)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", errors="replace")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    spec_with_repeated_warnings(tmp_path)
    return tmp_path


def test_progress_per_stage_under_a_pseudo_terminal(workdir: Path) -> None:
    code, output = run_on_pty(command(), workdir, environment(workdir))
    assert code == 0, output
    assert "\x1b[" in output, "rich draws and erases the display with escape sequences"
    plain = _ANSI.sub("", output)
    for stage in STAGES:
        assert re.search(rf"(✓|\S) {stage}\b", plain), f"no {stage!r} row in:\n{plain}"
    assert "1 operation, 1 model" in plain, "the build stage counts what it built"
    assert re.search(r"\d+/\d+ files", plain), "the format and write stages count files"
    # What stays on screen after the display is erased: the same findings and closing lines as in a pipe.
    assert plain.rstrip().endswith("0 error(s), 50 warning(s).")


def test_quiet_shows_no_progress_on_a_terminal(workdir: Path) -> None:
    code, output = run_on_pty(command("--quiet"), workdir, environment(workdir))
    assert code == 0, output
    assert not any(f" {stage} " in output for stage in ("build", "render", "format")), output
    assert "━" not in output


def test_no_progress_when_stderr_is_not_a_terminal(workdir: Path) -> None:
    result = subprocess.run(
        command(),
        cwd=workdir,
        env=environment(workdir),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr
    assert "━" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("openapi.yaml:18:36: warning: ")
    assert lines[-1].startswith("out: 1/1 operations, ")
