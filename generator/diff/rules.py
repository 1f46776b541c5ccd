"""Old Contract + new Contract → findings. Each rule has a stable id; ids are never reused or renamed.

Levels follow what an SDK user's code sees: `breaking` code that ran may now fail (a removed method,
parameter or field, a new required argument, a narrower accepted type), `warning` it still runs but
may meet something new (a value on a closed enum, a deprecation, a moved path), `info` nothing to do.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import replace

from ..report.diagnostics import Location
from .contract import Contract, OperationContract, Slot
from .findings import Bump, Change, Finding, Level, Rule

B, W, I = Level.BREAKING, Level.WARNING, Level.INFO  # noqa: E741 - three letters read as a table below

_TABLE: list[tuple[str, Level, Bump, Change, str]] = [
    (
        "operation-removed",
        B,
        Bump.MAJOR,
        Change.REMOVED,
        "an operation (an SDK method) was removed",
    ),
    ("operation-added", I, Bump.MINOR, Change.ADDED, "an operation (an SDK method) was added"),
    (
        "operation-renamed",
        B,
        Bump.MAJOR,
        Change.CHANGED,
        "the same method and path became another SDK method",
    ),
    (
        "operation-deprecated",
        W,
        Bump.MINOR,
        Change.DEPRECATED,
        "an operation was marked deprecated",
    ),
    (
        "path-changed",
        W,
        Bump.MINOR,
        Change.CHANGED,
        "an operation's HTTP method or path changed (the SDK method stays)",
    ),
    ("auth-changed", B, Bump.MAJOR, Change.CHANGED, "an operation accepts other credentials"),
    ("parameter-removed", B, Bump.MAJOR, Change.REMOVED, "a parameter was removed"),
    ("parameter-renamed", B, Bump.MAJOR, Change.CHANGED, "a parameter was renamed"),
    ("parameter-added", I, Bump.MINOR, Change.ADDED, "an optional parameter was added"),
    ("parameter-added-required", B, Bump.MAJOR, Change.ADDED, "a required parameter was added"),
    ("parameter-became-required", B, Bump.MAJOR, Change.CHANGED, "a parameter became required"),
    ("parameter-became-optional", I, Bump.MINOR, Change.CHANGED, "a parameter became optional"),
    ("request-field-removed", B, Bump.MAJOR, Change.REMOVED, "a request body field was removed"),
    (
        "request-field-added",
        I,
        Bump.MINOR,
        Change.ADDED,
        "an optional request body field was added",
    ),
    (
        "request-field-added-required",
        B,
        Bump.MAJOR,
        Change.ADDED,
        "a required request body field was added",
    ),
    (
        "request-field-became-required",
        B,
        Bump.MAJOR,
        Change.CHANGED,
        "a request body field became required",
    ),
    (
        "request-field-became-optional",
        I,
        Bump.MINOR,
        Change.CHANGED,
        "a request body field became optional",
    ),
    (
        "request-type-narrowed",
        B,
        Bump.MAJOR,
        Change.CHANGED,
        "a parameter or field accepts fewer types",
    ),
    (
        "request-type-widened",
        I,
        Bump.MINOR,
        Change.CHANGED,
        "a parameter or field accepts more types",
    ),
    (
        "request-type-changed",
        B,
        Bump.MAJOR,
        Change.CHANGED,
        "a parameter or field accepts other types",
    ),
    (
        "request-enum-value-removed",
        B,
        Bump.MAJOR,
        Change.REMOVED,
        "an accepted enum value was removed",
    ),
    ("request-enum-value-added", I, Bump.MINOR, Change.ADDED, "an accepted enum value was added"),
    (
        "request-variant-removed",
        B,
        Bump.MAJOR,
        Change.REMOVED,
        "a union no longer accepts one of its shapes",
    ),
    ("request-variant-added", I, Bump.MINOR, Change.ADDED, "a union accepts one more shape"),
    (
        "response-variant-added",
        W,
        Bump.MINOR,
        Change.CHANGED,
        "a response union has one more shape (old SDKs may reject it)",
    ),
    (
        "response-variant-removed",
        I,
        Bump.MINOR,
        Change.CHANGED,
        "a response union lost one of its shapes",
    ),
    ("response-field-removed", B, Bump.MAJOR, Change.REMOVED, "a response field was removed"),
    ("response-field-added", I, Bump.MINOR, Change.ADDED, "a response field was added"),
    (
        "response-field-became-optional",
        B,
        Bump.MAJOR,
        Change.CHANGED,
        "a response field may now be missing",
    ),
    (
        "response-field-became-required",
        I,
        Bump.MINOR,
        Change.CHANGED,
        "a response field is now always present",
    ),
    ("response-type-changed", B, Bump.MAJOR, Change.CHANGED, "a response value has other types"),
    ("response-type-narrowed", I, Bump.MINOR, Change.CHANGED, "a response value has fewer types"),
    (
        "response-enum-value-added",
        W,
        Bump.MINOR,
        Change.CHANGED,
        "a closed response enum gained a value (old SDKs reject it)",
    ),
    (
        "response-open-enum-value-added",
        I,
        Bump.MINOR,
        Change.ADDED,
        "an open response enum gained a value",
    ),
    ("response-enum-value-removed", I, Bump.MINOR, Change.CHANGED, "a response enum lost a value"),
    ("description-changed", I, Bump.PATCH, Change.CHANGED, "documentation text changed"),
]
RULES: dict[str, Rule] = {row[0]: Rule(*row) for row in _TABLE}

Locate = Callable[[str], Location]


def compare(old: Contract, new: Contract, locate: Locate) -> list[Finding]:
    """Every finding between two contracts; `locate` turns a pointer into the new spec into a Location."""
    return list(_Comparison(locate).run(old, new))


class _Comparison:
    def __init__(self, locate: Locate) -> None:
        self.locate = locate

    def finding(self, rule_id: str, subject: str, message: str, pointer: str) -> Finding:
        return Finding(RULES[rule_id], subject, message, self.locate(pointer))

    def run(self, old: Contract, new: Contract) -> Iterator[Finding]:
        if (old.doc, old.title) != (new.doc, new.title):
            yield self.finding(
                "description-changed", "api", "the API's title or description changed", "/info"
            )
        matched, removed, added = _match_operations(old, new)
        for op in removed:
            yield self.finding(
                "operation-removed", op.sdk_name, f"{op.label} was removed", op.pointer
            )
        for op in added:
            yield self.finding("operation-added", op.sdk_name, f"{op.label} was added", op.pointer)
        for before, after in matched:
            yield from self.operation(before, after)

    def operation(self, old: OperationContract, new: OperationContract) -> Iterator[Finding]:
        old, new = align_variants(old, new)
        subject = new.sdk_name
        if old.sdk_name != new.sdk_name:
            yield self.finding(
                "operation-renamed", subject, f"{old.label} is now {new.sdk_name}", new.pointer
            )
        if (old.http_method, old.wire_path) != (new.http_method, new.wire_path):
            yield self.finding(
                "path-changed",
                subject,
                f"{subject}: {old.http_method} {old.wire_path} → {new.http_method} {new.wire_path}",
                new.pointer,
            )
        if new.deprecated and not old.deprecated:
            yield self.finding(
                "operation-deprecated", subject, f"{new.label} is deprecated", new.pointer
            )
        if old.security != new.security:
            yield self.finding(
                "auth-changed",
                subject,
                f"{subject}: credentials {_auth(old)} → {_auth(new)}",
                new.pointer,
            )
        if old.doc != new.doc:
            yield self.finding(
                "description-changed", subject, f"{subject}: description changed", new.pointer
            )
        yield from self.request(old, new)
        yield from self.response(old, new)

    # -- request ----------------------------------------------------------------------------------

    def request(self, old: OperationContract, new: OperationContract) -> Iterator[Finding]:
        renamed = _renamed_parameters(old.request, new.request)
        for name, slot in old.request.items():
            if name in new.request or _under(name, renamed):
                continue
            kind = "request-variant" if slot.is_variant else _request_kind(name)
            if name in renamed:
                yield self.finding(
                    "parameter-renamed",
                    new.sdk_name,
                    f"{new.sdk_name}: parameter {name!r} is now {renamed[name]!r}",
                    new.request[renamed[name]].pointer,
                )
            elif not _parent_missing(name, new.request):
                yield self.finding(
                    f"{kind}-removed",
                    new.sdk_name,
                    f"{new.sdk_name}: {_noun(kind)} {name!r} is no longer accepted"
                    if slot.is_variant
                    else f"{new.sdk_name}: {_noun(kind)} {name!r} was removed",
                    _parent_pointer(name, new) or new.pointer,
                )
        for name, slot in new.request.items():
            if name in old.request:
                yield from self.request_slot(new.sdk_name, name, old.request[name], slot)
            elif slot.is_variant and not _parent_missing(name, old.request):
                yield self.finding(
                    "request-variant-added",
                    new.sdk_name,
                    f"{new.sdk_name}: {name!r} is accepted",
                    slot.pointer or new.pointer,
                )
            elif name not in renamed.values() and not _parent_missing(name, old.request):
                kind = _request_kind(name)
                suffix = "-added-required" if slot.required else "-added"
                what = "required " if slot.required else "optional "
                yield self.finding(
                    kind + suffix,
                    new.sdk_name,
                    f"{new.sdk_name}: {what}{_noun(kind)} {name!r} was added",
                    slot.pointer or new.pointer,
                )

    def request_slot(self, subject: str, name: str, old: Slot, new: Slot) -> Iterator[Finding]:
        kind = _request_kind(name)
        where = new.pointer or old.pointer
        if new.required and not old.required:
            yield self.finding(
                f"{kind}-became-required",
                subject,
                f"{subject}: {_noun(kind)} {name!r} is now required",
                where,
            )
        elif old.required and not new.required:
            yield self.finding(
                f"{kind}-became-optional",
                subject,
                f"{subject}: {_noun(kind)} {name!r} is now optional",
                where,
            )
        yield from self.request_types(subject, name, old, new, where)
        for value in sorted(old.literals - new.literals):
            yield self.finding(
                "request-enum-value-removed",
                subject,
                f"{subject}: {name!r} no longer accepts {value}",
                where,
            )
        for value in sorted(new.literals - old.literals):
            yield self.finding(
                "request-enum-value-added", subject, f"{subject}: {name!r} accepts {value}", where
            )
        if old.doc != new.doc:
            yield self.finding(
                "description-changed", subject, f"{subject}: description of {name!r} changed", where
            )

    def request_types(
        self, subject: str, name: str, old: Slot, new: Slot, where: str
    ) -> Iterator[Finding]:
        if old.pieces == new.pieces and bool(old.literals) == bool(new.literals):
            return  # same types; enum values are the enum rules' business
        text = (
            f"{subject}: {name!r} accepts {_types(_type_set(new))} (was {_types(_type_set(old))})"
        )
        if _covers(old, new):
            yield self.finding("request-type-narrowed", subject, text, where)
        elif _covers(new, old):
            yield self.finding("request-type-widened", subject, text, where)
        else:
            yield self.finding("request-type-changed", subject, text, where)

    # -- response ---------------------------------------------------------------------------------

    def response(self, old: OperationContract, new: OperationContract) -> Iterator[Finding]:
        subject = new.sdk_name
        yield from self.response_slot(subject, "the response", old.returns, new.returns)
        for name, slot in old.response.items():
            if name not in new.response and not _parent_missing(name, new.response):
                rule, text = (
                    ("response-variant-removed", "is no longer sent")
                    if slot.is_variant
                    else ("response-field-removed", "was removed")
                )
                yield self.finding(
                    rule,
                    subject,
                    f"{subject}: response {_what(slot)} {name!r} {text}",
                    _parent_pointer(name, new) or new.pointer,
                )
        for name, slot in new.response.items():
            if name in old.response:
                yield from self.response_slot(
                    subject, f"response field {name!r}", old.response[name], slot
                )
            elif not _parent_missing(name, old.response):
                rule, text = (
                    ("response-variant-added", "may be sent")
                    if slot.is_variant
                    else ("response-field-added", "was added")
                )
                yield self.finding(
                    rule,
                    subject,
                    f"{subject}: response {_what(slot)} {name!r} {text}",
                    slot.pointer or new.pointer,
                )

    def response_slot(self, subject: str, what: str, old: Slot, new: Slot) -> Iterator[Finding]:
        where = new.pointer or old.pointer
        if old.required and not new.required:
            yield self.finding(
                "response-field-became-optional",
                subject,
                f"{subject}: {what} may now be missing",
                where,
            )
        elif new.required and not old.required:
            yield self.finding(
                "response-field-became-required",
                subject,
                f"{subject}: {what} is now always present",
                where,
            )
        before, after = _type_set(old), _type_set(new)
        if old.pieces != new.pieces or (bool(old.literals) != bool(new.literals)):
            rule = "response-type-narrowed" if _covers(old, new) else "response-type-changed"
            yield self.finding(
                rule, subject, f"{subject}: {what} is {_types(after)} (was {_types(before)})", where
            )
        gained = (
            "response-enum-value-added"
            if old.is_closed and new.is_closed
            else "response-open-enum-value-added"
        )
        for value in sorted(new.literals - old.literals):
            yield self.finding(gained, subject, f"{subject}: {what} may be {value}", where)
        for value in sorted(old.literals - new.literals):
            yield self.finding(
                "response-enum-value-removed", subject, f"{subject}: {what} is never {value}", where
            )
        if old.doc != new.doc:
            yield self.finding(
                "description-changed", subject, f"{subject}: description of {what} changed", where
            )


def align_variants(
    old: OperationContract, new: OperationContract
) -> tuple[OperationContract, OperationContract]:
    """A single model that became one alternative of a union (or the reverse) is compared with that alternative."""
    request_old, request_new = _align(
        old.request, old.request_labels, new.request, new.request_labels
    )
    response_old, response_new = _align(
        old.response, old.response_labels, new.response, new.response_labels
    )
    return (
        replace(old, request=request_old, response=response_old),
        replace(new, request=request_new, response=response_new),
    )


def _align(
    old: dict[str, Slot],
    old_labels: dict[str, str],
    new: dict[str, Slot],
    new_labels: dict[str, str],
) -> tuple[dict[str, Slot], dict[str, Slot]]:
    for variant, slot in list(new.items()):
        position, label = _split_variant(variant)
        if slot.is_variant and old_labels.get(position) == label:
            old = _relabel(old, position, variant, slot)
    for variant, slot in list(old.items()):
        position, label = _split_variant(variant)
        if slot.is_variant and new_labels.get(position) == label:
            new = _relabel(new, position, variant, slot)
    return old, new


def _split_variant(path: str) -> tuple[str, str]:
    position, _, label = path.rpartition("<")
    return position, label.removesuffix(">")


def _relabel(
    slots: dict[str, Slot], position: str, variant: str, variant_slot: Slot
) -> dict[str, Slot]:
    """Keys under `position` move under `position<label>`; the variant itself appears as it does on the other side."""
    moved: dict[str, Slot] = {}
    for key, slot in slots.items():
        if key.startswith(position) and key[len(position) : len(position) + 1] in (".", "[", "{"):
            key = variant + key[len(position) :]
        moved[key] = slot
    moved[variant] = variant_slot
    return moved


def _match_operations(
    old: Contract, new: Contract
) -> tuple[
    list[tuple[OperationContract, OperationContract]],
    list[OperationContract],
    list[OperationContract],
]:
    """Pairs by operationId, then by HTTP method and path (an operationId change is not a removal)."""
    matched = [
        (op, new.operations[key]) for key, op in old.operations.items() if key in new.operations
    ]
    removed = [op for key, op in old.operations.items() if key not in new.operations]
    added = [op for key, op in new.operations.items() if key not in old.operations]
    by_route = {(op.http_method, op.wire_path): op for op in added}
    for op in list(removed):
        twin = by_route.get((op.http_method, op.wire_path))
        if twin is not None:
            matched.append((op, twin))
            removed.remove(op)
            added.remove(twin)
    return matched, removed, added


def _renamed_parameters(old: dict[str, Slot], new: dict[str, Slot]) -> dict[str, str]:
    """A top-level parameter gone and one added in the same place with the same type: a rename."""
    gone = [n for n in old if n not in new and _request_kind(n) == "parameter"]
    fresh = [n for n in new if n not in old and _request_kind(n) == "parameter"]
    renamed: dict[str, str] = {}
    for name in gone:
        twin = next(
            (f for f in fresh if f not in renamed.values() and _same_shape(old[name], new[f])), None
        )
        if twin is not None:
            renamed[name] = twin
    return renamed


def _same_shape(a: Slot, b: Slot) -> bool:
    return (a.location, a.pieces, a.literals, a.required) == (
        b.location,
        b.pieces,
        b.literals,
        b.required,
    )


def _request_kind(name: str) -> str:
    return "request-field" if any(c in name for c in ".[{<") else "parameter"


def _noun(kind: str) -> str:
    return {"parameter": "parameter", "request-variant": "shape"}.get(kind, "field")


def _what(slot: Slot) -> str:
    return "shape" if slot.is_variant else "field"


def _parents(name: str) -> Iterator[str]:
    for i, char in enumerate(name):
        if char in ".[{<" and i:
            yield name[:i]


def _parent_missing(name: str, slots: dict[str, Slot]) -> bool:
    """A field whose parent is gone too is reported once, as the parent."""
    return any(parent not in slots for parent in _parents(name) if not parent.endswith(("]", "}")))


def _under(name: str, renamed: dict[str, str]) -> bool:
    return any(parent in renamed for parent in _parents(name))


def _parent_pointer(name: str, op: OperationContract) -> str:
    slots = {**op.request, **op.response}
    for parent in reversed(list(_parents(name))):
        slot = slots.get(parent)
        if slot is not None and slot.pointer:
            return slot.pointer
    return ""


def _covers(wide: Slot, narrow: Slot) -> bool:
    """Every value `narrow` admits, `wide` admits too (an int enum is covered by int)."""
    return narrow.pieces <= wide.pieces and all(
        value in wide.literals or _literal_base(value) in wide.pieces for value in narrow.literals
    )


def _literal_base(value: str) -> str:
    return type(ast.literal_eval(value)).__name__


def _type_set(slot: Slot) -> frozenset[str]:
    return slot.pieces | ({"Literal"} if slot.literals else set())


def _types(pieces: frozenset[str]) -> str:
    return " | ".join(sorted(pieces)) or "nothing"


def _auth(op: OperationContract) -> str:
    return ", ".join(f"{kind} {header}" for kind, header in op.security) or "none"
