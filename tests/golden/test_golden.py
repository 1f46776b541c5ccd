"""Each case under cases/<feature>/ is a small spec and the exact SDK it must generate."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import Config, generate
from generator.sdk_runtime import runtime_files

from .tree import UPDATE_HINT, compare_trees, rewrite_tree

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "openapi.yaml").is_file())


def case_config(case: str) -> Config:
    return Config(package_name=case, client_class="Client", sdk_version="0.0.1")


def generate_case(case: str) -> dict:  # type: ignore[type-arg]
    """The API surface of a case; the runtime files are the same for every case and `generated/` has them."""
    report = generate(CASES_DIR / case / "openapi.yaml", case_config(case), display="openapi.yaml")
    errors = [d.format() for d in report.diagnostics if d.is_error]
    assert report.ok, "\n".join(errors)
    runtime = runtime_files().keys()
    return {
        path: text
        for path, text in report.files.items()
        if not (len(path.parts) == 2 and path.name in runtime)
    }


@pytest.mark.parametrize("case", CASES)
def test_generated_sdk_matches_golden(case: str, update_golden: bool) -> None:
    actual = generate_case(case)
    expected_dir = CASES_DIR / case / "expected"
    if update_golden:
        rewrite_tree(expected_dir, actual)
        return
    problems = compare_trees(expected_dir, actual)
    if problems:
        pytest.fail("\n".join([*problems, f"To accept: {UPDATE_HINT}"]), pytrace=False)


@pytest.mark.parametrize("case", CASES)
def test_golden_warnings_match(case: str, update_golden: bool) -> None:
    """Warnings are output too: a new warning on a golden case shows up here."""
    report = generate(CASES_DIR / case / "openapi.yaml", case_config(case), display="openapi.yaml")
    actual = "".join(d.format() + "\n" for d in report.diagnostics)
    expected_file = CASES_DIR / case / "diagnostics.txt"
    if update_golden:
        expected_file.write_text(actual, encoding="utf-8")
        return
    expected = expected_file.read_text(encoding="utf-8") if expected_file.exists() else ""
    assert actual == expected, f"diagnostics changed.\nTo accept: {UPDATE_HINT}"
