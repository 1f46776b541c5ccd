"""A diff against the last released spec → the next SDK version, its pyproject entry and a changelog section.

Versioning follows semver on the SDK's public API, with the usual 0.x convention while the major
version is 0: a breaking change bumps the minor version (0.3.1 → 0.4.0) and anything else the patch
version (0.3.1 → 0.3.2). From 1.0 on: breaking → major, additions and deprecations → minor,
documentation only → patch. A diff with no findings releases nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..diff import DiffResult
from ..diff.findings import Bump, Change, Finding, Level

TAG_PREFIX = "sdk-v"  # a release's git tag; .github/workflows/publish-sdk.yml publishes on it
CHANGELOG_NAME = "CHANGELOG.md"
CHANGELOG_TITLE = "# Changelog\n"
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
_SECTIONS = (
    ("Added", Change.ADDED),
    ("Changed", Change.CHANGED),
    ("Deprecated", Change.DEPRECATED),
    ("Removed", Change.REMOVED),
)


class ReleaseError(Exception):
    """The release cannot be made as asked (a version that is not X.Y.Z, no pyproject table)."""


def next_version(current: str, bump: Bump) -> str:
    """`0.1.0` + MAJOR → `0.2.0` (0.x: breaking bumps the minor); `1.2.3` + MINOR → `1.3.0`."""
    match = _VERSION.match(current)
    if match is None:
        raise ReleaseError(
            f"sdk-version {current!r} is not MAJOR.MINOR.PATCH; set it in [tool.sdkforge]"
        )
    major, minor, patch = (int(part) for part in match.groups())
    if bump is Bump.NONE:
        return current
    if major == 0:
        return f"0.{minor + 1}.0" if bump is Bump.MAJOR else f"0.{minor}.{patch + 1}"
    if bump is Bump.MAJOR:
        return f"{major + 1}.0.0"
    if bump is Bump.MINOR:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def release_date(explicit: str | None) -> str:
    """`--date`, else SOURCE_DATE_EPOCH (reproducible builds' convention), else today in UTC."""
    if explicit:
        return dt.date.fromisoformat(explicit).isoformat()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.datetime.now(dt.UTC).date().isoformat()


def changelog_findings(result: DiffResult) -> list[Finding]:
    """Spec findings say what changed in the API's words; griffe's join only when the spec explains no break."""
    findings = list(result.findings)
    if not any(f.level is Level.BREAKING for f in findings):
        findings += [f for f in result.surface if f.level is Level.BREAKING]
    return findings


def changelog_section(version: str, date: str, findings: Iterable[Finding]) -> str:
    """`## version - date`, breaking changes first, then Added / Changed / Deprecated / Removed."""
    items = list(findings)
    lines = [f"## {version} - {date}", ""]
    breaking = [f for f in items if f.level is Level.BREAKING]
    if breaking:
        lines += ["### Breaking changes", "", *(_item(f) for f in breaking), ""]
    for title, change in _SECTIONS:
        chosen = [f for f in items if f.rule.change is change and f.level is not Level.BREAKING]
        if chosen:
            lines += [f"### {title}", "", *(_item(f) for f in chosen), ""]
    return "\n".join(lines)


def _item(finding: Finding) -> str:
    return f"- {finding.message} (`{finding.rule.id}`)"


def prepend_changelog(existing: str, section: str) -> str:
    """The new section goes right under the title; a missing title is added."""
    body = existing.removeprefix(CHANGELOG_TITLE).lstrip("\n")
    return f"{CHANGELOG_TITLE}\n{section}\n{body}".rstrip("\n") + "\n"


def set_sdk_version(pyproject_text: str, version: str) -> str:
    """Rewrite `sdk-version` in [tool.sdkforge], keeping every other byte of the file."""
    table = re.search(r"(?m)^\[tool\.sdkforge\][ \t]*$", pyproject_text)
    if table is None:
        raise ReleaseError("pyproject.toml has no [tool.sdkforge] table")
    end_match = re.compile(r"(?m)^\[").search(pyproject_text, table.end())
    end = end_match.start() if end_match else len(pyproject_text)
    body = pyproject_text[table.end() : end]
    line = f'sdk-version = "{version}"'
    new_body, replaced = re.subn(r"(?m)^sdk-version[ \t]*=.*$", line, body, count=1)
    if not replaced:
        new_body = "\n" + line + body
    return pyproject_text[: table.end()] + new_body + pyproject_text[end:]


def write_changelog(out_dir: Path, section: str) -> Path:
    path = out_dir / CHANGELOG_NAME
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    path.write_text(prepend_changelog(existing, section), encoding="utf-8")
    return path
