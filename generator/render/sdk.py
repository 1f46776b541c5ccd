"""Api IR → {output path: source text}: the runtime copied as it is, every other file printed through
its template. The views (model_view.py, resource_view.py) turn IR decisions into lines. Still decided here,
and next to move onto the IR: the `_constants` values (env variable names, user agent, path prefixes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath
from typing import Any

import jinja2

from ..ir.nodes import Api, LazyModule, Resource, SecurityScheme
from ..quote.docs import clean_doc
from ..quote.literals import pystr
from ..sdk_runtime import runtime_files
from ..template_dir import templates_dir
from .environment import make_environment, template_bytecode_cache
from .lines import export_key, header_line, type_checking_lines
from .model_view import ModelModuleView
from .reference import reference_views
from .resource_view import ResourceView
from .reuse import Reuse


def render_sdk(api: Api, env: jinja2.Environment | None = None) -> dict[PurePosixPath, str]:
    env = env or make_environment(templates_dir(), template_bytecode_cache())
    package = PurePosixPath(api.package_name)
    assert api.package_init is not None and api.models_init is not None, (
        "render takes a finished Api (ir/finish.py)"
    )
    common = _common_variables(api)
    files: dict[PurePosixPath, str] = {}
    for (
        name,
        source,
    ) in runtime_files().items():  # copied as they are: the runtime is plain, checked Python
        files[package / name] = source
    files[package / "_constants.py"] = env.get_template("sdk/_constants.py.jinja").render(
        api=api, constants=_constants(api), security_schemes=api.security_schemes
    )
    files[package / "_version.py"] = env.get_template("sdk/_version.py.jinja").render(**common)
    files[package / "_client.py"] = env.get_template("sdk/_client.py.jinja").render(
        **common, type_imports=type_checking_lines(api.client_imports), **_client_docs(api)
    )
    files[package / "__init__.py"] = env.get_template("sdk/__init__.py.jinja").render(
        **common, **_lazy_variables(api.package_init)
    )
    files[package / "py.typed"] = ""
    files[package / "resources" / "__init__.py"] = env.get_template(
        "sdk/resources_init.py.jinja"
    ).render(**common)
    reuse = Reuse(templates_dir())
    resource_template = env.get_template("sdk/resource.py.jinja")
    for resource in _walk(api.resources):
        files[package / "resources" / f"{resource.module}.py"] = reuse.value(
            "sdk/resource.py.jinja",
            resource,
            partial(_render, resource_template, common, "view", ResourceView, resource),
        )
    files[package / "models" / "__init__.py"] = env.get_template("sdk/models_init.py.jinja").render(
        **common, **_lazy_variables(api.models_init)
    )
    model_template = env.get_template("sdk/model.py.jinja")
    for module in api.model_modules:
        files[package / "models" / f"{module.name}.py"] = reuse.value(
            "sdk/model.py.jinja",
            module,
            partial(_render, model_template, common, "module", ModelModuleView, module),
        )
    files[PurePosixPath("pyproject.toml")] = env.get_template(
        "project/pyproject.toml.jinja"
    ).render(**common)
    files[PurePosixPath("README.md")] = env.get_template("project/README.md.jinja").render(
        **common, resource_rows=_resource_rows(api)
    )
    files[PurePosixPath("api.md")] = env.get_template("project/api.md.jinja").render(
        **common, **reference_views(api, reuse)
    )
    reuse.close()
    return {
        path: _with_header(path, text, api.spec_display) for path, text in sorted(files.items())
    }


def _render(
    template: jinja2.Template,
    common: dict[str, Any],
    name: str,
    view: Callable[[Any], object],
    node: object,
) -> str:
    """`template` with the common variables and `name` = the view of `node` (made only when rendered)."""
    return template.render(**common, **{name: view(node)})


def _common_variables(api: Api) -> dict[str, Any]:
    title = clean_doc(api.title) or api.package_name
    return {
        "api": api,
        "package_name": api.package_name,
        "client_class": api.client_class,
        "error_base": api.error_class,
        "default_base_url": api.default_base_url,
        "sdk_version": api.sdk_version,
        "api_title_doc": title,
        "client_doc": f"Client for {title}.\n\n{api.doc}" if api.doc else None,
        "package_doc": f"Python client for {title}." + (f"\n\n{api.doc}" if api.doc else ""),
    }


def _client_docs(api: Api) -> dict[str, str]:
    """The client module's docstrings; the base URL is spec text, so it is cleaned like any docstring."""
    return {
        "client_module_doc": f"`{api.client_class}` and `{api.async_client_class}`: configuration, authentication and the resources.",
        "client_init_doc": (
            f"Create a client.\n\n`api_key` defaults to the `{api.api_key_env}` environment variable and `base_url` to\n"
            f"`{api.base_url_env}`, then to {clean_doc(api.default_base_url) or 'http://localhost'}. A body read whole\n"
            "(JSON, a download) may decode to at most `max_response_bytes` (`None`: no limit).\n"
            + _credentials_doc(api)
        ),
        "credential_arguments": "{"
        + ", ".join(f"{pystr(s.name)}: {s.option}" for s in api.security_schemes)
        + "}",
    }


def _credentials_doc(api: Api) -> str:
    """Which option takes which scheme's credential; `api_key` fills the schemes not given their own."""
    if not api.security_schemes:
        return "\nNo operation needs a credential: `api_key` is accepted and sent nowhere.\n"
    lines = [
        f"- `{s.option}` (or `{s.env}`): the `{clean_doc(s.name)}` scheme ({_carrier(s)})."
        for s in api.security_schemes
    ]
    optional = (
        ""
        if api.every_operation_secured
        else " Operations without security send none and need none."
    )
    return (
        "\nEach security scheme takes its own credential; `api_key` fills every scheme not given one, and a\n"
        f"scheme's own keyword or variable wins over it.{optional}\n\n" + "\n".join(lines) + "\n"
    )


def _carrier(scheme: SecurityScheme) -> str:
    where = {
        "bearer": "`Authorization: Bearer ...`",
        "header": "header",
        "query": "query parameter",
        "cookie": "cookie",
    }
    if scheme.kind == "bearer":
        return where["bearer"]
    return f"{where[scheme.kind]} `{clean_doc(scheme.header)}`"


def _constants(api: Api) -> dict[str, object]:
    """What the runtime's `_constants` module says about this SDK (printed through `pyliteral` only)."""
    return {
        "package_name": api.package_name,
        "client_class": api.client_class,
        "error_base": api.error_class,
        "sdk_version": api.sdk_version,
        "default_base_url": api.default_base_url,
        "api_key_env": api.api_key_env,
        "base_url_env": api.base_url_env,
        "log_env": api.log_env,
        "user_agent": api.user_agent,
        "path_prefixes": api.path_prefixes,
    }


def _lazy_variables(init: LazyModule) -> dict[str, Any]:
    """What a lazy `__init__.py` template prints: the `{name: module}` table, `__all__`, the TYPE_CHECKING imports."""
    return {
        "module_of": dict(init.module_of),
        "exported": sorted(init.exported, key=export_key),
        "type_imports": type_checking_lines(init.type_imports),
    }


def _walk(resources: Iterable[Resource]) -> Iterable[Resource]:
    for resource in resources:
        yield resource
        yield from _walk(resource.children)


@dataclass(frozen=True)
class _Row:
    dotted: str
    methods: str


def _resource_rows(api: Api) -> list[_Row]:
    rows = []
    for resource in _walk(api.resources):
        names = [f"`{op.py_name}`" for op in resource.operations]
        names += [f"`{op.polling.and_wait_name}`" for op in resource.operations if op.polling]
        if resource.operations:
            rows.append(_Row(".".join(resource.path), ", ".join(names)))
    return rows


def _with_header(path: PurePosixPath, text: str, spec_display: str) -> str:
    if path.suffix == ".md":
        return header_line(spec_display, "<!--").rstrip("\n") + " -->\n" + text
    if path.suffix in (".py", ".toml", ".typed"):
        return header_line(spec_display) + text
    return text
