"""Schema keywords that validate but mean something else than intended: typos, duplicates, YAML 1.1
booleans, 3.0 keywords in 3.1, discriminators no variant carries, and required-cycles no instance fits."""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from ..load.spec import Document, Spec
from ..report import codes
from ..report.diagnostics import Diagnostic, join_pointer
from .schema_walk import SchemaSite, iter_schemas

JSON_SCHEMA_KEYWORDS = frozenset(
    {
        "$schema",
        "$id",
        "$ref",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$vocabulary",
        "$comment",
        "$defs",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "prefixItems",
        "items",
        "contains",
        "properties",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "type",
        "enum",
        "const",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "maxProperties",
        "minProperties",
        "required",
        "dependentRequired",
        "title",
        "description",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "examples",
        "format",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        # OpenAPI's own schema keywords, and older drafts' that real 3.1 documents still carry
        "discriminator",
        "xml",
        "externalDocs",
        "example",
        "definitions",
        "dependencies",
        "additionalItems",
        "$recursiveRef",
        "$recursiveAnchor",
    }
)

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "array": (list,),
    "object": (dict,),
}
# The plain scalars YAML 1.1 (and so PyYAML) reads as something other than a string.
_YAML11_SCALAR = re.compile(r"[^\s,\]\}#]+")


def lint_schemas(spec: Spec) -> list[Diagnostic]:
    is_31 = str(spec.data.get("openapi", "")).startswith("3.1")
    found: list[Diagnostic] = []
    for site in iter_schemas(spec):
        if is_31:
            found += _unknown_keywords(site)
            found += _nullable_in_31(site)
        found += _enum_values(site, is_31)
        found += _discriminator(spec, site)
    found += required_cycles(spec)
    return found


# -- keywords --------------------------------------------------------------------------------------


def _unknown_keywords(site: SchemaSite) -> list[Diagnostic]:
    """A keyword JSON Schema does not know is ignored by every validator: `requried` requires nothing."""
    found = []
    for key in site.schema:
        if (
            not isinstance(key, str)
            or key in JSON_SCHEMA_KEYWORDS
            or key.startswith("x-")
            or key == "nullable"
        ):
            continue
        close = difflib.get_close_matches(key, sorted(JSON_SCHEMA_KEYWORDS), n=1, cutoff=0.75)
        where = site.document.locate(join_pointer(site.pointer, key), key=True)
        if close:
            found.append(
                codes.UNKNOWN_KEYWORD.at(
                    where,
                    f"unknown schema keyword {key!r}; did you mean {close[0]!r}?",
                    f"rename it to {close[0]!r}; an unknown keyword is ignored, so it constrains nothing",
                )
            )
        else:
            found.append(
                codes.UNKNOWN_KEYWORD.at(
                    where,
                    f"unknown schema keyword {key!r} is ignored",
                    "prefix it with `x-` if it is an extension, or remove it",
                )
            )
    return found


def _nullable_in_31(site: SchemaSite) -> list[Diagnostic]:
    if "nullable" not in site.schema:
        return []
    kind = site.schema.get("type")
    hint = (
        f'write `type: [{kind}, "null"]` instead'
        if isinstance(kind, str)
        else 'add "null" to `type` (or `- type: "null"` to a oneOf) instead'
    )
    return [
        codes.NULLABLE_IN_31.at(
            site.document.locate(join_pointer(site.pointer, "nullable"), key=True),
            "`nullable` is an OpenAPI 3.0 keyword; OpenAPI 3.1 ignores it",
            hint,
        )
    ]


# -- enum values -----------------------------------------------------------------------------------


def _enum_values(site: SchemaSite, is_31: bool) -> list[Diagnostic]:
    values = site.schema.get("enum")
    if not isinstance(values, list):
        return []
    found = []
    seen: dict[str, int] = {}
    allowed = _declared_types(site.schema, is_31)
    for i, value in enumerate(values):
        pointer = join_pointer(site.pointer, "enum", i)
        identity = _json_identity(value)
        if identity in seen:
            found.append(
                codes.DUPLICATE_ENUM_VALUE.at(
                    site.document.locate(pointer),
                    f"enum value {_show(value)} is listed twice (first at index {seen[identity]})",
                    "remove the repeated value",
                )
            )
        else:
            seen[identity] = i
        if allowed is not None and not _has_type(value, allowed):
            # A plain YAML scalar read as a boolean or number is a spelling mistake with one fix: an error.
            # Any other mismatch is typed loosely by the generator: a warning.
            hint = quote_hint(site.document, pointer, value, allowed)
            code = codes.YAML11_SCALAR if hint else codes.ENUM_TYPE_MISMATCH
            found.append(
                code.at(
                    site.document.locate(pointer),
                    f"enum value {_show(value)} is not of the schema's type {_type_text(allowed)}",
                    hint or "make the value match `type`, or change `type`",
                )
            )
    return found


def _show(value: Any) -> str:
    """A value as the spec's reader thinks of it: JSON (`true`, `null`), strings quoted."""
    try:
        return repr(value) if isinstance(value, str) else json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def _json_identity(value: Any) -> str:
    """Equal in JSON Schema's sense: 1 and 1.0 are one value, 1 and true are two."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return ("bool:" if isinstance(value, bool) else "") + json.dumps(value, sort_keys=True)
    except (TypeError, ValueError):
        return repr(value)


def _declared_types(schema: dict[str, Any], is_31: bool) -> list[str] | None:
    kind = schema.get("type")
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else None
    if kinds is None or not all(isinstance(k, str) and k in _JSON_TYPES for k in kinds):
        return None
    if not is_31 and schema.get("nullable") is True:
        kinds = [*kinds, "null"]
    return kinds


def _has_type(value: Any, kinds: list[str]) -> bool:
    for kind in kinds:
        if kind == "integer" and isinstance(value, float) and value.is_integer():
            return True
        if isinstance(value, _JSON_TYPES[kind]) and not (
            isinstance(value, bool) and kind in ("integer", "number")
        ):
            return True
    return value is None and "null" in kinds


def _type_text(kinds: list[str]) -> str:
    return repr(kinds[0]) if len(kinds) == 1 else "[" + ", ".join(kinds) + "]"


def quote_hint(document: Document, pointer: str, value: Any, kinds: list[str]) -> str | None:
    """For a plain YAML scalar read as a non-string where a string is wanted (ON → true, 1.10 → 1.1)."""
    if "string" not in kinds or isinstance(value, str | dict | list) or document.positions is None:
        return None
    location = document.locate(pointer)
    lines = document.text.splitlines()
    if not location.line or location.line > len(lines):
        return None
    written = _YAML11_SCALAR.match(lines[location.line - 1], location.column - 1)
    if written is None or written.group(0)[:1] in "\"'":
        return None
    token = written.group(0)
    if json.dumps(value) == token:
        return None  # `5` meant as 5: the type is what is wrong, or the value
    return f'YAML reads the plain scalar {token} as {json.dumps(value)}; quote it: "{token}"'


# -- discriminator ---------------------------------------------------------------------------------


def _discriminator(spec: Spec, site: SchemaSite) -> list[Diagnostic]:
    disc = site.schema.get("discriminator")
    if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
        return []
    name = disc["propertyName"]
    variants = [
        v
        for key in ("oneOf", "anyOf")
        for v in (site.schema.get(key) or [])
        if isinstance(site.schema.get(key), list)
    ]
    if not variants:
        variants = [
            site.schema
        ]  # allOf inheritance: the base declares the property for every child
    missing: list[str] = []
    names: set[str] = set()
    for variant in variants:
        if isinstance(variant, dict) and ("$recursiveRef" in variant or "$dynamicRef" in variant):
            continue  # the schema itself, again: whatever it declares
        declared = declared_properties(spec, variant, site.document)
        names |= declared
        if name not in declared:
            missing.append(
                variant["$ref"]
                if isinstance(variant, dict) and isinstance(variant.get("$ref"), str)
                else "an inline variant"
            )
    if not missing:
        return []
    where = site.document.locate(join_pointer(site.pointer, "discriminator", "propertyName"))
    close = difflib.get_close_matches(name, sorted(names - {name}), n=1)
    hint = (
        f"did you mean {close[0]!r}?"
        if close
        else f"declare {name!r} under `properties` of every variant"
    )
    # The generator then types the union without a discriminator: it still works, so these are warnings.
    if len(missing) == len(variants):
        return [
            codes.DISCRIMINATOR_NOT_DECLARED.at(
                where, f"discriminator propertyName {name!r} is not a property of any variant", hint
            )
        ]
    return [
        codes.DISCRIMINATOR_NOT_DECLARED.at(
            where,
            f"discriminator propertyName {name!r} is not a property of {', '.join(missing)}",
            hint,
        )
    ]


def declared_properties(spec: Spec, schema: Any, document: Document, depth: int = 0) -> set[str]:
    """Property names a schema declares, through `$ref` and `allOf` (bounded: cycles end it)."""
    schema, document = spec.resolve_fully(schema, document)
    if not isinstance(schema, dict) or depth > 20:
        return set()
    names = (
        {str(k) for k in schema.get("properties") or {}}
        if isinstance(schema.get("properties"), dict)
        else set()
    )
    for part in schema.get("allOf") or [] if isinstance(schema.get("allOf"), list) else []:
        names |= declared_properties(spec, part, document, depth + 1)
    for key in ("oneOf", "anyOf"):  # a union of variants declares what every variant declares
        branches = schema.get(key)
        if isinstance(branches, list) and branches:
            names |= set.intersection(
                *(declared_properties(spec, b, document, depth + 1) for b in branches)
            )
    return names


# -- required cycles -------------------------------------------------------------------------------


def required_cycles(spec: Spec) -> list[Diagnostic]:
    """Component schemas that require each other in a ring (A requires b: B, B requires a: A): no finite
    JSON value is an A, so the SDK's model for it can never be filled."""
    from ..load.spec import lookup

    schemas = lookup(spec.root.data, "/components/schemas")
    if not isinstance(schemas, dict):
        return []
    prefix = "#/components/schemas/"
    edges: dict[str, list[tuple[str, str]]] = {}
    for name, schema in schemas.items():
        for prop, target in _required_refs(spec, schema):
            if target.startswith(prefix) and not _accepts_null(schemas.get(target[len(prefix) :])):
                edges.setdefault(str(name), []).append((prop, target[len(prefix) :]))
    found = []
    reported: set[frozenset[str]] = set()
    for start in edges:
        cycle = _cycle_from(start, edges)
        if cycle is None or frozenset(n for n, _ in cycle) in reported:
            continue
        reported.add(frozenset(n for n, _ in cycle))
        ring = " → ".join(f"{n}.{p}" for n, p in cycle) + f" → {cycle[0][0]}"
        pointer = join_pointer("/components/schemas", cycle[0][0], "required")
        found.append(
            codes.REQUIRED_CYCLE.at(
                spec.root.locate(pointer),
                f"required properties form a cycle with no finite value: {ring}",
                "make one property of the cycle optional or nullable",
            )
        )
    return found


def _required_refs(spec: Spec, schema: Any) -> list[tuple[str, str]]:
    """(property, `$ref`) for each required property that is exactly one non-nullable component."""
    if (
        not isinstance(schema, dict)
        or not isinstance(schema.get("properties"), dict)
        or not isinstance(schema.get("required"), list)
    ):
        return []
    out = []
    for prop in schema["required"]:
        value = schema["properties"].get(prop) if isinstance(prop, str) else None
        if (
            isinstance(value, dict)
            and isinstance(value.get("allOf"), list)
            and len(value["allOf"]) == 1
            and value.get("nullable") is not True
        ):
            value = value["allOf"][0]
        if (
            isinstance(value, dict)
            and isinstance(value.get("$ref"), str)
            and value.get("nullable") is not True
        ):
            out.append((prop, value["$ref"]))
    return out


def _accepts_null(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return True  # not a schema sdkforge can follow: no edge
    kind = schema.get("type")
    return (
        schema.get("nullable") is True
        or kind == "null"
        or (isinstance(kind, list) and "null" in kind)
    )


def _cycle_from(
    start: str, edges: dict[str, list[tuple[str, str]]]
) -> list[tuple[str, str]] | None:
    """The first ring of required refs back to `start` (depth first, spec order), as (schema, property)."""
    stack: list[tuple[str, list[tuple[str, str]]]] = [(start, [])]
    visited: set[str] = set()
    while stack:
        node, path = stack.pop()
        for prop, target in reversed(edges.get(node, [])):
            if target == start:
                return [*path, (node, prop)]
            if target not in visited:
                visited.add(target)
                stack.append((target, [*path, (node, prop)]))
    return None
