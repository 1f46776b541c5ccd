"""Public OpenAPI documents written by others (../shared/specs): each generates, imports and passes mypy --strict.

What the generator cannot use is a located warning, never an error and never a silent skip: every
diagnostic has a line, and the report counts the operations generated out of those in the spec.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.build import assert_sdk_works, generate_into

SPECS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "specs"
SPECS = sorted(p.name for p in SPECS_DIR.glob("*") if p.suffix in (".json", ".yaml", ".yml")) if SPECS_DIR.is_dir() else []
SLOW = {"openai.yaml"}  # ~3 MB: generating, importing and type-checking it takes minutes


def _params() -> list[object]:
    if not SPECS:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no public specs at {SPECS_DIR}"))]
    return [pytest.param(name, marks=[pytest.mark.slow] if name in SLOW else [], id=name) for name in SPECS]


@pytest.mark.parametrize("spec_name", _params())
def test_public_spec_generates_imports_and_typechecks(spec_name: str, tmp_path: Path) -> None:
    report = generate_into(SPECS_DIR / spec_name, tmp_path, "sdk")
    assert not [d for d in report.diagnostics if d.is_error]
    unlocated = [d.format() for d in report.diagnostics if d.location.line == 0]
    assert not unlocated, "every finding must point at a line:\n" + "\n".join(unlocated)
    assert report.operations_generated <= report.operations_total
    if report.operations_generated < report.operations_total:
        # an operation left out must have said so
        assert any("operation" in d.message for d in report.diagnostics)
    assert_sdk_works(tmp_path, "sdk")
