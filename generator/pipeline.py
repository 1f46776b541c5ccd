"""The pipeline: load → validate → build → render → format, as `generate` (files) and `check_spec` (findings)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .cache import memo
from .config import Config
from .report.diagnostics import Diagnostic, has_errors, sort_diagnostics
from .report.policy import Policy
from .report.progress import Stages, counted
from .report.report import Report

if TYPE_CHECKING:
    from .ir.defaults import DefaultChecker
    from .ir.nodes import Api
    from .load.spec import Spec
    from .validate.spec import Validation

# The stages are imported where they run: a run that memo.recall answers never loads jinja2, PyYAML
# or the validator, which is most of its time.

__all__ = ["check_spec", "generate", "remember_report"]


def check_spec(
    spec_path: Path, *, display: str | None = None, config: Config | None = None
) -> list[Diagnostic]:
    """What `sdkforge validate` prints: every finding `generate` would print, without rendering anything.

    As in `generate`, the SDK's model is built (its findings: names, polling, unsupported parts) only
    when the spec has no errors, so "validate until clean" leaves nothing for `generate` to say; and
    `config`'s ignore/error codes and strict apply the same way (policy.py), and so does --lenient.
    """
    from .ir.build import build_api
    from .ir.defaults import DefaultChecker, rejected_schemas
    from .load.spec import load_spec
    from .validate.lenient import demote

    config = config or Config()
    policy = Policy.of(config.ignore, config.error, strict=config.strict)
    spec = load_spec(spec_path, display=display)
    found, skip = _validate(spec, config)
    diagnostics = policy.apply(found)
    if not has_errors(diagnostics):
        defaults = DefaultChecker(rejected_schemas(spec, found))
        diagnostics += policy.apply(
            demote(build_api(spec, config, skip, defaults)[1], skip, spec.root.display)
        )
    return sort_diagnostics(diagnostics)


def _validate(spec: Spec, config: Config) -> tuple[list[Diagnostic], frozenset[str]]:
    """validate_spec; under --lenient, without the operations whose errors are their own (lenient.py)."""
    from .validate.lenient import validate_leniently
    from .validate.spec import validate_spec

    return validate_leniently(spec) if config.lenient else (validate_spec(spec), frozenset())


def generate(
    spec_path: Path,
    config: Config,
    *,
    display: str | None = None,
    stages: Stages | None = None,
    remember: bool = True,
) -> Report:
    """Turn one OpenAPI file into SDK source files. Reads the spec; writes nothing.

    The stages run in order: load → validate → build → render → format. The same inputs a second time
    give the stored Report (memo.py). `stages` hears of each stage as it starts (progress.py). With
    `remember=False` the caller stores the Report itself (remember_report), once it has written the
    files and said so: the store is bookkeeping for the next run, not part of this one.
    """
    display = display if display is not None else str(spec_path)
    remembered = memo.recall(spec_path, config, display)
    if remembered is not None:
        return remembered
    report, documents = _generate(spec_path, config, display, stages or Stages())
    report = replace(report, referenced=memo.document_digests(spec_path, documents))
    if remember:
        remember_report(spec_path, config, display, report)
    return report


def remember_report(spec_path: Path, config: Config, display: str, report: Report) -> None:
    """Keep `report` for a later run on the same inputs (memo.py)."""
    if report.ok:  # a failed run is cheap, and may hinge on a file that does not exist yet
        memo.remember(spec_path, config, display, report)


def _generate(
    spec_path: Path, config: Config, display: str, stages: Stages
) -> tuple[Report, dict[Path, str]]:
    from .load.spec import load_spec

    policy = Policy.of(config.ignore, config.error, strict=config.strict)
    stages.stage("load")
    spec = load_spec(spec_path, display=display)
    stages.done(counted(len(spec.documents), "file"))
    documents = {path: doc.text for path, doc in spec.documents.items()}
    stages.stage("validate")
    validation = _start_validation(spec, config)
    try:
        return _after_load(spec, config, policy, validation, stages), documents
    finally:
        validation.cancel()  # joined on every way out: no process outlives the run


def _after_load(
    spec: Spec, config: Config, policy: Policy, validation: _Validation, stages: Stages
) -> Report:
    """validate → build → render → format. While the validation runs in a child process (alongside.py),
    build, render and format go ahead; its verdict is awaited before anything is returned, and an error
    in it wins exactly as if it had been known first: the same Report."""
    from .ir.defaults import rejected_schemas

    ahead = not validation.settled and not validation.known_errors
    diagnostics: list[Diagnostic] | None = None
    if ahead:
        stages.done("running alongside")

    def refused() -> Report | None:
        """The validation's findings, once known; a Report of them if they stop the run."""
        nonlocal diagnostics
        if diagnostics is None:
            diagnostics = policy.apply(validation.result()[0])
        return (
            Report(diagnostics=sort_diagnostics(diagnostics))
            if has_errors(diagnostics, strict=config.strict)
            else None
        )

    skip: frozenset[str] = frozenset()
    rejected: frozenset[int] = frozenset()
    if not ahead:
        found, skip = validation.result()
        stop = refused()
        stages.done(counted(len(diagnostics or []), "finding"))
        if stop is not None:
            return stop
        rejected = rejected_schemas(spec, found)
    try:
        made = _make(spec, config, policy, stages, skip, rejected)
    except Exception:
        if ahead and (stop := refused()) is not None:
            return stop  # built from a spec the validator rejects: its errors are the news, not this failure
        raise
    if isinstance(made, list):  # the build's own errors
        return refused() or Report(diagnostics=sort_diagnostics([*(diagnostics or []), *made]))
    stop = refused()
    if stop is not None:
        return stop
    if ahead:
        rejected = rejected_schemas(spec, validation.result()[0])
        if made.defaults.takes_any(
            rejected
        ):  # built with a default the verdict rejects: again without
            remade = _make(spec, config, policy, stages, skip, rejected)
            assert not isinstance(remade, list), "leaving out a default adds no build error"
            made = remade
    api = made.api
    return Report(
        sort_diagnostics([*(diagnostics or []), *made.diagnostics]),
        made.files,
        api.operation_count,
        api.operation_total,
        api.skipped_operations,
        len(api.degraded_operations),
    )


@dataclass(frozen=True, slots=True)
class _Made:
    """What build → render → format made of the spec: the IR, the build's findings, the files."""

    api: Api
    diagnostics: list[Diagnostic]
    files: dict[PurePosixPath, str]
    defaults: DefaultChecker


def _make(
    spec: Spec,
    config: Config,
    policy: Policy,
    stages: Stages,
    skip: frozenset[str],
    rejected: frozenset[int],
) -> _Made | list[Diagnostic]:
    """build → render → format, or the build's findings when they hold an error."""
    from .ir.defaults import DefaultChecker
    from .output.format import format_files
    from .render.sdk import render_sdk
    from .validate.lenient import demote

    defaults = DefaultChecker(rejected)
    api, build_diagnostics = _build(spec, config, stages, skip, defaults)
    if config.lenient:
        (api, build_diagnostics), skip = _skip_build_errors(
            api, build_diagnostics, spec, config, stages, skip, defaults
        )
    build_diagnostics = policy.apply(
        demote(build_diagnostics, skip, spec.root.display) + _nothing_left(spec, api, skip)
    )
    if has_errors(build_diagnostics, strict=config.strict):
        return build_diagnostics
    stages.stage("render")
    rendered = render_sdk(api)
    stages.done(counted(len(rendered), "file"))
    # One formatter pass over the whole tree: the bar fills when it returns, not file by file.
    stages.stage("format", total=len(rendered), unit="files")
    files = format_files(rendered, config.formatter)
    stages.advance(len(files))
    stages.done(counted(len(files), "file"))
    return _Made(api, build_diagnostics, files, defaults)


class _Validation:
    """The validation findings and the operations --lenient skips; possibly still on their way (validate.py)."""

    def __init__(
        self,
        pending: Validation | None,
        found: list[Diagnostic] | None = None,
        skip: frozenset[str] = frozenset(),
    ) -> None:
        self._pending = pending
        self._found = found
        self._skip = skip

    @property
    def settled(self) -> bool:
        return self._pending is None or self._pending.settled

    @property
    def known_errors(self) -> bool:
        return self._pending is not None and self._pending.known_errors

    def result(self) -> tuple[list[Diagnostic], frozenset[str]]:
        if self._found is None:
            assert self._pending is not None
            self._found = self._pending.result()
        return self._found, self._skip

    def cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()


def _start_validation(spec: Spec, config: Config) -> _Validation:
    """--lenient validates in rounds, here and now; otherwise the validation may run alongside."""
    if config.lenient:
        found, skip = _validate(spec, config)
        return _Validation(None, found, skip)
    from .validate.spec import start_validation

    return _Validation(start_validation(spec, in_child=True))


def _build(
    spec: Spec,
    config: Config,
    stages: Stages,
    skip: frozenset[str],
    defaults: DefaultChecker,
) -> tuple[Api, list[Diagnostic]]:
    from .ir.build import build_api

    stages.stage("build")
    defaults.used.clear()  # a rebuild counts afresh
    api, build_diagnostics = build_api(spec, config, skip, defaults)
    stages.done(f"{counted(api.operation_count, 'operation')}, {counted(len(api.models), 'model')}")
    return api, build_diagnostics


def _skip_build_errors(
    api: Api,
    build_diagnostics: list[Diagnostic],
    spec: Spec,
    config: Config,
    stages: Stages,
    skip: frozenset[str],
    defaults: DefaultChecker,
) -> tuple[tuple[Api, list[Diagnostic]], frozenset[str]]:
    """--lenient for errors only the IR build finds: those operations are skipped too, their errors kept (as warnings)."""
    from .validate.lenient import is_skipped, local_errors, owner_of

    root = spec.root.display
    local = local_errors(build_diagnostics, root)
    if not local:
        return (api, build_diagnostics), skip
    found = [
        d
        for d in build_diagnostics
        if d.location.file == root and is_skipped(owner_of(d.location.pointer) or "", local)
    ]
    rebuilt_api, rebuilt_diagnostics = _build(spec, config, stages, skip | local, defaults)
    return (rebuilt_api, rebuilt_diagnostics + found), skip | local


def _nothing_left(spec: Spec, api: Api, skip: frozenset[str]) -> list[Diagnostic]:
    if not skip or api.operation_count:
        return []
    from .report import codes

    return [
        codes.NOTHING_LEFT.at(
            spec.root.locate("/paths"),
            f"--lenient skipped every operation ({len(api.skipped_operations)}); there is nothing to generate",
            "fix the errors of one operation above, then generate again",
        )
    ]
