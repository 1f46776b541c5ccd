"""The build's last pass: what needs the whole Api to decide. The types each method prints (a method
called `list` changes them for its whole class), each module's imports (they depend on which file every
model landed in), a list envelope's base class, and the client's derived names.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..quote.literals import pyliteral
from ..sdk_runtime import runtime_exports
from .annotations import list_item_type, method_types, shadowed_builtins
from .imports import (
    child_imports,
    client_imports,
    model_module_imports,
    models_init,
    package_init,
    resource_imports,
)
from .naming import async_class, error_class
from .nodes import Api, Model, ModelModule, Operation, Resource


def finish(api: Api) -> Api:
    model_modules = tuple(_finish_module(module) for module in api.model_modules)
    models = models_init(model_modules)
    aliases = frozenset(
        m.class_name for module in model_modules for m in module.models if m.is_alias
    )
    resources = tuple(_finish_resource(r, dict(models.module_of), aliases) for r in api.resources)
    async_client, error = async_class(api.client_class), error_class(api.client_class)
    return replace(
        api,
        model_modules=model_modules,
        resources=resources,
        async_client_class=async_client,
        error_class=error,
        client_imports=client_imports(resources),
        package_init=package_init(api.client_class, async_client, error, runtime_exports()),
        models_init=models,
        path_prefixes=path_prefixes(resources),
    )


def path_prefixes(resources: tuple[Resource, ...]) -> tuple[str, ...]:
    """The first segment of every operation path (`/v1` of `/v1/chat/completions`), sorted: a base
    URL ending with one of them is the server plus a prefix the paths already spell out."""
    prefixes: set[str] = set()
    pending = list(resources)
    while pending:
        resource = pending.pop()
        pending.extend(resource.children)
        for operation in resource.operations:
            first = operation.path.lstrip("/").split("/", 1)[0]
            if first and "{" not in first:
                prefixes.add("/" + first)
    return tuple(sorted(prefixes))


def _finish_resource(
    resource: Resource, model_module_of: dict[str, str], aliases: frozenset[str]
) -> Resource:
    shadowed = shadowed_builtins(resource.operations)
    operations = tuple(
        replace(
            op,
            method_types=tuple(
                method_types(op, shadowed, aliases, is_async=a) for a in (False, True)
            ),
        )
        for op in resource.operations
    )
    operations, tables = _error_tables(operations)
    children = tuple(
        _finish_resource(child, model_module_of, aliases) for child in resource.children
    )
    done = replace(resource, operations=operations, children=children, error_tables=tables)
    return replace(
        done, imports=resource_imports(done, model_module_of), type_imports=child_imports(done)
    )


def _error_tables(
    operations: tuple[Operation, ...],
) -> tuple[tuple[Operation, ...], tuple[tuple[str, str], ...]]:
    """One module constant per distinct tuple of error shapes (most operations share one), so that a
    method passes a name rather than a literal built on every call."""
    names: dict[str, str] = {}
    done = []
    for op in operations:
        if not op.error_shapes:
            done.append(op)
            continue
        literal = pyliteral(tuple(shape.as_tuple for shape in op.error_shapes))
        name = names.setdefault(literal, f"_ERROR_SHAPES_{len(names) + 1}")
        done.append(replace(op, error_table=name))
    return tuple(done), tuple((name, literal) for literal, name in names.items())


def _finish_module(module: ModelModule) -> ModelModule:
    names = [m.class_name for m in module.models]
    models = tuple(
        replace(m, list_item=_list_base_item(m, names[i:])) for i, m in enumerate(module.models)
    )
    done = replace(module, models=models)
    return replace(done, imports=model_module_imports(done))


def _list_base_item(model: Model, later: list[str]) -> str | None:
    """`X` of `ListModel[X]`; None when a class of `later` (itself and what follows it in the module)
    appears in `X`, since a base class cannot name a class defined further down the module."""
    item = list_item_type(model)
    if item is None or any(re.search(rf"\b{re.escape(name)}\b", item) for name in later):
        return None
    return item
