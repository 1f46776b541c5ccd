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


def save(path: Path, text: str) -> None:
    """As most editors save: a new file renamed over the old one (a reader never sees half of it)."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


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
            save(spec, edited)
            said = watch.until(" files (")
            assert "(0 written" not in said, said
            assert snapshot(out) == cold(spec, tmp_path / f"cold{number}"), number
        save(spec, edits[-1] + "\n  : [\n")
        said = watch.until("nothing was written")
        assert "error: invalid YAML" in said
        before = snapshot(out)
        save(spec, edits[0])
        watch.until(" files (")
        assert snapshot(out) == cold(spec, tmp_path / "cold-again") != before
    finally:
        code = watch.stop()
    assert code == 0
    assert "stopped." in watch.until("stopped.", timeout=5)


def test_a_save_during_a_run_starts_the_next_run(tmp_path: Path) -> None:
    """The file changes while `run` reads it, after it was hashed: the next run starts at once."""
    from generator.cache.folder_state import digest_of
    from generator.watch import watch

    spec = tmp_path / "openapi.yaml"
    spec.write_text("first", encoding="utf-8")
    seen: list[str] = []

    def run() -> dict[str, str | None]:
        digest = digest_of(str(spec))
        seen.append(spec.read_text(encoding="utf-8"))
        if len(seen) > 1:
            raise KeyboardInterrupt
        spec.write_text("second, saved mid-run", encoding="utf-8")
        return {str(spec): digest}

    with pytest.raises(KeyboardInterrupt):
        watch(run, interval=0.01)
    assert seen == ["first", "second, saved mid-run"]
