"""The `sdkforge` command: diagnostics → stderr, files → disk, and exit codes (0 ok, 1 spec/stale, 2 usage)."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import check_spec, ci_formats, generate
from .config import FORMATTERS, Config, ConfigError, check_package_name, load_config
from .diagnostics import Diagnostic, has_errors
from .load import LoadError
from .policy import Policy, UnknownCode, resolve
from .progress import Stages, open_stages
from .reporting import finding_lines, summary_lines, totals
from .write import WriteResult, diff_files, write_files

F = TypeVar("F", bound=Callable[..., Any])


class SpecFailure(click.ClickException):
    """The spec has errors (or warnings under --strict), or --check found stale output: exit 1."""

    exit_code = 1


def display_path(path: Path) -> str:
    """The spec's name as printed in messages and file headers: relative, never a machine path."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """The findings (a kind of warning past its first three counted in one line, unless --verbose), then
    the count by code; the caller's totals line comes last."""
    params = click.get_current_context().params
    lines = finding_lines(diagnostics, verbose=params.get("verbose", False), quiet=params.get("quiet", False))
    for line in [*lines, *summary_lines(diagnostics)]:
        click.echo(line, err=True)


def summary(diagnostics: list[Diagnostic]) -> str:
    return totals(diagnostics)


def finding_options(func: F) -> F:
    """--verbose, --quiet, --ignore and --error: how findings are shown and which count."""
    options = [
        click.option("--error", "error_codes", multiple=True, metavar="CODE",
                     help="Treat this warning code (or slug) as an error; repeatable, or comma-separated."),
        click.option("--ignore", "ignore_codes", multiple=True, metavar="CODE",
                     help="Silence this warning code (or slug); repeatable, or comma-separated."),
        click.option("-q", "--quiet", is_flag=True, help="No progress display; warnings are counted, not listed."),
        click.option("-v", "--verbose", is_flag=True, help="List every finding; repeated warnings are not grouped."),
    ]
    for option in options:
        func = option(func)
    return func


def with_policy(config: Config, ignore_codes: tuple[str, ...], error_codes: tuple[str, ...]) -> Config:
    """Flags extend [tool.sdkforge] ignore/error; an unknown code, or an error ignored, is a usage error."""
    ignore_flags, error_flags = _split(ignore_codes), _split(error_codes)
    try:
        resolve(config.ignore, "[tool.sdkforge] ignore", warnings_only=True)
        resolve(ignore_flags, "--ignore", warnings_only=True)
        resolve(config.error, "[tool.sdkforge] error")
        resolve(error_flags, "--error")
        config = config.with_overrides(ignore=(*config.ignore, *ignore_flags), error=(*config.error, *error_flags))
        Policy.of(config.ignore, config.error, strict=config.strict)
    except UnknownCode as exc:
        raise ConfigError(str(exc)) from None
    return config


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def handle_errors(func: F) -> F:
    """No traceback unless --debug: a spec problem prints located diagnostics, a bug says it is one."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except LoadError as exc:
            print_diagnostics(exc.diagnostics)
            raise SpecFailure("the spec could not be read; nothing was written.") from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if debug:
                traceback.print_exc()
            raise click.ClickException(
                f"internal error in sdkforge: {type(exc).__name__}: {exc}; nothing was written. "
                "Run with --debug for the traceback and report it."
            ) from None

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show a traceback when sdkforge itself fails.")
@click.version_option(package_name="sdkforge")
def main(debug: bool) -> None:
    """Keep a typed Python SDK in lock-step with an OpenAPI document."""


@main.command()
@click.argument("spec", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (except ignored codes).")
@click.option("--format", "fmt", type=click.Choice(ci_formats.FORMATS), default="text", show_default=True,
              help="text to stderr; json, github, sarif (2.1.0) or junit to stdout.")
@finding_options
@handle_errors
def validate(spec: Path | None, strict: bool, fmt: str, verbose: bool, quiet: bool, ignore_codes: tuple[str, ...],
             error_codes: tuple[str, ...]) -> None:
    """Check SPEC (default: [tool.sdkforge] spec) with openapi-spec-validator and sdkforge's lint."""
    config = with_policy(load_config(Path.cwd()).with_overrides(strict=strict or None), ignore_codes, error_codes)
    spec_path = spec or config.spec
    try:
        diagnostics = check_spec(spec_path, display=display_path(spec_path), config=config)
    except LoadError as exc:
        if fmt == "text":
            raise
        diagnostics = exc.diagnostics  # an unreadable spec is a finding like any other for CI tools
    if fmt == "text":
        print_diagnostics(diagnostics)
    else:
        click.echo(ci_formats.render(fmt, diagnostics, display_path(spec_path), strict=strict), nl=False)
    if has_errors(diagnostics, strict=strict):
        raise SpecFailure(f"{display_path(spec_path)}: {summary(diagnostics)}.")
    click.echo(f"{display_path(spec_path)}: valid ({summary(diagnostics)}).", err=True)


@main.command(name="generate")
@click.argument("spec_argument", metavar="[SPEC]", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--spec", "spec_option", type=click.Path(dir_okay=False, path_type=Path), help="The OpenAPI file (default from pyproject).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default from pyproject).")
@click.option("--package-name", help="Import name of the generated package.")
@click.option("--client-class", help="Name of the generated client class.")
@click.option("--check", is_flag=True, help="Write nothing; print a diff and exit 1 if the output is stale.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (except ignored codes).")
@click.option("--formatter", type=click.Choice(FORMATTERS), help="Formatter of the generated code (default: ruff).")
@finding_options
@handle_errors
def generate_command(
    spec_argument: Path | None, spec_option: Path | None, out: Path | None, package_name: str | None,
    client_class: str | None, check: bool, strict: bool, formatter: str | None, verbose: bool, quiet: bool,
    ignore_codes: tuple[str, ...], error_codes: tuple[str, ...],
) -> None:
    """Regenerate the SDK from SPEC; unchanged files are not rewritten, stale ones are removed."""
    started = time.perf_counter()
    config = load_config(Path.cwd()).with_overrides(
        spec=spec_option or spec_argument, output=out, package_name=package_name, client_class=client_class,
        strict=strict or None, formatter=formatter,
    )
    config = with_policy(config, ignore_codes, error_codes)
    check_package_name(config.package_name)
    with open_stages(enabled=not quiet) as stages:
        report = generate(config.spec, config, display=display_path(config.spec), stages=stages)
        result = _write(config, report.files, stages) if report.ok and not check else None
    print_diagnostics(report.diagnostics)
    if not report.ok:
        raise SpecFailure(f"{summary(report.diagnostics)} in the spec; nothing was written.")
    coverage = f"{report.operations_generated}/{report.operations_total} operations"
    if check or result is None:
        _check(config, report.files, coverage)
        return
    elapsed = time.perf_counter() - started
    click.echo(
        f"{display_path(config.output)}: {coverage}, {len(report.files)} files "
        f"({len(result.written)} written, {len(result.removed)} removed, {result.unchanged} unchanged) "
        f"in {elapsed:.2f}s; {summary(report.diagnostics)}.",
        err=True,
    )


def _write(config: Config, files: dict[Any, str], stages: Stages) -> WriteResult:
    stages.stage("write", total=len(files), unit="files")
    result = write_files(config.output, files)
    stages.done(f"{len(result.written)} written, {len(result.removed)} removed")
    return result


def _check(config: Config, files: dict[Any, str], coverage: str) -> None:
    diff = diff_files(config.output, files)
    if diff:
        click.echo(diff, nl=False)
        raise SpecFailure(
            f"{display_path(config.output)} is stale: regenerate with `sdkforge generate` and commit the result."
        )
    click.echo(f"{display_path(config.output)}: up to date ({coverage}, {len(files)} files).", err=True)


# Subcommands that live in their own modules; imported last because they use the helpers above.
from .release_commands import diff_command, release_command  # noqa: E402

main.add_command(diff_command)
main.add_command(release_command)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
