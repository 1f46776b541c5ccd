"""Render only prints: every name, type and import of a generated module is on the IR once the build is
done (ir/finish.py), and what the templates print is exactly that."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml

from generator import Config
from generator.ir.build import build_api
from generator.ir.nodes import Api, Import, Resource
from generator.load.spec import load_spec

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "list",
                "tags": ["items"],
                "parameters": [
                    {
                        "name": "tags",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ItemList"}
                            }
                        },
                    }
                },
            },
        },
        "/items/all": {
            "get": {
                "operationId": "listAll",
                "tags": ["items"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Item"},
                                }
                            }
                        },
                    }
                },
            },
        },
        "/items/{id}": {
            "delete": {
                "operationId": "deleteItem",
                "tags": ["items"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"204": {"description": "gone"}},
            },
        },
    },
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}},
            },
            "ItemList": {
                "type": "object",
                "required": ["object", "data"],
                "properties": {
                    "object": {"type": "string"},
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                },
            },
        }
    },
}


def _api(tmp_path: Path, spec: dict[str, Any] = SPEC) -> Api:
    file = tmp_path / "openapi.yaml"
    file.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    api, _ = build_api(
        load_spec(file, display="openapi.yaml"), Config(package_name="shop", sdk_version="0.0.1")
    )
    return api


def _items(api: Api) -> Resource:
    return next(r for r in api.resources if r.attr_name == "items")


def test_a_method_called_list_makes_its_class_spell_builtins(tmp_path: Path) -> None:
    items = _items(_api(tmp_path))
    every = next(op for op in items.operations if op.py_name == "list_all")
    sync, async_ = every.method_types
    assert sync.returned("impl") == async_.returned("impl") == "builtins.list[Item]"
    assert sync.cast_to == "builtins.list[Item]"
    assert Import("builtins", "") in items.imports


def test_without_such_a_method_annotations_stay_plain(tmp_path: Path) -> None:
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/items"]["get"]["operationId"] = "browse"
    items = _items(_api(tmp_path, spec))
    every = next(op for op in items.operations if op.py_name == "list_all")
    assert every.method_types[0].returned("impl") == "list[Item]"
    assert Import("builtins", "") not in items.imports


def test_resource_imports_are_filled_and_relative_to_the_module(tmp_path: Path) -> None:
    items = _items(_api(tmp_path))
    assert (
        Import(".._base_client", "path_template") in items.imports
    )  # `deleteItem` has a path parameter
    assert Import("types", "NoneType") in items.imports  # ... and answers 204
    assert any(i.module.startswith("..models.") and i.name == "ItemList" for i in items.imports)
    assert list(items.imports) == sorted(items.imports)


def test_a_list_envelope_gets_its_base_and_its_module_the_import(tmp_path: Path) -> None:
    api = _api(tmp_path)
    envelope = next(m for m in api.models if m.class_name == "ItemList")
    assert envelope.list_item == "Item"
    module = next(mm for mm in api.model_modules if envelope in mm.models)
    assert Import(".._models", "ListModel") in module.imports


def test_the_client_names_and_lazy_exports_come_from_the_naming_authority(tmp_path: Path) -> None:
    api = _api(tmp_path)
    assert (api.client_class, api.async_client_class, api.error_class) == (
        "Shop",
        "AsyncShop",
        "ShopError",
    )
    assert api.package_init is not None and api.models_init is not None
    assert dict(api.package_init.module_of)["AsyncShop"] == "._client"
    assert Import("._exceptions", "SDKError as ShopError") in api.package_init.type_imports
    assert set(api.models_init.exported) >= {"Item", "ItemList"}
    assert Import(".resources.items", "AsyncItems") in api.client_imports


def test_no_template_builds_a_name_or_an_import() -> None:
    """`"Async" ~ name` or a hand-made `from x import` in a template is a decision render should not make."""
    for path in TEMPLATES.rglob("*.jinja"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""["']Async["']\s*~""", text), path
        assert not re.search(r"^from \.[\w.]*\{\{", text, re.MULTILINE), path


def test_two_resources_that_would_share_a_module_get_two(tmp_path: Path) -> None:
    """`chat.completions` and a tag `chat_completions` both want resources/chat_completions.py."""
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/items"]["get"]["x-sdk-resource"] = "chat.completions"
    spec["paths"]["/items/all"]["get"]["tags"] = ["chat_completions"]
    file = tmp_path / "openapi.yaml"
    file.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    api, diagnostics = build_api(
        load_spec(file, display="openapi.yaml"), Config(package_name="shop", sdk_version="0.0.1")
    )
    modules = [r.module for top in api.resources for r in (top, *top.children)]
    assert sorted(modules) == sorted(set(modules))
    assert {"chat_completions", "chat_completions2"} <= set(modules)
    [finding] = [d for d in diagnostics if d.code.slug == "module-name-collision"]
    assert (
        finding.location.pointer == "/paths/~1items~1all/get/tags/0" and finding.location.line > 0
    )
