"""DiffResult → text, JSON, Markdown or GitHub Actions annotations. Pure functions of the result."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from ..report.workflow_commands import github_escape, github_property
from . import DiffResult
from .findings import Finding, Level

FORMATS = ("text", "json", "markdown", "github")

_GITHUB_COMMAND = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def render(result: DiffResult, fmt: str) -> str:
    renderers: dict[str, Callable[[DiffResult], str]] = {
        "text": render_text,
        "json": render_json,
        "markdown": render_markdown,
        "github": render_github,
    }
    return renderers[fmt](result)


def counts(findings: list[Finding]) -> str:
    tally = Counter(f.level for f in findings)
    return ", ".join(f"{tally[level]} {level.value}" for level in Level)


def render_text(result: DiffResult) -> str:
    """One finding per line (`file:line:col: level [rule] message`); the last line is `semver: ...`."""
    lines = [f"{result.old} → {result.new}"]
    lines += [_text_line(f) for f in result.findings]
    if result.surface:
        lines.append("SDK surface (griffe):")
        lines += [_text_line(f) for f in result.surface]
    lines.append(f"{counts(result.findings + result.surface)}")
    lines.append(f"semver: {result.bump.label}")
    return "\n".join(lines) + "\n"


def _text_line(finding: Finding) -> str:
    return (
        f"{finding.location.prefix()}: {finding.level.value} [{finding.rule.id}] {finding.message}"
    )


def render_json(result: DiffResult) -> str:
    document = {
        "old": result.old,
        "new": result.new,
        "semver": result.bump.label,
        "findings": [f.to_json() for f in result.findings],
        "surface": [f.to_json() for f in result.surface],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_markdown(result: DiffResult) -> str:
    """A summary for a pull request or $GITHUB_STEP_SUMMARY: semver first, then a table per layer."""
    lines = [
        f"## API changes: `{result.old}` → `{result.new}`",
        "",
        f"**semver: {result.bump.label}** ({counts(result.findings + result.surface)})",
        "",
    ]
    for title, findings in (("Spec", result.findings), ("SDK surface (griffe)", result.surface)):
        if findings:
            lines += [f"### {title}", "", "| level | rule | change | where |", "|---|---|---|---|"]
            lines += [_markdown_row(f) for f in findings]
            lines.append("")
    if not result.findings and not result.surface:
        lines += ["No changes.", ""]
    return "\n".join(lines)


def _markdown_row(finding: Finding) -> str:
    cells = [
        finding.level.value,
        f"`{finding.rule.id}`",
        finding.message,
        f"`{finding.location.prefix()}`",
    ]
    return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"


def render_github(result: DiffResult) -> str:
    """`::error file=…,line=…,col=…,title=…::message` per finding, then the semver as a notice."""
    lines = [_github_line(f) for f in result.findings + result.surface]
    lines.append(
        f"::notice title=semver::semver: {result.bump.label} ({counts(result.findings + result.surface)})"
    )
    return "\n".join(lines) + "\n"


def _github_line(finding: Finding) -> str:
    loc = finding.location
    properties = [f"file={github_property(loc.file)}"]
    if loc.line:
        properties += [f"line={loc.line}", f"col={loc.column or 1}"]
    properties.append(f"title={github_property(finding.rule.id)}")
    return f"::{_GITHUB_COMMAND[finding.level]} {','.join(properties)}::{github_escape(finding.message)}"
