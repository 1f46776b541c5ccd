"""Diagnostics → the operations they belong to: what --lenient skips, and which operations came out degraded.

A finding belongs to one operation when its JSON pointer lies under `#/paths/<path>/<method>` of the root
document, and to every operation of a path when it lies under `#/paths/<path>` but no method. Anything else
(components, info, servers, another file) is the document's, and --lenient never skips past it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .diagnostics import Diagnostic, Severity, join_pointer, split_pointer

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def owner_of(pointer: str) -> str | None:
    """`/paths/~1pets/get/responses` → `/paths/~1pets/get`; `/paths/~1pets/parameters/0` → `/paths/~1pets`."""
    parts = split_pointer(pointer)
    if len(parts) < 2 or parts[0] != "paths":
        return None
    if len(parts) >= 3 and parts[2] in HTTP_METHODS:
        return join_pointer("/paths", parts[1], parts[2])
    return join_pointer("/paths", parts[1])


def is_skipped(operation_pointer: str, skipped: Iterable[str]) -> bool:
    """Whether an operation (`/paths/<p>/<method>`) is skipped, by itself or with its whole path."""
    return any(operation_pointer == s or operation_pointer.startswith(s + "/") for s in skipped)


def local_errors(diagnostics: Iterable[Diagnostic], root_file: str) -> frozenset[str]:
    """The operations (or whole paths) that have errors of their own; empty if any error is the document's."""
    owners: set[str] = set()
    for diagnostic in diagnostics:
        if not diagnostic.is_error:
            continue
        owner = owner_of(diagnostic.location.pointer) if diagnostic.location.file == root_file else None
        if owner is None:
            return frozenset()
        owners.add(owner)
    return frozenset(owners)


def demote(diagnostics: Iterable[Diagnostic], skipped: frozenset[str], root_file: str) -> list[Diagnostic]:
    """Errors of a skipped operation → warnings that say it was skipped; every other finding unchanged."""
    out = []
    for diagnostic in diagnostics:
        owner = owner_of(diagnostic.location.pointer) if diagnostic.location.file == root_file else None
        if diagnostic.is_error and owner in skipped:
            what = "operation" if split_pointer(owner)[-1] in HTTP_METHODS else "path, all its operations"
            diagnostic = replace(diagnostic, severity=Severity.WARNING,
                                 message=f"{diagnostic.message} [--lenient: {what} skipped]")
        out.append(diagnostic)
    return out


def degraded_count(diagnostics: Iterable[Diagnostic], root_file: str, skipped: frozenset[str]) -> int:
    """Operations generated with a warning of their own (a body or parameter left out, a name changed)."""
    owners = {owner_of(d.location.pointer) for d in diagnostics if d.location.file == root_file}
    return len({o for o in owners if o is not None and split_pointer(o)[-1] in HTTP_METHODS and o not in skipped})
