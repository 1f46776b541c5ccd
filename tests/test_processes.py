"""No process outlives `sdkforge generate`: on success, and on Ctrl-C in the middle of a run.

A small supervisor (a fresh interpreter) makes itself the "child subreaper" (Linux prctl), so that
every process sdkforge starts, even one orphaned in a process group or session of its own, is
re-parented to it rather than to init. After sdkforge has exited, the supervisor lists the processes
whose parent it is (from /proc) and prints their pids: there must be none.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SUPERVISOR = r"""
import ctypes, json, os, signal, subprocess, sys, time

PR_SET_CHILD_SUBREAPER = 36
if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit(3)
command, interrupt_after = json.loads(sys.argv[1])
# No pipes: a leftover holding one open would make the wait last as long as the leftover.
child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if interrupt_after is not None:
    time.sleep(interrupt_after)
    child.send_signal(signal.SIGINT)  # what Ctrl-C does to sdkforge
child.wait()
time.sleep(0.5)  # let anything still exiting finish, so that only the ones that stay are counted

def children():
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            found.append(int(entry))
    return found

left = children()
for pid in left:  # clean up after a failing run
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
print(json.dumps({"returncode": child.returncode, "left": left}))
"""


def _supervise(command: list[str], interrupt_after: float | None) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", SUPERVISOR, json.dumps([command, interrupt_after])],
        cwd=ROOT,
        env={**os.environ, "SDKFORGE_NO_CACHE": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode == 3:
        pytest.skip("prctl(PR_SET_CHILD_SUBREAPER) is not available")
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="uses /proc and prctl (Linux)"
)


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_no_process_is_left_after_generate(tmp_path: Path, formatter: str) -> None:
    command = [
        sys.executable,
        "-m",
        "generator",
        "generate",
        "--out",
        str(tmp_path / "out"),
        "--formatter",
        formatter,
    ]
    report = _supervise(command, None)
    assert report == {"returncode": 0, "left": []}
    assert (tmp_path / "out" / "gitaigc" / "_client.py").is_file()


@pytest.mark.parametrize("delay", [0.5, 2.0])
def test_no_process_is_left_after_ctrl_c(tmp_path: Path, delay: float) -> None:
    """Interrupted at some stage of a run (the black run of our spec takes a few seconds): exit 1, nothing left."""
    command = [
        sys.executable,
        "-m",
        "generator",
        "generate",
        "--out",
        str(tmp_path / "out"),
        "--formatter",
        "black",
    ]
    report = _supervise(command, delay)
    assert report["left"] == []
    assert report["returncode"] in (0, 1, -2), (
        report
    )  # finished first, click's "Aborted!", or died of SIGINT
    if report["returncode"] != 0:
        assert not (tmp_path / "out").exists(), "an interrupted run writes nothing"


@pytest.mark.parametrize("delay", [1.0, 4.0])
def test_no_process_is_left_after_ctrl_c_in_watch(tmp_path: Path, delay: float) -> None:
    """`sdkforge watch` stopped with Ctrl-C, during its first run or while it waits: exit 0, nothing left."""
    command = [sys.executable, "-m", "generator", "watch", "--out", str(tmp_path / "out")]
    report = _supervise(command, delay)
    assert report["left"] == []
    assert report["returncode"] == 0, report
