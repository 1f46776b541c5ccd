"""Per-code control: `ignore` silences a warning code, `error` promotes one, `strict` promotes them all.

The linter convention (ruff's `ignore`, Spectral's rule severities), applied to the findings of one run
before anything decides whether the spec has errors. Errors cannot be ignored: they stop generation
because the output would be wrong, not because of taste.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from . import codes
from .diagnostics import Code, Diagnostic, Severity


class UnknownCode(ValueError):
    """A name in `ignore`/`error` that is no code; the message says where it came from and suggests one."""


@dataclass(frozen=True, slots=True)
class Policy:
    ignore: frozenset[Code] = frozenset()
    error: frozenset[Code] = frozenset()
    strict: bool = False

    @staticmethod
    def of(
        ignore: Iterable[str] = (), error: Iterable[str] = (), *, strict: bool = False
    ) -> Policy:
        """Resolve codes or slugs (see `resolve`); an error code cannot be ignored, nor a code both ignored and promoted."""
        ignored = resolve(ignore, "ignore", warnings_only=True)
        promoted = resolve(error, "error")
        for code in sorted(ignored, key=lambda c: c.code):
            if code in promoted:
                raise UnknownCode(
                    f"{code.label()} is both ignored and promoted to an error; choose one"
                )
        return Policy(ignored, promoted, strict)

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Drop ignored warnings; promote the listed codes (every warning under strict) to errors."""
        kept = []
        for diagnostic in diagnostics:
            if diagnostic.is_error:
                kept.append(diagnostic)
            elif diagnostic.code in self.ignore:
                continue
            elif self.strict or diagnostic.code in self.error:
                kept.append(replace(diagnostic, severity=Severity.ERROR))
            else:
                kept.append(diagnostic)
        return kept

    def key(self) -> list[str]:
        """What the memo's key needs to know: the same spec under another policy is another Report."""
        return [
            ",".join(sorted(c.code for c in self.ignore)),
            ",".join(sorted(c.code for c in self.error)),
            str(self.strict),
        ]


def resolve(names: Iterable[str], where: str, *, warnings_only: bool = False) -> frozenset[Code]:
    """Codes by number or slug; UnknownCode names `where` (a flag or a config key) and the closest code."""
    found = set()
    for name in names:
        code = codes.lookup(name)
        if code is None:
            raise UnknownCode(
                f"{where}: unknown code {name!r}{_suggestion(name)}; docs/diagnostics.md lists them"
            )
        if warnings_only and code.severity is Severity.ERROR:
            raise UnknownCode(
                f"{where}: {code.label()} is an error and cannot be ignored; only warnings can"
            )
        found.add(code)
    return frozenset(found)


def _suggestion(name: str) -> str:
    name = name.strip()
    number = re.fullmatch(r"(?i)(?:sdk)?(\d{1,3})", name)
    if (
        number and f"SDK{int(number[1]):03d}" in codes.BY_CODE
    ):  # `SDK14`, `401`: the digits were right
        close = [f"SDK{int(number[1]):03d}"]
    else:
        key = name.upper() if name[:3].upper() == "SDK" else name.lower()
        import difflib  # only for a misspelt code

        close = difflib.get_close_matches(key, [*codes.BY_CODE, *codes.BY_SLUG], n=1, cutoff=0.6)
    code = codes.lookup(close[0]) if close else None
    return f" (did you mean {code.label()}?)" if code else ""
