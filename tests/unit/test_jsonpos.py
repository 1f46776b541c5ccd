"""JSON positions found in the text agree with libyaml's marks (yamldoc parses JSON as YAML) everywhere."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.load import yamldoc
from generator.load.jsonpos import JsonPositions

SPECS_DIR = Path(__file__).resolve().parents[3] / "shared" / "specs"
SAMPLE = (
    '{\n  "a": {"b": [1, 2.5e+3, {"c": "d\\"\\u00e9"}], "\\u00fcnicode \\u00e9t\\u00e9": "\\u4e2d\\u6587 x"},\n'
    '\t"e" :  [ [], {}, null, true, "x,y]" ],\n  "f/g": {"~h": -0.5}, "a2": "\\\\"\n}\n'
)


def _pointers(value: Any, tokens: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield tokens
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _pointers(child, (*tokens, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _pointers(child, (*tokens, str(index)))


def _assert_agree(text: str) -> int:
    data, positions = yamldoc.parse(text, 10_000_000)
    assert data == json.loads(text)
    located = JsonPositions(text)
    count = 0
    for tokens in _pointers(data):
        assert located.locate(list(tokens)) == positions.locate(data, list(tokens)), tokens
        assert located.locate_key(list(tokens)) == positions.locate_key(data, list(tokens)), tokens
        count += 1
    return count


def test_positions_agree_with_libyaml_on_a_tricky_document() -> None:
    assert _assert_agree(SAMPLE) > 15


def test_a_key_is_located_at_its_opening_quote_and_an_item_at_its_value() -> None:
    located = JsonPositions(SAMPLE)
    assert located.locate_key(["e"]) == (3, 2)  # `"e" :  [...]`
    assert located.locate(["e"]) == (3, 9)
    assert located.locate_key(["e", "1"]) == located.locate(["e", "1"])  # an array item has no key
    assert located.locate_key(["a", "nope"]) == located.locate(["a"])


def test_a_missing_member_gives_the_closest_parent() -> None:
    located = JsonPositions(SAMPLE)
    assert located.locate(["a", "b", "9"]) == located.locate(["a", "b"])
    assert located.locate(["nope", "x"]) == (1, 1)


@pytest.mark.skipif(
    not SPECS_DIR.is_dir(), reason=f"no public specs at {SPECS_DIR} (../shared is absent)"
)
@pytest.mark.parametrize(
    "name", ["oas30-petstore.json", "oas31-train-travel.json", "oas30-discriminators.json"]
)
def test_positions_agree_with_libyaml_on_public_specs(name: str) -> None:
    path = SPECS_DIR / name
    if not path.is_file():
        pytest.skip(f"{name} is not in {SPECS_DIR}")
    assert _assert_agree(path.read_text(encoding="utf-8")) > 20
