"""Findings that are not a golden snapshot: one finding set for validate and generate, bounded module
names, JSON positions, duplicate keys in JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import Config, check_spec, generate
from generator.ir.build import build_api
from generator.ir.naming import MAX_MODULE_NAME, bounded_module_name
from generator.load.spec import load_spec
from tests.golden.test_errors import CASES, ERRORS_DIR

WARNING_ONLY = [
    case
    for case in CASES
    if case.startswith(("build_findings", "discriminator", "nullable", "required_cycle"))
]


@pytest.mark.parametrize("case", WARNING_ONLY)
def test_validate_reports_what_generate_reports(case: str) -> None:
    """ "validate until clean" means clean: generate has nothing to add, in the same words."""
    spec = ERRORS_DIR / f"{case}.yaml"
    config = Config(package_name="sdk")
    report = generate(spec, config, display=spec.name)
    assert report.ok
    assert [d.format() for d in check_spec(spec, display=spec.name, config=config)] == [
        d.format() for d in report.diagnostics
    ]


def test_long_schema_names_make_short_module_names(tmp_path: Path) -> None:
    long_a, long_b = "A" * 300, "A" * 299 + "B"
    spec_path = tmp_path / "long.json"
    schemas = {
        name: {"type": "object", "properties": {"x": {"type": "string"}}}
        for name in (long_a, long_b)
    }
    spec_path.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "T", "version": "1"},
                "paths": {},
                "components": {"schemas": schemas},
            }
        ),
        encoding="utf-8",
    )
    api, _ = build_api(load_spec(spec_path), Config())
    modules = [module.name for module in api.model_modules]
    assert len(modules) == 2 and len(set(modules)) == 2
    assert all(len(name) <= MAX_MODULE_NAME for name in modules)
    assert bounded_module_name("a" * 300) == bounded_module_name(
        "a" * 300
    )  # stable: a hash, not a counter
    assert bounded_module_name("pet") == "pet"


def test_json_with_escaped_emoji_is_located(tmp_path: Path) -> None:
    """JSON writes 😀 as a surrogate pair, which YAML (our position parser) refuses; the finding keeps its line."""
    spec_path = tmp_path / "emoji.json"
    document = {
        "openapi": "3.1.0",
        "info": {"title": "😀", "version": "1"},
        "paths": {},
        "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}}},
    }
    spec_path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    (finding,) = [d for d in check_spec(spec_path) if d.is_error]
    assert "does not resolve" in finding.message
    assert finding.location.line == 11  # the line of "$ref" in the indented JSON


def test_duplicate_keys_in_json_are_found(tmp_path: Path) -> None:
    spec_path = tmp_path / "dup.json"
    spec_path.write_text(
        '{"openapi": "3.1.0", "info": {"title": "T", "version": "1", "title": "U"}, "paths": {}}',
        encoding="utf-8",
    )
    messages = [(d.message, d.location.pointer) for d in check_spec(spec_path) if d.is_error]
    assert messages == [
        (
            "duplicate key 'title': this mapping already has one, and only this one is kept",
            "/info/title",
        )
    ]
