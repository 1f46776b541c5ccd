"""Models → files under models/: one model per file, except mutually recursive models, which share one.

Pydantic resolves forward references from a module's globals, and two modules that import each other
at the top cannot both finish loading. Grouping each strongly connected component of the reference
graph into one module avoids both problems without `model_rebuild` calls scattered around.
"""

from __future__ import annotations

from collections.abc import Iterable

from .nodes import Import, Model, ModelModule


def group_model_modules(models: Iterable[Model]) -> tuple[ModelModule, ...]:
    ordered = list(models)
    position = {m.class_name: i for i, m in enumerate(ordered)}
    module_of_model = {m.class_name: m.module for m in ordered}
    module_of_model |= {m.param_name: m.module for m in ordered if m.param_name}
    # The graph is over modules (inline models already live in their owner's module): two modules
    # that import each other, even through different models, must become one.
    edges: dict[str, set[str]] = {}
    for m in ordered:
        used = m.models_used | (m.param_models_used if m.param_name else frozenset())
        targets = {module_of_model[n] for n in used if n in module_of_model}
        edges.setdefault(m.module, set()).update(targets - {m.module})
    first_position: dict[str, int] = {}
    for m in ordered:
        first_position.setdefault(m.module, position[m.class_name])
    module_of: dict[str, str] = {}
    for component in _strongly_connected(edges):
        anchor = min(component, key=first_position.__getitem__)
        for mod in component:
            module_of[mod] = anchor
    merged: dict[str, list[Model]] = {}
    for m in ordered:
        merged.setdefault(module_of[m.module], []).append(m)
    final_module = {m.class_name: module_of[m.module] for m in ordered}
    final_module |= {m.param_name: module_of[m.module] for m in ordered if m.param_name}
    return tuple(
        ModelModule(
            name, _definition_order(merged[name]), _imports_for(merged[name], final_module, name)
        )
        for name in sorted(merged)
    )


def _definition_order(members: list[Model]) -> tuple[Model, ...]:
    """Classes first (their annotations are lazy strings), then aliases, each after the aliases it uses."""
    classes = [m for m in members if not m.is_alias]
    aliases = [m for m in members if m.is_alias]
    ordered: list[Model] = []
    placed: set[str] = set()
    pending = list(aliases)
    while pending:
        ready = [
            a
            for a in pending
            if not ({x.class_name for x in pending} - placed - {a.class_name}) & a.models_used
        ]
        if not ready:
            ready = pending[
                :1
            ]  # a cycle of aliases only: order as written; pydantic reports it at use
        for alias in ready:
            ordered.append(alias)
            placed.add(alias.class_name)
            pending.remove(alias)
    return (*classes, *ordered)


def _imports_for(members: list[Model], module_of: dict[str, str], here: str) -> tuple[Import, ...]:
    imports: set[Import] = set()
    for model in members:
        refs = [f.type for f in model.fields] + ([model.alias_of] if model.alias_of else [])
        for ref in refs:
            imports |= {i for i in ref.imports if i.module != "._types"}
            for name in ref.models:
                if module_of.get(name, here) != here:
                    imports.add(Import(f".{module_of[name]}", name))
        if model.param_name:
            # models/ sits one level below the package root the `._types` imports are written against
            imports |= {
                Import("." + i.module, i.name) if i.module.startswith("._") else i
                for i in model.param_imports
            }
            for name in model.param_models_used:
                if module_of.get(name, here) != here:
                    imports.add(Import(f".{module_of[name]}", name))
    return tuple(sorted(imports))


def _strongly_connected(edges_of: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (schemas nest deeper than Python's recursion limit allows)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in edges_of:
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(edges_of[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            if edges:
                nxt = edges.pop(0)
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(edges_of.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
    return result
