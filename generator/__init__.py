"""sdkforge: an OpenAPI document → a typed Python SDK. `generate` is the one public entry point."""

from __future__ import annotations

from pathlib import Path

from . import memo
from .config import Config
from .diagnostics import Diagnostic, has_errors, sort_diagnostics
from .report import Report

# The stages are imported where they run: a run that memo.recall answers never loads jinja2, black,
# PyYAML or the validator, which is most of its time.

__all__ = ["Config", "Report", "check_spec", "generate"]


def check_spec(spec_path: Path, *, display: str | None = None, config: Config | None = None) -> list[Diagnostic]:
    """What `sdkforge validate` prints: every finding `generate` would print, without rendering anything.

    As in `generate`, the SDK's model is built (its findings: names, polling, unsupported parts) only
    when the spec has no errors, so "validate until clean" leaves nothing for `generate` to say.
    """
    from .ir.build import build_api
    from .load import load_spec
    from .validate import validate_spec

    spec = load_spec(spec_path, display=display)
    diagnostics = validate_spec(spec)
    if not has_errors(diagnostics):
        diagnostics += build_api(spec, config or Config())[1]
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


def _generate(spec_path: Path, config: Config, display: str) -> tuple[Report, dict[Path, str]]:
    from .format import FormatJob
    from .ir.build import build_api
    from .load import load_spec
    from .render import render_sdk
    from .validate import validate_spec

    spec = load_spec(spec_path, display=display)
    documents = {path: doc.text for path, doc in spec.documents.items() if doc is not spec.root}
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
            return Report(diagnostics=sort_diagnostics(diagnostics)), documents
        if speculative_failure is not None or job is None:
            raise speculative_failure or RuntimeError("unreachable")
        diagnostics += build_diagnostics
        if has_errors(build_diagnostics, strict=config.strict):
            return Report(diagnostics=sort_diagnostics(diagnostics)), documents
        files = job.result()
    finally:
        if job is not None:
            job.cancel()
    return Report(sort_diagnostics(diagnostics), files, api.operation_count, api.operation_total), documents
