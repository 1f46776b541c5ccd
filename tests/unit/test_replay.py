"""A no-change `sdkforge generate` is replayed from its command line before click or the pipeline is
imported (cache/replay.py), and anything the recorded run depended on, changed, means the real run.

Each test runs the real command (`python -m generator`, the console script's entry) in a subprocess:
what a replay saves is imports, which only a fresh interpreter shows.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CASE = Path(__file__).parents[1] / "golden" / "cases" / "params" / "openapi.yaml"
_TIME = re.compile(r" in \d+\.\d\ds; ")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    (folder / "spec").mkdir(parents=True)
    shutil.copy(CASE, folder / "spec" / "openapi.yaml")
    return folder


def sdkforge(project: Path, *args: str, **env: str) -> tuple[int, str, set[str]]:
    """Exit code, stderr without the import trace, and the modules imported."""
    environment = {
        **os.environ,
        "SDKFORGE_CACHE_DIR": str(project.parent / "cache"),
        "PYTHONPROFILEIMPORTTIME": "1",
        **env,
    }
    environment.pop("SDKFORGE_NO_CACHE", None)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "spec/openapi.yaml", "--out", "out", *args],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = result.stderr.splitlines()
    imported = {line.rsplit("|", 1)[1].strip() for line in lines if line.startswith("import time:")}
    text = "\n".join(line for line in lines if not line.startswith("import time:"))
    return result.returncode, text, imported


def replayed(imported: set[str]) -> bool:
    return "generator.cache.replay" in imported and not {"click", "generator.cli"} & imported


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_no_change_run_is_replayed_without_importing_the_cli(project: Path) -> None:
    code, first, imported = sdkforge(project)
    assert code == 0 and "click" in imported and "(210 written" not in first, first
    before = snapshot(project / "out")
    code, stamped, imported = sdkforge(project)  # answered by the stamp: the replay is recorded now
    assert code == 0 and "(0 written, 0 removed, " in stamped
    code, second, imported = sdkforge(project)
    assert code == 0 and replayed(imported), sorted(imported)
    assert _TIME.sub(" in T; ", second) == _TIME.sub(" in T; ", stamped)
    assert snapshot(project / "out") == before
    # --check is a command line of its own: recorded by its first run, replayed by the next
    assert sdkforge(project, "--check")[0] == 0
    code, check, imported = sdkforge(project, "--check")
    assert code == 0 and replayed(imported) and "up to date" in check, check


def _prime(project: Path) -> None:
    for _ in range(2):  # the first run writes and records the replay; the second is one
        code, _text, imported = sdkforge(project)
        assert code == 0
    assert replayed(imported)


def test_a_spec_edited_behind_the_replay_is_regenerated(project: Path) -> None:
    """Same size, modification time put back: the change time (or, if racy, the hash) tells."""
    _prime(project)
    spec = project / "spec" / "openapi.yaml"
    data, times = spec.read_text(encoding="utf-8"), spec.stat()
    edited = data.replace("version: '1'", "version: '2'", 1)  # same size; the SDK's version changes
    spec.write_text(edited, encoding="utf-8")
    os.utime(spec, ns=(times.st_atime_ns, times.st_mtime_ns))
    code, text, imported = sdkforge(project)
    assert code == 0 and not replayed(imported) and " written, 0 removed" in text, text
    assert (
        "(0 written" not in text and "2" in next((project / "out").rglob("_version.py")).read_text()
    )


@pytest.mark.parametrize(
    "change",
    ["output file edited", "output file deleted", "file added", "pyproject added", "environment"],
)
def test_anything_the_run_depended_on_means_the_real_run(project: Path, change: str) -> None:
    _prime(project)
    out = project / "out"
    client = next(out.rglob("_client.py"))
    generated = client.read_text(encoding="utf-8")
    env: dict[str, str] = {}
    if change == "output file edited":
        client.write_text(client.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    elif change == "output file deleted":
        client.unlink()
    elif change == "file added":
        (out / "NOTES.txt").write_text("mine\n", encoding="utf-8")
    elif change == "pyproject added":
        (project / "pyproject.toml").write_text(
            '[tool.sdkforge]\nignore = ["SDK401"]\n', encoding="utf-8"
        )
    else:
        env["SDKFORGE_PROGRESS_DELAY"] = "5"
    code, text, imported = sdkforge(project, **env)
    assert not replayed(imported), change
    assert code == 0, text
    if change == "file added":
        assert "left alone 1 file(s) sdkforge did not make: NOTES.txt" in text
        code, again, imported = sdkforge(project)  # recorded with the file: replayed, still said
        assert replayed(imported) and "NOTES.txt" in again, again
    elif change.startswith("output file"):
        assert "(1 written" in text and client.read_text(encoding="utf-8") == generated, text
