"""sdkforge: an OpenAPI document → a typed Python SDK. `generate` is the one public entry point."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import memo
from .config import Config
from .diagnostics import Diagnostic, has_errors, sort_diagnostics
from .policy import Policy
from .progress import Stages, counted
from .report import Report

if TYPE_CHECKING:
    from .format import FormatJob
    from .ir.nodes import Api
    from .load import Spec

# The stages are imported where they run: a run that memo.recall answers never loads jinja2, black,
# PyYAML or the validator, which is most of its time.

__all__ = ["Config", "Report", "check_spec", "generate"]


def check_spec(spec_path: Path, *, display: str | None = None, config: Config | None = None) -> list[Diagnostic]:
    """What `sdkforge validate` prints: every finding `generate` would print, without rendering anything.

    As in `generate`, the SDK's model is built (its findings: names, polling, unsupported parts) only
    when the spec has no errors, so "validate until clean" leaves nothing for `generate` to say; and
    `config`'s ignore/error codes and strict apply the same way (policy.py), and so does --lenient.
    """
    from .ir.build import build_api
    from .lenient import demote
    from .load import load_spec

    config = config or Config()
    policy = Policy.of(config.ignore, config.error, strict=config.strict)
    spec = load_spec(spec_path, display=display)
    found, skip = _validate(spec, config)
    diagnostics = policy.apply(found)
    if not has_errors(diagnostics):
        diagnostics += policy.apply(demote(build_api(spec, config, skip)[1], skip, spec.root.display))
    return sort_diagnostics(diagnostics)


def _validate(spec: Spec, config: Config) -> tuple[list[Diagnostic], frozenset[str]]:
    """validate_spec; under --lenient, without the operations whose errors are their own (lenient.py)."""
    from .lenient import validate_leniently
    from .validate import validate_spec

    return validate_leniently(spec) if config.lenient else (validate_spec(spec), frozenset())


def generate(spec_path: Path, config: Config, *, display: str | None = None, stages: Stages | None = None) -> Report:
    """Turn one OpenAPI file into SDK source files. Reads the spec; writes nothing.

    Validation and black are the two slow steps and do not depend on each other, so black starts on a
    speculative build while the spec is validated; an invalid spec discards that work, and a build that
    failed on an invalid spec is never reported (the validation errors are). The same inputs a second
    time give the stored Report (memo.py). `stages` hears of each stage as it starts (progress.py).
    """
    display = display if display is not None else str(spec_path)
    remembered = memo.recall(spec_path, config, display)
    if remembered is not None:
        return remembered
    report, documents = _generate(spec_path, config, display, stages or Stages())
    if report.ok:  # a failed run is cheap, and may hinge on a file that does not exist yet
        memo.remember(spec_path, config, display, documents, report)
    return report


def _generate(spec_path: Path, config: Config, display: str, stages: Stages) -> tuple[Report, dict[Path, str]]:
    from .lenient import demote
    from .load import load_spec

    policy = Policy.of(config.ignore, config.error, strict=config.strict)
    stages.stage("load")
    spec = load_spec(spec_path, display=display)
    stages.done(counted(len(spec.documents), "file"))
    documents = {path: doc.text for path, doc in spec.documents.items() if doc is not spec.root}
    build = _speculate(spec, config, stages)
    try:
        stages.stage("validate")
        found, skip = _validate(spec, config)
        diagnostics = policy.apply(found)
        stages.done(counted(len(diagnostics), "finding"))
        if has_errors(diagnostics, strict=config.strict):
            return Report(diagnostics=sort_diagnostics(diagnostics)), documents
        if skip:  # the speculative build had every operation
            build = _rebuild(build, spec, config, stages, skip)
        if isinstance(build, Exception):
            raise build
        if config.lenient:
            build, skip = _skip_build_errors(build, spec, config, stages, skip)
        api, build_diagnostics, job = build
        build_diagnostics = policy.apply(demote(build_diagnostics, skip, spec.root.display) + _nothing_left(spec, api, skip))
        diagnostics += build_diagnostics
        if has_errors(build_diagnostics, strict=config.strict):
            return Report(diagnostics=sort_diagnostics(diagnostics)), documents
        stages.stage("format", total=job.size, unit="files")
        files = job.result(on_done=stages.advance)
        stages.done(counted(len(files), "file"))
    finally:
        if not isinstance(build, Exception):
            build[2].cancel()
    return Report(sort_diagnostics(diagnostics), files, api.operation_count, api.operation_total,
                  api.skipped_operations, len(api.degraded_operations)), documents


_Built = tuple["Api", list[Diagnostic], "FormatJob"]


def _speculate(spec: Spec, config: Config, stages: Stages, skip: frozenset[str] = frozenset()) -> _Built | Exception:
    """Build, render and start black before validation has spoken; a failure is kept for it to explain."""
    from .format import FormatJob
    from .ir.build import build_api
    from .render import render_sdk

    try:
        stages.stage("build")
        api, build_diagnostics = build_api(spec, config, skip)
        stages.done(f"{counted(api.operation_count, 'operation')}, {counted(len(api.models), 'model')}")
        stages.stage("render")
        rendered = render_sdk(api)
        stages.done(counted(len(rendered), "file"))
        return api, build_diagnostics, FormatJob(dict(sorted(rendered.items())))
    except Exception as exc:  # re-raised by the caller unless the spec explains it
        return exc


def _rebuild(build: _Built | Exception, spec: Spec, config: Config, stages: Stages, skip: frozenset[str]) -> _Built | Exception:
    if not isinstance(build, Exception):
        build[2].cancel()
    return _speculate(spec, config, stages, skip)


def _skip_build_errors(build: _Built, spec: Spec, config: Config, stages: Stages,
                       skip: frozenset[str]) -> tuple[_Built, frozenset[str]]:
    """--lenient for errors only the IR build finds: those operations are skipped too, their errors kept (as warnings)."""
    from .lenient import is_skipped, local_errors, owner_of

    root = spec.root.display
    local = local_errors(build[1], root)
    if not local:
        return build, skip
    found = [d for d in build[1] if d.location.file == root and is_skipped(owner_of(d.location.pointer) or "", local)]
    rebuilt = _rebuild(build, spec, config, stages, skip | local)
    if isinstance(rebuilt, Exception):
        raise rebuilt
    return (rebuilt[0], rebuilt[1] + found, rebuilt[2]), skip | local


def _nothing_left(spec: Spec, api: Api, skip: frozenset[str]) -> list[Diagnostic]:
    if not skip or api.operation_count:
        return []
    from . import codes

    return [codes.NOTHING_LEFT.at(spec.root.locate("/paths"),
                                  f"--lenient skipped every operation ({len(api.skipped_operations)}); there is nothing to generate",
                                  "fix the errors of one operation above, then generate again")]
