"""The `sdkforge` command: diagnostics → stderr, files → disk, and exit codes (0 ok, 1 spec/stale, 2 usage).

The group and `validate`; `generate` and `watch` are in generate_commands.py, `diff` and `release` in
release/release_commands.py."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .config import NameFlags, resolve_config
from .console import (
    SpecFailure,
    display_path,
    finding_options,
    handle_errors,
    print_diagnostics,
    require_spec_file,
    summary,
    with_policy,
)
from .generate_commands import generate_command, watch_command
from .pipeline import check_spec
from .release.release_commands import diff_command, release_command
from .report import ci_formats
from .report.diagnostics import LoadError, has_errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show a traceback when sdkforge itself fails.")
@click.version_option(package_name="sdkforge")
def main(debug: bool) -> None:
    """Keep a typed Python SDK in lock-step with an OpenAPI document."""


@main.command()
@click.argument("spec", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (except ignored codes).")
@click.option(
    "--lenient",
    is_flag=True,
    help="Report errors local to one operation as warnings: that operation would be skipped.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ci_formats.FORMATS),
    default="text",
    show_default=True,
    help="text to stderr; json, github, sarif (2.1.0) or junit to stdout.",
)
@finding_options
@handle_errors
def validate(
    spec: Path | None,
    strict: bool,
    lenient: bool,
    fmt: str,
    verbose: bool,
    quiet: bool,
    ignore_codes: tuple[str, ...],
    error_codes: tuple[str, ...],
) -> None:
    """Check SPEC (default: [tool.sdkforge] spec) with openapi-spec-validator and sdkforge's lint."""
    config = resolve_config(Path.cwd(), NameFlags(spec=spec), needs_output=False)
    config = with_policy(
        config.with_overrides(strict=strict or None, lenient=lenient or None),
        ignore_codes,
        error_codes,
    )
    spec_path = config.spec
    require_spec_file(spec_path)
    try:
        diagnostics = check_spec(spec_path, display=display_path(spec_path), config=config)
    except LoadError as exc:
        if fmt == "text":
            raise
        diagnostics = exc.diagnostics  # an unreadable spec is a finding like any other for CI tools
    if fmt == "text":
        print_diagnostics(diagnostics)
    else:
        click.echo(
            ci_formats.render(fmt, diagnostics, display_path(spec_path), strict=strict), nl=False
        )
    if has_errors(diagnostics, strict=strict):
        raise SpecFailure(f"{display_path(spec_path)}: {summary(diagnostics)}.")
    click.echo(f"{display_path(spec_path)}: valid ({summary(diagnostics)}).", err=True)


main.add_command(generate_command)
main.add_command(watch_command)
main.add_command(diff_command)
main.add_command(release_command)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
