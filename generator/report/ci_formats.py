"""Diagnostics → what CI tools read: JSON, GitHub workflow commands, SARIF 2.1.0 and JUnit XML.

Every format carries the finding's stable code (`SDK014`) as its rule id, so a code scanning alert or a
test case keeps its identity from run to run. No timestamps and no absolute paths: the same findings
give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .diagnostics import Code, Diagnostic, Severity, count, has_errors
from .workflow_commands import github_escape, github_property

FORMATS = ("text", "json", "github", "sarif", "junit")
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def render(fmt: str, diagnostics: list[Diagnostic], spec: str, *, strict: bool = False) -> str:
    """`diagnostics` of `spec` in `fmt` (not `text`: that one is printed to stderr as it always was)."""
    renderers: dict[str, Callable[[list[Diagnostic], str, bool], str]] = {
        "json": to_json,
        "github": to_github,
        "sarif": to_sarif,
        "junit": to_junit,
    }
    return renderers[fmt](diagnostics, spec, strict)


def _is_failure(diagnostic: Diagnostic, strict: bool) -> bool:
    return diagnostic.is_error or strict


def to_json(diagnostics: list[Diagnostic], spec: str, strict: bool) -> str:
    document = {
        "spec": spec,
        "valid": not has_errors(diagnostics, strict=strict),
        "errors": count(diagnostics, Severity.ERROR),
        "warnings": count(diagnostics, Severity.WARNING),
        "diagnostics": [{**d.to_json(), "slug": d.code.slug} for d in diagnostics],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_github(diagnostics: list[Diagnostic], spec: str, strict: bool) -> str:
    """`::error file=…,line=…,col=…,title=SDK014 dangling-ref::message` (hint on a second line)."""
    lines = []
    for d in diagnostics:
        loc = d.location
        properties = [f"file={github_property(loc.file)}"]
        if loc.line:
            properties += [f"line={loc.line}", f"col={loc.column or 1}"]
        properties.append(f"title={github_property(d.code.label())}")
        command = "error" if _is_failure(d, strict) else "warning"
        lines.append(f"::{command} {','.join(properties)}::{github_escape(_full_message(d))}")
    return "".join(line + "\n" for line in lines)


def _full_message(d: Diagnostic) -> str:
    parts = [d.message]
    if d.location.pointer:
        parts.append(f"at #{d.location.pointer}")
    if d.hint:
        parts.append(f"hint: {d.hint}")
    return "\n".join(parts)


def to_sarif(diagnostics: list[Diagnostic], spec: str, strict: bool) -> str:
    """One run of the tool `sdkforge`; its rules are the codes that occur, results point at spec lines."""
    codes = sorted({d.code.code: d.code for d in diagnostics}.values(), key=lambda c: c.code)
    index = {code.code: i for i, code in enumerate(codes)}
    run = {
        "tool": {
            "driver": {
                "name": "sdkforge",
                "version": _version(),
                "rules": [_sarif_rule(code) for code in codes],
            }
        },
        "originalUriBaseIds": {
            "SRCROOT": {"description": {"text": "The repository root (paths are relative to it)."}}
        },
        "results": [_sarif_result(d, index[d.code.code], strict) for d in diagnostics],
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _sarif_rule(code: Code) -> dict[str, Any]:
    level = "error" if code.severity is Severity.ERROR else "warning"
    return {
        "id": code.code,
        "name": code.slug,
        "shortDescription": {"text": code.summary},
        "defaultConfiguration": {"level": level},
    }


def _sarif_result(d: Diagnostic, rule_index: int, strict: bool) -> dict[str, Any]:
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": d.location.file, "uriBaseId": "SRCROOT"}
    }
    if d.location.line:
        physical["region"] = {
            "startLine": d.location.line,
            "startColumn": max(d.location.column, 1),
        }
    location: dict[str, Any] = {"physicalLocation": physical}
    if d.location.pointer:
        location["logicalLocations"] = [
            {"fullyQualifiedName": "#" + d.location.pointer, "kind": "member"}
        ]
    text = d.message + (f" (hint: {d.hint})" if d.hint else "")
    return {
        "ruleId": d.code.code,
        "ruleIndex": rule_index,
        "level": "error" if _is_failure(d, strict) else "warning",
        "message": {"text": text},
        "locations": [location],
    }


def to_junit(diagnostics: list[Diagnostic], spec: str, strict: bool) -> str:
    """One test suite for the spec: a failing case per error (per warning under --strict), a passing
    case with the warning as output otherwise, and one passing case when there is nothing to say."""
    import xml.etree.ElementTree as ET  # only for --format junit

    failures = [d for d in diagnostics if _is_failure(d, strict)]
    suite = ET.Element(
        "testsuite",
        {
            "name": f"sdkforge validate {spec}",
            "tests": str(max(len(diagnostics), 1)),
            "failures": str(len(failures)),
            "errors": "0",
            "skipped": "0",
        },
    )
    for d in diagnostics:
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": d.location.file, "name": f"{d.location.prefix()} {d.code.label()}"},
        )
        if _is_failure(d, strict):
            failure = ET.SubElement(case, "failure", {"message": d.message, "type": d.code.code})
            failure.text = d.format()
        else:
            ET.SubElement(case, "system-out").text = d.format()
    if not diagnostics:
        ET.SubElement(suite, "testcase", {"classname": spec, "name": f"{spec} is valid"})
    root = ET.Element(
        "testsuites",
        {"name": "sdkforge", "tests": suite.get("tests", "1"), "failures": str(len(failures))},
    )
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _version() -> str:
    from importlib.metadata import (  # costs more than a no-change `generate`
        PackageNotFoundError,
        version,
    )

    try:
        return version("sdkforge")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0"
