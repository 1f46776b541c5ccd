"""Api IR → the views `templates/project/api.md.jinja` prints: signatures, routes, model links, and usage
examples (sync Python, async Python, curl) built from the spec's named request examples.

Example values reach the Python snippets only through `pyliteral` (repr with the formatters' quotes) and the
curl commands only through `shlex.quote`, so no example text can break out of its literal.
"""

from __future__ import annotations

import functools
import json
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ..ir.nodes import Api, ExampleArgument, Model, Operation, Param, RequestExample, Resource
from ..quote.literals import pyliteral, requote
from .reuse import Reuse

WIDTH = 88  # snippet lines wrap here; the docs are read on narrow screens


@dataclass(frozen=True, slots=True)
class ExampleView:
    title: str
    sync_code: str
    async_code: str
    curl: str


@dataclass(frozen=True, slots=True)
class OperationView:
    call: str  # client.chat.completions.create
    anchor: str
    http: str  # POST /v1/chat/completions
    signature: str
    returns: str  # markdown with links to the models
    doc: str | None
    deprecated: bool
    examples: tuple[ExampleView, ...]


@dataclass(frozen=True, slots=True)
class ResourceView:
    dotted: str
    doc: str | None
    operations: tuple[OperationView, ...]


@dataclass(frozen=True, slots=True)
class FieldRow:
    name: str
    annotation: str
    required: str
    doc: str


@dataclass(frozen=True, slots=True)
class ModelView:
    name: str
    anchor: str
    doc: str | None
    alias: str | None
    fields: tuple[FieldRow, ...]


def reference_views(api: Api, reuse: Reuse | None = None) -> dict[str, Any]:
    """Template variables of api.md: resources with their operations, then every model. With `reuse`, an
    operation's view (its examples are most of the time) and a model's are last render's if nothing
    they read changed."""
    models = {m.class_name for m in api.models}
    context = (frozenset(models), _api_names(api))
    resources = tuple(
        _resource_view(api, r, models, reuse, context) for r in _walk(api.resources) if r.operations
    )
    model_views = tuple(
        reuse.value("api.md model", (m, context[0]), functools.partial(_model_view, m, models))
        if reuse is not None
        else _model_view(m, models)
        for m in sorted(api.models, key=lambda m: m.class_name.lower())
    )
    return {"reference_resources": resources, "reference_models": model_views}


def _walk(resources: tuple[Resource, ...]) -> Iterator[Resource]:
    for resource in resources:
        yield resource
        yield from _walk(resource.children)


def _api_names(api: Api) -> tuple[object, ...]:
    """Every field of `api` an operation's view reads (python_example, curl_example)."""
    return (
        api.package_name,
        api.client_class,
        api.async_client_class,
        api.default_base_url,
        api.base_url_env,
        api.api_key_env,
        api.security_schemes,
    )


def _resource_view(
    api: Api,
    resource: Resource,
    models: set[str],
    reuse: Reuse | None,
    context: tuple[object, ...],
) -> ResourceView:
    dotted = ".".join(resource.path)
    return ResourceView(
        dotted,
        resource.doc,
        tuple(
            reuse.value(
                "api.md operation",
                (op, dotted, context),
                functools.partial(_operation_view, api, dotted, op, models),
            )
            if reuse is not None
            else _operation_view(api, dotted, op, models)
            for op in resource.operations
        ),
    )


def _operation_view(api: Api, dotted: str, op: Operation, models: set[str]) -> OperationView:
    call = f"client.{dotted}.{op.py_name}"
    return OperationView(
        call=call,
        anchor=anchor(call),
        http=f"{op.http_method} {op.wire_path}",
        signature=signature(op),
        returns=link_models(returned(op), _returned_models(op) & models),
        doc=op.doc,
        deprecated=op.deprecated,
        examples=tuple(_example_view(api, dotted, op, example) for example in op.examples),
    )


@functools.cache  # a model's anchor is asked for at every link to it: GitHub's spec, ~40,000 times
def anchor(heading: str) -> str:
    """GitHub's heading anchor: lower case, spaces to dashes, punctuation other than - and _ dropped."""
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def signature(op: Operation) -> str:
    """`def create(self, id: str, *, model: str, n: int | NotGiven = NOT_GIVEN) -> Result`, one parameter a line."""
    lines = [f"def {op.py_name}(", "    self,"]
    lines += [f"    {p.py_name}: {requote(p.type.input_annotation)}," for p in op.path_params]
    keyword = [p for p in op.signature_params if p.location != "path"]
    if keyword:
        lines.append("    *,")
        lines += [f"    {_parameter(p)}," for p in keyword]
    lines.append(f") -> {requote(returned(op))}: ...")
    return "\n".join(lines)


def returned(op: Operation) -> str:
    """What the sync method returns: a paginated one returns a page of the items, not the response."""
    return f"SyncPage[{op.pagination.item.annotation}]" if op.pagination else op.returns.annotation


def _returned_models(op: Operation) -> frozenset[str]:
    return op.returns.models | (op.pagination.item.models if op.pagination else frozenset())


def _parameter(param: Param) -> str:
    annotation = requote(param.type.input_annotation)
    if param.default_repr is not None:
        return f"{param.py_name}: {annotation} = {requote(param.default_repr)}"
    if not param.required:
        return f"{param.py_name}: {annotation} | NotGiven = NOT_GIVEN"
    return f"{param.py_name}: {annotation}"


def link_models(annotation: str, names: frozenset[str]) -> str:
    """`list[Pet]` → `` `list[Pet]` `` followed by links to each model it names."""
    if annotation in names:
        return f"[`{annotation}`](#{anchor(annotation)})"
    links = ", ".join(f"[`{name}`](#{anchor(name)})" for name in sorted(names))
    return f"`{requote(annotation)}`" + (f" ({links})" if links else "")


def _model_view(model: Model, models: set[str]) -> ModelView:
    rows = tuple(
        FieldRow(
            f.py_name if f.py_name == f.wire_name else f"{f.py_name} (`{f.wire_name}`)",
            link_models(f.declared_annotation, f.type.models & models).replace("|", "\\|"),
            "yes" if f.required else "",
            _cell(f.doc),
        )
        for f in model.fields
    )
    alias = model.alias_of.annotation if model.alias_of is not None else None
    return ModelView(model.class_name, anchor(model.class_name), model.doc, alias, rows)


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


# -- examples ---------------------------------------------------------------------------------------


def _example_view(api: Api, dotted: str, op: Operation, example: RequestExample) -> ExampleView:
    title = "" if example.name == "default" else f": {example.name}"
    title += f" ({' '.join(example.summary.split())})" if example.summary else ""
    return ExampleView(
        title,
        python_example(api, dotted, op, example, is_async=False),
        python_example(api, dotted, op, example, is_async=True),
        curl_example(api, op, example),
    )


def python_example(
    api: Api, dotted: str, op: Operation, example: RequestExample, *, is_async: bool
) -> str:
    """A complete script: import, client from the environment, the call, and what to do with the result."""
    client_class = api.async_client_class if is_async else api.client_class
    call = _call(f"client.{dotted}.{op.py_name}", example.arguments)
    streaming = example.is_streaming and op.streaming is not None
    paged = op.pagination is not None
    # `with`: the client's connections are closed when the example ends, as they should be in real code.
    if not is_async:
        block = _indent("\n".join(_use_result(call, streaming, "", paged)), 4)
        return f"from {api.package_name} import {client_class}\n\nwith {client_class}() as client:\n{block}\n"
    block = _indent("\n".join(_use_result(call, streaming, "await ", paged)), 8)
    lines = [
        "import asyncio",
        "",
        f"from {api.package_name} import {client_class}",
        "",
        "",
        "async def main() -> None:",
        f"    async with {client_class}() as client:",
        block,
        "",
        "",
        "asyncio.run(main())",
    ]
    return "\n".join(lines) + "\n"


def _use_result(call: str, streaming: bool, awaiting: str, paged: bool = False) -> list[str]:
    if paged:  # every item of every page; the async call is iterated without `await`
        return [f"{'async for' if awaiting else 'for'} item in {call}:", "    print(item)"]
    if streaming:
        loop = "async for" if awaiting else "for"
        return [f"stream = {awaiting}{call}", f"{loop} event in stream:", "    print(event)"]
    return [f"result = {awaiting}{call}", "print(result)"]


def _call(target: str, arguments: tuple[ExampleArgument, ...]) -> str:
    positional = [_value(a) for a in arguments if a.location == "path"]
    keywords = [f"{a.py_name}={_value(a)}" for a in arguments if a.location != "path"]
    parts = positional + keywords
    one_line = f"{target}({', '.join(parts)})"
    if len(one_line) + 23 <= WIDTH and "\n" not in one_line:  # 23: 8 spaces and `result = await `
        return one_line
    inner = ",\n".join(_indent(part, 4) for part in parts)
    return f"{target}(\n{inner},\n)"


def _value(argument: ExampleArgument) -> str:
    value = json.loads(argument.value_json)
    if argument.location == "binary":
        return pyliteral(("example.bin", b"example bytes"))  # a FileTypes tuple: name and content
    return pretty(value, 4)


def pretty(value: Any, indent: int) -> str:
    """pyliteral, split one item a line when it does not fit in WIDTH at this indent."""
    flat = pyliteral(value)
    if len(flat) + indent <= WIDTH or not isinstance(value, dict | list) or not value:
        return flat
    if isinstance(value, dict):
        items = [f"{pyliteral(k)}: {pretty(v, indent + 4)}" for k, v in value.items()]
        opening, closing = "{", "}"
    else:
        items = [pretty(v, indent + 4) for v in value]
        opening, closing = "[", "]"
    inner = "".join(_indent(item, 4) + ",\n" for item in items)
    return f"{opening}\n{inner}{closing}"


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))


def curl_example(api: Api, op: Operation, example: RequestExample) -> str:
    """The same request with curl; everything from the spec passes through shlex.quote."""
    base = f"${{{api.base_url_env}:-{api.default_base_url}}}"
    path = op.path
    query: list[tuple[str, str]] = []
    lines = []
    for argument in example.arguments:
        value = json.loads(argument.value_json)
        if argument.location == "path":
            path = path.replace("{" + argument.py_name + "}", quote(str(value), safe=""))
        elif argument.location == "query":
            query.append((argument.wire_name, _scalar(value)))
        elif argument.location == "header":
            lines.append(f"-H {shlex.quote(f'{argument.wire_name}: {_scalar(value)}')}")
    url = base + path + ("?" + urlencode(query) if query else "")
    first = f'curl -X {op.http_method} "{url}"'
    lines = [*_auth_headers(api, op), *lines, *_body_lines(op, example)]
    return " \\\n  ".join([first, *lines]) + "\n"


def _auth_headers(api: Api, op: Operation) -> list[str]:
    key = f"${api.api_key_env}"
    schemes = {s.name: s for s in api.security_schemes}
    for name in op.security:
        scheme = schemes.get(name)
        if scheme is None:  # "": the operation may be called without a credential
            continue
        if scheme.kind == "bearer":
            return [f'-H "Authorization: Bearer {key}"']
        return [f'-H "{scheme.header}: {key}"']
    return []


def _body_lines(op: Operation, example: RequestExample) -> list[str]:
    body = [a for a in example.arguments if a.location in ("body", "form", "body_whole", "binary")]
    if not body:
        return []
    if op.body_kind == "multipart":
        return [_form_field(a) for a in body]
    if op.body_kind == "form":
        return [
            f"--data-urlencode {shlex.quote(f'{a.wire_name}={_scalar(json.loads(a.value_json))}')}"
            for a in body
        ]
    if op.body_kind == "binary":
        return ["-H 'Content-Type: application/octet-stream'", "--data-binary @example.bin"]
    if len(body) == 1 and body[0].location == "body_whole":
        document = body[0].value_json
    else:
        document = json.dumps(
            {a.wire_name: json.loads(a.value_json) for a in body}, ensure_ascii=False, indent=2
        )
    return ["-H 'Content-Type: application/json'", f"-d {shlex.quote(document)}"]


def _form_field(argument: ExampleArgument) -> str:
    if argument.location == "binary":
        return f"-F {shlex.quote(argument.wire_name + '=@example.bin')}"
    # --form-string: a value that starts with @ or < is text, not a file for curl to read
    return f"--form-string {shlex.quote(f'{argument.wire_name}={_scalar(json.loads(argument.value_json))}')}"


def _scalar(value: Any) -> str:
    """A form or query value as text: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
