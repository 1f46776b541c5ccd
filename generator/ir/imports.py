"""What each generated module imports, decided on the IR: the resource modules (`Resource.imports`) and
the model modules (`ModelModule.imports`). The templates print these lines as they are; ruff's isort
pass (output/format.py) sorts them into sections.
"""

from __future__ import annotations

from .nodes import Import, LazyModule, ModelModule, Operation, Resource

# What every resource module's classes use, and what one with operations adds
_RESOURCE_BASE = frozenset(
    {
        Import("functools", "cached_property"),
        Import(".._base_client", "SyncAPIResource"),
        Import(".._base_client", "AsyncAPIResource"),
    }
)
_METHOD_BASE = frozenset(
    {
        Import(".._base_client", "APIRequest"),
        Import(".._base_client", "RequestOptions"),
        Import(".._types", "NOT_GIVEN"),
        Import(".._types", "NotGiven"),
        Import(".._types", "Headers"),
        Import(".._types", "Query"),
        Import(".._types", "Body"),
        Import(".._types", "Timeout"),
        Import(".._base_client", "to_raw_response_wrapper"),
        Import(".._base_client", "async_to_raw_response_wrapper"),
        Import(".._response", "to_streamed_response_wrapper"),
        Import(".._response", "async_to_streamed_response_wrapper"),
    }
)


def resource_imports(resource: Resource, model_module_of: dict[str, str]) -> tuple[Import, ...]:
    """`resource`'s operations carry their `method_types` (ir/annotations.py); `model_module_of` maps a
    model name to its file under models/."""
    imports = set(_RESOURCE_BASE) | (_METHOD_BASE if resource.operations else set())
    models: set[str] = set()
    for op in resource.operations:
        imports |= _operation_imports(op, models)
    printed = [
        t.cast_to + (t.stream_to or "") for op in resource.operations for t in op.method_types
    ]
    if any("ResponseType[" in text for text in printed):
        imports.add(Import(".._base_client", "ResponseType"))
    if any(op.deprecated for op in resource.operations):
        imports.add(Import("typing_extensions", "deprecated"))
    imports |= {Import(f"..models.{model_module_of[name]}", name) for name in models}
    if _uses_builtins(resource):
        imports.add(Import("builtins", ""))
    if resource.children:
        imports.add(Import("typing", "TYPE_CHECKING"))
    return tuple(sorted(_relocate(imports)))


def child_imports(resource: Resource) -> tuple[Import, ...]:
    """The children's classes, which the resource names only in annotations (`if TYPE_CHECKING:`)."""
    return tuple(
        sorted(
            Import(f".{child.module}", name)
            for child in resource.children
            for name in (
                child.class_name,
                child.async_class_name,
                child.raw_class_name,
                child.async_raw_class_name,
                child.streaming_class_name,
                child.async_streaming_class_name,
            )
        )
    )


def client_imports(resources: tuple[Resource, ...]) -> tuple[Import, ...]:
    """The top-level resources' classes, which the client names only in annotations."""
    return tuple(
        sorted(
            Import(f".resources.{r.module}", name)
            for r in resources
            for name in (r.class_name, r.async_class_name)
        )
    )


def package_init(
    client_class: str, async_client_class: str, error_class: str, runtime_exports: dict[str, str]
) -> LazyModule:
    """The package's lazy exports: the clients, the error base (the runtime's `SDKError` under the SDK's own
    name) and the runtime's `__all__` (`runtime_exports`: `{name: module}`, read from generator/runtime/)."""
    module_of = {
        client_class: "._client",
        async_client_class: "._client",
        error_class: "._exceptions",
    } | runtime_exports
    types = {Import(module, name) for name, module in module_of.items() if name != error_class}
    types |= {Import(".", "models"), Import("._exceptions", f"SDKError as {error_class}")}
    return LazyModule(
        tuple(module_of.items()), tuple(sorted(types)), (*module_of, "__version__", "models")
    )


def models_init(model_modules: tuple[ModelModule, ...]) -> LazyModule:
    """Every model class, then every request TypedDict, each by the file under models/ that defines it."""
    module_of = {m.class_name: module.name for module in model_modules for m in module.models}
    module_of |= {
        m.param_name: module.name for module in model_modules for m in module.models if m.param_name
    }
    types = {Import(f".{module}", name) for name, module in module_of.items()}
    return LazyModule(tuple(module_of.items()), tuple(sorted(types)), tuple(module_of))


def model_module_imports(module: ModelModule) -> tuple[Import, ...]:
    """What grouping found (ir/modules.py), and the bases and helpers the module's classes print."""
    imports = set(module.imports)
    if any(not m.is_alias and m.list_item is None for m in module.models):
        imports.add(Import(".._models", "BaseModel"))
    if any(m.list_item is not None for m in module.models):
        imports.add(Import(".._models", "ListModel"))
    if any(m.is_alias for m in module.models):
        imports.add(Import("typing", "TypeAlias"))
    if any(
        f.needs_alias or (f.validate_default and not f.required)
        for m in module.models
        for f in m.fields
    ):
        imports.add(Import("pydantic", "Field"))
    return tuple(sorted(imports))


def _operation_imports(op: Operation, models: set[str]) -> set[Import]:
    imports: set[Import] = set()
    for p in op.params:
        imports |= p.type.input_imports
        models |= p.type.input_models
    if op.path_params:
        imports.add(Import(".._base_client", "path_template"))
    if op.response_kind == "none":
        imports.add(Import("types", "NoneType"))
    if op.response_kind == "binary":
        imports.add(Import(".._response", "BinaryResponse"))
    elif op.response_kind in ("json", "text"):
        imports |= op.returns.imports
        models |= op.returns.models
    if op.selector is not None and op.selector.picks_type:
        imports |= {Import("typing", "overload"), Import("typing", "Literal")}
    if op.streaming is not None:
        imports |= op.streaming.event.imports | {
            Import(".._streaming", "Stream"),
            Import(".._streaming", "AsyncStream"),
        }
        models |= op.streaming.event.models
        if op.streaming.flag:
            imports |= {Import("typing", "overload"), Import("typing", "Literal")}
    if op.logical_error is not None:
        imports.add(Import(".._base_client", "LogicalErrorRule"))
    if op.pagination is not None:
        imports |= {
            Import(".._pagination", name)
            for name in ("AsyncPaginator", "PageRule", "SyncPage", "sync_page")
        }
        imports |= op.pagination.item.imports
        models |= op.pagination.item.models
    if op.polling is not None:
        imports |= {
            Import(".._polling", name) for name in ("poll", "apoll", "json_pointer", "task_id_of")
        }
        imports.add(Import("collections.abc", "Callable"))
        if op.polling.task_pointer:
            imports.add(Import(".._polling", "task_at"))
        imports |= op.polling.result.imports
        models |= op.polling.result.models
    return imports


def _uses_builtins(resource: Resource) -> bool:
    """Whether some printed annotation had to be written `builtins.<name>` (ir/annotations.py)."""
    printed = [
        text
        for op in resource.operations
        for t in op.method_types
        for text in (
            *dict(t.params).values(),
            *dict(t.returns).values(),
            t.cast_to,
            t.stream_to or "",
        )
    ]
    return any("builtins." in text for text in printed)


def _relocate(imports: set[Import]) -> set[Import]:
    """Type imports are written relative to the package root (`._types`); resources sit one level down."""
    return {Import("." + i.module, i.name) if i.module.startswith("._") else i for i in imports}
