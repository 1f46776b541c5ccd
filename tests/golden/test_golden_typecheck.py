"""Every golden case, generated in full (runtime included), imports and passes `mypy --strict`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.build import assert_sdk_works, generate_into

from .test_golden import CASES, CASES_DIR


@pytest.mark.parametrize("case", CASES)
def test_golden_case_imports_and_typechecks(case: str, tmp_path: Path) -> None:
    generate_into(CASES_DIR / case / "openapi.yaml", tmp_path, case, display="openapi.yaml")
    assert_sdk_works(tmp_path, case)
