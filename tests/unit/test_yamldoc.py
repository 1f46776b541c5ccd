"""yamldoc.parse must read YAML as PyYAML's SafeLoader does (minus timestamps) and know where things are."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import yamldoc
from generator.load.spec import LoadError, load_spec

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
json_like = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


def _pyyaml(text: str) -> Any:
    def stringify(value: Any) -> Any:
        if isinstance(value, dict):
            return {yamldoc.key_text(k): stringify(v) for k, v in value.items()}
        return [stringify(v) for v in value] if isinstance(value, list) else value

    return stringify(yaml.load(text, Loader=yamldoc.SpecLoader))


@settings(max_examples=200, deadline=None)
@given(json_like, st.sampled_from([False, True]))
def test_reads_what_pyyaml_reads(data: Any, flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assert yamldoc.parse(text, 10_000)[0] == _pyyaml(text)


def test_yaml_specifics_match_pyyaml() -> None:
    text = """\
base: &base {a: 1, b: [x, y]}
merged: {<<: *base, b: 2}
200: ok
true: yes
null: ~
~: 1.5e3
day: 2024-01-01
hex: 0x1F
inf: .inf
shared: *base
"""
    data, _ = yamldoc.parse(text, 1000)
    assert data == _pyyaml(text)
    assert data["merged"] == {"a": 1, "b": 2}
    assert data["day"] == "2024-01-01"  # no timestamps: JSON has none
    assert data["shared"] is data["base"]  # aliases stay shared, as in PyYAML


def test_positions_of_nested_values() -> None:
    text = "a:\n  b:\n    - x\n    - {c: 1, d: [2, 3]}\n"
    data, positions = yamldoc.parse(text, 1000)
    assert positions.locate(data, []) == (1, 1)
    assert positions.locate(data, ["a", "b"]) == (3, 5)
    assert positions.locate(data, ["a", "b", "1", "d", "1"]) == (4, 21)
    assert positions.locate(data, ["a", "missing", "deeper"]) == (2, 3)  # the closest parent
    assert positions.locate({"a": 1}, ["a"]) == (1, 1)  # other data: nothing beyond the root


def _key_marks(
    node: Any, tokens: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], tuple[int, int]]]:
    """(pointer tokens, 1-based line and column of the key) of every mapping key, from PyYAML's own node tree."""
    found = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*tokens, yamldoc.key_text(yaml.safe_load(yaml.serialize(key))))
            found.append((here, (key.start_mark.line + 1, key.start_mark.column + 1)))
            found += _key_marks(value, here)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found += _key_marks(item, (*tokens, str(index)))
    return found


@settings(max_examples=100, deadline=None)
@given(json_like, st.sampled_from([False, True]))
def test_keys_are_located_where_pyyaml_composes_them(data: Any, flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    parsed, positions = yamldoc.parse(text, 10_000)
    for tokens, mark in _key_marks(yaml.compose(text, Loader=yamldoc.SpecLoader)):
        assert positions.locate_key(parsed, list(tokens)) == mark, tokens


def test_a_finding_about_a_key_points_at_the_key() -> None:
    text = "schema:\n  tpye: string\n  items: {tpye: integer}\n  list: [a, b]\n"
    data, positions = yamldoc.parse(text, 10_000)
    assert positions.locate_key(data, ["schema", "tpye"]) == (2, 3)
    assert positions.locate(data, ["schema", "tpye"]) == (2, 9)
    assert positions.locate_key(data, ["schema", "items", "tpye"]) == (3, 11)
    assert positions.locate_key(data, ["schema", "list", "1"]) == positions.locate(
        data, ["schema", "list", "1"]
    )
    assert positions.locate_key(data, ["schema", "nope"]) == positions.locate(data, ["schema"])


def test_a_recursive_alias_is_built_once() -> None:
    data, _ = yamldoc.parse("a: &x [1, *x]\n", 1000)
    assert data["a"][1] is data["a"]


def test_a_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    spec = tmp_path / "bomb.yaml"
    spec.write_text("\n".join(lines) + "\n")
    started = time.perf_counter()
    with pytest.raises(LoadError, match="expands to more than"):
        load_spec(spec)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("text", ["a: !!set {x, y}\n", "? [a, b]\n: 1\n", "a: !custom 1\n"])
def test_what_json_cannot_say_is_an_error(text: str) -> None:
    with pytest.raises(yaml.YAMLError):
        yamldoc.parse(text, 1000)


def test_json_documents_are_located_on_demand(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.json"
    spec.write_text('{\n  "openapi": "3.1.0",\n  "info": {\n    "title": "T"\n  }\n}\n')
    document = load_spec(spec).root
    assert document.positions is None
    assert (document.locate("/info/title").line, document.locate("/info/title").column) == (4, 14)


def test_duplicate_keys_are_recorded_where_the_second_one_is() -> None:
    text = "paths:\n  /a/b:\n    get: 1\n    get: 2\nlist:\n  - {x: 1, x: 2}\n"
    data, positions = yamldoc.parse(text, 1000)
    assert data["paths"]["/a/b"] == {"get": 2}  # YAML's rule: the last one wins
    found = [(d.key, d.pointer, d.line, d.column) for d in positions.duplicate_keys]
    assert found == [("get", "/paths/~1a~1b", 4, 5), ("x", "/list/0", 6, 12)]


def test_merge_keys_are_not_duplicates() -> None:
    _, positions = yamldoc.parse("base: &b {a: 1}\nmerged: {<<: *b, a: 2}\n", 1000)
    assert positions.duplicate_keys == ()


def test_an_alias_bomb_is_refused_where_it_expands() -> None:
    text = "a: &a [1, 1, 1, 1]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"
    with pytest.raises(yamldoc.TooLarge) as refused:
        yamldoc.parse(text, 50)
    assert (refused.value.line, refused.value.column) == (3, 4)
