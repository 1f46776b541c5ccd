"""sdkforge: an OpenAPI document → a typed Python SDK. `generate` is the one public entry point."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .config import Config
from .diagnostics import Diagnostic, has_errors, sort_diagnostics
from .format import format_files
from .ir.build import build_api
from .load import load_spec
from .render import render_sdk
from .validate import validate_spec

__all__ = ["Config", "Report", "check_spec", "generate"]


@dataclass(frozen=True, slots=True)
class Report:
    diagnostics: list[Diagnostic]
    files: dict[PurePosixPath, str] = field(default_factory=dict)
    operations_generated: int = 0
    operations_total: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.files)


def check_spec(spec_path: Path, *, display: str | None = None) -> list[Diagnostic]:
    """Load and validate only: what `sdkforge validate` prints."""
    spec = load_spec(spec_path, display=display)
    return sort_diagnostics(validate_spec(spec))


def generate(spec_path: Path, config: Config, *, display: str | None = None) -> Report:
    """Turn one OpenAPI file into SDK source files. Reads the spec; writes nothing."""
    spec = load_spec(spec_path, display=display)
    diagnostics = validate_spec(spec)
    if has_errors(diagnostics, strict=config.strict):
        return Report(diagnostics=sort_diagnostics(diagnostics))
    api, build_diagnostics = build_api(spec, config)
    diagnostics += build_diagnostics
    if has_errors(build_diagnostics, strict=config.strict):
        return Report(diagnostics=sort_diagnostics(diagnostics))
    files = format_files(dict(sorted(render_sdk(api).items())))
    return Report(sort_diagnostics(diagnostics), files, api.operation_count, api.operation_total)
