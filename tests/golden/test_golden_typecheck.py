"""Every golden case, generated in full (runtime included), imports and passes `mypy --strict`.

All cases are generated side by side and checked by one mypy run (a run per case spent most of its time
re-analysing pydantic and httpx2); each case's test then reports the lines that belong to it. The tests
share one xdist group so that the batch is built once, on one worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.build import assert_imports, generate_into, mypy_errors_by_package

from .test_golden import CASES, CASES_DIR

pytestmark = pytest.mark.xdist_group("golden_typecheck")


@pytest.fixture(scope="module")
def golden_sdks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    out = tmp_path_factory.mktemp("golden_sdks")
    for case in CASES:
        generate_into(CASES_DIR / case / "openapi.yaml", out, case, display="openapi.yaml")
    return out, mypy_errors_by_package(out, CASES)


@pytest.mark.parametrize("case", CASES)
def test_golden_case_imports_and_typechecks(
    case: str, golden_sdks: tuple[Path, dict[str, str]]
) -> None:
    out, mypy_errors = golden_sdks
    assert_imports(out, case)
    assert not mypy_errors[case], f"mypy --strict failed:\n{mypy_errors[case][-6000:]}"
