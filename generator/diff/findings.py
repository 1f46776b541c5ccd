"""The diff's vocabulary: rules with stable ids and levels, findings, and the semver bump they add up to."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..report.diagnostics import Location


class Level(enum.Enum):
    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"


class Bump(enum.IntEnum):
    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class Change(enum.Enum):
    """The changelog section a finding belongs to (Keep a Changelog's words)."""

    ADDED = "added"
    CHANGED = "changed"
    DEPRECATED = "deprecated"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    level: Level
    bump: Bump
    change: Change
    summary: str


@dataclass(frozen=True, slots=True)
class Finding:
    rule: Rule
    subject: (
        str  # what changed, in SDK terms: `chat.completions.create`, `...create(messages[].role)`
    )
    message: str
    location: Location

    @property
    def level(self) -> Level:
        return self.rule.level

    def sort_key(self) -> tuple[int, str, int, int, str, str]:
        loc = self.location
        return (
            list(Level).index(self.level),
            loc.file,
            loc.line,
            loc.column,
            self.rule.id,
            self.message,
        )

    def to_json(self) -> dict[str, Any]:
        loc = self.location
        return {
            "rule": self.rule.id,
            "level": self.level.value,
            "bump": self.rule.bump.label,
            "change": self.rule.change.value,
            "subject": self.subject,
            "message": self.message,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "pointer": loc.pointer,
        }


def semver_bump(findings: Iterable[Finding]) -> Bump:
    """The largest bump any finding asks for; NONE when nothing changed."""
    return max((f.rule.bump for f in findings), default=Bump.NONE)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(set(findings), key=Finding.sort_key)
