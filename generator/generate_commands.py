"""`sdkforge generate` and `sdkforge watch`: the spec → the SDK's files on disk, once or on every save.

What a run prints is made here as lines (its transcript), so that the no-change paths, stamp.py's and
replay.py's, print exactly what the run they stand for would.
"""

from __future__ import annotations

import os
import time
from pathlib import Path, PurePosixPath
from typing import Any

import click

from .cache import replay, stamp
from .cache.folder_state import digest_of
from .config import FORMATTERS, Config, NameFlags, check_names, resolve_config
from .console import (
    F,
    SpecFailure,
    diagnostic_lines,
    display_path,
    finding_options,
    handle_errors,
    print_diagnostics,
    require_spec_file,
    summary,
    with_policy,
)
from .output.manifest import MANIFEST_NAME, file_hash
from .output.write import OutputFailed, OutputRefused, WritePlan, apply_plan, diff_files, plan_write
from .pipeline import generate, remember_report
from .project_file import pyproject_candidates
from .report.diagnostics import LoadError
from .report.progress import Stages, open_stages
from .report.report import Report


def generate_options(func: F) -> F:
    """The options `generate` and `watch` share: where the spec and the SDK are, names, and strictness."""
    options = [
        click.argument(
            "spec_argument",
            metavar="[SPEC]",
            required=False,
            type=click.Path(dir_okay=False, path_type=Path),
        ),
        click.option(
            "--spec",
            "spec_option",
            type=click.Path(dir_okay=False, path_type=Path),
            help="The OpenAPI file (default from pyproject).",
        ),
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            help="Output folder (default from pyproject).",
        ),
        click.option("--package-name", help="Import name of the generated package."),
        click.option(
            "--client-class", help="Name of the generated client class (default: from info.title)."
        ),
        click.option(
            "--distribution-name",
            help="Name on PyPI of the generated package (default: the package name).",
        ),
        click.option(
            "--sdk-version", help="Version of the generated package (default: info.version)."
        ),
    ]
    late = [
        click.option(
            "--strict", is_flag=True, help="Treat warnings as errors (except ignored codes)."
        ),
        click.option(
            "--lenient",
            is_flag=True,
            help="Skip operations whose errors are their own, with a warning each; generate the rest.",
        ),
        click.option(
            "--take-over",
            is_flag=True,
            help="Generate into a folder sdkforge did not make; its other files are kept.",
        ),
        click.option(
            "--formatter",
            type=click.Choice(FORMATTERS),
            help="Formatter of the generated code (default: ruff).",
        ),
    ]
    for option in reversed([*options, *late]):
        func = option(func)
    return finding_options(func)


@click.command(name="generate")
@generate_options
@click.option(
    "--check", is_flag=True, help="Write nothing; print a diff and exit 1 if the output is stale."
)
@handle_errors
def generate_command(check: bool, take_over: bool, quiet: bool, **_: object) -> None:
    """Regenerate the SDK from SPEC; only files sdkforge made are rewritten or removed."""
    started = time.perf_counter()
    config = _generate_config(click.get_current_context().params)
    _generate_once(config, started, check=check, take_over=take_over, quiet=quiet)


@click.command(name="watch")
@generate_options
@click.option(
    "--interval",
    type=click.FloatRange(min=0.01),
    default=0.02,
    show_default=True,
    help="Seconds between looks at the files the last run read.",
)
@handle_errors
def watch_command(take_over: bool, quiet: bool, interval: float, **_: object) -> None:
    """Generate, then again whenever SPEC, a file it references or pyproject.toml changes; Ctrl-C stops.

    One process stays warm (imports, compiled templates), so an edit is in the SDK in a fraction of a
    second. A spec with errors is reported and waited on, never written."""
    from .load import reparse
    from .watch import watch

    reparse.enable()  # this process parses the same files again and again: keep the last parse
    params = click.get_current_context().params

    def once() -> dict[str, str | None]:
        started = time.perf_counter()
        named = params["spec_option"] or params["spec_argument"]
        read: dict[str, str | None] = {os.path.abspath(named): None} if named else {}
        try:  # (the spec named on the command line is watched even when it cannot be found yet)
            config = _generate_config(params)
            spec = os.fspath(config.spec.resolve())
            read[spec] = digest_of(spec)  # before the run reads it: a save during the run shows
            read |= _generate_once(config, started, check=False, take_over=take_over, quiet=quiet)
        except click.ClickException as exc:
            exc.show()
        except LoadError as exc:  # mid-edit YAML, say: said, and watched until it reads again
            print_diagnostics(exc.diagnostics)
            click.echo("the spec could not be read; nothing was written.", err=True)
        read |= {path: digest_of(path) for path in pyproject_candidates(os.getcwd())}
        return read

    click.echo("watching for changes; Ctrl-C stops.", err=True)
    try:
        watch(once, interval=interval)
    except KeyboardInterrupt:
        click.echo("stopped.", err=True)


def _generate_config(params: dict[str, Any]) -> Config:
    """The Config of a `generate` or `watch` command line: [tool.sdkforge], then its flags."""
    flags = NameFlags(
        params["spec_option"] or params["spec_argument"],
        params["out"],
        params["package_name"],
        params["client_class"],
        params["distribution_name"],
        params["sdk_version"],
    )
    config = resolve_config(Path.cwd(), flags, needs_output=True).with_overrides(
        strict=params["strict"] or None,
        lenient=params["lenient"] or None,
        formatter=params["formatter"],
    )
    config = with_policy(check_names(config), params["ignore_codes"], params["error_codes"])
    require_spec_file(config.spec)
    return config


def _generate_once(
    config: Config, started: float, *, check: bool, take_over: bool, quiet: bool
) -> dict[str, str | None]:
    """One `generate`: print what it did, raise SpecFailure when it fails. Returns the files it read (the
    spec and its `$ref`s) with the SHA-256 of what it read of each, for `watch`."""
    display = display_path(config.spec)
    stamped = stamp.recall(config, display, take_over=take_over)
    if stamped is not None:  # nothing changed since a run that left the folder as generated
        _print_stamped(config, stamped, started, check=check)
        _record_replay(config, stamped, check=check)
        return _read(config, stamped.documents)
    with open_stages(enabled=not quiet) as stages:
        report = generate(config.spec, config, display=display, stages=stages, remember=False)
        outcome = (
            _plan_and_write(config, report, stages, check=check, take_over=take_over)
            if report.ok
            else None
        )
    print_diagnostics(report.diagnostics)
    if not report.ok or outcome is None:
        raise SpecFailure(f"{summary(report.diagnostics)} in the spec; nothing was written.")
    if isinstance(outcome, SpecFailure):
        raise outcome
    try:
        if check:
            _check(outcome, report)
        else:
            before, after = _totals(
                config,
                report,
                len(report.files),
                outcome.written,
                outcome.removed,
                outcome.unchanged,
            )
            elapsed = time.perf_counter() - started
            click.echo(replay.totals_line(before, after, elapsed), err=True)
            _print_skipped(report)
            _print_left_alone(outcome)
    finally:  # said, and written: what follows is for the next run (a stale --check is not stamped)
        remember_report(config.spec, config, display, report)
        _stamp(config, display, report, outcome, check=check, take_over=take_over)
    return _read(config, report.referenced)


def _read(config: Config, documents: dict[str, str]) -> dict[str, str | None]:
    """{absolute path: SHA-256} of the files a run read, from its digests by path from the spec's folder."""
    base = config.spec.resolve().parent
    return {os.fspath(base / name): digest for name, digest in documents.items()}


def _totals(
    config: Config,
    report: Report | stamp.Stamped,
    file_count: int,
    written: list[PurePosixPath],
    removed: list[PurePosixPath],
    unchanged: int,
) -> list[str]:
    """The totals line, less its time: the text before ` in 0.01s; ` and after it (replay.totals_line)."""
    return [
        f"{display_path(config.output)}: {coverage(report)}, {file_count} files "
        f"({len(written)} written, {len(removed)} removed, {unchanged} unchanged)",
        f"{summary(report.diagnostics)}.",
    ]


def _print_stamped(config: Config, stamped: stamp.Stamped, started: float, *, check: bool) -> None:
    """What the run the stamp stands for would print: its findings, then up to date / 0 written."""
    replay.print_transcript(
        _stamped_lines(config, stamped, check=check), time.perf_counter() - started
    )


def _stamped_lines(config: Config, stamped: stamp.Stamped, *, check: bool) -> list[replay.Line]:
    """A no-change run's transcript: the findings, `up to date` (--check) or the totals with 0 written,
    and the files skipped and left alone. stamp.py and replay.py print it; the time is filled in then."""
    lines: list[replay.Line] = list(diagnostic_lines(stamped.diagnostics))
    if check:
        lines.append(
            f"{display_path(config.output)}: up to date ({coverage(stamped)}, {stamped.file_count} files)."
        )
    else:
        count = stamped.file_count
        lines.append(_totals(config, stamped, count, [], [], count))
    lines += _skipped_lines(stamped)
    lines += _left_alone_lines(WritePlan(config.output, {}, {}, foreign=stamped.foreign))
    return lines


def _stamp(
    config: Config, display: str, report: Report, plan: WritePlan, *, check: bool, take_over: bool
) -> None:
    """After a write, or a --check that found nothing to do, stamp the folder for the next run (stamp.py),
    and record a replay of this command line (replay.py)."""
    if check and (
        plan.written or plan.removed or plan.kept_edited or plan.adopted or _manifest_differs(plan)
    ):
        return
    stamped = stamp.Stamped(
        report.diagnostics,
        len(report.files),
        report.operations_generated,
        report.operations_total,
        report.operations_skipped,
        report.operations_degraded,
        sorted(plan.foreign + plan.kept_edited),
        documents=report.referenced,
        written={str(rel): digest for rel, digest in plan.hashes.items()}
        | {MANIFEST_NAME: file_hash(plan.manifest)},
    )
    stamp.remember(config, display, take_over=take_over, stamped=stamped)
    _record_replay(config, stamped, check=check)


def _record_replay(config: Config, stamped: stamp.Stamped, *, check: bool) -> None:
    """When the command came through entry.py, record what its replay needs (replay.py)."""
    invocation = click.get_current_context().find_root().obj
    if not isinstance(invocation, replay.Invocation) or invocation.key is None:
        return
    read = _read(config, stamped.documents)
    if os.fspath(config.spec.resolve()) not in read:
        return  # a replay that did not watch the spec could stand for a run on other bytes
    read |= {path: digest_of(path) for path in pyproject_candidates(os.getcwd())}
    replay.remember(
        invocation.key,
        read=read,
        output=os.fspath(config.output.resolve()),
        written=stamped.written,
        lines=_stamped_lines(config, stamped, check=check),
    )


def _manifest_differs(plan: WritePlan) -> bool:
    try:
        return (plan.out_dir / MANIFEST_NAME).read_bytes() != plan.manifest
    except OSError:
        return True


def coverage(report: Report | stamp.Stamped) -> str:
    """`12/14 operations (2 skipped, 1 degraded)`: what the SDK covers of the spec, counted honestly."""
    text = f"{report.operations_generated}/{report.operations_total} operations"
    notes = [f"{len(report.operations_skipped)} skipped"] if report.operations_skipped else []
    notes += [f"{report.operations_degraded} degraded"] if report.operations_degraded else []
    return text + (f" ({', '.join(notes)})" if notes else "")


def _plan_and_write(
    config: Config, report: Report, stages: Stages, *, check: bool, take_over: bool
) -> WritePlan | SpecFailure:
    """Decide what to write (only in a folder that is sdkforge's), then write it unless --check; a refusal or a
    failed write is returned, to be raised once the findings are printed."""
    try:
        plan = plan_write(config.output, report.files, spec_path=config.spec, take_over=take_over)
        if not check:
            stages.stage("write", total=len(plan.written) + len(plan.removed), unit="files")
            apply_plan(plan)
            stages.done(f"{len(plan.written)} written, {len(plan.removed)} removed")
        return plan
    except OutputRefused as exc:
        return SpecFailure(f"{exc.message}\n  hint: {exc.hint}")
    except OutputFailed as exc:
        return SpecFailure(str(exc))


def _print_left_alone(plan: WritePlan) -> None:
    for line in _left_alone_lines(plan):
        click.echo(line, err=True)


def _left_alone_lines(plan: WritePlan) -> list[str]:
    """Everything the run did not simply generate, by name: so the summary is the whole truth."""
    groups = [
        ("adopted", plan.adopted, "file(s) that already held exactly what sdkforge generates"),
        ("replaced (--take-over)", plan.replaced_foreign, "file(s) sdkforge had not made"),
        ("overwrote", plan.overwritten_edited, "generated file(s) that had been edited by hand"),
        (
            "kept",
            plan.kept_edited,
            "stale generated file(s) edited by hand; delete them if unneeded",
        ),
        ("left alone", plan.foreign, "file(s) sdkforge did not make"),
    ]
    return [
        f"  {verb} {len(paths)} {noun}: {_names(paths)}" for verb, paths, noun in groups if paths
    ]


def _print_skipped(report: Report | stamp.Stamped) -> None:
    for line in _skipped_lines(report):
        click.echo(line, err=True)


def _skipped_lines(report: Report | stamp.Stamped) -> list[str]:
    if not report.operations_skipped:
        return []
    return [f"  skipped (--lenient): {', '.join(report.operations_skipped)}"]


def _names(paths: list[PurePosixPath], limit: int = 8) -> str:
    shown = ", ".join(str(p) for p in paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")


def _check(plan: WritePlan, report: Report) -> None:
    diff = diff_files(plan)
    if diff:
        click.echo(diff, nl=False)
        raise SpecFailure(
            f"{display_path(plan.out_dir)} is stale: regenerate with `sdkforge generate` and commit the result."
        )
    click.echo(
        f"{display_path(plan.out_dir)}: up to date ({coverage(report)}, {len(report.files)} files).",
        err=True,
    )
    _print_skipped(report)
    _print_left_alone(plan)
