"""Which models get a TypedDict: those a request can carry, found by walking from every operation's parameters."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from .nodes import Model, TypeRef


def with_param_types(
    models: list[Model], inputs: Iterable[TypeRef], param_names: dict[str, str]
) -> list[Model]:
    """`models` with `param_name` set on every class a request body or nested input reaches."""
    by_name = {m.class_name: m for m in models}
    pending = [name for ref in inputs for name in sorted(ref.input_models)]
    reached: set[str] = set()
    while pending:
        name = pending.pop()
        model = by_name.get(name)
        if name in reached or model is None or model.is_alias:
            continue
        reached.add(name)
        pending += sorted(model.param_models_used)
    return [
        dataclasses.replace(m, param_name=param_names[m.class_name])
        if m.class_name in reached and m.class_name in param_names
        else m
        for m in models
    ]
