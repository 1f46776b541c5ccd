"""JSON Schema (OpenAPI 3.0 and 3.1) → TypeRef; named component schemas → Model. One small function per kind."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load.spec import Document, Spec, lookup
from ..quote.docs import clean_doc
from ..report import codes
from ..report.diagnostics import Code, Diagnostic, join_pointer
from .defaults import DefaultChecker, needs_validation
from .naming import (
    NameTable,
    bounded_module_name,
    name_source,
    param_class_name,
    safe_class_name,
    safe_field_name,
    safe_identifier,
    to_pascal,
)
from .nodes import Field, Import, Model, TypeRef

ANY = Import("typing", "Any")
LITERAL = Import("typing", "Literal")
ANNOTATED = Import("typing", "Annotated")
MAPPING = Import("collections.abc", "Mapping")
SEQUENCE = Import("collections.abc", "Sequence")
PYDANTIC_FIELD = Import("pydantic", "Field")

KNOWN_FORMATS = frozenset(
    {
        "int32",
        "int64",
        "float",
        "double",
        "byte",
        "binary",
        "date",
        "date-time",
        "time",
        "duration",
        "password",
        "email",
        "idn-email",
        "uuid",
        "uri",
        "uri-reference",
        "iri",
        "iri-reference",
        "url",
        "hostname",
        "idn-hostname",
        "ipv4",
        "ipv6",
        "regex",
        "json-pointer",
        "relative-json-pointer",
        "uri-template",
        "int8",
        "int16",
        "uint8",
        "uint32",
        "uint64",
        "decimal",
        "base64",
        "char",
    }
)

_FORMAT_TYPES: dict[str, tuple[str, Import | None]] = {
    "date-time": ("datetime.datetime", Import("datetime", "")),
    "date": ("datetime.date", Import("datetime", "")),
    "time": ("datetime.time", Import("datetime", "")),
    "uuid": ("uuid.UUID", Import("uuid", "")),
}

# Names the generated modules import themselves; a model with one of these names would shadow them.
RESERVED_CLASS_NAMES = (
    "Any",
    "Literal",
    "Annotated",
    "TypeAlias",
    "Mapping",
    "Sequence",
    "BaseModel",
    "Field",
    "FileTypes",
    "BinaryResponse",
    "NotGiven",
    "Stream",
    "AsyncStream",
    "Headers",
    "Query",
    "Body",
    "RequestOptions",
    "LogicalErrorRule",
    "Timeout",
    "APIResponse",
    "SyncAPIResource",
    "AsyncAPIResource",
    "Self",
    "Callable",
)

_PRIMITIVES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "None",
}


def simple(annotation: str, *imports: Import) -> TypeRef:
    return TypeRef(annotation, annotation, frozenset(imports), frozenset(imports))


ANY_TYPE = simple("Any", ANY)
BINARY_TYPE = TypeRef(
    "bytes", "FileTypes", frozenset(), frozenset({Import("._types", "FileTypes")}), is_binary=True
)


def union(parts: Iterable[TypeRef]) -> TypeRef:
    """`A | B | None`, de-duplicated, order kept; `Any` swallows everything."""
    unique: dict[str, TypeRef] = {}
    inputs: dict[str, None] = {}
    all_parts = list(parts)
    for part in all_parts:
        for piece in _split_union(part.annotation):
            unique.setdefault(piece, part)
        for piece in _split_union(part.input_annotation):
            inputs.setdefault(piece, None)
    if not unique:
        return ANY_TYPE
    if "Any" in unique:
        return ANY_TYPE
    none_last = sorted(unique, key=lambda a: a == "None")
    # Plain-mapping alternatives read best after the model classes they stand for.
    inputs_sorted = sorted(inputs, key=lambda a: (a == "None", a.startswith("Mapping[")))
    return TypeRef(
        " | ".join(none_last),
        " | ".join(inputs_sorted),
        frozenset().union(*(p.imports for p in all_parts)),
        frozenset().union(*(p.input_imports for p in all_parts)),
        frozenset().union(*(p.models for p in all_parts)),
        frozenset().union(*(p.input_models for p in all_parts)),
        any(p.is_binary for p in all_parts),
    )


def _split_union(annotation: str) -> tuple[str, ...]:
    """Top-level `|` pieces of an annotation (brackets and quoted literals respected)."""
    if "|" not in annotation:  # most annotations: no scan
        stripped = annotation.strip()
        return (stripped,) if stripped else ()
    return _split_at_bars(annotation)


@functools.lru_cache(maxsize=4096)  # the same unions come back for every field that uses them
def _split_at_bars(annotation: str) -> tuple[str, ...]:
    pieces, depth, start, quote, i = [], 0, 0, "", 0
    while i < len(annotation):
        char = annotation[i]
        i += 1
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
            continue
        if char in "'\"":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "|" and depth == 0:
            pieces.append(annotation[start : i - 1].strip())
            start = i
    pieces.append(annotation[start:].strip())
    return tuple(p for p in pieces if p)


def nullable(ref: TypeRef) -> TypeRef:
    return union([ref, simple("None")])


@dataclass(slots=True)
class NamedTarget:
    class_name: str
    module: str
    document: Document
    pointer: str
    built: Model | None = None
    building: bool = False


@dataclass(slots=True)
class TypeBuilder:
    """Builds types for one spec; owns the model name table and every model made so far."""

    spec: Spec
    diagnostics: list[Diagnostic]
    names: NameTable = field(
        default_factory=lambda: NameTable(dict.fromkeys(RESERVED_CLASS_NAMES, "(sdkforge)"))
    )
    targets: dict[tuple[Path, str], NamedTarget] = field(default_factory=dict)
    inline_models: list[Model] = field(default_factory=list)
    param_names: dict[str, str] = field(default_factory=dict)  # class name -> its TypedDict's name
    defaults: DefaultChecker = field(default_factory=DefaultChecker)
    _depth: int = 0
    _expanding: set[tuple[Path, str]] = field(
        default_factory=set
    )  # inline $ref targets being built

    # -- naming -----------------------------------------------------------------------------------

    def register_component(
        self, document: Document, pointer: str, key: str, schema: Any
    ) -> NamedTarget:
        """Reserve a class name for `#/components/schemas/<key>` before anything refers to it."""
        preferred = schema.get("x-sdk-name") if isinstance(schema, dict) else None
        title = schema.get("title") if isinstance(schema, dict) else None
        candidates = [c for c in (preferred, key, title) if isinstance(c, str) and to_pascal(c)]
        base = (
            safe_class_name(candidates[0])
            if candidates
            else safe_class_name(key, fallback="Schema")
        )
        name = self.claim_class_name(base, document, pointer)
        target = NamedTarget(
            name, bounded_module_name(safe_identifier(name, fallback="model")), document, pointer
        )
        self.targets[(document.path, pointer)] = target
        return target

    def claim_class_name(self, base: str, document: Document, origin: str) -> str:
        name, holder = self.names.claim(base, origin)
        if holder is not None:  # located only now: a JSON spec's positions cost a second parse
            self.diagnostics.append(
                codes.CLASS_NAME_COLLISION.at(
                    document.locate(origin),
                    f"class name {base!r} is taken by #{holder}; this schema becomes {name!r}",
                    "give one of them an `x-sdk-name`",
                )
            )
        return name

    def param_name(self, class_name: str) -> str:
        """The TypedDict that stands for `class_name` in a request, claimed once (a schema may already hold the name)."""
        if class_name not in self.param_names:
            self.param_names[class_name], _ = self.names.claim(
                param_class_name(class_name), f"(TypedDict of {class_name})"
            )
        return self.param_names[class_name]

    def class_ref(self, class_name: str) -> TypeRef:
        """A class: a response holds the model; a request takes the model or its TypedDict."""
        param = self.param_name(class_name)
        return TypeRef(
            class_name,
            f"{class_name} | {param}",
            frozenset(),
            frozenset(),
            frozenset({class_name}),
            frozenset({class_name, param}),
        )

    # -- entry points -----------------------------------------------------------------------------

    def build_target(self, target: NamedTarget) -> Model:
        if target.built is not None:
            return target.built
        target.building = True
        schema, doc = self.spec.resolve_fully(_lookup(target), target.document)
        model = self.model_for(schema, doc, target.pointer, target.class_name, target.module)
        target.built = model
        target.building = False
        return model

    def model_for(
        self, schema: Any, doc: Document, pointer: str, class_name: str, module: str
    ) -> Model:
        """A class for object schemas, a type alias for everything else."""
        merged = self.merge_all_of(schema, doc) if isinstance(schema, dict) else schema
        description = clean_doc(merged.get("description") if isinstance(merged, dict) else None)
        if _is_object_model(merged):
            fields = self.fields_of(merged, doc, pointer, class_name, module)
            return Model(class_name, module, description, fields=fields, origin=pointer)
        alias = self.type_of(schema, doc, pointer, class_name, module)
        return Model(class_name, module, description, alias_of=alias, origin=pointer)

    def type_of(self, schema: Any, doc: Document, pointer: str, hint: str, module: str) -> TypeRef:
        """The TypeRef of any schema. `hint` names inline object classes; they live in `module`."""
        if schema is True or schema == {} or schema is None:
            return ANY_TYPE
        if not isinstance(schema, dict):
            self.warn(
                codes.SCHEMA_NOT_OBJECT,
                doc,
                pointer,
                "a schema must be an object or a boolean; typed as Any",
            )
            return ANY_TYPE
        if "$ref" in schema and isinstance(schema["$ref"], str):
            return self.ref_type(schema["$ref"], doc, pointer, hint, module)
        kind = schema.get("type")
        if (
            kind is not None
            and not isinstance(kind, str)
            and not (isinstance(kind, list) and all(isinstance(k, str) for k in kind))
        ):
            # validate reports it (a schema finding is a warning); the build must not trip on it
            self.warn(
                codes.TYPE_NOT_A_NAME,
                doc,
                join_pointer(pointer, "type"),
                f"`type` must be a string or a list of strings, not {kind!r}; typed as Any",
            )
            return ANY_TYPE
        self._depth += 1
        try:
            if self._depth > 60:
                self.warn(
                    codes.SCHEMA_TOO_DEEP,
                    doc,
                    pointer,
                    "schema nests deeper than 60 levels; typed as Any",
                )
                return ANY_TYPE
            base = self.structural_type(schema, doc, pointer, hint, module)
        finally:
            self._depth -= 1
        return nullable(base) if schema.get("nullable") is True else base

    # -- kinds ------------------------------------------------------------------------------------

    def ref_type(self, ref: str, doc: Document, pointer: str, hint: str, module: str) -> TypeRef:
        target_ref = self.spec.resolve(ref, doc)
        if target_ref is None:
            return ANY_TYPE  # already reported by the loader
        key = (target_ref.document.path, target_ref.pointer)
        named = self.targets.get(key)
        if named is None:
            # A $ref to something that is not a component schema: build it where it is used.
            if key in self._expanding:
                self.warn(
                    codes.REF_LOOP,
                    doc,
                    join_pointer(pointer, "$ref"),
                    f"$ref {ref!r} leads back to itself with no schema between; typed as Any",
                    "point it at a schema under components/schemas",
                )
                return ANY_TYPE
            self._expanding.add(key)
            try:
                return self.type_of(
                    target_ref.value, target_ref.document, target_ref.pointer, hint, module
                )
            finally:
                self._expanding.discard(key)
        if not named.building:
            model = self.build_target(named)
            if model.alias_of is not None:
                # Inputs see through the alias (a model or a mapping, at any depth), outputs keep its name.
                alias = model.alias_of
                return TypeRef(
                    named.class_name,
                    alias.input_annotation,
                    frozenset(),
                    alias.input_imports,
                    frozenset({named.class_name}),
                    alias.input_models,
                    alias.is_binary,
                )
        return self.class_ref(named.class_name)

    def structural_type(
        self, schema: dict[str, Any], doc: Document, pointer: str, hint: str, module: str
    ) -> TypeRef:
        for key in ("allOf", "oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                builder = self.all_of_type if key == "allOf" else self.one_of_type
                return builder(schema, doc, pointer, hint, module)
        if "const" in schema:
            return _literal_type([schema["const"]], open_enum=False) or ANY_TYPE
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self.enum_type(schema, doc, pointer)
        types = schema.get("type")
        if isinstance(types, list):
            parts = [
                self.single_type({**schema, "type": t}, doc, pointer, hint, module) for t in types
            ]
            return union(parts)
        return self.single_type(schema, doc, pointer, hint, module)

    def single_type(
        self, schema: dict[str, Any], doc: Document, pointer: str, hint: str, module: str
    ) -> TypeRef:
        kind = schema.get("type")
        if kind == "array" or (kind is None and "items" in schema):
            return self.array_type(schema, doc, pointer, hint, module)
        if kind == "object" or (
            kind is None and ("properties" in schema or "additionalProperties" in schema)
        ):
            return self.object_type(schema, doc, pointer, hint, module)
        if kind == "string":
            return self.string_type(schema, doc, pointer)
        if kind in _PRIMITIVES:
            return simple(_PRIMITIVES[kind])
        if kind is not None:
            self.warn(
                codes.UNKNOWN_TYPE,
                doc,
                join_pointer(pointer, "type"),
                f"unknown type {kind!r}; typed as Any",
            )
        return ANY_TYPE

    def string_type(self, schema: dict[str, Any], doc: Document, pointer: str) -> TypeRef:
        fmt = schema.get("format")
        if fmt == "binary" or (
            "contentMediaType" in schema
            and schema.get("contentEncoding") is None
            and fmt is None
            and schema["contentMediaType"] not in ("application/json", "text/plain")
        ):
            return BINARY_TYPE
        if isinstance(fmt, str) and fmt in _FORMAT_TYPES:
            annotation, module_import = _FORMAT_TYPES[fmt]
            return simple(annotation, *([module_import] if module_import else []))
        if isinstance(fmt, str) and fmt not in KNOWN_FORMATS:
            self.warn(
                codes.UNKNOWN_FORMAT,
                doc,
                join_pointer(pointer, "format"),
                f"unknown string format {fmt!r}; typed as str",
                "formats are open in OpenAPI; sdkforge maps only the ones it knows",
            )
        return simple("str")

    def enum_type(self, schema: dict[str, Any], doc: Document, pointer: str) -> TypeRef:
        values = schema["enum"]
        is_open = schema.get("x-open-enum") is True
        literal = _literal_type(values, open_enum=is_open, declared=schema.get("type"))
        if literal is None:
            self.warn(
                codes.LOOSE_ENUM,
                doc,
                join_pointer(pointer, "enum"),
                "enum values that are not str/int/bool/null; typed loosely",
            )
            without_enum = {k: v for k, v in schema.items() if k != "enum"}
            return (
                self.structural_type(without_enum, doc, pointer, "", "")
                if schema.get("type")
                else ANY_TYPE
            )
        return literal

    def array_type(
        self, schema: dict[str, Any], doc: Document, pointer: str, hint: str, module: str
    ) -> TypeRef:
        items = schema.get("items", {})
        if isinstance(items, list):  # 3.0 tuple form is not valid OpenAPI, but appears in the wild
            items = {"anyOf": items} if items else {}
        inner = self.type_of(items, doc, join_pointer(pointer, "items"), f"{hint}Item", module)
        return TypeRef(
            f"list[{inner.annotation}]",
            f"Sequence[{inner.input_annotation}]",
            inner.imports,
            inner.input_imports | {SEQUENCE},
            inner.models,
            inner.input_models,
        )

    def object_type(
        self, schema: dict[str, Any], doc: Document, pointer: str, hint: str, module: str
    ) -> TypeRef:
        if _is_object_model(schema):
            class_name = self.claim_class_name(
                safe_class_name(hint, fallback="Object"), doc, pointer
            )
            fields = self.fields_of(schema, doc, pointer, class_name, module)
            doc_text = clean_doc(schema.get("description"))
            self.inline_models.append(
                Model(class_name, module, doc_text, fields=fields, origin=pointer)
            )
            return self.class_ref(class_name)
        extra = schema.get("additionalProperties", True)
        value = (
            ANY_TYPE
            if extra in (True, {}, None)
            else self.type_of(
                extra, doc, join_pointer(pointer, "additionalProperties"), f"{hint}Value", module
            )
        )
        return TypeRef(
            f"dict[str, {value.annotation}]",
            f"Mapping[str, {value.input_annotation}]",
            value.imports,
            value.input_imports | {MAPPING},
            value.models,
            value.input_models,
        )

    def one_of_type(
        self, schema: dict[str, Any], doc: Document, pointer: str, hint: str, module: str
    ) -> TypeRef:
        key = "oneOf" if "oneOf" in schema else "anyOf"
        variants = []
        for i, variant in enumerate(schema[key]):
            variants.append(
                self.type_of(
                    variant, doc, join_pointer(pointer, key, i), f"{hint}Variant{i + 1}", module
                )
            )
        base = union(variants)
        discriminated = self.discriminated(schema, doc, base, variants)
        return discriminated or base

    def discriminated(
        self, schema: dict[str, Any], doc: Document, base: TypeRef, variants: list[TypeRef]
    ) -> TypeRef | None:
        """`Annotated[A | B, Field(discriminator=...)]` when every variant is a class with a literal tag."""
        disc = schema.get("discriminator")
        if (
            not isinstance(disc, dict)
            or not isinstance(disc.get("propertyName"), str)
            or len(variants) < 2
        ):
            return None
        wire = disc["propertyName"]
        py_names = set()
        seen_tags: set[object] = set()
        for variant in variants:
            model = self.model_named(variant.annotation)
            tag_field = (
                next((f for f in model.fields if f.wire_name == wire), None) if model else None
            )
            if (
                tag_field is None
                or not tag_field.type.annotation.startswith("Literal[")
                or " | " in tag_field.type.annotation
            ):
                return None
            if (
                not tag_field.required
            ):  # pydantic rejects a discriminator that may be missing (`Literal[...] | None`)
                return None
            tags = _literal_values(tag_field.type.annotation)
            if tags is None or seen_tags & tags:  # pydantic rejects one tag value on two variants
                return None
            seen_tags |= tags
            py_names.add(tag_field.py_name)
        if len(py_names) != 1:
            return None
        annotation = f"Annotated[{base.annotation}, Field(discriminator={py_names.pop()!r})]"
        return TypeRef(
            annotation,
            base.input_annotation,
            base.imports | {ANNOTATED, PYDANTIC_FIELD},
            base.input_imports,
            base.models,
            base.input_models,
        )

    def model_named(self, class_name: str) -> Model | None:
        for target in self.targets.values():
            if target.class_name == class_name:
                return target.built if target.built is not None and not target.building else None
        return next((m for m in self.inline_models if m.class_name == class_name), None)

    def all_of_type(
        self, schema: dict[str, Any], doc: Document, pointer: str, hint: str, module: str
    ) -> TypeRef:
        parts = schema["allOf"]
        if len(parts) == 1 and not _has_own_shape(schema):
            return self.type_of(parts[0], doc, join_pointer(pointer, "allOf", 0), hint, module)
        merged = self.merge_all_of(schema, doc)
        if merged.get("allOf"):
            self.warn(
                codes.ALLOF_CYCLE,
                doc,
                pointer,
                "allOf could not be merged (a cycle through allOf); typed as Any",
            )
            return ANY_TYPE
        return self.type_of(merged, doc, pointer, hint, module)

    # -- objects ----------------------------------------------------------------------------------

    def merge_all_of(
        self, schema: dict[str, Any], doc: Document, seen: frozenset[int] = frozenset()
    ) -> dict[str, Any]:
        """Flatten `allOf` into one object schema: properties and `required` are unioned in order."""
        if not isinstance(schema.get("allOf"), list) or id(schema) in seen:
            return schema
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        properties: dict[str, Any] = {}
        required: list[str] = []
        for part in schema["allOf"]:
            resolved, _ = self.spec.resolve_fully(part, doc)
            if not isinstance(resolved, dict):
                continue
            resolved = self.merge_all_of(resolved, doc, seen | {id(schema)})
            properties.update(resolved.get("properties") or {})
            required += [r for r in resolved.get("required") or [] if r not in required]
            for key in (
                "type",
                "description",
                "additionalProperties",
                "discriminator",
                "enum",
                "oneOf",
                "anyOf",
                "items",
                "format",
                "nullable",
            ):
                if key in resolved and key not in merged:
                    merged[key] = resolved[key]
        properties.update(schema.get("properties") or {})
        required += [r for r in schema.get("required") or [] if r not in required]
        if properties:
            merged["properties"] = properties
            merged.setdefault("type", "object")
        if required:
            merged["required"] = required
        return merged

    def fields_of(
        self, schema: dict[str, Any], doc: Document, pointer: str, class_name: str, module: str
    ) -> tuple[Field, ...]:
        properties = schema.get("properties") or {}
        if not isinstance(properties, dict):
            return ()
        required = set(r for r in _as_list(schema.get("required")) if isinstance(r, str))
        table = NameTable()
        fields = []
        for wire_name, prop in properties.items():
            prop_pointer = join_pointer(pointer, "properties", wire_name)
            resolved_prop, _ = self.spec.resolve_fully(prop, doc)
            py_name, holder = table.claim(
                safe_field_name(name_source(wire_name, resolved_prop)), wire_name
            )
            if holder is not None:
                self.warn(
                    codes.PROPERTY_NAME_COLLISION,
                    doc,
                    prop_pointer,
                    f"property {wire_name!r} and {holder!r} both become {py_name.rstrip('0123456789')!r}; this one is {py_name!r}",
                )
            type_ref = self.type_of(
                prop,
                doc,
                prop_pointer,
                f"{class_name}{safe_class_name(wire_name, fallback='Field')}",
                module,
            )
            description = prop.get("description") if isinstance(prop, dict) else None
            is_nullable = "None" in _split_union(type_ref.annotation)
            default = self.defaults.literal(resolved_prop)
            fields.append(
                Field(
                    wire_name,
                    py_name,
                    type_ref,
                    wire_name in required,
                    is_nullable,
                    clean_doc(description),
                    default_repr=default,
                    validate_default=default is not None and needs_validation(type_ref.annotation),
                )
            )
        return tuple(fields)

    # -- messages ---------------------------------------------------------------------------------

    def warn(
        self, code: Code, doc: Document, pointer: str, message: str, hint: str | None = None
    ) -> None:
        self.diagnostics.append(code.at(doc.locate(pointer), message, hint))


def _as_list(value: Any) -> list[Any]:
    """A keyword that should hold a list, or nothing when it holds something else (validate says so)."""
    return value if isinstance(value, list) else []


def _literal_values(annotation: str) -> set[object] | None:
    """The values of `Literal[...]` (None if the annotation is not a plain literal)."""
    import ast

    try:
        node = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(node, ast.Subscript):
        return None
    items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    try:
        return {ast.literal_eval(item) for item in items}
    except ValueError:
        return None


def _lookup(target: NamedTarget) -> Any:
    return lookup(target.document.data, target.pointer)


def _is_object_model(schema: Any) -> bool:
    """Objects with declared properties become classes; bare maps stay dicts."""
    if not isinstance(schema, dict) or any(
        k in schema for k in ("oneOf", "anyOf", "enum", "const", "$ref")
    ):
        return False
    kind = schema.get("type")
    is_object = kind == "object" or (isinstance(kind, list) and "object" in kind) or kind is None
    return is_object and isinstance(schema.get("properties"), dict) and bool(schema["properties"])


def _has_own_shape(schema: dict[str, Any]) -> bool:
    return any(k in schema for k in ("properties", "required", "oneOf", "anyOf", "enum", "items"))


def _literal_type(values: list[Any], *, open_enum: bool, declared: Any = None) -> TypeRef | None:
    if not all(v is None or isinstance(v, str | int | bool) for v in values) or any(
        isinstance(v, float) for v in values
    ):
        return None
    has_null = None in values
    concrete = list(dict.fromkeys(v for v in values if v is not None))
    parts: list[TypeRef] = []
    if concrete:
        literal = "Literal[" + ", ".join(repr(v) for v in concrete) + "]"
        parts.append(simple(literal, LITERAL))
        if open_enum:
            base = _open_base(concrete)
            parts.append(simple(base))
    if has_null or (isinstance(declared, list) and "null" in declared):
        parts.append(simple("None"))
    return union(parts) if parts else None


def _open_base(values: list[Any]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int"
    return "str"
