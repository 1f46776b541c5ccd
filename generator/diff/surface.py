"""Two generated SDK folders → griffe's breaking changes, as findings in the same vocabulary as the rules.

The spec rules say what the API did; this layer says what an SDK user's code meets: a removed method,
a parameter that became required or changed kind, a changed default. griffe reads the source statically
(it imports nothing), so either SDK may be broken and still be compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import griffe

from ..report.diagnostics import Location
from .findings import Bump, Change, Finding, Level, Rule

# Everything griffe reports is breaking for callers, except a changed constant (the version, a URL) or
# default (a polling interval): code that uses it still runs, and behaves a little differently.
_SOFT_KINDS = frozenset(
    {griffe.BreakageKind.ATTRIBUTE_CHANGED_VALUE, griffe.BreakageKind.PARAMETER_CHANGED_DEFAULT}
)
_REMOVALS = frozenset({griffe.BreakageKind.OBJECT_REMOVED, griffe.BreakageKind.PARAMETER_REMOVED})


def surface_rule(kind: griffe.BreakageKind) -> Rule:
    """`sdk-object-removed`, `sdk-parameter-changed-default`, ...: one stable id per griffe kind."""
    rule_id = "sdk-" + kind.name.lower().replace("_", "-")
    if kind in _SOFT_KINDS:
        return Rule(rule_id, Level.WARNING, Bump.MINOR, Change.CHANGED, kind.value)
    change = Change.REMOVED if kind in _REMOVALS else Change.CHANGED
    return Rule(rule_id, Level.BREAKING, Bump.MAJOR, change, kind.value)


def compare_packages(
    package: str, old_root: Path, new_root: Path, display_root: str
) -> list[Finding]:
    """Breaking changes from `old_root/package` to `new_root/package`; files shown under `display_root`."""
    old = griffe.load(package, search_paths=[old_root], resolve_aliases=False)
    new = griffe.load(package, search_paths=[new_root], resolve_aliases=False)
    findings = []
    for breakage in griffe.find_breaking_changes(old, new):
        root = old_root if breakage.kind is griffe.BreakageKind.OBJECT_REMOVED else new_root
        findings.append(_finding(breakage, root, display_root))
    return findings


def _finding(breakage: griffe.Breakage, root: Path, display_root: str) -> Finding:
    obj = breakage.obj
    subject = obj.path
    message = f"{subject}: {breakage.kind.value}"
    details = _values(breakage.old_value, breakage.new_value)
    if details and breakage.kind is not griffe.BreakageKind.OBJECT_REMOVED:
        message += f" ({details})"
    return Finding(
        surface_rule(breakage.kind),
        subject,
        message,
        Location(_display(obj, root, display_root), obj.lineno or 0, 1),
    )


def _values(old: Any, new: Any) -> str:
    """`old → new` for values griffe reports (parameters and expressions print as source)."""
    if old is None and new is None:
        return ""
    return f"{_text(old)} → {_text(new)}"


def _text(value: Any) -> str:
    if value is None:
        return "nothing"
    name = getattr(value, "name", None)
    if isinstance(value, griffe.Parameter) and name:
        return f"{name}={value.default}" if value.default is not None else str(name)
    if isinstance(value, griffe.Object):
        return f"{value.kind.value} {value.name}"
    return str(value)


def _display(obj: griffe.Object | griffe.Alias, root: Path, display_root: str) -> str:
    filepath = obj.filepath
    path = filepath[0] if isinstance(filepath, list) else filepath
    try:
        relative = Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = Path(path).name
    return f"{display_root}/{relative}" if display_root else relative
