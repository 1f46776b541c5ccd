"""A resource module, as the resource template and its method macros print it: each operation's
methods, the `wait` helpers, the raw-response wrappers. Names, types and imports come decided from
the IR (ir/finish.py); the views turn them into lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..ir.annotations import media_choice, media_variants
from ..ir.nodes import MethodTypes, Operation, Param, Polling, Resource
from ..quote.docs import clean_doc, join_docs
from ..quote.literals import LINE_LENGTH, docstring, pyliteral, pystr, width
from .lines import (
    ARGUMENT_INDENT,
    PARAMETER_INDENT,
    export_key,
    import_lines,
    parameter,
    type_checking_lines,
)


class OperationView:
    """One operation's methods; their types were decided on the IR (`Operation.method_types`)."""

    def __init__(self, op: Operation, wait_name: str | None) -> None:
        self.op = op
        self.wait_name = wait_name
        self.sync_types, self.async_types = op.method_types

    def types(self, is_async: bool) -> MethodTypes:
        return self.async_types if is_async else self.sync_types

    def annotate(self, param: Param) -> str:
        return self.sync_types.param(param.py_name)

    def parameter_lines(self, variant: str) -> list[str]:
        """The signature's parameters between `self,` and `extra_headers=`, one a line."""
        lines = [parameter(p.py_name, self.annotate(p), None) for p in self.positional]
        lines.append(PARAMETER_INDENT + "*,")
        lines += [parameter(p.py_name, self.annotate(p), None) for p in self.keyword_required]
        streaming = self.op.streaming
        if streaming and streaming.flag and variant != "wait":
            annotation, _, default = self.stream_annotation(variant).partition(" = ")
            lines.append(parameter(streaming.flag, annotation, default or None))
        lines += [self._optional_parameter(p, variant) for p in self.keyword_optional]
        if self.op.polling and variant == "wait":
            lines += polling_parameters(self.op.polling, self.sync_types.returned("wait"))
        return lines

    def _optional_parameter(self, param: Param, variant: str) -> str:
        """An optional parameter; in a media-selector overload, the selector takes that choice's values."""
        choice = media_choice(self.op, variant)
        if choice is None or self.op.selector is None or param.py_name != self.op.selector.param:
            return parameter(param.py_name, self.annotate(param), "NOT_GIVEN")
        literal = f"Literal[{', '.join(choice.values)}]"
        if choice.is_default:  # leaving the parameter out asks for this media type too
            return parameter(param.py_name, f"{literal} | NotGiven", "NOT_GIVEN")
        return parameter(param.py_name, literal, None)

    @property
    def overload_variants(self) -> tuple[str, ...]:
        """The `@overload`s before the implementation: on the `stream` flag, or on the media selector."""
        if self.op.streaming and self.op.streaming.flag:
            return ("false", "true", "bool")
        return media_variants(self.op)

    @cached_property
    def positional(self) -> tuple[Param, ...]:
        return self.op.path_params

    @cached_property
    def keyword_required(self) -> tuple[Param, ...]:
        return tuple(
            p
            for p in self.op.signature_params
            if p.location != "path" and not p.is_optional_in_signature and not self._is_flag(p)
        )

    @cached_property
    def keyword_optional(self) -> tuple[Param, ...]:
        return tuple(
            p
            for p in self.op.signature_params
            if p.location != "path" and p.is_optional_in_signature and not self._is_flag(p)
        )

    @cached_property
    def all_params(self) -> tuple[Param, ...]:
        """Everything `<method>_and_wait` forwards (the stream flag is never part of a task call)."""
        return (*self.positional, *self.keyword_required, *self.keyword_optional)

    def _is_flag(self, param: Param) -> bool:
        streaming = self.op.streaming
        return streaming is not None and streaming.flag == param.py_name

    def method_name(self, variant: str) -> str:
        return (
            self.op.polling.and_wait_name
            if variant == "wait" and self.op.polling
            else self.op.py_name
        )

    def stream_annotation(self, variant: str) -> str:
        return {
            "false": "Literal[False] | NotGiven = NOT_GIVEN",
            "true": "Literal[True]",
            "bool": "bool",
            "impl": "bool | NotGiven = NOT_GIVEN",
        }[variant]

    def returns(self, variant: str, is_async: bool) -> str:
        return self.types(is_async).returned(variant)

    @property
    def page_rule(self) -> str:
        """`PageRule(...)` for a paginated operation: spec names, printed as literals only."""
        rule = self.op.pagination
        assert rule is not None
        arguments = [
            pyliteral(rule.style),
            pyliteral(rule.param),
            pyliteral(rule.location),
            pyliteral(rule.items),
        ]
        optional = {
            "has_more": rule.has_more,
            "next_cursor": rule.next_cursor,
            "item_cursor": rule.item_cursor,
        }
        arguments += [f"{key}={pyliteral(value)}" for key, value in optional.items()]
        arguments.append(f"start={rule.start}")
        return f"PageRule({', '.join(arguments)})"

    def cast_to(self, is_async: bool) -> str:
        return self.types(is_async).cast_to

    def stream_to(self, is_async: bool) -> str | None:
        return self.types(is_async).stream_to

    @property
    def stream_expression(self) -> str:
        streaming = self.op.streaming
        if streaming is None:
            return "False"
        if streaming.flag is None:
            return "True"
        return f"{streaming.flag} is True"

    @property
    def wait_doc(self) -> str:
        summary = f"{self.op.py_name.capitalize()} and wait until the task ends; returns the finished task.\n\n"
        operation_args = self.op.args_doc  # the operation's own `Args:`, then what the wait adds
        if operation_args is None:
            return summary + POLLING_ARGS_DOC
        return f"{summary}{operation_args}\n{_POLL_ARGS}\n{_POLL_RAISES}"

    @property
    def docstring(self) -> str | None:
        text = self.op.doc
        if self.op.deprecated:
            text = (
                f"{text}\n\nDeprecated: {self.deprecation}"
                if text
                else f"Deprecated: {self.deprecation}"
            )
        if self.op.args_doc and not text:
            # Google style wants a summary line above `Args:` (and the entries keep their indent under it)
            text = clean_doc(f"{self.op.http_method} {self.op.wire_path}")
        text = join_docs(text, self.op.args_doc)
        return docstring(text, 8) if text else None

    @property
    def deprecation(self) -> str:
        """Why a `deprecated: true` operation warns: OpenAPI gives no reason, so it says who decided."""
        return f"{self.op.http_method} {self.op.path} is marked deprecated in the API description."

    @property
    def deprecated_decorator(self) -> str | None:
        """`@deprecated(...)` (PEP 702): type checkers flag each call, and a call warns at run time."""
        if not self.op.deprecated:
            return None
        return f"    @deprecated({pystr(self.deprecation)})"

    def request_arguments(self) -> list[str]:
        """The lines of `APIRequest(...)`'s arguments before `options=`, one a line."""
        op = self.op
        arguments = [pystr(op.http_method), self._path_argument]
        for keyword, location in (("query", "query"), ("headers", "header")):
            if op.params_in(location):  # the trailing comma keeps them one entry per line
                arguments.append(f"{keyword}={{{self._items(location)},}}")
        if op.body_kind is not None:
            arguments.append(self._body_argument)
        security = [pystr(name) for name in op.security]
        arguments.append(f"security=({', '.join(security)}{',' if len(security) == 1 else ''})")
        arguments.append(f"retry_safe={op.retry_safe}")
        if op.streaming:
            arguments += [
                f"stream={self.stream_expression}",
                f"stream_terminator={pyliteral(op.streaming.terminator)}",
            ]
        if op.logical_error:
            rule = op.logical_error
            arguments.append(
                f"logical_error=LogicalErrorRule({pystr(rule.field)}, {rule.success_repr}, {pyliteral(rule.message)})"
            )
        accept = self._accept_argument
        if accept is not None:
            arguments.append(accept)
        if op.error_table is not None:
            arguments.append(f"error_shapes={op.error_table}")
        return [f"{ARGUMENT_INDENT}{argument}," for argument in arguments]

    @property
    def _accept_argument(self) -> str | None:
        """`accept=` of `APIRequest`: the declared media types, or the one the selector's value asks for."""
        selector = self.op.selector
        if selector is None:
            return (
                None if self.op.accept == "application/json" else f"accept={pystr(self.op.accept)}"
            )
        default = next((c.media_type for c in selector.choices if c.is_default), self.op.accept)
        expression = pystr(default)
        branches = [c for c in selector.choices if not c.is_default and c.media_type != default]
        for choice in reversed(branches):
            values = ", ".join(choice.values) + ("," if len(choice.values) == 1 else "")
            expression = (
                f"{pystr(choice.media_type)} if {selector.param} in ({values}) else {expression}"
            )
        return f"accept=({expression})" if branches else f"accept={expression}"

    @property
    def _path_argument(self) -> str:
        if not self.op.path_params:
            return pystr(self.op.path)
        keywords = "".join(f", {p.py_name}={p.py_name}" for p in self.op.path_params)
        return f"path_template({pystr(self.op.path)}{keywords})"

    def _items(self, location: str) -> str:
        items: list[str] = []
        for p in self.op.params_in(location):
            key = pystr(p.wire_name)
            value = p.py_name
            if p.default_repr is not None:
                value = f"{p.default_repr} if isinstance({p.py_name}, NotGiven) else {p.py_name}"
                if width(f"{ARGUMENT_INDENT}    {key}: {value},") > LINE_LENGTH:
                    value = f"({value})"  # as black splits it; ruff needs the parentheses given (see parameter)
            items.append(f"{key}: {value}")
        return ", ".join(items)

    @property
    def _body_argument(self) -> str:
        whole = self.op.params_in("body_whole")
        if whole:
            return f"json_body={whole[0].py_name}"
        raw = self.op.params_in("binary")
        if raw:
            return f"binary_body=({raw[0].py_name}, {pyliteral(raw[0].media_type)})"
        keyword = {"multipart": "multipart", "form": "form_body"}.get(
            self.op.body_kind or "", "json_body"
        )
        location = "body" if self.op.body_kind == "json" else "form"
        items = ", ".join(f"{pystr(p.wire_name)}: {p.py_name}" for p in self.op.params_in(location))
        return f"{keyword}={{{items}}}"


# What `wait` and `<method>_and_wait` take besides the task: one deadline name on both, apart from the
# per-request `timeout` (the HTTP timeout) every method has.
_POLL_ARGS = (
    "    poll_timeout: Seconds the whole wait may take; every fetch is bounded by the time left. Then\n"
    "        TaskTimeoutError.\n"
    "    poll_interval: Seconds before the first fetch (the spec's interval by default); grows 1.5x per\n"
    "        fetch, up to 5x.\n"
    "    on_poll: Called with the task after each fetch (progress); the async client awaits what it\n"
    "        returns if it can be awaited, so a plain function or a coroutine function will do.\n"
)
_POLL_RAISES = (
    "Raises:\n"
    "    TaskFailedError: the task ended with a failure status; its message carries the server's fail reason.\n"
    "    TaskTimeoutError: the task was still running after `poll_timeout` seconds.\n"
)
POLLING_ARGS_DOC = f"Args:\n{_POLL_ARGS}\n{_POLL_RAISES}"
DEFAULT_POLL_TIMEOUT = "600.0"


def polling_parameters(polling: Polling, task: str) -> list[str]:
    """`poll_timeout`, `poll_interval` and `on_poll`, one a line, as `wait` and `<method>_and_wait` take them;
    `task` is the task's type as the class body spells it."""
    return [
        parameter("poll_timeout", "float", DEFAULT_POLL_TIMEOUT),
        parameter("poll_interval", "float", repr(polling.interval)),
        parameter("on_poll", f"Callable[[{task}], object] | None", "None"),
    ]


@dataclass(frozen=True)
class WaitView:
    name: str
    polling: Polling
    result_annotation: str  # as the class body spells it (`Operation.method_types`)

    @property
    def doc(self) -> str:
        return (
            f"Poll `{self.polling.poll_method}` until the task reaches a final status; returns the task.\n\n"
            f"{POLLING_ARGS_DOC}"
        )

    def def_line(self, is_async: bool) -> str:
        return f"    {'async ' if is_async else ''}def {self.name}("

    @property
    def parameter_lines(self) -> list[str]:
        return [
            f"{PARAMETER_INDENT}self,",
            f"{PARAMETER_INDENT}task_id: str,",
            f"{PARAMETER_INDENT}*,",
            *polling_parameters(self.polling, self.result_annotation),
        ]

    @property
    def task_of(self) -> str:
        """`poll`'s `task_of=`: the whole reply, or the model the spec's `task` pointer names in it."""
        if not self.polling.task_pointer:
            return "lambda reply: reply"
        return f"lambda reply: task_at(reply, {pystr(self.polling.task_pointer)}, {self.result_annotation})"


class ResourceView:
    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.wait_name_by_target = {
            op.polling.poll_method: op.polling.wait_name for op in resource.operations if op.polling
        }
        self.operations = [
            OperationView(
                op, self.wait_name_by_target.get(op.polling.poll_method) if op.polling else None
            )
            for op in resource.operations
        ]

    @property
    def dotted(self) -> str:
        return ".".join(self.resource.path)

    @property
    def module_doc(self) -> str:
        return f"The `{self.dotted}` resource: {len(self.resource.operations)} operation(s)."

    @property
    def waits(self) -> list[WaitView]:
        seen: dict[str, WaitView] = {}
        for op in self.resource.operations:
            if op.polling and op.polling.poll_method not in seen:
                result = op.method_types[0].returned("wait")
                seen[op.polling.poll_method] = WaitView(
                    self.wait_name_by_target[op.polling.poll_method], op.polling, result
                )
        return list(seen.values())

    def raw_wrappers(self, is_async: bool) -> list[str]:
        """`self.<method> = to_raw_response_wrapper(resource.<method>)` for every operation."""
        wrapper = "async_to_raw_response_wrapper" if is_async else "to_raw_response_wrapper"
        return [
            f"        self.{op.py_name} = {wrapper}(resource.{op.py_name})"
            for op in self.resource.operations
        ]

    def streaming_wrappers(self, is_async: bool) -> list[str]:
        """`self.<method> = to_streamed_response_wrapper(resource.<method>)` for every operation."""
        wrapper = (
            "async_to_streamed_response_wrapper" if is_async else "to_streamed_response_wrapper"
        )
        return [
            f"        self.{op.py_name} = {wrapper}(resource.{op.py_name})"
            for op in self.resource.operations
        ]

    @property
    def exported(self) -> list[str]:
        r = self.resource
        names = [
            r.class_name,
            r.async_class_name,
            r.raw_class_name,
            r.async_raw_class_name,
            r.streaming_class_name,
            r.async_streaming_class_name,
        ]
        return sorted(names, key=export_key)

    @property
    def import_lines(self) -> list[str]:
        lines = import_lines(self.resource.imports)
        if self.resource.children:
            lines += ["", "if TYPE_CHECKING:", *type_checking_lines(self.resource.type_imports)]
        return lines
