"""sdkforge: an OpenAPI document → a typed Python SDK. `generate` is the one public entry point."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from . import memo
from .config import Config
from .diagnostics import Diagnostic, has_errors, sort_diagnostics
from .lenient import demote, is_skipped, local_errors, owner_of, validate_leniently
from .report import Report

if TYPE_CHECKING:
    from .load import Spec

# The stages are imported where they run: a run that memo.recall answers never loads jinja2, black,
# PyYAML or the validator, which is most of its time.

__all__ = ["Config", "Report", "check_spec", "generate"]


def check_spec(spec_path: Path, *, display: str | None = None, lenient: bool = False) -> list[Diagnostic]:
    """Load and validate only: what `sdkforge validate` prints."""
    from .load import load_spec
    from .validate import validate_spec

    spec = load_spec(spec_path, display=display)
    diagnostics = validate_leniently(spec)[0] if lenient else validate_spec(spec)
    return sort_diagnostics(diagnostics)


def generate(spec_path: Path, config: Config, *, display: str | None = None) -> Report:
    """Turn one OpenAPI file into SDK source files. Reads the spec; writes nothing.

    Validation and black are the two slow steps and do not depend on each other, so black starts on a
    speculative build while the spec is validated; an invalid spec discards that work, and a build that
    failed on an invalid spec is never reported (the validation errors are). The same inputs a second
    time give the stored Report (memo.py).
    """
    display = display if display is not None else str(spec_path)
    remembered = memo.recall(spec_path, config, display)
    if remembered is not None:
        return remembered
    report, documents = _generate(spec_path, config, display)
    if report.ok:  # a failed run is cheap, and may hinge on a file that does not exist yet
        memo.remember(spec_path, config, display, documents, report)
    return report


class _Build:
    """One build of the IR with its render handed to black; a failure is kept, and raised only if asked for."""

    def __init__(self, spec: Spec, config: Config, skip: frozenset[str] = frozenset()) -> None:
        from .format import FormatJob
        from .ir.build import build_api
        from .render import render_sdk

        self.job: FormatJob | None = None
        self.failure: Exception | None = None
        try:
            self.api, self.diagnostics = build_api(spec, config, skip)
            self.job = FormatJob(dict(sorted(render_sdk(self.api).items())))
        except Exception as exc:  # re-raised by result() unless the spec explains it
            self.failure = exc

    def result(self) -> dict[PurePosixPath, str]:
        if self.failure is not None or self.job is None:
            raise self.failure or RuntimeError("unreachable")
        return self.job.result()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()


def _generate(spec_path: Path, config: Config, display: str) -> tuple[Report, dict[Path, str]]:
    from .load import load_spec
    from .validate import validate_spec

    spec = load_spec(spec_path, display=display)
    documents = {path: doc.text for path, doc in spec.documents.items() if doc is not spec.root}
    build = _Build(spec, config)
    try:
        diagnostics, skip = validate_leniently(spec) if config.lenient else (validate_spec(spec), frozenset[str]())
        if skip:  # the speculative build had every operation
            build.cancel()
            build = _Build(spec, config, skip)
        if has_errors(diagnostics, strict=config.strict):
            return Report(diagnostics=sort_diagnostics(diagnostics)), documents
        if build.failure is None and config.lenient:
            build, diagnostics, skip = _skip_build_errors(spec, config, build, diagnostics, skip)
        if build.failure is None:
            diagnostics += demote(build.diagnostics, skip, spec.root.display)
            diagnostics += _nothing_left(spec, build, skip)
            if has_errors(diagnostics, strict=config.strict):
                return Report(diagnostics=sort_diagnostics(diagnostics)), documents
        files = build.result()
    finally:
        build.cancel()
    api = build.api
    return Report(sort_diagnostics(diagnostics), files, api.operation_count, api.operation_total,
                  api.skipped_operations, len(api.degraded_operations)), documents


def _skip_build_errors(spec: Spec, config: Config, build: _Build, diagnostics: list[Diagnostic],
                       skip: frozenset[str]) -> tuple[_Build, list[Diagnostic], frozenset[str]]:
    """--lenient for errors only the IR build finds: those operations are skipped too, their errors kept as warnings."""
    root = spec.root.display
    local = local_errors(build.diagnostics, root)
    if not local:
        return build, diagnostics, skip
    skip |= local
    found = [d for d in build.diagnostics if d.location.file == root and is_skipped(owner_of(d.location.pointer) or "", local)]
    build.cancel()
    return _Build(spec, config, skip), diagnostics + demote(found, skip, root), skip


def _nothing_left(spec: Spec, build: _Build, skip: frozenset[str]) -> list[Diagnostic]:
    if not skip or build.api.operation_count:
        return []
    from . import codes

    return [codes.NOTHING_LEFT.at(spec.root.locate("/paths"),
                                  f"--lenient skipped every operation ({len(build.api.skipped_operations)}); there is nothing to generate",
                                  "fix the errors of one operation above, then generate again")]
