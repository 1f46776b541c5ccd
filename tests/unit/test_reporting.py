"""reporting.py and policy.py on hand-made findings: grouping by kind, counts by code, ignore and promote."""

from __future__ import annotations

import pytest

from generator.report import codes
from generator.report.diagnostics import Diagnostic, Location, Severity
from generator.report.policy import Policy, UnknownCode
from generator.report.reporting import finding_lines, message_template, summary_lines, totals


def at(
    line: int,
    code: codes.Code = codes.UNKNOWN_FORMAT,
    message: str = "unknown string format 'x'; typed as str",
) -> Diagnostic:
    return code.at(Location("s.yaml", line, 1), message)


def test_template_masks_quoted_values_and_numbers() -> None:
    assert (
        message_template("unknown string format 'base64url'; typed as str")
        == "unknown string format …; typed as str"
    )
    assert (
        message_template('operationId "a" is used by 3 operations')
        == "operationId … is used by … operations"
    )


def test_a_kind_past_three_is_counted_after_its_third() -> None:
    found = [at(n) for n in range(1, 6)] + [
        at(9, codes.LOOSE_ENUM, "enum values that are not str/int/bool/null; typed loosely")
    ]
    lines = finding_lines(found)
    assert [line.split(":")[1] for line in lines if line.startswith("s.yaml")] == [
        "1",
        "2",
        "3",
        "9",
    ]
    assert lines[3].startswith("... and 2 more like this  [SDK401 unknown-format]")
    assert len(finding_lines(found, verbose=True)) == 6


def test_different_templates_of_one_code_are_different_kinds() -> None:
    found = [at(n, message=f"unknown string format 'f{n}'; typed as str") for n in range(4)]
    found += [
        at(n, codes.UNKNOWN_TYPE, f"unknown type 't{n}'; typed as Any") for n in range(10, 12)
    ]
    assert sum(line.startswith("... and") for line in finding_lines(found)) == 1


def test_errors_are_never_grouped_nor_hidden() -> None:
    errors = [
        codes.DANGLING_REF.at(Location("s.yaml", n, 1), f"$ref '#/x{n}' does not resolve")
        for n in range(10)
    ]
    assert len(finding_lines(errors)) == 10
    assert len(finding_lines(errors, quiet=True)) == 10


def test_summary_puts_errors_first_then_the_most_frequent() -> None:
    found = (
        [at(n) for n in range(12)]
        + [at(20, codes.LOOSE_ENUM, "enum")]
        + [codes.DANGLING_REF.at(Location("s.yaml", 30, 1), "$ref")]
    )
    assert summary_lines(found) == [
        "Findings by code:",
        "   1 error    SDK014 dangling-ref",
        "  12 warning  SDK401 unknown-format",
        "   1 warning  SDK403 loose-enum",
    ]
    assert totals(found) == "1 error(s), 13 warning(s)"
    assert summary_lines([]) == []


def test_policy_ignores_promotes_and_strict_promotes_the_rest() -> None:
    found = [at(1), at(2, codes.LOOSE_ENUM, "enum"), at(3, codes.MISSING_OPERATION_ID, "no id")]
    kept = Policy.of(ignore=["unknown-format"], error=["SDK403"]).apply(found)
    assert [(d.code.code, d.severity) for d in kept] == [
        ("SDK403", Severity.ERROR),
        ("SDK200", Severity.WARNING),
    ]
    strict = Policy.of(ignore=["SDK401"], strict=True).apply(found)
    assert [(d.code.code, d.severity) for d in strict] == [
        ("SDK403", Severity.ERROR),
        ("SDK200", Severity.ERROR),
    ]


@pytest.mark.parametrize(
    ("ignore", "error", "message"),
    [
        (["SDK4O1"], [], "ignore: unknown code 'SDK4O1' (did you mean SDK401 unknown-format?)"),
        (
            [],
            ["loose-enums"],
            "error: unknown code 'loose-enums' (did you mean SDK403 loose-enum?)",
        ),
        (["SDK110"], [], "ignore: SDK110 duplicate-operation-id is an error and cannot be ignored"),
        (["SDK401"], ["unknown-format"], "SDK401 unknown-format is both ignored and promoted"),
    ],
)
def test_policy_refuses_unknown_and_impossible_codes(
    ignore: list[str], error: list[str], message: str
) -> None:
    with pytest.raises(
        UnknownCode, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")
    ):
        Policy.of(ignore, error)
