"""Code-breaking text in every document-level slot of a spec (servers, info, tags, security schemes, response
headers, `x-` values, examples, enums, parameter and field defaults) stays text (issue 9, item 2).

Each planted value tries to end the literal it lands in and run code that creates a marker file. The generated
package must import, in a fresh interpreter, without creating it; and every value must come back unchanged:
as a string constant of the generated source, and where the SDK exposes it (base URL, auth headers, version,
docstrings, the distribution's description) as that value at run time.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import Config, generate

MARKER = "pwned.marker"
_TOUCH = f'__import__("pathlib").Path("{MARKER}").touch()'
PAYLOADS = [
    f'" + {_TOUCH} + "',
    f"' + {_TOUCH} + '",
    f'""" + {_TOUCH} + """',
    f"''' + {_TOUCH} + '''",
    f'"""\n{_TOUCH}\n"""',
    f"\n{_TOUCH}\n#",
    f'\\" + {_TOUCH} + "\\',
    f"\\\n{_TOUCH}",
    f"{{{{ {_TOUCH} }}}}",
    f"{{% raw %}}{_TOUCH}",
    f'"\n[tool.evil]\nx = "{_TOUCH}',
    f"\n```\n{_TOUCH}\n```python\n",
    f"\r{_TOUCH}\r\n",
    f"\u2028{_TOUCH}\u2029",
    '"',
    "'",
    '"""',
    "\\",
    "\\n",
    "\n",
    "\r",
    "\t",
    "\x0b",
    "\x1b[31m",
    "\x7f",
    "#",
    "{{",
    "}}",
    "{%",
    "`",
    "ünïcødé",
    "名称",
    "🙂",
    "\U0001f600\u0301",
    " ",
    "",
]
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
hostile = st.lists(
    st.one_of(st.sampled_from(PAYLOADS), st.text(_CHARS, max_size=5)), min_size=1, max_size=3
).map("".join)
_counter = itertools.count()


@st.composite
def planted_specs(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, str]]:
    """A small valid spec with hostile text in every slot, and the values that must round-trip."""
    v = {
        name: draw(hostile)
        for name in (
            "title",
            "description",
            "tag",
            "tag_doc",
            "header",
            "scheme_doc",
            "server_doc",
            "variable",
            "enum",
            "default",
            "terminator",
            "status",
            "success",
            "failure",
            "message",
            "field",
            "example",
            "response_header",
            "extension",
        )
    }
    v["url"] = "https://api.example.com/" + draw(hostile).replace(
        "{", "("
    )  # a `{` makes it a template: localhost
    v["version"] = draw(st.one_of(hostile, st.sampled_from(["1.2.3", "2.0rc1", "v1"])))
    v["enum"] = v["enum"] if v["enum"] != v["default"] else v["enum"] + "x"
    return _spec(v), v


def _spec(v: dict[str, str]) -> dict[str, Any]:
    ok = {
        "description": "ok",
        "headers": {
            "X-Hostile": {"description": v["response_header"], "schema": {"type": "string"}}
        },
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"},
                "examples": {"one": {"summary": v["example"], "value": {"name": v["example"]}}},
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": v["title"],
            "version": v["version"],
            "description": v["description"],
            "x-note": v["extension"],
        },
        "servers": [
            {"url": v["url"], "description": v["server_doc"]},
            {
                "url": "https://{host}/v2",
                "variables": {"host": {"default": v["variable"], "enum": [v["variable"]]}},
            },
        ],
        "tags": [{"name": v["tag"], "description": v["tag_doc"]}],
        "security": [{"hostile.key-1": []}],
        "components": {
            "securitySchemes": {
                "hostile.key-1": {
                    "type": "apiKey",
                    "in": "header",
                    "name": v["header"],
                    "description": v["scheme_doc"],
                }
            },
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "kind": {"type": "string", "enum": [v["enum"], v["default"]]},
                        "note": {"type": "string", "default": v["default"]},
                    },
                }
            },
        },
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "tags": [v["tag"]],
                    "x-retry-safe": True,
                    "parameters": [
                        {
                            "name": "kind",
                            "in": "query",
                            "required": True,
                            "schema": {
                                "type": "string",
                                "enum": [v["enum"], v["default"]],
                                "default": v["default"],
                            },
                        }
                    ],
                    "x-logical-error": {
                        "field": v["field"],
                        "success": [v["success"]],
                        "message": v["message"],
                    },
                    "responses": {"200": ok},
                },
                "post": {
                    "operationId": "createThing",
                    "tags": [v["tag"]],
                    "x-task-polling": {
                        "operationId": "getThing",
                        "parameter": "id",
                        "taskId": v["field"],
                        "status": v["status"],
                        "success": [v["success"]],
                        "failure": [v["failure"]],
                        "interval": 0.5,
                    },
                    "responses": {"200": ok},
                },
            },
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "tags": [v["tag"]],
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "text/event-stream": {
                                    "schema": {"$ref": "#/components/schemas/Thing"},
                                    "x-sse-terminator": v["terminator"],
                                }
                            },
                        }
                    },
                },
            },
        },
    }


_CHECK = """
import importlib, json, pathlib, sys
package = sys.argv[1]
for path in sorted(pathlib.Path(package).rglob("*.py")):
    importlib.import_module(".".join(path.with_suffix("").parts).removesuffix(".__init__"))
pkg = importlib.import_module(package)
client = importlib.import_module(package + "._client")
base = importlib.import_module(package + "._constants")
resources = [m for m in sys.modules if m.startswith(package + ".resources.") ]
print(json.dumps({
    "base_url": base.DEFAULT_BASE_URL,
    "auth": importlib.import_module(package + "._constants").SECURITY_SCHEMES["hostile.key-1"],
    "version": pkg.__version__,
    "field_default": importlib.import_module(package + ".models").Thing.model_fields["note"].default,
    "package_doc": pkg.__doc__,
    "client_doc": getattr(client, pkg._MODULE_BY_NAME and [n for n in client.__all__ if not n.startswith("Async")][0]).__doc__,
    "resource_docs": [getattr(sys.modules[m], n).__doc__ for m in resources for n in sys.modules[m].__all__],
}))
"""
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f\u0085\u2028\u2029]+")


def _flat(text: str) -> str:
    return _BREAKS.sub(" ", text).strip()


def _string_constants(files: dict[Any, str]) -> set[str]:
    found: set[str] = set()
    for rel, text in files.items():
        if str(rel).endswith(".py"):
            found |= {
                n.value
                for n in ast.walk(ast.parse(text))
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
    return found


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(planted=planted_specs())
def test_planted_text_stays_text_and_round_trips(
    planted: tuple[dict[str, Any], dict[str, str]], tmp_path: Path
) -> None:
    spec, v = planted
    package = f"planted_{next(_counter)}"
    out = tmp_path / package
    out.mkdir()
    (out / "openapi.json").write_text(json.dumps(spec), encoding="utf-8")
    report = generate(out / "openapi.json", Config(package_name=package))
    assert report.ok, "\n".join(d.format() for d in report.diagnostics if d.is_error)
    for rel, text in report.files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")

    constants = _string_constants(report.files)
    for slot in (
        "header",
        "enum",
        "default",
        "terminator",
        "status",
        "success",
        "failure",
        "field",
    ):
        assert v[slot] in constants, (
            f"{slot} {v[slot]!r} is not a string constant of the generated source"
        )

    result = subprocess.run(
        [sys.executable, "-c", _CHECK, package],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert not (out / MARKER).exists(), "importing the generated package ran code from the spec"
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout)
    assert seen["base_url"] == v["url"].rstrip("/")
    assert seen["auth"] == [
        "header",
        v["header"],
    ]  # the scheme's header name, as the runtime sends it
    assert seen["field_default"] == v["default"]  # a model field's default, byte for byte
    assert seen["version"] in (v["version"], "0.1.0", "1.2.3", "2.0rc1", "1")
    assert _flat(v["description"]) in _flat(seen["package_doc"])
    assert _flat(v["title"]) in _flat(seen["client_doc"])
    if _flat(v["tag_doc"]):
        assert any(_flat(v["tag_doc"]) in _flat(doc or "") for doc in seen["resource_docs"])
    pyproject = tomllib.loads(
        report.files[next(p for p in report.files if str(p) == "pyproject.toml")]
    )
    assert pyproject["project"]["description"] == _flat(
        "Typed Python client for " + (v["title"] or package)
    )
    readme = next(text for rel, text in report.files.items() if str(rel) == "README.md")
    assert readme.count("```") % 2 == 0 and all(
        not line.startswith("```") or line.strip() in ("```", "```sh", "```python")
        for line in readme.splitlines()
    ), "spec text opened or closed a code fence"
