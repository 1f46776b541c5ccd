"""The jsonschema-rs prefilter must never change a finding: same verdicts, same errors, any hash seed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator, OAS31Validator
from openapi_schema_validator._format import oas30_format_checker, oas31_format_checker

from generator import check_spec
from generator.validate.prefilter import compile_is_valid, prefiltered_check

# Valid and invalid schemas, including the one place the two libraries could disagree: formats.
SCHEMAS: list[Any] = [
    {"type": "string"},
    {"type": "object", "properties": {"a": {"type": "integer", "minimum": 1}}, "required": ["a"]},
    {"type": ["string", "null"], "enum": ["x", None]},
    {
        "oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}],
        "discriminator": {"propertyName": "kind"},
    },
    {"type": "string", "pattern": "^[a-z]+$"},
    {"type": "string", "pattern": "(unclosed"},  # not a regex: only the format check catches it
    {"type": "strin"},
    {"properties": {"a": {"exclusiveMinimum": True}}},
    {"required": "a"},
    {"items": [{"type": "string"}], "minItems": -1},
    {"$ref": 1},
    True,
]


@pytest.mark.parametrize(
    ("cls", "checker"),
    [(OAS31Validator, oas31_format_checker), (OAS30Validator, oas30_format_checker)],
)
def test_jsonschema_rs_agrees_with_python_on_every_schema(cls: Any, checker: Any) -> None:
    from openapi_schema_validator._specifications import REGISTRY

    is_valid = compile_is_valid(cls.META_SCHEMA, checker, REGISTRY)
    assert is_valid is not None
    for schema in SCHEMAS:
        python_ok = (
            next(
                iter(
                    cls(cls.META_SCHEMA, format_checker=checker, registry=REGISTRY).iter_errors(
                        schema
                    )
                ),
                None,
            )
            is None
        )
        assert is_valid(schema) == python_ok, schema


def test_a_failing_check_raises_the_first_error_in_document_order() -> None:
    from functools import partial

    from jsonschema.exceptions import SchemaError

    check = prefiltered_check(
        partial(OAS31Validator.check_schema, format_checker=oas31_format_checker)
    )
    schema = {
        "properties": {name: {"exclusiveMinimum": True} for name in ("zeta", "beta", "alpha", "mu")}
    }
    with pytest.raises(SchemaError) as caught:
        check(schema)
    assert list(caught.value.absolute_path) == ["properties", "zeta", "exclusiveMinimum"]
    check({"type": "string"})  # valid: returns quietly


def test_findings_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    properties = "\n".join(
        f"        p{i}: {{type: number, exclusiveMinimum: true}}" for i in range(12)
    )
    spec.write_text(
        textwrap.dedent("""\
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths: {}
        components:
          schemas:
            Bad:
              type: object
              properties:
        """)
        + properties
        + "\n"
    )
    script = "import sys; from pathlib import Path; from generator import check_spec; print([(d.location.pointer, d.message) for d in check_spec(Path(sys.argv[1]))])"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, str(spec)],
            env={"PYTHONHASHSEED": seed, "SDKFORGE_NO_CACHE": "1", "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "2", "3")
    }
    assert len(outputs) == 1, outputs
    assert "/components/schemas/Bad/properties/p0/exclusiveMinimum" in outputs.pop()


def test_a_bad_pattern_is_still_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S: {type: string, pattern: '(unclosed'}\n"
    )
    # validate also says what generate would (`paths: {}`: no operations); this test is about the pattern
    found = [d for d in check_spec(spec) if d.code.slug != "no-operations"]
    assert [(d.severity.value, d.location.line, d.location.pointer) for d in found] == [
        ("warning", 6, "/components/schemas/S/pattern")
    ]
    assert "is not a 'regex'" in found[0].message


def test_without_jsonschema_rs_the_python_check_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)  # import fails
    assert compile_is_valid({"type": "string"}, None) is None
    from jsonschema import Draft202012Validator

    from generator.validate.prefilter import PrefilteredValidator

    validator = PrefilteredValidator(Draft202012Validator({"type": "string"}), None)
    assert [e.message for e in validator.iter_errors(1)] == ["1 is not of type 'string'"]
    assert list(validator.iter_errors("ok")) == []
