"""Frozen IR nodes. Collections are tuples in spec order; every name and annotation is final."""

from __future__ import annotations

import keyword
from dataclasses import dataclass

# Names a TypedDict's annotations may use, which a key of the same name would shadow in a class body.
_SHADOWING = frozenset(
    {
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "dict",
        "Any",
        "Literal",
        "Mapping",
        "Sequence",
        "NotRequired",
        "TypedDict",
        "Annotated",
        "FileTypes",
        "datetime",
        "uuid",
    }
)


@dataclass(frozen=True, slots=True, order=True)
class Import:
    """`from module import name`; `module` is absolute stdlib/third-party or `.models.<file>` style."""

    module: str
    name: str


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A Python type, ready to print, with what it needs imported.

    `annotation` is what a response model holds; `input_annotation` is what a method accepts (a model
    or a plain mapping, sequences instead of lists).
    """

    annotation: str
    input_annotation: str
    imports: frozenset[Import] = frozenset()
    input_imports: frozenset[Import] = frozenset()
    models: frozenset[str] = frozenset()  # generated class/alias names `annotation` mentions
    input_models: frozenset[str] = frozenset()  # and those `input_annotation` mentions
    is_binary: bool = False


@dataclass(frozen=True, slots=True)
class Field:
    wire_name: str
    py_name: str
    type: TypeRef
    required: bool
    nullable: bool
    doc: str | None = None
    default_repr: str | None = (
        None  # the schema's `default`, a checked literal: what an absent field holds
    )
    validate_default: bool = (
        False  # pydantic turns the default into the field's type (a dict into a model)
    )

    @property
    def needs_alias(self) -> bool:
        return self.wire_name != self.py_name

    @property
    def declaration(self) -> str:
        """What follows `name: ` in the class body."""
        value = self.value
        return (
            self.declared_annotation if value is None else f"{self.declared_annotation} = {value}"
        )

    @property
    def declared_annotation(self) -> str:
        annotation = self.type.annotation
        return annotation if self.required or self.nullable else f"{annotation} | None"

    @property
    def param_annotation(self) -> str:
        """The key's type in the model's TypedDict: an optional key may be left out, not set to None."""
        annotation = self.type.input_annotation
        return annotation if self.required else f"NotRequired[{annotation}]"

    @property
    def value(self) -> str | None:
        """What follows `name: annotation = `, if anything."""
        default = None if self.required else (self.default_repr or "None")
        arguments = [] if default is None else [f"default={default}"]
        if self.validate_default and default is not None:
            arguments.append("validate_default=True")
        if self.needs_alias:
            arguments.append(f"alias={self.wire_name!r}")
        if not arguments:
            return None
        if len(arguments) == 1 and default is not None:
            return default
        return f"Field({', '.join(arguments)})"


@dataclass(frozen=True, slots=True)
class Model:
    """A pydantic class (`fields`) or a type alias (`alias_of`)."""

    class_name: str
    module: str  # file stem under models/
    doc: str | None
    fields: tuple[Field, ...] = ()
    alias_of: TypeRef | None = None
    origin: str = ""  # JSON pointer it came from, for messages
    param_name: str | None = None  # its TypedDict, when a request can take one
    list_item: str | None = (
        None  # `X` of `ListModel[X]`, its base class when it is a list envelope (ir/finish.py)
    )

    @property
    def param_is_functional(self) -> bool:
        """`Name = TypedDict("Name", {...})` when a wire key cannot be a class attribute (`from`, `a-b`),
        or would shadow a name the annotations use (`str`)."""
        return any(
            not f.wire_name.isidentifier()
            or keyword.iskeyword(f.wire_name)
            or f.wire_name in _SHADOWING
            for f in self.fields
        )

    @property
    def param_models_used(self) -> frozenset[str]:
        used: set[str] = set()
        for f in self.fields:
            used |= f.type.input_models
        return frozenset(used)

    @property
    def param_imports(self) -> frozenset[Import]:
        imports: set[Import] = {Import("typing", "TypedDict")}
        for f in self.fields:
            imports |= f.type.input_imports
        if any(not f.required for f in self.fields):
            imports.add(Import("typing", "NotRequired"))
        return frozenset(imports)

    @property
    def is_alias(self) -> bool:
        return self.alias_of is not None

    @property
    def models_used(self) -> frozenset[str]:
        used: set[str] = set()
        for f in self.fields:
            used |= f.type.models
        if self.alias_of is not None:
            used |= self.alias_of.models
        return frozenset(used)


@dataclass(frozen=True, slots=True)
class MethodTypes:
    """The types one operation's method prints, sync or async (ir/annotations.py). Inside a resource class
    a method called `list` hides the builtin, so there an annotation spells it `builtins.list`."""

    params: tuple[tuple[str, str], ...]  # (py_name, annotation) of every parameter
    returns: tuple[
        tuple[str, str], ...
    ]  # (variant, annotation): impl, false, true, bool (a stream flag), wait (polling)
    cast_to: str  # `request`'s first argument: the answer read into the method's return type
    stream_to: (
        str | None
    )  # `request`'s `stream_to=`, when a stream flag chooses between two answers

    def param(self, py_name: str) -> str:
        return dict(self.params)[py_name]

    def returned(self, variant: str) -> str:
        return dict(self.returns)[variant]


@dataclass(frozen=True, slots=True)
class ModelModule:
    """One file under models/: usually one model; mutually recursive models share one."""

    name: str
    models: tuple[Model, ...]
    imports: tuple[Import, ...]


@dataclass(frozen=True, slots=True)
class Param:
    wire_name: str
    py_name: str
    type: TypeRef
    required: bool
    location: str  # path | query | header | cookie | body | form | body_whole | binary
    doc: str | None = None
    default_repr: str | None = (
        None  # sent when the caller gives nothing (header `anthropic-version`)
    )
    media_type: str | None = None  # a raw (binary) body's declared Content-Type
    default_doc: str | None = (
        None  # the schema's `default` as JSON, docstring-safe: shown, never sent
    )
    allowed_doc: tuple[str, ...] = ()  # the schema's enum values as JSON, docstring-safe
    deprecated: bool = False

    @property
    def doc_entry(self) -> str:
        """This parameter's entry under `Args:`: description, then default, allowed values, deprecation."""
        facts = [self.doc or ""]
        if self.allowed_doc:
            facts.append(f"One of: {', '.join(self.allowed_doc)}.")
        if self.default_doc is not None:
            facts.append(f"Default (applied by the server): {self.default_doc}.")
        if self.deprecated:
            facts.append("Deprecated.")
        text = " ".join(f for f in facts if f).replace("\n", "\n        ")
        return f"{self.py_name}: {text}" if text else self.py_name

    @property
    def is_optional_in_signature(self) -> bool:
        return not self.required or self.default_repr is not None


@dataclass(frozen=True, slots=True)
class ExampleArgument:
    """One argument of a documented call: which parameter, and the spec's example value as JSON."""

    py_name: str
    wire_name: str
    location: str  # as Param.location
    value_json: str  # canonical JSON (sorted keys are not used: the spec's order reads best)


@dataclass(frozen=True, slots=True)
class RequestExample:
    """A named request example of the spec, as the arguments of one SDK call."""

    name: str
    summary: str | None
    arguments: tuple[ExampleArgument, ...]

    @property
    def is_streaming(self) -> bool:
        return any(a.wire_name == "stream" and a.value_json == "true" for a in self.arguments)


@dataclass(frozen=True, slots=True)
class Streaming:
    event: TypeRef
    terminator: str | None
    flag: str | None  # py name of the boolean body param that switches streaming on, if any


@dataclass(frozen=True, slots=True)
class MediaChoice:
    """Values of the selector parameter that ask for one media type, and what the method then returns."""

    values: tuple[str, ...]  # Python literals of the parameter's values (`'text'`)
    media_type: str  # the Accept header sent for them
    returns: TypeRef
    is_default: bool = (
        False  # the parameter's default is one of `values`: leaving it out asks for this
    )


@dataclass(frozen=True, slots=True)
class MediaSelector:
    """`x-sdk-media-selector`: the parameter whose value picks the response's media type."""

    param: str  # py name
    choices: tuple[MediaChoice, ...]

    @property
    def picks_type(self) -> bool:
        """Whether the value changes the return type (overloads), not only the Accept header."""
        return len({c.returns.annotation for c in self.choices}) > 1


@dataclass(frozen=True, slots=True)
class ErrorShape:
    """Where one declared error body keeps its fields, as JSON pointers split into keys (ir/errors.py)."""

    message: tuple[str, ...]
    code: tuple[str, ...] | None = None
    type: tuple[str, ...] | None = None
    param: tuple[str, ...] | None = None

    @property
    def as_tuple(self) -> tuple[tuple[str, ...] | None, ...]:
        """What the runtime reads (`_exceptions.ErrorShape`): message, code, type, param."""
        return (self.message, self.code, self.type, self.param)


@dataclass(frozen=True, slots=True)
class LogicalError:
    field: str
    success_repr: str  # a tuple literal
    message: str | None


@dataclass(frozen=True, slots=True)
class Polling:
    poll_method: str  # method name on the same resource
    poll_param: str  # py name of the poll method's task id parameter
    task_id_pointer: str
    status_pointer: str
    success_repr: str
    failure_repr: str
    interval: float
    result: TypeRef
    reported_id_pointer: str | None = (
        None  # where a poll reply names its task; a different id is an error
    )
    task_pointer: str = (
        ""  # where the task (`result`) is inside a poll reply; "" is the whole reply
    )
    fail_reason_pointer: str | None = None  # where a poll reply says why the task failed
    wait_name: str = "wait"  # the resource's helper that polls `poll_method` (naming.wait_name)
    and_wait_name: str = ""  # `<method>_and_wait` of the submitting operation


@dataclass(frozen=True, slots=True)
class Pagination:
    """`x-sdk-pagination`, checked: the request parameter and the response fields, by wire name."""

    style: str  # cursor | offset | page
    param: str
    location: str  # query | body
    items: str
    item: TypeRef  # one item's type: the method returns SyncPage[item] / AsyncPaginator[item]
    has_more: str | None = None
    next_cursor: str | None = None
    item_cursor: str | None = None
    start: int = 0


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    py_name: str
    http_method: str
    path: str  # with Python names in braces: /mj/task/{id}/fetch
    summary: str | None
    doc: str | None
    params: tuple[Param, ...]
    body_kind: str | None  # json | multipart | form (url-encoded) | binary | None
    returns: TypeRef
    response_kind: (
        str  # json (maybe `| str` or `| BinaryResponse` too) | text | binary | stream | none
    )
    security: tuple[str, ...]
    retry_safe: bool
    streaming: Streaming | None = None
    logical_error: LogicalError | None = None
    polling: Polling | None = None
    pagination: Pagination | None = None
    deprecated: bool = False
    examples: tuple[RequestExample, ...] = ()  # for the reference docs (api.md)
    accept: str = "application/json"  # the declared 2xx media types, as an Accept header
    selector: MediaSelector | None = None
    method_types: tuple[
        MethodTypes, ...
    ] = ()  # sync, async: filled once the resource is known (ir/finish.py)
    error_shapes: tuple[ErrorShape, ...] = ()  # the declared error bodies' shapes (ir/errors.py)
    error_table: str | None = None  # the resource module's constant holding them (ir/finish.py)

    @property
    def args_doc(self) -> str | None:
        """The docstring's `Args:` section (Google style), or None for a method without parameters."""
        if not self.params:
            return None
        return "Args:\n" + "\n".join(f"    {p.doc_entry}" for p in self.signature_params)

    def params_in(self, location: str) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == location)

    @property
    def path_params(self) -> tuple[Param, ...]:
        return self.params_in("path")

    @property
    def wire_path(self) -> str:
        """The path as the spec writes it (`path` has the Python names in braces)."""
        path = self.path
        for param in self.path_params:
            path = path.replace("{" + param.py_name + "}", "{" + param.wire_name + "}")
        return path

    @property
    def signature_params(self) -> tuple[Param, ...]:
        """Required first (as keyword-only that is only for readability), then optional."""
        required = [p for p in self.params if not p.is_optional_in_signature]
        optional = [p for p in self.params if p.is_optional_in_signature]
        return (*required, *optional)


@dataclass(frozen=True, slots=True)
class Resource:
    path: tuple[str, ...]  # ("chat", "completions")
    attr_name: str  # "completions"
    class_name: str  # "ChatCompletions"
    module: str  # "chat_completions"
    async_class_name: str  # "AsyncChatCompletions"
    raw_class_name: str  # "ChatCompletionsWithRawResponse"
    async_raw_class_name: str  # "AsyncChatCompletionsWithRawResponse"
    doc: str | None
    operations: tuple[Operation, ...]
    children: tuple[Resource, ...] = ()
    imports: tuple[Import, ...] = ()  # of its module, relative to it (ir/imports.py)
    type_imports: tuple[Import, ...] = ()  # its children's classes, under `if TYPE_CHECKING:`
    streaming_class_name: str = ""  # "ChatCompletionsWithStreamingResponse"
    async_streaming_class_name: str = ""  # "AsyncChatCompletionsWithStreamingResponse"
    error_tables: tuple[
        tuple[str, str], ...
    ] = ()  # (constant, literal) of its operations' error shapes


@dataclass(frozen=True, slots=True)
class LazyModule:
    """An `__init__.py` that imports nothing until a name is used: `{name: module}` for its `__getattr__`,
    the same names imported under `if TYPE_CHECKING:` for type checkers, and what `__all__` lists."""

    module_of: tuple[tuple[str, str], ...]
    type_imports: tuple[Import, ...]
    exported: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    name: str
    kind: str  # bearer | header | query | cookie
    header: str  # the header, query parameter or cookie that carries the key
    doc: str | None = None
    option: str = (
        ""  # the client's keyword argument for this scheme's credential (naming.credential_option)
    )
    env: str = ""  # and its environment variable


@dataclass(frozen=True, slots=True)
class Api:
    title: str
    version: str
    doc: str | None
    spec_display: str
    package_name: str
    client_class: str
    dist_name: str
    sdk_version: str
    env_prefix: str
    default_base_url: str
    resources: tuple[Resource, ...]
    model_modules: tuple[ModelModule, ...]
    security_schemes: tuple[SecurityScheme, ...]
    every_operation_secured: bool = False  # a client without any credential could call nothing
    operation_count: int = 0
    operation_total: int = 0
    skipped_operations: tuple[str, ...] = ()  # `GET /path` of each operation --lenient left out
    degraded_operations: tuple[
        str, ...
    ] = ()  # pointers of operations generated without a body, parameter or helper
    log_env: str = (
        ""  # the variable that switches on request logging (`GITAIGC_LOG`), from naming.env_var
    )
    api_key_env: str = ""  # `GITAIGC_API_KEY`, from naming.env_var
    base_url_env: str = ""  # `GITAIGC_BASE_URL`, from naming.env_var
    user_agent: str = ""  # `<client_class>/Python <sdk_version>`
    path_prefixes: tuple[str, ...] = ()  # see ir/finish.py path_prefixes
    async_client_class: str = ""  # `Async<client_class>` (naming.async_class, ir/finish.py)
    error_class: str = (
        ""  # the runtime's `SDKError` under the SDK's own name: `<client_class>Error`
    )
    client_imports: tuple[
        Import, ...
    ] = ()  # `_client.py`'s, under `if TYPE_CHECKING:` (ir/imports.py)
    package_init: LazyModule | None = None  # the package's `__init__.py`
    models_init: LazyModule | None = None  # `models/__init__.py`

    @property
    def models(self) -> tuple[Model, ...]:
        return tuple(m for module in self.model_modules for m in module.models)
