"""Spec names → Python identifiers. All sanitising lives here; templates never invent names."""

from __future__ import annotations

import hashlib
import keyword
import re
from dataclasses import dataclass, field

# Digits stay with the word before them (`base64Array` -> base64, array; `gpt4o` -> gpt4o; `v1Models` -> v1, models);
# a leading number is a word of its own (`2fa` -> 2, fa). ASCII only, on purpose.
_WORDS = re.compile(r"[A-Z]+\d*(?=[A-Z][a-z])|[A-Z]?[a-z]+\d*(?:[a-z]+\d*)*|[A-Z]+\d*|\d+")

# Names that generated code uses itself, in annotations (a class body that defines a field `str`
# cannot use `str` as a type after it) or in every method body. A field or parameter with one of these
# names gets a trailing underscore, like a keyword. Other builtins (`id`, `type`, `input`, `format`)
# stay as they are: shadowing them in a class body or a generated method body is harmless, and
# `message.type` reads better than `message.type_`.
_SHADOWED = frozenset(
    {
        "self",
        "cls",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "dict",
        "datetime",
        "uuid",
        "isinstance",
        "cast",
        "path_template",
        "RequestOptions",
        "LogicalErrorRule",
        "NOT_GIVEN",
        "NotGiven",
    }
)

# Attributes of pydantic.BaseModel (and of our BaseModel): a field with one of these names would
# shadow a method, which pydantic warns about and which breaks the model.
MODEL_RESERVED = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        "to_dict",
        "to_json",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
    }
)

# Public attributes of the generated client (see runtime/_base_client.py); a top-level resource with one of
# these names would hide it (a tag `API Key` must not become `client.api_key`).
CLIENT_RESERVED = frozenset(
    {
        "api_key",
        "base_url",
        "close",
        "credentials",
        "default_headers",
        "default_query",
        "http_client",
        "max_response_bytes",
        "max_retries",
        "request",
        "stream_idle_timeout",
        "timeout",
        "with_options",
    }
)

# The generated client's constructor options besides the credentials, and the names its body uses; a
# security scheme's credential option (`bearer_auth=`) must not take one of these names.
CLIENT_OPTIONS = (
    "api_key",
    "base_url",
    "timeout",
    "max_retries",
    "default_headers",
    "default_query",
    "http_client",
    "stream_idle_timeout",
    "max_response_bytes",
    "self",
    "shared_key",
    "scheme_keys",
    "resolve_credentials",
    "resolve_base_url",
    "super",
)

# Attributes every generated resource class has.
RESOURCE_RESERVED = frozenset({"with_raw_response", "with_streaming_response"})

# Keyword arguments every generated method has; an API parameter with the same name is renamed.
METHOD_RESERVED = frozenset(
    {"extra_headers", "extra_query", "extra_body", "timeout", "idempotency_key"}
)

# What `<method>_and_wait` adds to its operation's parameters (keyword arguments) and uses in its body
# (locals, a helper). Only a task operation's own parameters avoid them: `task_id` elsewhere, in the
# status operation or in a model, stays `task_id`.
AND_WAIT_RESERVED = frozenset(
    {
        "poll_timeout",
        "poll_interval",
        "on_poll",
        "submitted",
        "task_id",
        "task_id_of",
        "json_pointer",
    }
)


def words(text: str) -> list[str]:
    return _WORDS.findall(text)


def to_snake(text: str) -> str:
    """'petID' -> 'pet_id', 'HTTPServerError' -> 'http_server_error', 'Message«string»' -> 'message_string'."""
    return "_".join(word.lower() for word in words(text))


def to_pascal(text: str) -> str:
    """'pet-owner' -> 'PetOwner', 'message«string»' -> 'MessageString', 'GPTs' -> 'Gpts'."""
    return "".join(_capitalize(word) for word in words(text))


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if not word.isdigit() else word


def _fallback_suffix(text: str) -> str:
    # Deterministic across runs and machines (no hash(), which PYTHONHASHSEED changes).
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def safe_identifier(
    text: str, *, fallback: str = "value", reserved: frozenset[str] = frozenset()
) -> str:
    """A snake_case identifier that is not a keyword, builtin or reserved name."""
    name = to_snake(text)
    if not name:
        name = f"{fallback}_{_fallback_suffix(text)}" if text else fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in _SHADOWED
        or name in reserved
    ):
        name = f"{name}_"
    return name


def safe_method_name(text: str) -> str:
    """Methods may shadow builtins (`client.models.list()` reads right); only keywords and the
    resource's own attributes are avoided. Annotations in a class that has such a method are
    written `builtins.list[...]` (ir/annotations.py), because a class body's names shadow builtins there."""
    name = to_snake(text)
    if not name:
        name = f"call_{_fallback_suffix(text)}" if text else "call"
    if name[0].isdigit():
        name = f"call_{name}"
    if keyword.iskeyword(name) or name in RESOURCE_RESERVED:
        name = f"{name}_"
    return name


def safe_class_name(text: str, *, fallback: str = "Model") -> str:
    name = to_pascal(text)
    if not name:
        name = f"{fallback}{_fallback_suffix(text).upper()}" if text else fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    if keyword.iskeyword(name):  # `None`, `True`, `False`
        name = f"{name}_"
    return name


def name_source(wire_name: str, schema: object) -> str:
    """What a property's Python name is made from: its wire name, or its `title` when the wire name has no ASCII word."""
    title = schema.get("title") if isinstance(schema, dict) else None
    return title if not words(wire_name) and isinstance(title, str) and words(title) else wire_name


def safe_field_name(text: str) -> str:
    name = safe_identifier(text, fallback="field", reserved=MODEL_RESERVED)
    # pydantic treats names with a leading underscore as private attributes, never as fields.
    return name.lstrip("_") or "field_"


def safe_param_name(text: str, *, task: bool = False) -> str:
    """A parameter name; `task` for an operation that also gets `<method>_and_wait`."""
    return safe_identifier(
        text,
        fallback="param",
        reserved=METHOD_RESERVED | AND_WAIT_RESERVED if task else METHOD_RESERVED,
    )


def wait_name(target: str, target_count: int) -> str:
    """The polling helper of a resource: `wait`, or `wait_for_<status method>` when there are several."""
    return "wait" if target_count == 1 else f"wait_for_{target}"


def and_wait_name(method: str) -> str:
    return f"{method}_and_wait"


def raw_response_class(class_name: str) -> str:
    return f"{class_name}WithRawResponse"


def streaming_response_class(class_name: str) -> str:
    """The class behind `<resource>.with_streaming_response` (openai-python's name for it)."""
    return f"{class_name}WithStreamingResponse"


def resource_class_names(class_name: str) -> tuple[str, ...]:
    """Every class a resource's module defines: sync and async, each plain, raw and streaming."""
    return tuple(
        name
        for base in (class_name, async_class(class_name))
        for name in (base, raw_response_class(base), streaming_response_class(base))
    )


def async_class(class_name: str) -> str:
    return f"Async{class_name}"


def error_class(client_class: str) -> str:
    """What the runtime's `SDKError` is called in this SDK: `GitaigcError` for `Gitaigc`."""
    return f"{client_class}Error"


def param_class_name(class_name: str) -> str:
    """The TypedDict a request accepts in place of model `class_name` (openai-python's `...Param`)."""
    return f"{class_name}Param"


@dataclass(slots=True)
class NameTable:
    """Hands out unique names in one namespace; the second `Pet` becomes `Pet2` and is reported."""

    taken: dict[str, str] = field(default_factory=dict)  # name -> origin (for the message)

    def claim(self, name: str, origin: str) -> tuple[str, str | None]:
        """Return a unique name and, when it had to change, the origin that held the name first."""
        if name not in self.taken:
            self.taken[name] = origin
            return name, None
        holder = self.taken[name]
        stem = name.rstrip("_") or name
        number = 2
        while f"{stem}{number}" in self.taken:
            number += 1
        unique = f"{stem}{number}"
        self.taken[unique] = origin
        return unique, holder


MAX_MODULE_NAME = (
    64  # file names are limited to 255 bytes; paths on Windows to 260 characters in all
)


def bounded_module_name(name: str) -> str:
    """A module name short enough to be a file name: a long one is cut and keeps a hash of the whole,
    so two long names that share a beginning stay two modules, the same on every run."""
    if len(name) <= MAX_MODULE_NAME:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{name[: MAX_MODULE_NAME - 9].rstrip('_')}_{digest}"


_CLASS_NAME_LIMIT = 40


def env_var(package_name: str, purpose: str) -> str:
    """The environment variable the SDK reads for ``purpose``: `GITAIGC_LOG` for `gitaigc`, `LOG`."""
    return f"{package_name.upper()}_{purpose}"


def client_class_from(title: object, package_name: str) -> str:
    """The client class named after the API's title (`Swagger Petstore` → `SwaggerPetstore`); the package's
    name when the title gives no usable class name (none, too long, or one whose own name, `Async` name or
    error class the package already exports: a title `API` would make `APIError`, the runtime's)."""
    from ..sdk_runtime import runtime_exports

    exported = set(runtime_exports())  # what the package exports besides the client
    name = to_pascal(title) if isinstance(title, str) else ""
    if (
        not name
        or not name[0].isalpha()
        or len(name) > _CLASS_NAME_LIMIT
        or keyword.iskeyword(name)
        or _exports_clash(name, exported)
    ):
        name = to_pascal(package_name) or "Client"
    return name if not _exports_clash(name, exported) else f"{name}Client"


def _exports_clash(client_class: str, exported: set[str]) -> bool:
    return bool({client_class, async_class(client_class), error_class(client_class)} & exported)


def credential_option(scheme: str, table: NameTable) -> tuple[str, str | None]:
    """The client option that takes security scheme `scheme`'s credential (`bearerAuth` → `bearer_auth`),
    unique in `table` (seeded with CLIENT_OPTIONS); returns it and the holder of the name it wanted."""
    return table.claim(safe_identifier(scheme, fallback="credential"), scheme)


def credential_env(option: str, env_prefix: str) -> str:
    """The environment variable of a credential option: `bearer_auth` → `GITAIGC_BEARER_AUTH`."""
    return f"{env_prefix}_{option.rstrip('_').upper()}"
