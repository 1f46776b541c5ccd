"""The types a resource method prints: its parameters, its return type per variant, and what `request`
reads the answer into. Decided here, on the IR, so that the resource template only prints them.

Inside a resource class a method called `list` hides the builtin where the signatures are resolved,
so there `list[Pet]` is spelt `builtins.list[Pet]` (`qualify_builtins`).
"""

from __future__ import annotations

import re

from .nodes import MediaChoice, MethodTypes, Model, Operation, Param

BUILTIN_TYPES = frozenset({"list", "dict", "str", "int", "float", "bool", "bytes"})
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'" + r'|"(?:[^"\\]|\\.)*"')
# Annotations that are not classes at run time: `request` takes them wrapped in `ResponseType[X](X)`.
_SPECIAL_FORMS = frozenset({"Any", "Annotated", "Literal", "Optional", "Union", "None"})
# What a method with a stream flag prints for each of its overloads, and for its implementation
VARIANTS = ("impl", "false", "true", "bool")


def shadowed_builtins(operations: tuple[Operation, ...]) -> frozenset[str]:
    """The builtin type names a resource's own methods hide inside its class body."""
    return frozenset(op.py_name for op in operations) & BUILTIN_TYPES


def qualify_builtins(annotation: str, shadowed: frozenset[str]) -> str:
    """`list[Pet]` → `builtins.list[Pet]` for the names a class's own methods shadow (string literals kept)."""
    if not shadowed:
        return annotation
    pattern = re.compile(r"(?<![\w.])(" + "|".join(sorted(shadowed)) + r")\b")
    pieces, last = [], 0
    for literal in _STRING_LITERAL.finditer(annotation):
        pieces.append(pattern.sub(r"builtins.\1", annotation[last : literal.start()]))
        pieces.append(literal.group())
        last = literal.end()
    pieces.append(pattern.sub(r"builtins.\1", annotation[last:]))
    return "".join(pieces)


def method_types(
    op: Operation, shadowed: frozenset[str], aliases: frozenset[str], *, is_async: bool
) -> MethodTypes:
    """`aliases`: the model names that are type aliases (a union, say), not classes."""
    params = tuple((p.py_name, _param_annotation(p, shadowed)) for p in op.params)
    variants = (
        (*VARIANTS, *media_variants(op), "wait")
        if op.polling is not None
        else (*VARIANTS, *media_variants(op))
    )
    returns = tuple((v, qualify_builtins(_returns(op, v, is_async), shadowed)) for v in variants)
    return MethodTypes(
        params,
        returns,
        _cast_to(op, shadowed, aliases, is_async),
        _stream_to(op, shadowed, aliases, is_async),
    )


def _param_annotation(param: Param, shadowed: frozenset[str]) -> str:
    """A keyword parameter the caller may leave out takes `NOT_GIVEN`, which its annotation admits."""
    annotation = qualify_builtins(param.type.input_annotation, shadowed)
    return (
        _or_not_given(annotation)
        if param.location != "path" and param.is_optional_in_signature
        else annotation
    )


def _or_not_given(annotation: str) -> str:
    """`X | NotGiven`, keeping `None` last as linters expect (`X | NotGiven | None`)."""
    if annotation.endswith(" | None"):
        return annotation[: -len(" | None")] + " | NotGiven | None"
    return f"{annotation} | NotGiven"


def media_variants(op: Operation) -> tuple[str, ...]:
    """The overloads on an `x-sdk-media-selector` (`media:<choice index>`, then `media:any`): only when
    the selector's value changes the return type."""
    selector = op.selector
    if selector is None or not selector.picks_type:
        return ()
    return (*(f"media:{i}" for i in range(len(selector.choices))), "media:any")


def media_choice(op: Operation, variant: str) -> MediaChoice | None:
    """The selector choice an overload variant (`media:<index>`) stands for."""
    if op.selector is None or not variant.startswith("media:") or variant == "media:any":
        return None
    return op.selector.choices[int(variant.removeprefix("media:"))]


def _returns(op: Operation, variant: str, is_async: bool) -> str:
    if variant == "wait" and op.polling is not None:
        return op.polling.result.annotation
    choice = media_choice(op, variant)
    if choice is not None:
        return choice.returns.annotation
    if op.pagination is not None:
        return f"{'AsyncPaginator' if is_async else 'SyncPage'}[{op.pagination.item.annotation}]"
    streaming = op.streaming
    plain = op.returns.annotation
    if streaming is None:
        return plain
    stream = f"{'AsyncStream' if is_async else 'Stream'}[{streaming.event.annotation}]"
    if streaming.flag is None or op.response_kind == "stream":
        return stream
    return {"false": plain, "true": stream}.get(variant, f"{plain} | {stream}")


def _cast_to(
    op: Operation, shadowed: frozenset[str], aliases: frozenset[str], is_async: bool
) -> str:
    """`request`'s first argument: what the answer is read into (`Stream[E]` for an operation that
    always streams, `NoneType` for no body), typed so that `request` returns the method's type.
    Not `type(None)`: a parameter may be called `type`."""
    if op.response_kind == "none":
        return "NoneType"
    streaming = op.streaming
    always_streams = streaming is not None and (
        streaming.flag is None or op.response_kind == "stream"
    )
    annotation = _returns(op, "impl", is_async) if always_streams else op.returns.annotation
    return _response_type(annotation, shadowed, aliases)


def _stream_to(
    op: Operation, shadowed: frozenset[str], aliases: frozenset[str], is_async: bool
) -> str | None:
    """`request`'s `stream_to=`: the stream type when a `stream` flag decides between two answers."""
    streaming = op.streaming
    if streaming is None or streaming.flag is None or op.response_kind == "stream":
        return None
    return _response_type(
        f"{'AsyncStream' if is_async else 'Stream'}[{streaming.event.annotation}]",
        shadowed,
        aliases,
    )


def _response_type(annotation: str, shadowed: frozenset[str], aliases: frozenset[str]) -> str:
    printed = qualify_builtins(annotation, shadowed)
    return printed if _is_class(annotation, aliases) else f"ResponseType[{printed}]({printed})"


def _is_class(annotation: str, aliases: frozenset[str]) -> bool:
    """Whether `annotation` is a class or a generic alias at run time (`Pet`, `list[Pet]`), which
    type-checks as `type[T]`; a union, a Literal or a type alias does not."""
    head = annotation.split("[", 1)[0]
    if head.startswith(("'", '"')):  # a forward reference is a string at run time
        return False
    depth = 0
    for char in annotation:
        depth += (char == "[") - (char == "]")
        if char == "|" and depth == 0:
            return False
    return head not in _SPECIAL_FORMS and head not in aliases


def list_item_type(model: Model) -> str | None:
    """The item type of a list envelope (OpenAI's `{object: "list", data: [...]}`): a model with an
    `object` field and a required `data: list[X]` field iterates over `data`, as openai's do."""
    fields = {f.wire_name: f for f in model.fields}
    data = fields.get("data")
    if model.is_alias or "object" not in fields or data is None or not data.required:
        return None
    annotation = data.type.annotation
    if not (annotation.startswith("list[") and annotation.endswith("]")) or data.nullable:
        return None
    return annotation[len("list[") : -1]
