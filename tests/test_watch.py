"""`sdkforge watch`: one process that regenerates on every save. Whatever it writes after an edit is what a
cold `sdkforge generate` writes for the edited spec, byte for byte; a spec that stops parsing is reported
and nothing is written; Ctrl-C ends it with exit 0.

Each edit changes one value on one line, the case load/reparse.py patches instead of parsing again, and
then one that it does not (a line added)."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

CASE = Path(__file__).parent / "golden" / "cases" / "params" / "openapi.yaml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Watch:
    def __init__(self, spec: Path, out: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "watch", str(spec), "--out", str(out)],
            cwd=spec.parent,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def stop(self) -> int:
        """Ctrl-C; the exit code, once stderr is read to its end."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=30)
        self.reader.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()
        return code

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def until(self, *needles: str, timeout: float = 60) -> str:
        """stderr up to and including the next line holding one of `needles`."""
        seen = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            seen.append(line)
            if any(needle in line for needle in needles):
                return "".join(seen)
        raise AssertionError(f"no {needles} in: {''.join(seen)}")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {**os.environ, "SDKFORGE_CACHE_DIR": str(tmp_path / "cache")}
    environment.pop("SDKFORGE_NO_CACHE", None)
    return environment


def cold(spec: Path, out: Path) -> dict[str, bytes]:
    env = {**os.environ, "SDKFORGE_NO_CACHE": "1"}
    subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "--out", str(out)],
        cwd=spec.parent,
        env=env,
        check=True,
        capture_output=True,
    )
    return snapshot(out)


def test_every_save_gives_what_a_cold_run_gives(tmp_path: Path, env: dict[str, str]) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    spec = Path(shutil.copy(CASE, folder / "openapi.yaml"))
    out = folder / "out"
    watch = Watch(spec, out, env)
    try:
        watch.until(" files (")
        text = spec.read_text(encoding="utf-8")
        edits = [
            text.replace("description: New name.", "description: The new name, in full.", 1),
            text.replace("description: New name.", 'description: "A #quoted: name"', 1),
            text.replace(
                "description: New name.",
                "description: New name.\n" + " " * 18 + "deprecated: true",
                1,
            ),
        ]
        for number, edited in enumerate(edits):
            assert edited != text
            time.sleep(0.05)
            spec.write_text(edited, encoding="utf-8")
            said = watch.until(" files (")
            assert "(0 written" not in said, said
            assert snapshot(out) == cold(spec, tmp_path / f"cold{number}"), number
        spec.write_text(edits[-1] + "\n  : [\n", encoding="utf-8")
        said = watch.until("nothing was written")
        assert "error: invalid YAML" in said
        before = snapshot(out)
        spec.write_text(edits[0], encoding="utf-8")
        watch.until(" files (")
        assert snapshot(out) == cold(spec, tmp_path / "cold-again") != before
    finally:
        code = watch.stop()
    assert code == 0
    assert "stopped." in watch.until("stopped.", timeout=5)
