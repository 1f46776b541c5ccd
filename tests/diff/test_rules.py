"""Spec rules on small edits of the scenario spec: each edit gives exactly the finding (and level) it should."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import Config
from generator.diff import SpecInput, diff_specs
from generator.diff.findings import Bump, Level
from generator.diff.rules import RULES

BASE = Path(__file__).parent / "scenario" / "v1.yaml"
CONFIG = Config(package_name="pets", client_class="Pets")

Edit = Callable[[dict[str, Any]], None]


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]  # type: ignore[no-any-return]


def findings_for(
    tmp_path: Path, edit: Edit, base_edit: Edit | None = None
) -> list[tuple[str, str]]:
    """(rule id, message) of every finding from v1 (after `base_edit`) to that with `edit` applied; the SDK
    layer is skipped."""
    spec = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    if base_edit is not None:
        base_edit(spec)
    old = tmp_path / "old.yaml"
    old.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    edited = copy.deepcopy(spec)
    edit(edited)
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(edited, sort_keys=False), encoding="utf-8")
    result = diff_specs(
        SpecInput(old, "v1.yaml"), SpecInput(new, "new.yaml"), CONFIG, surface=False
    )
    return [(f.rule.id, f.message) for f in result.findings]


def tag_pets(spec: dict[str, Any]) -> None:
    """Pet gets a one-value `species`: the tag a union of shapes tells its alternatives apart by."""
    schemas(spec)["Pet"]["properties"]["species"] = {"type": "string", "enum": ["pet"]}
    schemas(spec)["Pet"]["required"].append("species")


def add_robots(spec: dict[str, Any]) -> None:
    schemas(spec)["Robot"] = {
        "type": "object",
        "required": ["species", "serial"],
        "properties": {
            "species": {"type": "string", "enum": ["robot"]},
            "serial": {"type": "string"},
        },
    }
    schemas(spec)["PetList"]["properties"]["data"]["items"] = {
        "oneOf": [{"$ref": "#/components/schemas/Pet"}, {"$ref": "#/components/schemas/Robot"}]
    }


def test_a_model_that_becomes_one_shape_of_a_union_keeps_its_fields(tmp_path: Path) -> None:
    findings = findings_for(tmp_path, add_robots, base_edit=tag_pets)
    assert findings == [
        ("response-variant-added", "pets.list: response shape 'data[]<species=robot>' may be sent")
    ]


def test_a_shape_dropped_from_a_request_union_is_breaking(tmp_path: Path) -> None:
    def two_shapes(spec: dict[str, Any]) -> None:
        body = spec["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]
        body["schema"] = {
            "type": "object",
            "properties": {
                "pet": {
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["kind"],
                            "properties": {"kind": {"enum": ["cat"]}, "purrs": {"type": "boolean"}},
                        },
                        {
                            "type": "object",
                            "required": ["kind"],
                            "properties": {"kind": {"enum": ["dog"]}, "barks": {"type": "boolean"}},
                        },
                    ]
                }
            },
        }
        body.pop("examples")

    def one_shape(spec: dict[str, Any]) -> None:
        spec["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]["schema"][
            "properties"
        ]["pet"]["oneOf"].pop()

    assert findings_for(tmp_path, one_shape, base_edit=two_shapes) == [
        ("request-variant-removed", "pets.create: shape 'pet<kind=dog>' is no longer accepted"),
    ]


def move_kind_inline(spec: dict[str, Any]) -> None:
    kind = schemas(spec).pop("Kind")
    schemas(spec)["Pet"]["properties"]["kind"] = dict(kind)
    schemas(spec)["NewPet"]["properties"]["kind"] = dict(kind)


def rename_pet_schema(spec: dict[str, Any]) -> None:
    schemas(spec)["Animal"] = schemas(spec).pop("Pet")
    text = yaml.safe_dump(spec).replace("#/components/schemas/Pet'", "#/components/schemas/Animal'")
    spec.clear()
    spec.update(yaml.safe_load(text))


@pytest.mark.parametrize(
    "edit", [move_kind_inline, rename_pet_schema], ids=["inline-enum", "rename-schema"]
)
def test_a_ref_moved_or_renamed_is_not_a_change(tmp_path: Path, edit: Edit) -> None:
    assert findings_for(tmp_path, edit) == []


CASES: dict[str, tuple[Edit, str, str]] = {
    "request enum value removed": (
        lambda s: schemas(s).update(Kind={"type": "string", "enum": ["dog"]}),
        "request-enum-value-removed",
        "pets.create: 'kind' no longer accepts 'cat'",
    ),
    "closed response enum gained a value": (
        lambda s: schemas(s)["Pet"]["properties"].update(
            kind={"type": "string", "enum": ["cat", "dog", "fish"]}
        ),
        "response-enum-value-added",
        "pets.get: response field 'kind' may be 'fish'",
    ),
    "parameter renamed": (
        lambda s: s["paths"]["/pets"]["get"]["parameters"][0].update(name="max"),
        "parameter-renamed",
        "pets.list: parameter 'limit' is now 'max'",
    ),
    "parameter became required": (
        lambda s: s["paths"]["/pets"]["get"]["parameters"][0].update(required=True),
        "parameter-became-required",
        "pets.list: parameter 'limit' is now required",
    ),
    "body field became required": (
        lambda s: schemas(s)["NewPet"].update(required=["name", "kind"]),
        "parameter-became-required",
        "pets.create: parameter 'kind' is now required",
    ),
    "request type narrowed": (
        lambda s: s["paths"]["/pets"]["get"]["parameters"][0].update(
            schema={"type": "integer", "enum": [10, 20]}
        ),
        "request-type-narrowed",
        "pets.list: 'limit' accepts Literal (was int)",
    ),
    "response field removed": (
        lambda s: schemas(s)["Pet"]["properties"].pop("name"),
        "response-field-removed",
        "pets.get: response field 'name' was removed",
    ),
    "response field made optional": (
        lambda s: schemas(s)["Pet"].update(required=["id", "kind"]),
        "response-field-became-optional",
        "pets.get: response field 'name' may now be missing",
    ),
    "auth changed": (
        lambda s: s["components"]["securitySchemes"].update(
            bearer={"type": "apiKey", "in": "header", "name": "X-Key"}
        ),
        "auth-changed",
        "pets.get: credentials bearer Authorization → header X-Key",
    ),
    "path changed": (
        lambda s: s["paths"].update({"/animals/{petId}": s["paths"].pop("/pets/{petId}")}),
        "path-changed",
        "pets.get: GET /pets/{petId} → GET /animals/{petId}",
    ),
    "operation removed": (
        lambda s: s["paths"]["/pets/{petId}"].pop("delete"),
        "operation-removed",
        "pets.delete (DELETE /pets/{petId}) was removed",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_edit_gives_its_finding(tmp_path: Path, case: str) -> None:
    edit, rule, message = CASES[case]
    assert (rule, message) in findings_for(tmp_path, edit)


def test_request_type_widened_to_a_union(tmp_path: Path) -> None:
    def widen(spec: dict[str, Any]) -> None:
        schemas(spec)["NewPet"]["properties"]["name"] = {"type": ["string", "integer"]}

    findings = findings_for(tmp_path, widen)
    assert ("request-type-widened", "pets.create: 'name' accepts int | str (was str)") in findings


def test_every_rule_id_is_kebab_case_and_levels_match_bumps() -> None:
    for rule_id, rule in RULES.items():
        assert rule_id == rule.id and rule_id.replace("-", "").isalpha() and rule_id.islower()
        assert (rule.level is Level.BREAKING) == (rule.bump is Bump.MAJOR), rule_id
