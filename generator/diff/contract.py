"""Api IR → Contract: what an SDK user relies on, keyed by wire names, with model names flattened away.

Two specs that say the same thing through different `$ref`s (a schema moved into components, renamed,
or split into a file) give equal contracts, so the rules see only real changes. A type's annotation is
normalised: class models print as `object` and aliases are expanded, and the fields of every class
model a parameter or response reaches become slots of their own (`messages[].role`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ..ir.nodes import Api, Field, Model, Operation, Param, Resource
from ..report.diagnostics import join_pointer

MAX_DEPTH = (
    8  # nested models deeper than this are not compared (the contract stays finite and small)
)
_SEQUENCES = frozenset({"list", "Sequence", "tuple", "set", "frozenset"})
_MAPPINGS = frozenset({"dict", "Mapping"})
_OPEN_BASES = frozenset({"str", "int", "bool", "float"})


@dataclass(frozen=True, slots=True)
class Slot:
    """One request parameter, request field or response field."""

    required: bool
    pieces: frozenset[str]  # the union's alternatives, normalised, enum values left out
    literals: frozenset[str]  # enum values (as Python literals)
    is_closed: bool  # an enum without a plain `str`/`int` alternative: a new value fails validation
    doc: str | None
    pointer: str
    location: str = ""  # path | query | header | body | form ... ('' for nested fields)
    is_variant: bool = False  # one alternative of a union of models: `content[]<type=text>`


@dataclass(frozen=True, slots=True)
class OperationContract:
    operation_id: str
    sdk_name: str  # "chat.completions.create"
    http_method: str
    wire_path: str  # /v1/chat/completions, as in the spec
    pointer: str  # /paths/~1v1~1chat~1completions/post
    deprecated: bool
    doc: str | None
    security: tuple[tuple[str, str], ...]  # (kind, header) of each accepted scheme
    request: dict[str, Slot]
    response: dict[str, Slot]
    returns: Slot
    # Where a single model sits, the label it would have as a union variant (`tool_choice` → `type=function`),
    # so a model that becomes one alternative of a union is matched with that alternative.
    request_labels: dict[str, str]
    response_labels: dict[str, str]

    @property
    def label(self) -> str:
        return f"{self.sdk_name} ({self.http_method} {self.wire_path})"


@dataclass(frozen=True, slots=True)
class Contract:
    title: str
    doc: str | None
    operations: dict[str, OperationContract]  # by operationId, in spec order


def build_contract(api: Api) -> Contract:
    models = {m.class_name: m for m in api.models}
    schemes = {s.name: (s.kind, s.header) for s in api.security_schemes}
    flattener = _Flattener(models)
    operations = {
        op.operation_id: _operation(op, sdk_name, schemes, flattener)
        for sdk_name, op in iter_operations(api.resources)
    }
    return Contract(api.title, api.doc, operations)


def iter_operations(
    resources: tuple[Resource, ...], prefix: str = ""
) -> Iterator[tuple[str, Operation]]:
    """(`resource.path.method`, operation) for every operation, resources depth first."""
    for resource in resources:
        path = f"{prefix}{resource.attr_name}."
        for op in resource.operations:
            yield path + op.py_name, op
        yield from iter_operations(resource.children, path)


def _operation(
    op: Operation, sdk_name: str, schemes: dict[str, tuple[str, str]], flattener: _Flattener
) -> OperationContract:
    path = op.wire_path
    pointer = join_pointer("/paths", path, op.http_method.lower())
    request: dict[str, Slot] = {}
    flattener.labels = {}
    for param in op.params:
        request[param.wire_name] = flattener.slot(
            param.type.annotation,
            _param_required(param),
            param.doc,
            _param_pointer(pointer, param),
            param.location,
        )
        request.update(flattener.fields(param.wire_name, param.type.annotation))
    returns = flattener.slot(op.returns.annotation, True, None, join_pointer(pointer, "responses"))
    request_labels, flattener.labels = flattener.labels, {}
    response = dict(flattener.fields("", op.returns.annotation))
    return OperationContract(
        operation_id=op.operation_id,
        sdk_name=sdk_name,
        http_method=op.http_method,
        wire_path=path,
        pointer=pointer,
        deprecated=op.deprecated,
        doc=op.doc,
        security=tuple(schemes[name] for name in op.security if name in schemes),
        request=request,
        response=response,
        returns=returns,
        request_labels=request_labels,
        response_labels=flattener.labels,
    )


def _param_required(param: Param) -> bool:
    return not param.is_optional_in_signature


def _param_pointer(operation_pointer: str, param: Param) -> str:
    if param.location in ("body", "form", "body_whole", "binary"):
        return join_pointer(operation_pointer, "requestBody")
    return join_pointer(operation_pointer, "parameters")


class _Flattener:
    """Normalises annotations and walks into the class models they mention."""

    def __init__(self, models: dict[str, Model]) -> None:
        self.models = models
        self.labels: dict[str, str] = {}

    def slot(
        self, annotation: str, required: bool, doc: str | None, pointer: str, location: str = ""
    ) -> Slot:
        pieces, literals = self.pieces(annotation)
        is_closed = bool(literals) and not (pieces & _OPEN_BASES)
        return Slot(required, pieces, literals, is_closed, doc, pointer, location)

    def pieces(self, annotation: str) -> tuple[frozenset[str], frozenset[str]]:
        pieces: set[str] = set()
        literals: set[str] = set()
        for node in self._alternatives(_parse(annotation), 0):
            if _is_literal(node):
                literals.update(ast.unparse(item) for item in _subscript_items(node))
            else:
                pieces.add(ast.unparse(self._normalise(node, 0)))
        return frozenset(pieces), frozenset(literals)

    def fields(
        self, prefix: str, annotation: str, seen: frozenset[str] = frozenset()
    ) -> Iterator[tuple[str, Slot]]:
        """Every field reachable from `annotation`, keyed `prefix[].field.sub`; cycles stop at the repeat."""
        if len(seen) >= MAX_DEPTH:
            return
        found = list(self._classes(_parse(annotation), "", 0))
        suffixes = [suffix for suffix, _ in found]
        for suffix, model in found:
            if model.class_name in seen:
                continue
            if (
                suffixes.count(suffix) > 1
            ):  # a union of models: each alternative is compared with its twin
                suffix += f"<{self._variant_label(model)}>"
                yield (
                    prefix + suffix,
                    Slot(
                        True,
                        frozenset({"object"}),
                        frozenset(),
                        False,
                        model.doc,
                        model.origin,
                        is_variant=True,
                    ),
                )
            else:
                self.labels[prefix + suffix] = self._variant_label(model)
            for field in model.fields:
                path = (
                    f"{prefix}{suffix}.{field.wire_name}" if prefix or suffix else field.wire_name
                )
                yield path, self._field_slot(model, field)
                yield from self.fields(path, field.type.annotation, seen | {model.class_name})

    def _variant_label(self, model: Model) -> str:
        """`type=text` when a required field holds one literal (a discriminator), else the class name."""
        for field in model.fields:
            pieces, literals = self.pieces(field.type.annotation)
            if field.required and not pieces and len(literals) == 1:
                value = ast.literal_eval(next(iter(literals)))
                return f"{field.wire_name}={value}"
        return model.class_name

    def _field_slot(self, model: Model, field: Field) -> Slot:
        pointer = join_pointer(model.origin, "properties", field.wire_name) if model.origin else ""
        return self.slot(field.type.annotation, field.required, field.doc, pointer)

    def _alternatives(self, node: ast.expr, depth: int) -> Iterator[ast.expr]:
        """The top-level `|` pieces, looking through `Annotated[...]` and type aliases."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            yield from self._alternatives(node.left, depth)
            yield from self._alternatives(node.right, depth)
        elif _is_subscript_of(node, "Annotated"):
            yield from self._alternatives(_subscript_items(node)[0], depth)
        elif (alias := self._alias(node)) is not None and depth < MAX_DEPTH:
            yield from self._alternatives(alias, depth + 1)
        else:
            yield node

    def _normalise(self, node: ast.expr, depth: int) -> ast.expr:
        """Class models → `object`, aliases expanded, `Annotated` dropped: names of schemas do not matter."""
        if isinstance(node, ast.Name) and node.id in self.models:
            alias = self._alias(node)
            if alias is None or depth >= MAX_DEPTH:
                return ast.Name("object")
            return self._normalise(alias, depth + 1)
        if _is_subscript_of(node, "Annotated"):
            return self._normalise(_subscript_items(node)[0], depth)
        if isinstance(node, ast.Subscript) and not _is_literal(node):
            items = [self._normalise(item, depth) for item in _subscript_items(node)]
            inner: ast.expr = items[0] if len(items) == 1 else ast.Tuple(items)
            return ast.Subscript(node.value, inner)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return _union([self._normalise(n, depth) for n in _union_members(node)])
        return node

    def _classes(self, node: ast.expr, suffix: str, depth: int) -> Iterator[tuple[str, Model]]:
        """(path suffix, class model) for each class model `node` holds: `[]` per list, `{}` per map."""
        if depth > MAX_DEPTH:
            return
        if isinstance(node, ast.BinOp):
            yield from self._classes(node.left, suffix, depth)
            yield from self._classes(node.right, suffix, depth)
        elif isinstance(node, ast.Subscript) and not _is_literal(node):
            items = _subscript_items(node)
            name = node.value.id if isinstance(node.value, ast.Name) else ""
            if name == "Annotated":
                yield from self._classes(items[0], suffix, depth)
            elif name in _SEQUENCES:
                yield from self._classes(items[0], suffix + "[]", depth)
            elif name in _MAPPINGS:
                yield from self._classes(items[-1], suffix + "{}", depth)
        elif isinstance(node, ast.Name) and node.id in self.models:
            alias = self._alias(node)
            if alias is not None:
                yield from self._classes(alias, suffix, depth + 1)
            else:
                yield suffix, self.models[node.id]

    def _alias(self, node: ast.expr) -> ast.expr | None:
        if isinstance(node, ast.Name) and node.id in self.models:
            alias = self.models[node.id].alias_of
            return _parse(alias.annotation) if alias is not None else None
        return None


def _union_members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union_members(node.left) + _union_members(node.right)
    return [node]


def _union(members: list[ast.expr]) -> ast.expr:
    """`A | B`, each alternative once (`object | object` is `object`: model names do not count)."""
    unique = list({ast.unparse(m): m for m in members}.values())
    result = unique[0]
    for member in unique[1:]:
        result = ast.BinOp(result, ast.BitOr(), member)
    return result


def _parse(annotation: str) -> ast.expr:
    try:
        return ast.parse(annotation, mode="eval").body
    except SyntaxError:  # every annotation the IR prints is Python; keep the text if one is not
        return ast.Name(annotation)


def _is_subscript_of(node: ast.expr, name: str) -> bool:
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == name
    )


def _is_literal(node: ast.expr) -> bool:
    return _is_subscript_of(node, "Literal")


def _subscript_items(node: ast.expr) -> list[ast.expr]:
    assert isinstance(node, ast.Subscript)
    return list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
