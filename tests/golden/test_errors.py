"""Bad specs are snapshots too: errors/<case>.yaml → the exact messages `sdkforge validate` prints (<case>.txt).
A case whose first line is `# validate --lenient` is checked as `sdkforge validate --lenient` would."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import Config, check_spec
from generator.load.spec import LoadError

from .tree import UPDATE_HINT

ERRORS_DIR = Path(__file__).parent / "errors"
CASES = sorted(p.stem for p in ERRORS_DIR.glob("*.yaml"))


def is_lenient(case: str) -> bool:
    return (ERRORS_DIR / f"{case}.yaml").read_bytes().startswith(b"# validate --lenient")


def messages_for(case: str) -> str:
    try:
        diagnostics = check_spec(
            ERRORS_DIR / f"{case}.yaml",
            display=f"{case}.yaml",
            config=Config(lenient=is_lenient(case)),
        )
    except LoadError as exc:
        diagnostics = exc.diagnostics
    return "".join(d.format() + "\n" for d in diagnostics)


@pytest.mark.parametrize("case", CASES)
def test_bad_spec_messages(case: str, update_golden: bool) -> None:
    actual = messages_for(case)
    expected_file = ERRORS_DIR / f"{case}.txt"
    if update_golden:
        expected_file.write_text(actual, encoding="utf-8")
        return
    if is_lenient(case):
        assert "[--lenient: operation skipped]" in actual, "a lenient case must skip an operation"
    else:
        assert ": error: " in actual or ": warning: " in actual, (
            "a bad spec must produce at least one finding"
        )
    assert actual == expected_file.read_text(encoding="utf-8"), (
        f"messages changed.\nTo accept: {UPDATE_HINT}"
    )
