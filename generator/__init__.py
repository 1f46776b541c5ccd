"""sdkforge: an OpenAPI document → a typed Python SDK. `generate` is the one public entry point."""

from __future__ import annotations

from pathlib import Path

from . import memo
from .config import Config
from .diagnostics import Diagnostic, has_errors, sort_diagnostics
from .report import Report

# The stages are imported where they run: a run that memo.recall answers never loads jinja2, PyYAML
# or the validator, which is most of its time.

__all__ = ["Config", "Report", "check_spec", "generate"]


def check_spec(spec_path: Path, *, display: str | None = None) -> list[Diagnostic]:
    """Load and validate only: what `sdkforge validate` prints."""
    from .load import load_spec
    from .validate import validate_spec

    spec = load_spec(spec_path, display=display)
    return sort_diagnostics(validate_spec(spec))


def generate(spec_path: Path, config: Config, *, display: str | None = None) -> Report:
    """Turn one OpenAPI file into SDK source files. Reads the spec; writes nothing.

    The stages run in order: load → validate → build → render → format. The same inputs a second time
    give the stored Report (memo.py).
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
    from .format import format_files
    from .ir.build import build_api
    from .load import load_spec
    from .render import render_sdk
    from .validate import validate_spec

    spec = load_spec(spec_path, display=display)
    documents = {path: doc.text for path, doc in spec.documents.items() if doc is not spec.root}
    diagnostics = validate_spec(spec)
    if has_errors(diagnostics, strict=config.strict):
        return Report(diagnostics=sort_diagnostics(diagnostics)), documents
    api, build_diagnostics = build_api(spec, config)
    diagnostics += build_diagnostics
    if has_errors(build_diagnostics, strict=config.strict):
        return Report(diagnostics=sort_diagnostics(diagnostics)), documents
    files = format_files(render_sdk(api), config.formatter)
    return Report(sort_diagnostics(diagnostics), files, api.operation_count, api.operation_total), documents
