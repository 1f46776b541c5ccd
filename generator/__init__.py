"""sdkforge: an OpenAPI document → a typed Python SDK. `generate` is the one public entry point."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .config import Config
from .diagnostics import Diagnostic, has_errors, sort_diagnostics
from .format import FormatJob
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
    """Turn one OpenAPI file into SDK source files. Reads the spec; writes nothing.

    Validation and black are the two slow steps and do not depend on each other, so black starts on a
    speculative build while the spec is validated; an invalid spec discards that work, and a build that
    failed on an invalid spec is never reported (the validation errors are).
    """
    spec = load_spec(spec_path, display=display)
    try:
        api, build_diagnostics = build_api(spec, config)
        job: FormatJob | None = FormatJob(dict(sorted(render_sdk(api).items())))
    except Exception as exc:  # re-raised below unless the spec explains it
        speculative_failure: Exception | None = exc
        job = None
    else:
        speculative_failure = None
    try:
        diagnostics = validate_spec(spec)
        if has_errors(diagnostics, strict=config.strict):
            return Report(diagnostics=sort_diagnostics(diagnostics))
        if speculative_failure is not None or job is None:
            raise speculative_failure or RuntimeError("unreachable")
        diagnostics += build_diagnostics
        if has_errors(build_diagnostics, strict=config.strict):
            return Report(diagnostics=sort_diagnostics(diagnostics))
        files = job.result()
    finally:
        if job is not None:
            job.cancel()
    return Report(sort_diagnostics(diagnostics), files, api.operation_count, api.operation_total)
