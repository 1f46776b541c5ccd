"""Hostile text anywhere in a spec (names, descriptions, enum values, defaults, summaries) never breaks or
escapes the generated code: every file compiles, the package imports, wire names round-trip, and text from
the spec only ever lands inside string literals."""

from __future__ import annotations

import ast
import importlib
import itertools
import json
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import Config, generate

CANARY = "__import__('os').system('echo pwned')"
FRAGMENTS = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\n",
    "\n",
    "\r\n",
    "\t",
    "{{ x }}",
    "{% raw %}",
    "{% endraw %}",
    "{#",
    "#}",
    "class",
    "def",
    "None",
    "True",
    "import",
    "lambda",
    "self",
    "type",
    "list",
    "model_config",
    "__init__",
    "_private",
    "1st",
    "ünïcødé",
    "名称",
    "Message«string»",
    "🙂",
    "\x0b",
    "\x1b[31m",
    "\u2028",
    "\x7f",
    "$ref",
    "#/",
    "*/",
    "<!--",
    "`",
    "${x}",
    "%s",
    " ",
    "-",
    ".",
    CANARY,
]
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(_CHARS, min_size=1, max_size=6)),
    min_size=1,
    max_size=4,
).map("".join)
_counter = itertools.count()


@st.composite
def hostile_specs(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(hostile, min_size=1, max_size=4, unique=True))
    enum_values = draw(st.lists(hostile, min_size=1, max_size=4, unique=True))
    properties: dict[str, Any] = {
        name: {
            "type": "string",
            "description": draw(hostile),
            "default": draw(hostile),
            "title": draw(hostile),
        }
        for name in names
    }
    enum_name = draw(hostile.filter(lambda n: n not in properties))
    properties[enum_name] = {
        "type": "string",
        "enum": enum_values,
        "x-open-enum": draw(st.booleans()),
        "description": CANARY,
    }
    schema_name = draw(hostile)
    ref = {"$ref": "#/components/schemas/" + schema_name.replace("~", "~0").replace("/", "~1")}
    return {
        "openapi": "3.1.0",
        "info": {"title": draw(hostile), "version": "1", "description": CANARY},
        "components": {
            "schemas": {
                schema_name: {
                    "type": "object",
                    "description": draw(hostile) + CANARY,
                    "properties": properties,
                }
            }
        },
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "tags": ["things"],
                    "summary": draw(hostile),
                    "description": CANARY + draw(hostile),
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ref}},
                    },
                    "responses": {
                        "200": {
                            "description": draw(hostile),
                            "content": {"application/json": {"schema": ref}},
                        }
                    },
                }
            }
        },
    }


def _no_canary_call(tree: ast.AST, where: str) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            assert name not in ("__import__", "system"), (
                f"{where}: spec text became code: {ast.unparse(node)}"
            )


def _round_trip(package: str, spec: dict[str, Any], enum_name: str) -> None:
    properties = next(iter(spec["components"]["schemas"].values()))["properties"]
    wire = {
        name: (prop["enum"][-1] if "enum" in prop else prop["default"])
        for name, prop in properties.items()
    }
    models = importlib.import_module(f"{package}.models")
    classes = [getattr(models, name) for name in models.__all__]
    model = next(
        c
        for c in classes
        if hasattr(c, "model_fields")
        and {f.alias or n for n, f in c.model_fields.items()} == set(properties)
    )
    instance = model.model_validate(wire)
    assert instance.model_dump(by_alias=True) == wire
    # an absent field holds the schema's default, byte for byte (the enum property has none)
    assumed = {f.alias or n: f.default for n, f in model.model_fields.items()}
    assert {name: assumed[name] for name in properties if name != enum_name} == {
        name: wire[name] for name in properties if name != enum_name
    }
    for value in properties[enum_name]["enum"]:
        assert (
            model.model_validate({**wire, enum_name: value}).model_dump(by_alias=True)[enum_name]
            == value
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=hostile_specs())
def test_hostile_text_stays_text(spec: dict[str, Any], tmp_path: Path) -> None:
    package = f"hostile_{next(_counter)}"
    out = tmp_path / package
    spec_file = out / "openapi.json"
    out.mkdir()
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    report = generate(
        spec_file, Config(package_name=package, client_class="Client", sdk_version="0.0.1")
    )
    assert report.ok, "\n".join(d.format() for d in report.diagnostics if d.is_error)
    for rel, text in report.files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if rel.suffix == ".py":
            tree = ast.parse(compile(text, str(rel), "exec", flags=ast.PyCF_ONLY_AST))
            _no_canary_call(tree, str(rel))
    assert any(CANARY in text for text in report.files.values()), (
        "the canary should reach the output (as text)"
    )
    enum_name = next(
        n
        for n, p in next(iter(spec["components"]["schemas"].values()))["properties"].items()
        if "enum" in p
    )
    sys.path.insert(0, str(out))
    try:
        importlib.import_module(package)
        importlib.import_module(f"{package}.resources.things")
        _round_trip(package, spec, enum_name)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
