"""Diagnostics → the operations they belong to: what --lenient skips, and which operations came out degraded.

Under --lenient the spec is validated again without the skipped operations, because some checks (the structural
validator) run only once the references are sound, and an error they then find elsewhere is the document's.

A finding belongs to one operation when its JSON pointer lies under `#/paths/<path>/<method>` of the root
document, and to every operation of a path when it lies under `#/paths/<path>` but no method. Anything else
(components, info, servers, another file) is the document's, and --lenient never skips past it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..load.operations import HTTP_METHODS
from ..report.diagnostics import Diagnostic, Severity, join_pointer, split_pointer

if TYPE_CHECKING:
    from ..load.spec import Spec


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
        owner = (
            owner_of(diagnostic.location.pointer) if diagnostic.location.file == root_file else None
        )
        if owner is None:
            return frozenset()
        owners.add(owner)
    return frozenset(owners)


def demote(
    diagnostics: Iterable[Diagnostic], skipped: frozenset[str], root_file: str
) -> list[Diagnostic]:
    """Errors of a skipped operation → warnings that say it was skipped; every other finding unchanged."""
    out = []
    for diagnostic in diagnostics:
        owner = (
            owner_of(diagnostic.location.pointer) if diagnostic.location.file == root_file else None
        )
        if diagnostic.is_error and owner in skipped:
            what = (
                "operation"
                if split_pointer(owner)[-1] in HTTP_METHODS
                else "path, all its operations"
            )
            diagnostic = replace(
                diagnostic,
                severity=Severity.WARNING,
                message=f"{diagnostic.message} [--lenient: {what} skipped]",
            )
        out.append(diagnostic)
    return out


_ROUNDS = 3  # each round can only reveal errors that the previous one's errors hid; three is plenty


def validate_leniently(spec: Spec) -> tuple[list[Diagnostic], frozenset[str]]:
    """validate_spec, with the operations that have errors of their own left out: (findings, skipped).
    The skipped operations' errors come back as warnings; any error that is the document's stays an error."""
    from .spec import validate_spec

    root = spec.root.display
    current = validate_spec(spec)
    skip: frozenset[str] = frozenset()
    skipped_findings: list[Diagnostic] = []
    for _ in range(_ROUNDS):
        local = local_errors(current, root)
        if not local:
            break
        skip |= local
        skipped_findings += [d for d in current if _owned_by(d, skip, root)]
        current = [_relocated(d, spec) for d in validate_spec(prune(spec, skip))]
    return demote(skipped_findings, skip, root) + [
        d for d in current if not _owned_by(d, skip, root)
    ], skip


def _owned_by(diagnostic: Diagnostic, skip: frozenset[str], root: str) -> bool:
    owner = owner_of(diagnostic.location.pointer) if diagnostic.location.file == root else None
    return owner is not None and is_skipped(owner, skip)


def prune(spec: Spec, skip: frozenset[str]) -> Spec:
    """The spec without the skipped operations and paths (shallow copies; the loaded spec is not changed)."""
    from ..load.spec import Spec

    data = dict(spec.root.data)
    paths = dict(data.get("paths") or {}) if isinstance(data.get("paths"), dict) else {}
    for owner in sorted(skip):
        tokens = split_pointer(owner)
        if len(tokens) == 2:
            paths.pop(tokens[1], None)
        elif isinstance(paths.get(tokens[1]), dict):
            paths[tokens[1]] = {k: v for k, v in paths[tokens[1]].items() if k != tokens[2]}
    data["paths"] = paths
    # The text is part of the validator's cache key: the pruned document must not share the full one's entry.
    root = replace(
        spec.root,
        data=data,
        text=f"{spec.root.text}\n# sdkforge --lenient without {sorted(skip)}\n",
        positions=None,
        _located=None,
        _unlocatable=True,
    )
    documents = {path: root if doc is spec.root else doc for path, doc in spec.documents.items()}
    kept = [d for d in spec.diagnostics if not _owned_by(d, skip, spec.root.display)]
    return Spec(root, documents, kept)


def _relocated(diagnostic: Diagnostic, spec: Spec) -> Diagnostic:
    """A finding on the pruned copy, at its line in the real file (pointers are the same in both)."""
    if diagnostic.location.file != spec.root.display:
        return diagnostic
    return replace(
        diagnostic,
        location=spec.root.locate(diagnostic.location.pointer, key=diagnostic.location.key),
    )
