"""How the CLI fails and prints: exit-1 failures, located findings, paths as users see them, no tracebacks.

Shared by every command module (cli.py, generate_commands.py, release_commands.py), so that none of
them imports another; so are the options and checks more than one command takes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .config import Config, ConfigError
from .report.diagnostics import Diagnostic, LoadError
from .report.policy import Policy, UnknownCode, resolve
from .report.reporting import finding_lines, summary_lines, totals

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
    for line in diagnostic_lines(diagnostics):
        click.echo(line, err=True)


def diagnostic_lines(diagnostics: list[Diagnostic]) -> list[str]:
    """What print_diagnostics prints, under this command's --verbose and --quiet."""
    params = click.get_current_context().params
    lines = finding_lines(
        diagnostics, verbose=params.get("verbose", False), quiet=params.get("quiet", False)
    )
    return [*lines, *summary_lines(diagnostics)]


def summary(diagnostics: list[Diagnostic]) -> str:
    return totals(diagnostics)


# What a failure means for the files: only `generate` writes, and it writes last, after every check.
_NOTHING_WRITTEN = {"generate_command": "; nothing was written"}


def handle_errors(func: F) -> F:
    """No traceback unless --debug: a spec problem prints located diagnostics, a bug says it is one."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except LoadError as exc:
            print_diagnostics(exc.diagnostics)
            raise SpecFailure(
                f"the spec could not be read{_NOTHING_WRITTEN.get(func.__name__, '')}."
            ) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if debug:
                import traceback

                traceback.print_exc()
            raise click.ClickException(
                f"internal error in sdkforge: {type(exc).__name__}: {exc}{_NOTHING_WRITTEN.get(func.__name__, '')}. "
                "Run with --debug for the traceback and report it."
            ) from None

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper  # type: ignore[return-value]


def finding_options(func: F) -> F:
    """--verbose, --quiet, --ignore and --error: how findings are shown and which count."""
    options = [
        click.option(
            "--error",
            "error_codes",
            multiple=True,
            metavar="CODE",
            help="Treat this warning code (or slug) as an error; repeatable, or comma-separated.",
        ),
        click.option(
            "--ignore",
            "ignore_codes",
            multiple=True,
            metavar="CODE",
            help="Silence this warning code (or slug); repeatable, or comma-separated.",
        ),
        click.option(
            "-q",
            "--quiet",
            is_flag=True,
            help="No progress display; warnings are counted, not listed.",
        ),
        click.option(
            "-v",
            "--verbose",
            is_flag=True,
            help="List every finding; repeated warnings are not grouped.",
        ),
    ]
    for option in options:
        func = option(func)
    return func


def with_policy(
    config: Config, ignore_codes: tuple[str, ...], error_codes: tuple[str, ...]
) -> Config:
    """Flags extend [tool.sdkforge] ignore/error; an unknown code, or an error ignored, is a usage error."""
    ignore_flags, error_flags = _split(ignore_codes), _split(error_codes)
    try:
        resolve(config.ignore, "[tool.sdkforge] ignore", warnings_only=True)
        resolve(ignore_flags, "--ignore", warnings_only=True)
        resolve(config.error, "[tool.sdkforge] error")
        resolve(error_flags, "--error")
        config = config.with_overrides(
            ignore=(*config.ignore, *ignore_flags), error=(*config.error, *error_flags)
        )
        Policy.of(config.ignore, config.error, strict=config.strict)
    except UnknownCode as exc:
        raise ConfigError(str(exc)) from None
    return config


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def require_spec_file(spec: Path) -> None:
    """A missing spec is a usage error (exit 2) that names the whole path, not a finding."""
    if spec.is_dir():
        raise click.UsageError(f"the spec is a folder, not a file: {spec.resolve()}")
    if not spec.is_file():
        raise click.UsageError(f"spec file not found: {spec.resolve()}")
