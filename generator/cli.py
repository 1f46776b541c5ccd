"""The `sdkforge` command: diagnostics → stderr, files → disk, and exit codes (0 ok, 1 spec/stale, 2 usage)."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import check_spec, generate
from .config import FORMATTERS, Config, check_package_name, load_config
from .diagnostics import Diagnostic, Severity, count, has_errors
from .load import LoadError
from .write import diff_files, write_files

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
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(), err=True)


def summary(diagnostics: list[Diagnostic]) -> str:
    return f"{count(diagnostics, Severity.ERROR)} error(s), {count(diagnostics, Severity.WARNING)} warning(s)"


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
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@handle_errors
def validate(spec: Path | None, strict: bool) -> None:
    """Check SPEC (default: [tool.sdkforge] spec) with openapi-spec-validator and sdkforge's lint."""
    config = load_config(Path.cwd())
    spec_path = spec or config.spec
    diagnostics = check_spec(spec_path, display=display_path(spec_path))
    print_diagnostics(diagnostics)
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
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--formatter", type=click.Choice(FORMATTERS), help="Formatter of the generated code (default: ruff).")
@handle_errors
def generate_command(
    spec_argument: Path | None, spec_option: Path | None, out: Path | None, package_name: str | None,
    client_class: str | None, check: bool, strict: bool, formatter: str | None,
) -> None:
    """Regenerate the SDK from SPEC; unchanged files are not rewritten, stale ones are removed."""
    started = time.perf_counter()
    config = load_config(Path.cwd()).with_overrides(
        spec=spec_option or spec_argument, output=out, package_name=package_name, client_class=client_class,
        strict=strict or None, formatter=formatter,
    )
    check_package_name(config.package_name)
    report = generate(config.spec, config, display=display_path(config.spec))
    print_diagnostics(report.diagnostics)
    if not report.ok:
        raise SpecFailure(f"{summary(report.diagnostics)} in the spec; nothing was written.")
    coverage = f"{report.operations_generated}/{report.operations_total} operations"
    if check:
        _check(config, report.files, coverage)
        return
    result = write_files(config.output, report.files)
    elapsed = time.perf_counter() - started
    click.echo(
        f"{display_path(config.output)}: {coverage}, {len(report.files)} files "
        f"({len(result.written)} written, {len(result.removed)} removed, {result.unchanged} unchanged) "
        f"in {elapsed:.2f}s; {summary(report.diagnostics)}.",
        err=True,
    )


def _check(config: Config, files: dict[Any, str], coverage: str) -> None:
    diff = diff_files(config.output, files)
    if diff:
        click.echo(diff, nl=False)
        raise SpecFailure(
            f"{display_path(config.output)} is stale: regenerate with `sdkforge generate` and commit the result."
        )
    click.echo(f"{display_path(config.output)}: up to date ({coverage}, {len(files)} files).", err=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
