"""A model field's default is the spec's, unless openapi-spec-validator rejected it (SDK104): the IR takes
the validator's findings as its verdict (ir/defaults.py) and never checks a default itself."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator import Config, check_spec
from generator.ir.build import build_api
from generator.ir.defaults import DefaultChecker, rejected_schemas
from generator.load.spec import load_spec
from generator.validate.spec import validate_spec

SPEC = """\
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /orders:
    get:
      operationId: getOrder
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
components:
  schemas:
    Count: {type: integer, default: many}
    Order:
      type: object
      allOf:
        - type: object
          properties:
            inline: {type: integer, default: lots}
      properties:
        count: {$ref: "#/components/schemas/Count"}
        tags: {type: array, items: {type: string}, default: [a, 2]}
        default: {type: integer, default: x}
        good: {type: integer, default: 3}
"""


def _spec(tmp_path: Path) -> Path:
    path = tmp_path / "openapi.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def _defaults(api_models: object) -> dict[str, str | None]:
    order = next(m for m in api_models if m.class_name == "Order")  # type: ignore[attr-defined]
    return {f.wire_name: f.default_repr for f in order.fields}


def test_the_validators_sdk104_findings_decide_every_default(tmp_path: Path) -> None:
    """Through a `$ref`, an `allOf` branch, into a list's item, and a property named `default`."""
    spec = load_spec(_spec(tmp_path))
    found = validate_spec(spec)
    sdk104 = sorted(d.location.pointer for d in found if d.code.code == "SDK104")
    assert sdk104 == [
        "/components/schemas/Count/default",
        "/components/schemas/Order/allOf/0/properties/inline/default",
        "/components/schemas/Order/properties/default/default",
        "/components/schemas/Order/properties/tags/default/1",
    ]
    checker = DefaultChecker(rejected_schemas(spec, found))
    api, _ = build_api(spec, Config(), defaults=checker)
    assert _defaults(api.models) == {
        "inline": None,
        "count": None,
        "tags": None,
        "default": None,
        "good": "3",
    }
    # without a verdict every default is taken, and the checker knows which ones it gave out
    unchecked = DefaultChecker()
    api, _ = build_api(spec, Config(), defaults=unchecked)
    assert _defaults(api.models)["tags"] == "['a', 2]"
    assert unchecked.takes_any(checker.rejected) and not checker.takes_any(checker.rejected)


def test_a_spec_without_findings_rejects_nothing(tmp_path: Path) -> None:
    data = yaml.safe_load(SPEC)
    schemas = data["components"]["schemas"]
    schemas["Count"]["default"] = 1
    schemas["Order"]["allOf"][0]["properties"]["inline"]["default"] = 2
    schemas["Order"]["properties"]["tags"]["default"] = ["a"]
    schemas["Order"]["properties"]["default"]["default"] = 4
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    spec = load_spec(path)
    assert rejected_schemas(spec, validate_spec(spec)) == frozenset()
    assert not [d for d in check_spec(path) if d.code.code == "SDK104"]
