"""spec/openapi.yaml passes `sdkforge validate` with no finding at all: openapi-spec-validator (3.1), unique
operationIds, summary/tags/x-nav-entries on every operation, examples on every request and response, and
every example (each SSE `data:` payload included) valid against its schema. The linter that checks this is
tested on broken copies of the spec below, so a rule that stopped working would show."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import check_spec

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"


def test_spec_has_no_findings() -> None:
    findings = check_spec(SPEC_PATH, display="spec/openapi.yaml")
    assert [d.format() for d in findings] == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "max_tokens: 1024",
            "max_tokens: many",
            "example does not match its schema: 'many' is not of type 'integer'",
        ),
        ('\\"object\\":\\"chat.completion.chunk\\"', '\\"object\\":7', "data line 1: 7 is not"),
        (
            "operationId: listModels\n      summary: List models",
            "operationId: listModels",
            "operation has no `summary`",
        ),
        (
            "        source: router/relay-router.go, controller/model.go (new-api)\n",
            "",
            "`x-nav-absent` needs a non-empty `source`",
        ),
        ("      x-nav-entries: [rerank.rerank]\n", "", "operation has no `x-nav-entries`"),
    ],
)
def test_the_linter_catches_a_broken_copy(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = SPEC_PATH.read_text(encoding="utf-8")
    assert old in text, f"the spec changed; pick another line to break than {old!r}"
    broken = tmp_path / "openapi.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    messages = [d.format() for d in check_spec(broken, display="openapi.yaml") if d.is_error]
    assert any(expected in m for m in messages), "\n".join(messages)
    assert all(m.startswith("openapi.yaml:") for m in messages)
