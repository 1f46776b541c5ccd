"""`sdkforge watch` re-reads a one-value edit by patching the last parse (load/reparse.py): every patch it
makes must be exactly what a full parse of the new text gives, values and positions, and everything
else must fall back to the full parse. The edits are random, on the relay spec: 30 here (a few seconds);
the same test with 1,500 edits and another seed passed when reparse.py was written."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.config import Config
from generator.ir.build import build_api
from generator.load import reparse
from generator.load.spec import load_spec
from generator.load.yamldoc import Positions, parse
from generator.render.sdk import render_sdk
from generator.validate.spec import validate_spec

SPEC = Path(__file__).parents[2] / "spec" / "openapi.yaml"
ALPHABET = "abc XYZ09:#\"',[]{}&*!|>-@`%é\\\t?"


@pytest.fixture
def enabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reparse, "_enabled", True)
    monkeypatch.setattr(reparse, "_last", {})


def _tables(data: Any, positions: Positions, at: str = "") -> Iterator[tuple[str, Any]]:
    """Every container's position table, by JSON pointer (the same shape for equal parses)."""
    _, where = positions.children[id(data)]
    yield at, dict(where) if isinstance(where, dict) else list(where)
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        if isinstance(value, dict | list):
            yield from _tables(value, positions, f"{at}/{key}")


def _edit(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    line = lines[index]
    at = rng.randrange(len(line) + 1)
    cut = rng.randrange(4)
    insert = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(6)))
    lines[index] = line[:at] + insert + line[at + cut :]
    return "\n".join(lines)


def test_every_patch_is_the_full_parse(enabled: None) -> None:
    original = SPEC.read_text(encoding="utf-8")
    rng = random.Random(12)
    patches = 0
    for _ in range(30):
        reparse._last.clear()
        data, positions = parse(original, 10_000_000)
        reparse.remember(SPEC, original, data, positions)
        before = dict(_tables(data, positions))
        edited = _edit(original, rng)
        result = reparse.patched(SPEC, edited)
        if result is None:
            continue
        patches += 1
        full, full_positions = parse(
            edited, 10_000_000
        )  # a patch of a text that does not parse is a bug
        assert json.dumps(result[0]) == json.dumps(full), edited
        assert dict(_tables(full, full_positions)) == before
    assert patches >= 3, patches  # the fast path is taken, not only the fallback


@pytest.mark.parametrize(
    ("old", "new", "patched"),
    [
        (
            "description: What went wrong, in words.",
            "description: What went wrong, in a word.",
            True,
        ),
        ("description: What went wrong, in words.", 'description: "What: went wrong"', True),
        (
            "description: What went wrong, in words.",
            "description: a, [b]",
            True,
        ),  # in a block mapping
        ("description: What went wrong, in words.", "description: |", False),  # a block scalar
        ("description: What went wrong, in words.", "description: &a x", False),  # an anchor
        ("description: What went wrong, in words.", "description: 12", False),  # not a string
        ("description: What went wrong, in words.", "summary: What went wrong", False),  # the key
    ],
)
def test_what_is_patched_and_what_is_parsed_again(
    enabled: None, old: str, new: str, patched: bool
) -> None:
    original = SPEC.read_text(encoding="utf-8")
    data, positions = parse(original, 10_000_000)
    reparse.remember(SPEC, original, data, positions)
    edited = original.replace(old, new, 1)
    result = reparse.patched(SPEC, edited)
    assert (result is not None) is patched
    if result is not None:
        assert json.dumps(result[0]) == json.dumps(parse(edited, 10_000_000)[0])


def test_a_merge_key_means_a_full_parse_and_an_alias_sees_the_patch(
    enabled: None, tmp_path: Path
) -> None:
    path = tmp_path / "s.yaml"
    for text, patched in [
        ("a: &x\n  b: one\nc:\n  <<: *x\n", False),  # the merge copied `b`
        ("a: &x\n  b: one\nc: *x\n", True),  # the alias shares `a`'s mapping
        ("a: &x one\nc: *x\n", False),  # an anchored scalar
        ("x: [\n  b: one\n]\n", True),  # in a flow sequence, a quoted or plain value without `,`
        ("x: [\n  b: one\n]\n", False),  # ... but `one, y` would be two items there
    ]:
        reparse._last.clear()
        data, positions = parse(text, 100)
        reparse.remember(path, text, data, positions)
        edited = text.replace("one", "two" if patched else "two, y")
        result = reparse.patched(path, edited)
        assert (result is not None) is patched, text
        if result is not None:
            assert result[0] == parse(edited, 100)[0]


def test_the_pipeline_never_changes_the_parse_it_is_given() -> None:
    """What lets watch patch the last parse instead of parsing again: no stage writes into the spec."""
    spec = load_spec(SPEC)
    before = json.dumps(spec.data)
    validate_spec(spec)
    api, _ = build_api(spec, Config())
    render_sdk(api)
    assert json.dumps(spec.data) == before
