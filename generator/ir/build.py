"""Loaded spec → Api IR. One build_* function per node kind; spec order everywhere."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from ..config import Config, pep440_version
from ..load.operations import iter_operations
from ..load.spec import Document, Spec, lookup
from ..quote.docs import clean_doc, join_docs
from ..quote.literals import python_literal
from ..report import codes
from ..report.diagnostics import Code, Diagnostic, join_pointer
from ..validate.lenient import is_skipped, owner_of
from . import errors, media
from .defaults import DefaultChecker
from .examples import build_examples
from .finish import finish
from .modules import group_model_modules
from .naming import (
    CLIENT_OPTIONS,
    CLIENT_RESERVED,
    RESOURCE_RESERVED,
    NameTable,
    and_wait_name,
    async_class,
    bounded_module_name,
    client_class_from,
    credential_env,
    credential_option,
    env_var,
    name_source,
    raw_response_class,
    resource_class_names,
    safe_class_name,
    safe_identifier,
    safe_method_name,
    safe_param_name,
    streaming_response_class,
    to_snake,
    wait_name,
    words,
)
from .nodes import (
    Api,
    LogicalError,
    Operation,
    Param,
    Polling,
    Resource,
    SecurityScheme,
    Streaming,
    TypeRef,
)
from .pagination import EXTENSION as PAGINATION_EXTENSION
from .pagination import build_pagination
from .params import with_param_types
from .polling import DEFAULT_INTERVAL, interval_of, is_class, reply_schema, schema_at
from .types import ANY_TYPE, BINARY_TYPE, TypeBuilder

_RETRY_SAFE_METHODS = frozenset({"get", "head", "options", "put", "delete", "trace"})
_JSON_TYPES = ("application/json", "*/*")


@dataclass(slots=True)
class _OperationDraft:
    resource: tuple[str, ...]
    operation: Operation
    raw: dict[str, Any]
    pointer: str


@dataclass
class ApiBuilder:
    spec: Spec
    config: Config
    skip: frozenset[str] = (
        frozenset()
    )  # operation or path pointers left out (--lenient; see lenient.py)
    skipped: list[str] = field(default_factory=list)
    degraded: list[str] = field(
        default_factory=list
    )  # pointers of operations generated without something
    diagnostics: list[Diagnostic] = field(default_factory=list)
    defaults: DefaultChecker = field(default_factory=DefaultChecker)
    types: TypeBuilder = field(init=False)
    method_names: dict[tuple[str, ...], NameTable] = field(
        default_factory=dict
    )  # per resource, operations first

    def __post_init__(self) -> None:
        self.types = TypeBuilder(self.spec, self.diagnostics, defaults=self.defaults)

    @property
    def root(self) -> Document:
        return self.spec.root

    def warn(
        self,
        code: Code,
        pointer: str,
        message: str,
        hint: str | None = None,
        doc: Document | None = None,
        *,
        key: bool = False,
    ) -> None:
        """`key`: the finding is about the name that `pointer` ends with, and points at it rather than at its value."""
        self.diagnostics.append(code.at((doc or self.root).locate(pointer, key=key), message, hint))

    def warn_degraded(
        self, code: Code, pointer: str, message: str, hint: str | None = None
    ) -> None:
        """A warning that the operation at `pointer` lost something (a body, a parameter, a helper): it is counted."""
        self.warn(code, pointer, message, hint)
        owner = owner_of(pointer)
        if owner is not None and owner not in self.degraded:
            self.degraded.append(owner)

    # -- top level --------------------------------------------------------------------------------

    def build(self) -> Api:
        self.register_components()
        for target in list(self.types.targets.values()):
            self.types.build_target(target)
        drafts = list(self.build_operations())
        drafts = self.attach_polling(drafts)
        drafts = self.attach_pagination(drafts)
        resources = self.build_resources(drafts)
        models = [
            t.built for t in self.types.targets.values() if t.built is not None
        ] + self.types.inline_models
        inputs = [
            p.type
            for resource in _walk_resources(resources)
            for op in resource.operations
            for p in op.params
        ]
        models = with_param_types(models, inputs, self.types.param_names)
        info = self.root.data.get("info") or {}
        return Api(
            title=str(info.get("title") or self.config.package_name),
            version=str(info.get("version") or ""),
            doc=clean_doc(info.get("description")),
            spec_display=self.root.display,
            package_name=self.config.package_name,
            client_class=self.client_class,
            dist_name=self.config.dist_name,
            sdk_version=self.sdk_version(),
            env_prefix=self.config.package_name.upper(),
            default_base_url=self.default_base_url(),
            resources=resources,
            model_modules=group_model_modules(models),
            security_schemes=self.build_security_schemes(),
            every_operation_secured=bool(drafts)
            and all(
                d.operation.security and OPTIONAL_AUTH not in d.operation.security for d in drafts
            ),
            operation_count=len(drafts),
            operation_total=sum(1 for _ in iter_operations(self.spec)),
            skipped_operations=tuple(self.skipped),
            degraded_operations=tuple(self.degraded),
            log_env=env_var(self.config.package_name, "LOG"),
            api_key_env=env_var(self.config.package_name, "API_KEY"),
            base_url_env=env_var(self.config.package_name, "BASE_URL"),
            user_agent=f"{self.client_class}/Python {self.sdk_version()}",
        )

    @cached_property
    def client_class(self) -> str:
        """--client-class, else the spec's `info.title` as a class name, else the package name's."""
        title = (
            (self.root.data.get("info") or {}).get("title")
            if isinstance(self.root.data.get("info"), dict)
            else None
        )
        return self.config.client_class or client_class_from(title, self.config.package_name)

    def sdk_version(self) -> str:
        """--sdk-version, else the spec's `info.version` when it is a PEP 440 version, else 0.1.0."""
        if self.config.sdk_version:
            return self.config.sdk_version
        info = self.root.data.get("info")
        version = info.get("version") if isinstance(info, dict) else None
        normalised = pep440_version(version)
        if normalised is not None:
            return normalised
        self.warn(
            codes.VERSION_NOT_PEP440,
            "/info/version",
            f"info.version {version!r} is not a PEP 440 version; the SDK is versioned '0.1.0'",
            "pass --sdk-version, or set `sdk-version` in [tool.sdkforge]",
        )
        return "0.1.0"

    def default_base_url(self) -> str:
        servers = self.root.data.get("servers") or []
        url = servers[0].get("url") if servers and isinstance(servers[0], dict) else None
        if not isinstance(url, str) or "{" in url:
            return "http://localhost"
        return url.rstrip("/")

    def register_components(self) -> None:
        for doc in self.spec.documents.values():
            schemas = lookup(doc.data, "/components/schemas")
            if isinstance(schemas, dict):
                for key, schema in schemas.items():
                    self.types.register_component(
                        doc, join_pointer("/components/schemas", key), key, schema
                    )
            elif doc is not self.root and "openapi" not in doc.data:
                self.types.register_component(doc, "", Path(doc.display).stem, doc.data)

    # -- operations -------------------------------------------------------------------------------

    def build_operations(self) -> Iterator[_OperationDraft]:
        self.reserve_child_attributes()
        for path, method, item, raw, pointer in iter_operations(self.spec):
            if is_skipped(pointer, self.skip):
                self.skipped.append(f"{method.upper()} {path}")
                continue
            resource = self.resource_path(raw, path)
            table = self.method_names.setdefault(resource, NameTable())
            operation = self.build_operation(path, method, item, raw, pointer, resource, table)
            if operation is not None:
                yield _OperationDraft(resource, operation, raw, pointer)

    def reserve_child_attributes(self) -> None:
        """A resource's child (`chat.completions`) is an attribute of its class, in the namespace its methods
        share: an operation `completions` of `chat` would be replaced by it without a word."""
        for site in iter_operations(self.spec):
            resource = self.resource_path(site.operation, site.path)
            for depth in range(1, len(resource)):
                table = self.method_names.setdefault(resource[:depth], NameTable())
                table.taken.setdefault(
                    resource[depth], f"resource {'.'.join(resource[: depth + 1])!r}"
                )

    def resource_path(self, raw: dict[str, Any], path: str) -> tuple[str, ...]:
        explicit = raw.get("x-sdk-resource")
        if isinstance(explicit, str) and explicit.strip():
            parts = tuple(
                safe_identifier(part, fallback="resource") for part in explicit.split(".")
            )
        else:
            tags = raw.get("tags") or []
            parts = (self.tag_name(tags[0]),) if tags and isinstance(tags[0], str) else ("default",)
        # A resource is an attribute of the client (or of its parent resource): it must not hide one.
        return tuple(
            f"{part}_"
            if part in RESOURCE_RESERVED or (i == 0 and part in CLIENT_RESERVED)
            else part
            for i, part in enumerate(parts)
        )

    def tag_name(self, tag: str) -> str:
        for entry in self.root.data.get("tags") or []:
            if (
                isinstance(entry, dict)
                and entry.get("name") == tag
                and isinstance(entry.get("x-sdk-name"), str)
            ):
                return safe_identifier(entry["x-sdk-name"], fallback="resource")
        return safe_identifier(tag, fallback="resource")

    def build_operation(
        self,
        path: str,
        method: str,
        item: dict[str, Any],
        raw: dict[str, Any],
        pointer: str,
        resource: tuple[str, ...],
        table: NameTable,
    ) -> Operation | None:
        operation_id = raw.get("operationId")
        if not isinstance(operation_id, str) or not operation_id:
            operation_id = f"{method}_{path}"
            self.warn(
                codes.MISSING_OPERATION_ID,
                pointer,
                f"operation has no operationId; named {self.method_name(raw, operation_id, resource)!r}",
                "add an operationId so the method name does not change when the path does",
            )
        py_name, holder = table.claim(self.method_name(raw, operation_id, resource), operation_id)
        if holder is not None:
            taker = holder if holder.startswith("resource ") else f"operation {holder!r}"
            self.warn(
                codes.METHOD_NAME_COLLISION,
                pointer,
                f"method name taken by {taker} in resource {'.'.join(resource)!r}; this one is {py_name!r}",
                "set `x-sdk-method` on one of them",
            )
        params = ParamBuilder(
            self, pointer, operation_id, task=isinstance(raw.get("x-task-polling"), dict)
        )
        params.add_parameters(item.get("parameters"), join_pointer("/paths", path, "parameters"))
        params.add_parameters(raw.get("parameters"), join_pointer(pointer, "parameters"))
        body_kind = params.add_body(raw.get("requestBody"), join_pointer(pointer, "requestBody"))
        returns, response_kind, streaming, kinds = self.build_response(
            raw, pointer, operation_id, params
        )
        selector = media.build_selector(
            self,
            raw,
            pointer,
            kinds,
            params.params,
            params.schemas,
            streaming is not None and streaming.flag is not None,
        )
        return Operation(
            operation_id=operation_id,
            py_name=py_name,
            http_method=method.upper(),
            path=params.python_path(path),
            summary=clean_doc(raw.get("summary")),
            doc=join_docs(clean_doc(raw.get("summary")), clean_doc(raw.get("description"))),
            params=tuple(params.params),
            body_kind=body_kind,
            returns=returns,
            response_kind=response_kind,
            security=self.operation_security(raw),
            retry_safe=_retry_safe(raw, method),
            streaming=streaming,
            logical_error=_logical_error(raw),
            deprecated=raw.get("deprecated") is True,
            examples=build_examples(self.spec, item, raw, tuple(params.params)),
            accept=self.accept_header(raw),
            selector=selector,
            error_shapes=errors.error_shapes(self.spec, raw.get("responses"), self.root),
        )

    def method_name(self, raw: dict[str, Any], operation_id: str, resource: tuple[str, ...]) -> str:
        explicit = raw.get("x-sdk-method")
        if isinstance(explicit, str) and explicit.strip():
            return safe_method_name(explicit)
        resource_words = {w.lower() for part in resource for w in words(part)}
        resource_words |= {w[:-1] for w in resource_words if w.endswith("s")} | {
            w + "s" for w in resource_words
        }
        kept = [w for w in words(operation_id) if w.lower() not in resource_words]
        return safe_method_name("_".join(kept) or operation_id)

    def operation_security(self, raw: dict[str, Any]) -> tuple[str, ...]:
        requirements = raw.get("security", self.root.data.get("security")) or []
        known = lookup(self.root.data, "/components/securitySchemes")
        known = (
            known if isinstance(known, dict) else {}
        )  # an undefined scheme is validate's finding
        names: list[str] = []
        anonymous = (
            False  # an empty requirement (`{}`): the operation may be called without a credential
        )
        for requirement in requirements if isinstance(requirements, list) else []:
            anonymous = anonymous or requirement == {}
            for name in requirement if isinstance(requirement, dict) else {}:
                if (
                    name in known
                    and name not in names
                    and self.scheme_kind(known[name]) is not None
                ):
                    names.append(name)
                    break
        # "" last: the runtime sends the first scheme it has a credential for, else nothing (OPTIONAL_AUTH)
        return (*names, OPTIONAL_AUTH) if anonymous and names else tuple(names)

    def scheme_kind(self, scheme: Any) -> tuple[str, str] | None:
        scheme, _ = self.spec.resolve_fully(scheme, self.root)
        if not isinstance(scheme, dict):
            return None
        kind = scheme.get("type")
        if (kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer") or kind in (
            "oauth2",
            "openIdConnect",
        ):
            return ("bearer", "Authorization")
        if (
            kind == "apiKey"
            and scheme.get("in") in ("header", "query", "cookie")
            and isinstance(scheme.get("name"), str)
        ):
            return (scheme["in"], scheme["name"])
        return None

    def build_security_schemes(self) -> tuple[SecurityScheme, ...]:
        known = lookup(self.root.data, "/components/securitySchemes")
        schemes = []
        options = NameTable(dict.fromkeys(CLIENT_OPTIONS, CLIENT_HOLDER))
        for name, scheme in (known or {}).items() if isinstance(known, dict) else ():
            kind = self.scheme_kind(scheme)
            if kind is None:
                self.warn(
                    codes.UNSUPPORTED_SECURITY,
                    join_pointer("/components/securitySchemes", name),
                    f"security scheme {name!r} is not supported (only bearer, OAuth2/OIDC tokens and API keys in a header, query or cookie); operations fall back to their other schemes",
                    "pass credentials with `default_headers=` on the client",
                )
                continue
            option, holder = credential_option(name, options)
            if holder is not None:
                wanted = option.rstrip("0123456789")
                other = (
                    f"the client's own {wanted!r}"
                    if holder == CLIENT_HOLDER
                    else f"scheme {holder!r}'s"
                )
                self.warn(
                    codes.CREDENTIAL_NAME_COLLISION,
                    join_pointer("/components/securitySchemes", name),
                    f"security scheme {name!r} would take {other} name for its credential option; the client option is {option!r} (variable {credential_env(option, self.config.package_name.upper())})",
                    "rename one of the schemes",
                )
            env = credential_env(option, self.config.package_name.upper())
            schemes.append(
                SecurityScheme(
                    name, kind[0], kind[1], clean_doc(scheme.get("description")), option, env
                )
            )
        return tuple(schemes)

    # -- responses --------------------------------------------------------------------------------

    def success_content(
        self, raw: dict[str, Any]
    ) -> tuple[str | None, dict[str, Any] | None, Document]:
        """The first 2xx response's status and `content` (None when it declares no body)."""
        responses = raw.get("responses") or {}
        code = next(
            (c for c in sorted(responses, key=_status_order) if str(c).startswith("2")), None
        )
        if code is None:
            return None, None, self.root
        response, doc = self.spec.resolve_fully(responses[code], self.root)
        content = response.get("content") if isinstance(response, dict) else None
        return str(code), (content if isinstance(content, dict) and content else None), doc

    def accept_header(self, raw: dict[str, Any]) -> str:
        _, content, _ = self.success_content(raw)
        return media.accept_header(content) if content else "application/json"

    def build_response(
        self, raw: dict[str, Any], pointer: str, operation_id: str, params: ParamBuilder
    ) -> tuple[TypeRef, str, Streaming | None, dict[str, TypeRef]]:
        """What the method returns, its kind, its event stream, and each media type's return type."""
        code, content, doc = self.success_content(raw)
        if code is None or content is None:
            return simple_none(), "none", None, {}
        base = join_pointer(pointer, "responses", code, "content")
        hint = safe_class_name(operation_id, fallback="Operation") + "Response"
        module = bounded_module_name(to_snake(hint))
        streaming = None
        sse = content.get("text/event-stream")
        if isinstance(sse, dict):
            event = self.types.type_of(
                sse.get("schema", {}),
                doc,
                join_pointer(base, "text/event-stream", "schema"),
                hint.replace("Response", "Event"),
                module,
            )
            terminator = sse.get("x-sse-terminator")
            flag = params.stream_flag()
            streaming = Streaming(event, terminator if isinstance(terminator, str) else None, flag)
        kinds = self.media_kinds(content, doc, base, hint, module)
        alternatives = media.union(list(kinds.values())) if kinds else None
        json_type = next((t for t in content if _is_json(t)), None)
        if json_type is not None and alternatives is not None:
            return alternatives, "json", streaming, kinds
        if streaming is not None:
            return streaming.event, "stream", streaming, kinds
        if alternatives is not None and alternatives.annotation == "str":
            return alternatives, "text", None, kinds
        if alternatives is not None and alternatives.annotation != "BinaryResponse":
            return (
                alternatives,
                "json",
                None,
                kinds,
            )  # text or bytes, told apart by the answer's Content-Type
        return TypeRef("BinaryResponse", "BinaryResponse", frozenset()), "binary", None, kinds

    def media_kinds(
        self, content: dict[str, Any], doc: Document, base: str, hint: str, module: str
    ) -> dict[str, TypeRef]:
        """Each declared 2xx media type (not the event stream) and what a body of it is returned as."""
        kinds: dict[str, TypeRef] = {}
        json_ref: TypeRef | None = None
        for media_type, media_object in content.items():
            if not isinstance(media_type, str) or media.base_type(media_type) == media.EVENT_STREAM:
                continue
            if _is_json(media_type) and json_ref is None:
                schema = media_object.get("schema", {}) if isinstance(media_object, dict) else {}
                json_ref = self.types.type_of(
                    schema, doc, join_pointer(base, media_type, "schema"), hint, module
                )
            kind = media.kind_of(media_type, json_ref, _is_json(media_type))
            if kind is not None:
                kinds.setdefault(media.base_type(media_type), kind)
        return kinds

    # -- polling and resources ---------------------------------------------------------------------

    def attach_polling(self, drafts: list[_OperationDraft]) -> list[_OperationDraft]:
        by_id = {d.operation.operation_id: d for d in drafts}
        out = []
        for draft in drafts:
            spec = draft.raw.get("x-task-polling")
            if isinstance(spec, dict):
                polling = self.build_polling(spec, draft, by_id)
                if polling is not None:
                    draft = _OperationDraft(
                        draft.resource,
                        _replace_polling(draft.operation, polling),
                        draft.raw,
                        draft.pointer,
                    )
            out.append(draft)
        return self.name_polling_helpers(out)

    def attach_pagination(self, drafts: list[_OperationDraft]) -> list[_OperationDraft]:
        """Each operation's checked `x-sdk-pagination` (after the models are built: it names their fields)."""
        if not any(isinstance(d.raw.get(PAGINATION_EXTENSION), dict) for d in drafts):
            return drafts
        built = [
            t.built for t in self.types.targets.values() if t.built is not None
        ] + self.types.inline_models
        models_by_name = {m.class_name: m for m in built}
        out = []
        for draft in drafts:
            spec = draft.raw.get(PAGINATION_EXTENSION)
            if isinstance(spec, dict):
                where = join_pointer(draft.pointer, PAGINATION_EXTENSION)
                pagination = build_pagination(
                    spec, draft.operation, where, models_by_name, self.warn_degraded
                )
                if pagination is not None:
                    draft = _OperationDraft(
                        draft.resource,
                        replace(draft.operation, pagination=pagination),
                        draft.raw,
                        draft.pointer,
                    )
            out.append(draft)
        return out

    def name_polling_helpers(self, drafts: list[_OperationDraft]) -> list[_OperationDraft]:
        """`wait` (one per status operation) and `<method>_and_wait` share the resource's method namespace
        with the operations; an operation keeps its name, a helper that would shadow it is renamed."""
        targets: dict[tuple[str, ...], list[str]] = {}
        for draft in drafts:
            if draft.operation.polling is not None:
                targets.setdefault(draft.resource, []).append(draft.operation.polling.poll_method)
        chosen: dict[tuple[tuple[str, ...], str], str] = {}
        out = []
        for draft in drafts:
            polling = draft.operation.polling
            if polling is None:
                out.append(draft)
                continue
            where = join_pointer(draft.pointer, "x-task-polling")
            table = self.method_names[draft.resource]
            key = (draft.resource, polling.poll_method)
            if key not in chosen:
                wanted = wait_name(polling.poll_method, len(set(targets[draft.resource])))
                chosen[key] = self.claim_helper(
                    table, draft.resource, wanted, f"wait_for_{polling.poll_method}", where
                )
            and_wait = self.claim_helper(
                table, draft.resource, and_wait_name(draft.operation.py_name), None, where
            )
            polling = replace(polling, wait_name=chosen[key], and_wait_name=and_wait)
            out.append(
                _OperationDraft(
                    draft.resource,
                    _replace_polling(draft.operation, polling),
                    draft.raw,
                    draft.pointer,
                )
            )
        return out

    def claim_helper(
        self,
        table: NameTable,
        resource: tuple[str, ...],
        wanted: str,
        fallback: str | None,
        where: str,
    ) -> str:
        holder = table.taken.get(wanted)
        name, _ = table.claim(
            fallback if holder is not None and fallback is not None else wanted, f"helper {wanted}"
        )
        if holder is not None:
            self.warn(
                codes.METHOD_NAME_COLLISION,
                where,
                f"polling helper {wanted!r} would shadow the method {wanted!r} of operation {holder!r} in resource {'.'.join(resource)!r}; the helper is {name!r}",
                "set `x-sdk-method` on the operation to keep the helper's usual name",
            )
        return name

    def build_polling(
        self, spec: dict[str, Any], draft: _OperationDraft, by_id: dict[str, _OperationDraft]
    ) -> Polling | None:
        where = join_pointer(draft.pointer, "x-task-polling")
        target = by_id.get(str(spec.get("operationId")))
        if target is None:
            close = difflib.get_close_matches(str(spec.get("operationId")), sorted(by_id), n=1)
            self.warn_degraded(
                codes.POLLING_UNKNOWN_OPERATION,
                join_pointer(where, "operationId"),
                f"x-task-polling names operation {spec.get('operationId')!r}, which does not exist; no wait helper generated",
                f"did you mean {close[0]!r}?"
                if close
                else "point operationId at the status operation of the same resource",
            )
            return None
        if target.resource != draft.resource:
            self.warn_degraded(
                codes.POLLING_OTHER_RESOURCE,
                join_pointer(where, "operationId"),
                f"x-task-polling names operation {spec.get('operationId')!r}, which is not in the same resource; no wait helper generated",
                "point operationId at the status operation of the same resource",
            )
            return None
        param = next(
            (p for p in target.operation.params if p.wire_name == spec.get("parameter")), None
        )
        if param is None:
            self.warn_degraded(
                codes.POLLING_UNKNOWN_PARAM,
                where,
                f"x-task-polling parameter {spec.get('parameter')!r} is not a parameter of {target.operation.operation_id!r}; no wait helper generated",
            )
            return None
        task = self.polling_task(spec, target, where)
        return Polling(
            poll_method=target.operation.py_name,
            poll_param=param.py_name,
            task_id_pointer=str(spec.get("taskId", "")),
            status_pointer=str(spec.get("status", "/status")),
            success_repr=_tuple_literal(spec.get("success")),
            failure_repr=_tuple_literal(spec.get("failure")),
            interval=self.polling_interval(spec, where),
            result=task or target.operation.returns,
            reported_id_pointer=str(spec["reportedTaskId"]) if "reportedTaskId" in spec else None,
            task_pointer=str(spec["task"]) if task is not None else "",
            fail_reason_pointer=str(spec["failReason"]) if "failReason" in spec else None,
        )

    def polling_interval(self, spec: dict[str, Any], where: str) -> float:
        interval = interval_of(spec)
        if interval is None:
            self.warn(
                codes.POLLING_INTERVAL,
                join_pointer(where, "interval"),
                f"x-task-polling interval {spec.get('interval')!r} is not a positive number of seconds; the helpers wait {DEFAULT_INTERVAL:g} s first",
                "write the seconds before the first poll, e.g. `interval: 15`",
            )
        return DEFAULT_INTERVAL if interval is None else interval

    def polling_task(
        self, spec: dict[str, Any], target: _OperationDraft, where: str
    ) -> TypeRef | None:
        """The task's type when `task` points at a model inside the status reply; None for the whole reply."""
        pointer = spec.get("task")
        if pointer is None or pointer in ("", "/"):
            return None
        reply = reply_schema(self.spec, target.raw, self.root)
        found = (
            schema_at(self.spec, reply[0], reply[1], str(pointer), self.types.merge_all_of)
            if reply and isinstance(pointer, str)
            else None
        )
        task = None
        if found is not None and reply is not None:
            task = self.types.type_of(
                found[0], found[1], join_pointer(target.pointer, reply[2]), "Task", "task"
            )
        if task is not None and is_class(task):
            return task
        self.warn(
            codes.POLLING_TASK,
            join_pointer(where, "task"),
            f"x-task-polling task {pointer!r} names no model in the reply of {target.operation.operation_id!r}; the helpers return the whole reply",
            "point `task` (a JSON pointer into the status reply) at a property whose schema is a component object, e.g. `/data`",
        )
        return None

    def build_resources(self, drafts: list[_OperationDraft]) -> tuple[Resource, ...]:
        paths: dict[tuple[str, ...], list[Operation]] = {}
        for draft in drafts:
            for depth in range(1, len(draft.resource)):
                paths.setdefault(draft.resource[:depth], [])
            paths.setdefault(draft.resource, []).append(draft.operation)
        taken = {m.class_name for m in self.types.inline_models} | {
            t.class_name for t in self.types.targets.values()
        }
        first_draft: dict[tuple[str, ...], _OperationDraft] = {}
        for draft in drafts:
            first_draft.setdefault(draft.resource, draft)
        modules = _ResourceModules(self, first_draft)
        return tuple(
            self.build_resource(path, paths, taken, modules) for path in paths if len(path) == 1
        )

    def build_resource(
        self,
        path: tuple[str, ...],
        paths: dict[tuple[str, ...], list[Operation]],
        taken: set[str],
        modules: _ResourceModules,
    ) -> Resource:
        module = modules.claim(path)
        class_name = safe_class_name(
            module if module != bounded_module_name("_".join(path)) else "_".join(path),
            fallback="Resource",
        )
        # The module defines six classes (sync/async, plain/raw/streaming); none may be a name a
        # model or another resource already has, since a module imports models by name.
        if class_name == self.client_class or taken.intersection(resource_class_names(class_name)):
            class_name += "Resource"
        taken.update(resource_class_names(class_name))
        children = tuple(
            self.build_resource(p, paths, taken, modules)
            for p in paths
            if len(p) == len(path) + 1 and p[: len(path)] == path
        )
        return Resource(
            path=path,
            attr_name=path[-1],
            class_name=class_name,
            async_class_name=async_class(class_name),
            raw_class_name=raw_response_class(class_name),
            async_raw_class_name=raw_response_class(async_class(class_name)),
            streaming_class_name=streaming_response_class(class_name),
            async_streaming_class_name=streaming_response_class(async_class(class_name)),
            module=module,
            doc=self.resource_doc(path),
            operations=tuple(paths[path]),
            children=children,
        )

    def resource_doc(self, path: tuple[str, ...]) -> str | None:
        for entry in self.root.data.get("tags") or []:
            if (
                isinstance(entry, dict)
                and isinstance(entry.get("name"), str)
                and (self.tag_name(entry["name"]),) == path
            ):
                return clean_doc(entry.get("description"))
        return None


def simple_none() -> TypeRef:
    return TypeRef("None", "None")


def _status_order(code: Any) -> tuple[int, str]:
    text = str(code)
    return (0 if text.isdigit() else 1, text)


def _is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base in _JSON_TYPES or base.endswith("+json")


def _is_raw_media(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base == "application/octet-stream" or base.split("/")[0] in ("image", "audio", "video")


def _retry_safe(raw: dict[str, Any], method: str) -> bool:
    explicit = raw.get("x-retry-safe")
    return explicit if isinstance(explicit, bool) else method in _RETRY_SAFE_METHODS


def _logical_error(raw: dict[str, Any]) -> LogicalError | None:
    spec = raw.get("x-logical-error")
    if not isinstance(spec, dict) or not isinstance(spec.get("field"), str):
        return None
    message = spec.get("message")
    return LogicalError(
        spec["field"],
        _tuple_literal(spec.get("success")),
        message if isinstance(message, str) else None,
    )


def _tuple_literal(values: Any) -> str:
    """A list of spec values as a tuple literal; values with no Python literal (NaN) are left out."""
    items = [
        text
        for v in (values if isinstance(values, list) else [])
        if (text := python_literal(v)) is not None
    ]
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _replace_polling(operation: Operation, polling: Polling) -> Operation:
    return replace(operation, polling=polling)


class ParamBuilder:
    """Collects one operation's parameters (path, query, header, body fields) with unique Python names."""

    def __init__(
        self, api: ApiBuilder, pointer: str, operation_id: str, *, task: bool = False
    ) -> None:
        self.api = api
        self.task = (
            task  # the operation also gets `<method>_and_wait`, whose names its parameters avoid
        )
        self.pointer = pointer
        self.operation_id = operation_id
        self.params: list[Param] = []
        self.names = NameTable()
        self.by_key: dict[tuple[str, str], int] = {}
        self.body_schema: dict[str, Any] = {}
        self.schemas: dict[
            str, Any
        ] = {}  # each parameter's resolved schema by wire name (x-sdk-media-selector)

    def add_parameters(self, raw: Any, pointer: str) -> None:
        for i, entry in enumerate(raw if isinstance(raw, list) else []):
            param, doc = self.api.spec.resolve_fully(entry, self.api.root)
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                continue
            location = param.get("in")
            if location not in ("path", "query", "header", "cookie"):
                continue
            if location == "cookie":
                self.api.warn_degraded(
                    codes.COOKIE_PARAM,
                    join_pointer(pointer, i),
                    f"cookie parameter {param['name']!r} is not supported; pass it with extra_headers",
                    "cookie parameters are rare; a Cookie header in extra_headers does the same",
                )
                continue
            if location == "header" and param["name"].lower() in (
                "authorization",
                "content-type",
                "accept",
            ):
                continue  # handled by the client: auth and content negotiation
            schema = param.get("schema")
            if schema is None and isinstance(param.get("content"), dict) and param["content"]:
                schema = next(iter(param["content"].values())).get("schema", {})
            hint = safe_class_name(self.operation_id, fallback="Operation") + safe_class_name(
                param["name"], fallback="Param"
            )
            type_ref = self.api.types.type_of(
                schema or {},
                doc,
                join_pointer(pointer, i, "schema"),
                hint,
                bounded_module_name(to_snake(self.operation_id) + "_params"),
            )
            resolved_schema, _ = self.api.spec.resolve_fully(schema or {}, doc)
            default = resolved_schema.get("default") if isinstance(resolved_schema, dict) else None
            self.schemas[param["name"]] = resolved_schema
            required = param.get("required") is True or location == "path"
            self.put(
                join_pointer(pointer, i),
                Param(
                    wire_name=param["name"],
                    py_name="",
                    type=type_ref,
                    required=required,
                    location=location,
                    doc=clean_doc(param.get("description")),
                    default_repr=python_literal(default)
                    if required and default is not None and location != "path"
                    else None,
                    **_doc_facts(resolved_schema, param.get("deprecated") is True),
                ),
            )

    def put(
        self, pointer: str, param: Param, source: str | None = None, doc: Document | None = None
    ) -> None:
        """`pointer` (in `doc`, the root if None): where the parameter is declared, for a name collision."""
        key = (param.location, param.wire_name)
        if key in self.by_key:  # an operation-level parameter overrides the path-level one
            index = self.by_key[key]
            self.params[index] = replace(param, py_name=self.params[index].py_name)
            return
        wanted = safe_param_name(source or param.wire_name, task=self.task)
        this = f"{param.location} parameter {param.wire_name!r}"
        py_name, holder = self.names.claim(wanted, this)
        if holder is not None:
            self.api.warn(
                codes.PARAMETER_NAME_COLLISION,
                pointer,
                f"{this} and {holder} of operation {self.operation_id!r} both become {wanted!r}; this one is {py_name!r}",
                "rename one of them in the spec (or give a body property a `title`)",
                doc,
                key=True,
            )
        self.by_key[key] = len(self.params)
        self.params.append(replace(param, py_name=py_name))

    def add_body(self, raw: Any, pointer: str) -> str | None:
        body, doc = (
            self.api.spec.resolve_fully(raw, self.api.root)
            if raw is not None
            else (None, self.api.root)
        )
        if not isinstance(body, dict) or not isinstance(body.get("content"), dict):
            return None
        content = body["content"]
        json_type = next((t for t in content if _is_json(t)), None)
        if json_type is not None:
            return self.add_body_fields(
                content[json_type],
                doc,
                join_pointer(pointer, "content", json_type),
                "body",
                "json",
                body,
            )
        for media_type, kind in (
            ("multipart/form-data", "multipart"),
            ("application/x-www-form-urlencoded", "form"),
        ):
            if media_type in content:
                return self.add_body_fields(
                    content[media_type],
                    doc,
                    join_pointer(pointer, "content", media_type),
                    "form",
                    kind,
                    body,
                )
        raw_type = next((t for t in content if _is_raw_media(t)), None)
        if raw_type is not None:
            # Bytes as they are (an image, an audio clip): any FileTypes value, sent with its media type.
            self.put(
                pointer,
                Param(
                    "body",
                    "",
                    BINARY_TYPE,
                    body.get("required") is True,
                    "binary",
                    clean_doc(body.get("description")),
                    media_type=raw_type,
                ),
            )
            return "binary"
        self.api.warn_degraded(
            codes.UNSUPPORTED_BODY,
            join_pointer(pointer, "content"),
            f"request body types {sorted(content)} are not supported yet; the method sends no body",
            "use JSON, multipart/form-data, a url-encoded form or a binary media type, or pass the body with extra_body",
        )
        return None

    def add_body_fields(
        self,
        media: Any,
        doc: Document,
        pointer: str,
        location: str,
        kind: str,
        body: dict[str, Any],
    ) -> str | None:
        schema, schema_doc = self.api.spec.resolve_fully((media or {}).get("schema", {}), doc)
        schema = self.api.types.merge_all_of(schema, schema_doc) if isinstance(schema, dict) else {}
        properties = schema.get("properties")
        if not isinstance(properties, dict) or not properties:
            if kind != "json":
                self.api.warn_degraded(
                    codes.FORM_WITHOUT_PROPERTIES,
                    join_pointer(pointer, "schema"),
                    "a form body without declared properties is not supported; the method sends no body",
                    "list the form fields under `properties`, or pass them with extra_body",
                )
                return None
            # Any other JSON value (an array, a scalar, a free-form object) is taken whole as `body`.
            type_ref = self.api.types.type_of(
                (media or {}).get("schema", {}),
                doc,
                join_pointer(pointer, "schema"),
                safe_class_name(self.operation_id, fallback="Operation") + "Body",
                bounded_module_name(to_snake(self.operation_id) + "_params"),
            )
            self.put(
                pointer,
                Param("body", "", type_ref, body.get("required") is True, "body_whole"),
                doc=doc,
            )
            return kind
        required = {r for r in schema.get("required") or [] if isinstance(r, str)}
        hint_base = safe_class_name(self.operation_id, fallback="Operation")
        module = bounded_module_name(to_snake(self.operation_id) + "_params")
        for name, prop in properties.items():
            prop_pointer = join_pointer(pointer, "schema", "properties", name)
            type_ref = self.api.types.type_of(
                prop,
                schema_doc,
                prop_pointer,
                hint_base + safe_class_name(name, fallback="Field"),
                module,
            )
            resolved, _ = self.api.spec.resolve_fully(prop, schema_doc)
            self.schemas[name] = resolved
            self.put(
                prop_pointer,
                Param(
                    name,
                    "",
                    type_ref,
                    name in required,
                    location,
                    clean_doc(resolved.get("description") if isinstance(resolved, dict) else None),
                    **_doc_facts(resolved, False),
                ),
                name_source(name, resolved),
                doc,
            )
            if (
                isinstance(resolved, dict)
                and resolved.get("type") == "boolean"
                and name == "stream"
            ):
                self.body_schema["stream"] = True
        return kind

    def stream_flag(self) -> str | None:
        if not self.body_schema.get("stream"):
            return None
        return next(
            (p.py_name for p in self.params if p.location == "body" and p.wire_name == "stream"),
            None,
        )

    def python_path(self, path: str) -> str:
        """`/pets/{petId}` → `/pets/{pet_id}` so templates never map names."""
        out = path
        for param in self.params:
            if param.location == "path":
                out = out.replace("{" + param.wire_name + "}", "{" + param.py_name + "}")
        return out


class _ResourceModules:
    """Module names under resources/: `chat.completions` and a tag `chat_completions` would both be
    `chat_completions.py`, and the second file would replace the first. The second gets `chat_completions2`
    and a finding at the operation that named its resource."""

    def __init__(
        self, builder: ApiBuilder, first_draft: dict[tuple[str, ...], _OperationDraft]
    ) -> None:
        self.builder = builder
        self.first_draft = first_draft  # resource path → its first operation
        self.table = NameTable()

    def claim(self, path: tuple[str, ...]) -> str:
        wanted = bounded_module_name("_".join(path))
        module, holder = self.table.claim(wanted, ".".join(path))
        if holder is not None:
            self.builder.warn(
                codes.MODULE_NAME_COLLISION,
                self.where(path),
                f"resource {'.'.join(path)!r} and resource {holder!r} both become module {wanted!r}; this one is {module!r}",
                "give one of them another name with `x-sdk-resource` (or another tag)",
            )
        return module

    def where(self, path: tuple[str, ...]) -> str:
        """The `x-sdk-resource` or first tag of the first operation in `path` (or in a resource below it)."""
        draft = self.first_draft.get(path) or next(
            d for p, d in self.first_draft.items() if p[: len(path)] == path
        )
        if "x-sdk-resource" in draft.raw:
            return join_pointer(draft.pointer, "x-sdk-resource")
        return join_pointer(draft.pointer, "tags", 0) if draft.raw.get("tags") else draft.pointer


def build_api(
    spec: Spec,
    config: Config,
    skip: frozenset[str] = frozenset(),
    defaults: DefaultChecker | None = None,
) -> tuple[Api, list[Diagnostic]]:
    """The IR of `spec` and the build's findings. `defaults` says which schema defaults the validator
    rejected, and collects those the models use (ir/defaults.py); without it, none is rejected."""
    builder = ApiBuilder(spec, config, skip, defaults=defaults or DefaultChecker())
    api = finish(builder.build())
    if api.operation_count == 0 and api.operation_total == 0:
        builder.warn(
            codes.NO_OPERATIONS, "/paths", "the spec has no operations; the client has no methods"
        )
    webhooks = spec.data.get("webhooks")
    if isinstance(webhooks, dict) and webhooks:
        builder.warn(
            codes.WEBHOOKS_SKIPPED,
            "/webhooks",
            f"{len(webhooks)} webhook(s) are not generated: the API calls them, a client SDK does not",
            "the payload schemas under components/schemas still become models",
        )
    return api, builder.diagnostics


__all__ = ["ANY_TYPE", "BINARY_TYPE", "build_api"]


CLIENT_HOLDER = "(the client)"
OPTIONAL_AUTH = (
    ""  # in Operation.security: a credential is sent if the client has one, and not required
)


def _walk_resources(resources: tuple[Resource, ...]) -> list[Resource]:
    return [r for resource in resources for r in (resource, *_walk_resources(resource.children))]


def _doc_facts(schema: Any, deprecated: bool) -> dict[str, Any]:
    """What a parameter's docstring entry says besides its description; spec values as JSON, made docstring-safe."""
    if not isinstance(schema, dict):
        return {"deprecated": deprecated}
    default = _json_doc(schema["default"]) if "default" in schema else None
    enum = schema.get("enum")
    allowed = (
        tuple(v for v in (_json_doc(e) for e in enum) if v is not None)
        if isinstance(enum, list)
        else ()
    )
    return {
        "default_doc": default,
        "allowed_doc": allowed,
        "deprecated": deprecated or schema.get("deprecated") is True,
    }


def _json_doc(value: Any) -> str | None:
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    except (TypeError, ValueError):
        text = repr(value)
    return clean_doc(
        f"`{text}`", limit=200
    )  # in backticks: reads as code, and never ends the docstring with a quote
