"""Findings about a spec → sorted, located, printable diagnostics. No other module prints."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: a file, 1-based line and column, and the JSON pointer of the node."""

    file: str
    line: int = 0
    column: int = 0
    pointer: str = ""
    key: bool = field(
        default=False, compare=False
    )  # at the key the pointer ends with, not at its value

    def prefix(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True, slots=True)
class Code:
    """One kind of finding; every instance lives in codes.py, the registry."""

    code: str  # "SDK401": stable, never reused
    slug: str  # "unknown-format": the same, in words
    severity: Severity  # before [tool.sdkforge] ignore/error and --strict
    summary: str  # one line for docs/diagnostics.md

    def at(self, location: Location, message: str, hint: str | None = None) -> Diagnostic:
        return Diagnostic(self, self.severity, message, location, hint)

    def label(self) -> str:
        return f"{self.code} {self.slug}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: Code
    severity: Severity
    message: str
    location: Location
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, loc.pointer, self.message, self.code.code)

    def to_json(self) -> dict[str, Any]:
        """For the caches: a plain dict that codes.diagnostic_from_json turns back into an equal Diagnostic."""
        loc = self.location
        item = {
            "code": self.code.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "pointer": loc.pointer,
        }
        return (
            {**item, "key": True} if loc.key else item
        )  # at a key: --lenient locates it again the same way

    def format(self) -> str:
        """Three lines at most: `file:line:col: error: what  [SDK014 dangling-ref]`, `  at #/pointer`, `  hint: how`.

        The code goes last, in brackets, as mypy prints its error codes: `file:line:col: error: ` stays what
        editors' and CI's problem matchers look for.
        """
        lines = [
            f"{self.location.prefix()}: {self.severity.value}: {self.message}  [{self.code.label()}]"
        ]
        if self.location.pointer:
            lines.append(f"  at #{self.location.pointer}")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


class LoadError(Exception):
    """The spec cannot be read at all; carries the diagnostics that say why (raised by load.py; defined
    here so that the CLI can catch it without importing the loader and PyYAML)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.sort_key(), d.severity.value, d.hint): d for d in diagnostics}
    return [unique[key] for key in sorted(unique, key=lambda k: (k[0], k[1], k[2] or ""))]


def has_errors(diagnostics: Iterable[Diagnostic], *, strict: bool = False) -> bool:
    return any(d.is_error or strict for d in diagnostics)


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity is severity)


def escape_pointer_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, *tokens: str | int) -> str:
    # The lint walkers call this for every node of a large spec: the common token needs no escaping.
    for token in tokens:
        text = str(token)
        base += "/" + (escape_pointer_token(text) if "~" in text or "/" in text else text)
    return base


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]
