"""How the CLI fails and prints: exit-1 failures, located findings, paths as users see them, no tracebacks.

Shared by every command module (cli.py, release_commands.py), so that none of them imports another.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .report.diagnostics import Diagnostic, LoadError
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
