"""One file under models/, as the model template prints it: every name, base class and import was
decided on the IR (ir/finish.py); here they become lines."""

from __future__ import annotations

from dataclasses import dataclass

from ..ir.nodes import Field, Model, ModelModule
from ..quote.literals import pystr
from .lines import export_key, import_lines


@dataclass(frozen=True)
class ModelModuleView:
    module: ModelModule

    @property
    def models(self) -> tuple[Model, ...]:
        return self.module.models

    @property
    def exported(self) -> list[str]:
        names = [m.class_name for m in self.module.models] + [
            m.param_name for m in self.module.models if m.param_name
        ]
        return sorted(names, key=export_key)

    @property
    def title(self) -> str:
        names = ", ".join(m.class_name for m in self.module.models)
        return f"Model{'s' if len(self.module.models) > 1 else ''}: {names}."

    @property
    def spaced_models(self) -> list[tuple[str, Model]]:
        """Each model with the blank lines before it: the formatters put two around a class, and keep
        the single one the template has always put between two aliases."""
        spaced: list[tuple[str, Model]] = []
        previous: Model | None = None
        for model in self.module.models:
            single = previous is not None and previous.is_alias and model.is_alias
            spaced.append(("" if single else "\n", model))
            previous = model
        return spaced

    @staticmethod
    def class_line(model: Model) -> str:
        base = "BaseModel" if model.list_item is None else f"ListModel[{model.list_item}]"
        return f"class {model.class_name}({base}):"

    @staticmethod
    def field_line(field: Field) -> str:
        """`    name: annotation = value` in the class body."""
        value = "" if field.value is None else f" = {field.value}"
        return f"    {field.py_name}: {field.declared_annotation}{value}"

    @staticmethod
    def param_line(field: Field) -> str:
        """`    key: annotation` in a TypedDict's body; the key is the wire name, as the dict is sent."""
        return f"    {field.wire_name}: {field.param_annotation}"

    @staticmethod
    def functional_param(model: Model) -> str:
        """`Name = TypedDict("Name", {...})` for keys that cannot be attributes; the values are strings,
        so classes defined further down the module can be named."""
        assert model.param_name is not None
        items = ", ".join(
            f"{pystr(f.wire_name)}: {pystr(f.param_annotation)}" for f in model.fields
        )
        return f"{model.param_name} = TypedDict({pystr(model.param_name)}, {{{items}}})"

    @staticmethod
    def alias_line(model: Model) -> str:
        assert model.alias_of is not None
        return f"{model.class_name}: TypeAlias = {model.alias_of.annotation}"

    @property
    def import_lines(self) -> list[str]:
        return import_lines(self.module.imports)
