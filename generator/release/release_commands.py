"""`sdkforge diff` and `sdkforge release`: arguments → generator.diff / generator.release → stdout, exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..config import Config, find_pyproject, load_config
from ..console import SpecFailure, display_path, handle_errors, print_diagnostics

if TYPE_CHECKING:
    from ..diff import DiffResult, SpecInput

# generator.diff imports griffe and the IR: about a tenth of a second that `sdkforge generate` never
# needs, so it is imported where a command runs. FORMATS and the levels are spelled here for the
# options (tests/unit/test_cli_imports.py keeps them equal to generator.diff's).
DIFF_FORMATS = ("text", "json", "markdown", "github")
_FAIL_LEVELS = {"breaking": ("breaking",), "warning": ("breaking", "warning"), "never": ()}


@contextmanager
def spec_at(
    revision: str | None, path: Path | None, config: Config, *, name_revision: bool = False
) -> Iterator[SpecInput]:
    """A spec file as given, or the configured spec at a git revision (checked out into a temporary folder).

    The new side keeps the file's own name even at a revision: findings (and GitHub annotations) point at it.
    """
    from ..diff import SpecInput
    from ..diff.sources import checkout_spec

    if revision is None:
        spec = path or config.spec
        yield SpecInput(spec, display_path(spec))
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sdkforge-rev-") as tmp:
        spec = path or config.spec
        display = f"{revision}:{display_path(spec)}" if name_revision else display_path(spec)
        yield SpecInput(checkout_spec(revision, spec, Path(tmp)), display)


def run_diff(old: SpecInput, new: SpecInput, config: Config, *, surface: bool) -> DiffResult:
    from ..diff import InvalidSpec, diff_specs

    try:
        return diff_specs(old, new, config, surface=surface)
    except InvalidSpec as exc:
        print_diagnostics(exc.diagnostics)
        raise SpecFailure(f"{exc.display} does not generate; nothing was compared.") from None


@click.command(name="diff")
@click.argument("old", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--base",
    metavar="REV",
    help="Compare from the configured spec at this git revision (instead of OLD).",
)
@click.option(
    "--head",
    metavar="REV",
    help="Compare to the configured spec at this git revision (default: the file).",
)
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(sorted(_FAIL_LEVELS)),
    default="never",
    show_default=True,
    help="Exit 1 when a finding of this level (or worse) is found.",
)
@click.option(
    "--no-surface", is_flag=True, help="Skip generating both SDKs and comparing them with griffe."
)
@handle_errors
def diff_command(
    old: Path | None,
    new: Path | None,
    base: str | None,
    head: str | None,
    fmt: str,
    fail_on: str,
    no_surface: bool,
) -> None:
    """What changed from OLD to NEW for an SDK user, and the semver bump it needs.

    `sdkforge diff old.yaml new.yaml`, `sdkforge diff old.yaml` (to the configured spec), or
    `sdkforge diff --base origin/main` (the configured spec then and now).
    """
    from ..diff.output import render

    config = load_config(Path.cwd())
    if base is not None:
        if new is not None:
            raise click.UsageError("with --base, give at most one spec (the one to compare to)")
        old, new = None, old
    elif old is None:
        raise click.UsageError("give OLD (a spec file) or --base REV")
    # With --base the same file is compared at two revisions: the base side reads NEW's path at REV.
    with (
        spec_at(base, new if base is not None else old, config, name_revision=True) as before,
        spec_at(head, new, config) as after,
    ):
        result = run_diff(before, after, config, surface=not no_surface)
    click.echo(render(result, fmt), nl=False)
    failing = [
        f for f in result.findings + result.surface if f.level.value in _FAIL_LEVELS[fail_on]
    ]
    if failing:
        raise SpecFailure(f"{len(failing)} finding(s) at level {fail_on} or worse.")


@click.command(name="release")
@click.option(
    "--base",
    metavar="REV",
    help="The released spec at this git revision (default: tag sdk-v<sdk-version>).",
)
@click.option(
    "--base-spec",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The released spec as a file (instead of a git revision).",
)
@click.option(
    "--date",
    "date",
    metavar="YYYY-MM-DD",
    help="Date of the changelog section (default: SOURCE_DATE_EPOCH, else today, UTC).",
)
@click.option(
    "--dry-run", is_flag=True, help="Print the next version and changelog section; write nothing."
)
@handle_errors
def release_command(
    base: str | None, base_spec: Path | None, date: str | None, dry_run: bool
) -> None:
    """Bump sdk-version from the diff against the last released spec, regenerate, and prepend to CHANGELOG.md."""
    from ..diff import SpecInput
    from ..diff.findings import Bump
    from ..diff.sources import RevisionError
    from .release import (
        ReleaseError,
        changelog_findings,
        changelog_section,
        next_version,
        release_date,
    )

    config = load_config(Path.cwd())
    pyproject = find_pyproject(Path.cwd())
    if pyproject is None:
        raise click.UsageError("no pyproject.toml with [tool.sdkforge] here or above")
    revision = None if base_spec else (base or released_tag(config))
    try:
        with spec_at(revision, base_spec, config, name_revision=True) as before:
            result = run_diff(
                before, SpecInput(config.spec, display_path(config.spec)), config, surface=True
            )
    except RevisionError as exc:
        if base or base_spec:
            raise
        raise RevisionError(
            f"{exc.message}. sdkforge release compares with the git tag {revision} of the last release "
            f"(sdk-version {config.sdk_version}); tag the released commit (git tag {revision} COMMIT), "
            "or pass --base REV or --base-spec FILE"
        ) from None
    try:
        version = next_version(config.sdk_version, result.bump)
        section = changelog_section(version, release_date(date), changelog_findings(result))
    except (ReleaseError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    if result.bump is Bump.NONE:
        click.echo(
            f"{before.display}: no changes since {config.sdk_version}; nothing to release.",
            err=True,
        )
        return
    click.echo(section, nl=False)
    if dry_run:
        click.echo(
            f"semver: {result.bump.label}; {config.sdk_version} → {version} (dry run: nothing written).",
            err=True,
        )
        return
    _write_release(pyproject, config, version, section)
    click.echo(
        f"semver: {result.bump.label}; {config.sdk_version} → {version}. Review, commit, then: git tag {released_tag(replace(config, sdk_version=version))}",
        err=True,
    )


def released_tag(config: Config) -> str:
    """The git tag of the release the configured version names: sdk-v0.1.0."""
    from .release import TAG_PREFIX

    return f"{TAG_PREFIX}{config.sdk_version}"


def _write_release(pyproject: Path, config: Config, version: str, section: str) -> None:
    """pyproject's sdk-version, then the regenerated SDK (version, User-Agent), then the changelog."""
    from ..output.write import OutputRefused, apply_plan, plan_write
    from ..pipeline import generate
    from .release import set_sdk_version, write_changelog

    pyproject.write_text(
        set_sdk_version(pyproject.read_text(encoding="utf-8"), version), encoding="utf-8"
    )
    released = replace(config, sdk_version=version)
    report = generate(released.spec, released, display=display_path(released.spec))
    if not report.ok:
        print_diagnostics(report.diagnostics)
        raise SpecFailure("the spec does not generate; only pyproject.toml was changed.")
    try:
        apply_plan(plan_write(released.output, report.files, spec_path=released.spec))
    except OutputRefused as exc:
        raise SpecFailure(
            f"{exc.message} (hint: {exc.hint}); only pyproject.toml was changed."
        ) from None
    write_changelog(released.output, section)
