"""What the OpenAPI meta-schema cannot see: objects reached through `$ref` that are the wrong kind, path
templates that do not parse or carry a query string, and security requirements naming schemes that do not exist.

openapi-spec-validator's semantic pass assumes all of these are right and crashes (`KeyError: 'name'`)
when they are not; these checks say what is wrong, and where.
"""

from __future__ import annotations

import difflib
from typing import Any

from ..load.operations import iter_operations
from ..load.spec import Spec, lookup
from ..report import codes
from ..report.diagnostics import Diagnostic, join_pointer


def lint_structure(spec: Spec) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    paths = spec.data.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        found += _path_template(spec, str(path))
        found += _query_string(spec, str(path))
        if isinstance(item, dict):  # path-level parameters of a path item written here, not $ref'd
            found += _parameter_refs(
                spec, item.get("parameters"), join_pointer("/paths", path, "parameters")
            )
    for site in iter_operations(spec):
        found += _parameter_refs(
            spec, site.operation.get("parameters"), join_pointer(site.pointer, "parameters")
        )
        found += _security(
            spec, site.operation.get("security"), join_pointer(site.pointer, "security")
        )
    found += _security(spec, spec.data.get("security"), "/security")
    return found


def _path_template(spec: Spec, path: str) -> list[Diagnostic]:
    """`/a/{id` or `/a/id}`: every `{` closes with a `}` before the next one opens."""
    depth = 0
    problem = None
    for char in path:
        if char == "{":
            if depth:
                problem = "a '{' inside another"
                break
            depth = 1
        elif char == "}":
            if not depth:
                problem = "a '}' with no '{' before it"
                break
            depth = 0
    if depth and problem is None:
        problem = "a '{' that is never closed"
    if problem is None:
        return []
    return [
        codes.BAD_PATH_TEMPLATE.at(
            spec.root.locate(join_pointer("/paths", path), key=True),
            f"path template {path!r} has {problem}",
            "path parameters are written {name}, with both braces",
        )
    ]


def _query_string(spec: Spec, path: str) -> list[Diagnostic]:
    """`/search/articles?query={query}`: a path key ends before `?`; what follows are query parameters.
    Reported at the key, which is what is wrong; --lenient skips this path's operations and keeps the rest.
    A fixed query (OpenAI's `/responses?beta=true`) is sent as written, and works: it is left alone."""
    base, mark, query = path.partition("?")
    if not mark or "{" not in query:
        return []
    names = [pair.partition("=")[0] for pair in query.split("&") if pair.partition("=")[0]]
    declare = (
        f"declare {', '.join(repr(n) for n in names)} as {'`in: query` parameters' if len(names) > 1 else 'an `in: query` parameter'}"
        if names
        else "declare the query parameters `in: query`"
    )
    return [
        codes.QUERY_IN_PATH.at(
            spec.root.locate(join_pointer("/paths", path), key=True),
            f"path {path!r} has a query string; OpenAPI paths end before '?'",
            f"write the path as {base!r} and {declare}",
        )
    ]


def _parameter_refs(spec: Spec, entries: Any, pointer: str) -> list[Diagnostic]:
    found = []
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict) or not isinstance(entry.get("$ref"), str):
            continue  # inline: the meta-schema checks its shape
        target, _ = spec.resolve_fully(entry, spec.root)
        if (
            isinstance(target, dict)
            and isinstance(target.get("name"), str)
            and isinstance(target.get("in"), str)
        ):
            continue
        ref = entry["$ref"]
        kind = (
            "a schema"
            if "/schemas/" in ref or (isinstance(target, dict) and "type" in target)
            else "an object without `name` and `in`"
        )
        found.append(
            codes.PARAMETER_REF_NOT_PARAMETER.at(
                spec.root.locate(join_pointer(pointer, i, "$ref")),
                f"parameter $ref {ref!r} points at {kind}, not a parameter",
                "point it at #/components/parameters/..., or write the parameter inline: "
                "{name: ..., in: query, schema: {$ref: ...}}",
            )
        )
    return found


def _security(spec: Spec, requirements: Any, pointer: str) -> list[Diagnostic]:
    schemes = lookup(spec.data, "/components/securitySchemes")
    known = [str(k) for k in schemes] if isinstance(schemes, dict) else []
    found = []
    for i, requirement in enumerate(requirements if isinstance(requirements, list) else []):
        for name in requirement if isinstance(requirement, dict) else ():
            if name in known:
                continue
            close = difflib.get_close_matches(str(name), known, n=1)
            hint = (
                f"did you mean {close[0]!r}?"
                if close
                else "define it under components.securitySchemes"
            )
            found.append(
                codes.UNDEFINED_SECURITY_SCHEME.at(
                    spec.root.locate(join_pointer(pointer, i, name), key=True),
                    f"security requirement names {name!r}, which is not a security scheme",
                    hint,
                )
            )
    return found
