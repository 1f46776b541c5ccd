"""Two specs → what changed for an SDK user: spec rules on the IR, griffe on the generated SDKs, and semver.

result = diff_specs(SpecInput(old_path, "v1.yaml"), SpecInput(new_path, "spec/openapi.yaml"), config)
result.bump  # Bump.MAJOR
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Config
from ..load.spec import Spec, has_pointer, load_spec
from ..report.diagnostics import Diagnostic, Location, has_errors
from .contract import Contract, build_contract
from .findings import Bump, Finding, semver_bump, sort_findings
from .rules import compare
from .surface import compare_packages

__all__ = ["DiffResult", "InvalidSpec", "SpecInput", "diff_specs"]


class InvalidSpec(Exception):
    """One side does not generate: its diagnostics say why."""

    def __init__(self, display: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{display} has errors")
        self.display = display
        self.diagnostics = diagnostics


@dataclass(frozen=True, slots=True)
class SpecInput:
    path: Path  # where the file is now (a temporary checkout for a git revision)
    display: str  # how messages name it: the path in the repository


@dataclass(frozen=True, slots=True)
class DiffResult:
    old: str
    new: str
    findings: list[Finding]  # spec rules, located in the new spec
    surface: list[Finding]  # griffe on the generated packages

    @property
    def bump(self) -> Bump:
        return semver_bump([*self.findings, *self.surface])


def diff_specs(
    old: SpecInput, new: SpecInput, config: Config, *, surface: bool = True
) -> DiffResult:
    """Compare two specs; raises InvalidSpec if either does not generate."""
    with tempfile.TemporaryDirectory(prefix="sdkforge-diff-") as tmp:
        old_contract, _ = _side(old, config, Path(tmp) / "old" if surface else None)
        new_contract, new_spec = _side(new, config, Path(tmp) / "new" if surface else None)
        findings = compare(old_contract, new_contract, lambda pointer: locate(new_spec, pointer))
        changes = (
            compare_packages(
                config.package_name, Path(tmp) / "old", Path(tmp) / "new", config.output.as_posix()
            )
            if surface
            else []
        )
    return DiffResult(old.display, new.display, sort_findings(findings), sort_findings(changes))


def _side(source: SpecInput, config: Config, out: Path | None) -> tuple[Contract, Spec]:
    """Generate one side (into `out` when the SDK surface is compared) and build its contract."""
    from ..ir.build import build_api
    from ..pipeline import check_spec, generate

    side_config = replace(config, spec=source.path)
    if out is None:  # validating is enough, and skips black
        diagnostics = check_spec(source.path, display=source.display)
        if has_errors(diagnostics):
            raise InvalidSpec(source.display, diagnostics)
    else:
        report = generate(source.path, side_config, display=source.display)
        if not report.ok:
            raise InvalidSpec(source.display, report.diagnostics)
        for rel, text in report.files.items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    spec = load_spec(source.path, display=source.display)
    api, _ = build_api(spec, side_config)
    return build_contract(api), spec


def locate(spec: Spec, pointer: str) -> Location:
    """The line of `pointer` in whichever file of the spec holds it, else of its closest parent in the root."""
    for document in spec.documents.values():
        if document is not spec.root and has_pointer(document.data, pointer):
            return document.locate(pointer)
    return spec.root.locate(pointer)
