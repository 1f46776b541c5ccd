"""Bad specs are snapshots too: errors/<case>.yaml → the exact messages `sdkforge validate` prints (<case>.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import check_spec
from generator.load import LoadError

from .tree import UPDATE_HINT

ERRORS_DIR = Path(__file__).parent / "errors"
CASES = sorted(p.stem for p in ERRORS_DIR.glob("*.yaml"))


def messages_for(case: str) -> str:
    try:
        diagnostics = check_spec(ERRORS_DIR / f"{case}.yaml", display=f"{case}.yaml")
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
    assert ": error: " in actual or ": warning: " in actual, "a bad spec must produce at least one finding"
    assert actual == expected_file.read_text(encoding="utf-8"), f"messages changed.\nTo accept: {UPDATE_HINT}"
