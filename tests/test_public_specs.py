"""Public OpenAPI documents written by others (../shared/specs): each generates, imports and passes mypy --strict.

Every spec is generated side by side (one package each) and type-checked by one mypy run, on one xdist
worker: a run per spec spent most of its time re-analysing pydantic and httpx2.

What the generator cannot use is a located warning, never an error and never a silent skip: every
diagnostic has a line, and the report counts the operations generated out of those in the spec. The counts
are checked against what is really there: the operations in the raw document (read with json/PyYAML) and the
methods in the generated resources (read with ast), so a report that says N/N without meaning it fails.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import Report
from generator.report.diagnostics import join_pointer
from tests.support.build import assert_imports, generate_into, mypy_errors_by_package

SPECS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "specs"
SPECS = (
    sorted(p.name for p in SPECS_DIR.glob("*") if p.suffix in (".json", ".yaml", ".yml"))
    if SPECS_DIR.is_dir()
    else []
)
SLOW = {"openai.yaml"}  # ~3 MB: generating, importing and type-checking it takes minutes


def _params() -> list[object]:
    if not SPECS:
        return [
            pytest.param(None, marks=pytest.mark.skip(reason=f"no public specs at {SPECS_DIR}"))
        ]
    return [
        pytest.param(name, marks=[pytest.mark.slow] if name in SLOW else [], id=name)
        for name in SPECS
    ]


pytestmark = pytest.mark.xdist_group("public_specs")


def _package(spec_name: str) -> str:
    return "sdk_" + "".join(c if c.isalnum() else "_" for c in spec_name.lower())


@pytest.fixture(scope="module")
def public_sdks(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, Report], dict[str, str]]:
    out = tmp_path_factory.mktemp("public_sdks")
    reports = {name: generate_into(SPECS_DIR / name, out, _package(name)) for name in SPECS}
    return out, reports, mypy_errors_by_package(out, [_package(name) for name in SPECS])


@pytest.mark.parametrize("spec_name", _params())
def test_public_spec_generates_imports_and_typechecks(
    spec_name: str, public_sdks: tuple[Path, dict[str, Report], dict[str, str]]
) -> None:
    out, reports, mypy_errors = public_sdks
    package = _package(spec_name)
    report = reports[spec_name]
    assert not [d for d in report.diagnostics if d.is_error]
    unlocated = [d.format() for d in report.diagnostics if d.location.line == 0]
    assert not unlocated, "every finding must point at a line:\n" + "\n".join(unlocated)
    in_spec, in_sdk = operations_in_document(SPECS_DIR / spec_name), methods_in_sdk(out / package)
    print(
        f"{spec_name}: {report.operations_generated}/{report.operations_total} operations, "
        f"{len(report.operations_skipped)} skipped, {report.operations_degraded} degraded"
    )
    assert report.operations_total == in_spec, (
        "the report's total is not the number of operations in the document"
    )
    assert report.operations_generated == in_sdk, (
        "the report's count is not the number of generated methods"
    )
    assert report.operations_generated + len(report.operations_skipped) == report.operations_total
    for (
        skipped
    ) in report.operations_skipped:  # an operation left out must have said so, where it is
        _, path = skipped.split(" ", 1)
        pointer = join_pointer("/paths", path)  # the operation's, or its whole path's
        assert any(
            d.location.pointer.startswith(pointer) and d.location.line for d in report.diagnostics
        ), skipped
    left_out = [
        d
        for d in report.diagnostics
        if "not supported" in d.message or "no wait helper" in d.message
    ]
    assert report.operations_degraded <= len(left_out), (
        "a degraded operation must have said what it lost"
    )
    assert (report.operations_degraded > 0) == any(
        d.location.pointer.startswith("/paths/") for d in left_out
    )
    assert_imports(out, package)
    assert not mypy_errors[package], f"mypy --strict failed:\n{mypy_errors[package][-6000:]}"


_HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def operations_in_document(spec: Path) -> int:
    """Path × method pairs in the raw document, read by json or PyYAML, not by sdkforge's loader."""
    text = spec.read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text) if spec.suffix == ".json" else yaml.safe_load(text)
    paths = document.get("paths") or {}
    return sum(1 for item in paths.values() for method in item if method in _HTTP_METHODS)


def methods_in_sdk(package: Path) -> int:
    """Methods of the synchronous resource classes that send a request (`self._client.request(...)`)."""
    count = 0
    for module in sorted((package / "resources").glob("*.py")):
        for node in ast.parse(module.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, ast.ClassDef)
                and not node.name.startswith("Async")
                and not node.name.endswith("WithRawResponse")
            ):
                count += sum(
                    1
                    for item in node.body
                    if isinstance(item, ast.FunctionDef) and _sends_request(item)
                )
    return count


def _sends_request(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(n, ast.Attribute)
        and n.attr == "request"
        and isinstance(n.value, ast.Attribute)
        and n.value.attr == "_client"
        for n in ast.walk(function)
    )
