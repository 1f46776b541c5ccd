"""openapi-spec-validator in a forked child (alongside.py) changes when the answer comes, never the answer:
the same Report as the step run in this process, for every bad spec of the golden errors and a good one;
and no child outlives the call, whether it is asked for, cancelled or fails."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import Config, generate
from generator.validate import alongside

GOLDEN = Path(__file__).parents[1] / "golden"
# Specs with errors (or warnings) of openapi-spec-validator's and of the lint's: the build goes ahead of the
# verdict (and may fail on such a spec), which must still decide the Report; and a good spec.
CASES = [
    GOLDEN / "errors" / f"{name}.yaml"
    for name in (
        "misspelt_keyword_30",
        "type_list_in_30",
        "validator_crash_in_schema",
        "wrong_types",
        "yaml11_booleans",
        "default_type_mismatch",
        "duplicate_operation_id",
        "path_params",
        "parameter_ref_to_schema",
        "misspelt_extension",
    )
]


@pytest.fixture(autouse=True)
def _one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """alongside forks only when this is the process's one thread. Under pytest-xdist a worker also runs
    execnet's I/O thread, so every test here would take the in-process path and prove nothing about the
    child; the I/O thread holds no lock the steps below need, so the tests count it out."""
    monkeypatch.setattr(alongside.threading, "active_count", lambda: 1)


def _no_child_left(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped already
    return False


def test_the_child_answers_what_the_step_answers() -> None:
    pending = alongside.start(lambda: "é" * 200_000)  # larger than a pipe's buffer
    pid = pending._pid  # type: ignore[attr-defined]
    assert pending.running and pending.result() == "é" * 200_000 and not pending.running
    assert _no_child_left(pid)


def test_a_cancelled_child_is_killed_and_reaped() -> None:
    pending = alongside.start(lambda: (time.sleep(30), "late")[1])
    pid = pending._pid  # type: ignore[attr-defined]
    started = time.monotonic()
    pending.cancel()
    pending.cancel()  # idempotent
    assert time.monotonic() - started < 5 and _no_child_left(pid)


def test_a_failing_child_means_the_step_runs_here() -> None:
    parent = os.getpid()

    def step() -> str:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return "here"

    assert alongside.start(step).result() == "here"


@pytest.mark.parametrize(
    "spec",
    [*CASES, *(GOLDEN / "cases" / name / "openapi.yaml" for name in ("params", "defaults"))],
    ids=lambda p: p.parent.name if p.name == "openapi.yaml" else p.stem,
)
def test_generate_reports_the_same_alongside_and_here(
    spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    config = Config(package_name="cases")
    ahead = generate(spec, config)
    monkeypatch.setattr(alongside, "start", lambda step: alongside.done(step()))
    here = generate(spec, config)
    assert ahead == here


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_child_dies_with_its_parent(tmp_path: Path) -> None:
    """A parent killed outright (no cleanup) takes its child with it."""
    script = (
        "import os, sys, time\n"
        "from generator.validate import alongside\n"
        "pending = alongside.start(lambda: (time.sleep(60), 'late')[1])\n"
        "print(pending._pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as parent:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        parent.kill()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ")[-1][0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False
