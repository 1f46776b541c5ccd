"""The registry of finding codes: unique, in their stage's range, each one reported somewhere, and documented."""

from __future__ import annotations

import re
from pathlib import Path

from generator.report import codes
from generator.report.diagnostics import Code

from ..golden.tree import UPDATE_HINT

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "diagnostics.md"
_BLOCK = re.compile(r"(<!-- codes:start -->\n).*?(<!-- codes:end -->)", re.S)


def test_codes_and_slugs_are_unique_and_well_formed() -> None:
    constants = [value for value in vars(codes).values() if isinstance(value, Code)]
    assert len({c.code for c in constants}) == len(constants)
    assert len({c.slug for c in constants}) == len(constants)
    for code in constants:
        assert re.fullmatch(r"SDK\d{3}", code.code), code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code.slug), code
        assert code.summary.endswith("."), code


def test_every_code_is_in_its_stage_range() -> None:
    for code in codes.BY_CODE.values():
        number = int(code.code[3:])
        assert any(first <= number <= last for first, last, _ in codes.RANGES), code


def test_every_code_is_reported_somewhere_and_nothing_reports_without_one() -> None:
    sources = {
        path: path.read_text(encoding="utf-8")
        for path in (ROOT / "generator").rglob("*.py")
        if path.name != "codes.py"
    }
    text = "\n".join(sources.values())
    unused = [
        name
        for name, value in vars(codes).items()
        if isinstance(value, Code) and f"codes.{name}" not in text
    ]
    assert unused == [], "codes no finding uses"
    # Diagnostic(...) is built only by Code.at and codes.diagnostic_from_json, so every finding names its code.
    constructors = [
        path.name for path, source in sources.items() if re.search(r"\bDiagnostic\(", source)
    ]
    assert constructors == ["diagnostics.py"]


def test_lookup_takes_the_code_or_the_slug() -> None:
    assert codes.lookup("SDK401") is codes.UNKNOWN_FORMAT
    assert codes.lookup("sdk401") is codes.UNKNOWN_FORMAT
    assert codes.lookup("unknown-format") is codes.UNKNOWN_FORMAT
    assert codes.lookup("SDK999") is None


def test_docs_list_every_code(update_golden: bool) -> None:
    text = DOC.read_text(encoding="utf-8")
    expected = _BLOCK.sub(lambda m: m.group(1) + codes.markdown_table() + m.group(2), text)
    if update_golden:
        DOC.write_text(expected, encoding="utf-8")
        return
    assert text == expected, (
        f"docs/diagnostics.md is out of step with generator/report/codes.py.\nTo accept: {UPDATE_HINT}"
    )
