"""What one `generate` run produced: diagnostics, the files, and how many operations made it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class Report:
    diagnostics: list[Diagnostic]
    files: dict[PurePosixPath, str] = field(default_factory=dict)
    operations_generated: int = 0
    operations_total: int = 0
    operations_skipped: tuple[str, ...] = ()  # `GET /path` of each operation left out (--lenient)
    operations_degraded: int = (
        0  # generated without something the spec describes (a body, a parameter, a helper)
    )
    referenced: dict[str, str] = field(
        default_factory=dict
    )  # SHA-256 of each file the run read (the spec, and what it reached by $ref), by path from its folder

    @property
    def ok(self) -> bool:
        return bool(self.files)
