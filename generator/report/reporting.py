"""Sorted diagnostics → the lines a person reads: findings (repeated warnings grouped), counts by code, totals.

A huge spec repeats one warning hundreds of times (Microsoft Graph: 216 `unknown string format
'base64url'`). Warnings of one code whose messages differ only in quoted names and numbers are one
kind: the first few are printed with their locations, then a single line counts the rest and says how
to see them (--verbose) or silence them (--ignore). Errors are never hidden.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .diagnostics import Code, Diagnostic, Severity, count

SHOWN_PER_KIND = 3

# Quoted values ('base64url', "x"), backquoted keys and numbers: what varies between findings of one kind.
_VARYING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|\b\d+\b")


def message_template(message: str) -> str:
    """The message with its quoted values and numbers masked: `unknown string format …; typed as str`."""
    return _VARYING.sub("…", message)


def finding_lines(
    diagnostics: Iterable[Diagnostic], *, verbose: bool = False, quiet: bool = False
) -> list[str]:
    """Each finding's text, in the given order. Without `verbose`, a kind of warning past its first three
    becomes one line after the third; under `quiet` warnings are only counted (summary_lines)."""
    lines: list[str] = []
    diagnostics = list(diagnostics)
    seen: Counter[tuple[str, str]] = Counter()
    totals = Counter(_kind(d) for d in diagnostics if not d.is_error)
    for diagnostic in diagnostics:
        if diagnostic.is_error or verbose:
            lines.append(diagnostic.format())
            continue
        if quiet:
            continue
        kind = _kind(diagnostic)
        seen[kind] += 1
        if seen[kind] <= SHOWN_PER_KIND:
            lines.append(diagnostic.format())
        if seen[kind] == SHOWN_PER_KIND and totals[kind] > SHOWN_PER_KIND:
            lines.append(_more_line(diagnostic.code, totals[kind] - SHOWN_PER_KIND))
    return lines


def _kind(diagnostic: Diagnostic) -> tuple[str, str]:
    return diagnostic.code.code, message_template(diagnostic.message)


def _more_line(code: Code, hidden: int) -> str:
    return (
        f"... and {hidden} more like this  [{code.label()}]: "
        f"--verbose shows them all, --ignore {code.code} silences them"
    )


def summary_lines(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """`Findings by code:` then one line per code (errors first, then the most frequent): count, severity, code."""
    by_code: Counter[Code] = Counter()
    is_error: set[Code] = set()
    for diagnostic in diagnostics:
        by_code[diagnostic.code] += 1
        if diagnostic.is_error:
            is_error.add(diagnostic.code)
    if not by_code:
        return []
    order = sorted(by_code, key=lambda c: (c not in is_error, -by_code[c], c.code))
    width = len(str(max(by_code.values())))
    return ["Findings by code:"] + [
        f"  {by_code[c]:>{width}} {'error' if c in is_error else 'warning':<7}  {c.label()}"
        for c in order
    ]


def totals(diagnostics: Iterable[Diagnostic]) -> str:
    """The closing count, printed last: `2 error(s), 968 warning(s)`."""
    diagnostics = list(diagnostics)
    return f"{count(diagnostics, Severity.ERROR)} error(s), {count(diagnostics, Severity.WARNING)} warning(s)"
