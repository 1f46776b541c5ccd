"""spec/openapi.yaml has no plain scalar that YAML 1.1 reads as a boolean unless it says true or false.

PyYAML (and every YAML 1.1 loader) reads bare ON, OFF, yes, no, y and n as booleans, so an
`enum: [AUTO, ON, OFF]` meant as strings became `Literal["AUTO", True, False]` in the SDK. Such
scalars must be quoted.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"
# YAML 1.1 booleans that PyYAML's resolver leaves as strings, but other 1.1 loaders do not.
_YAML11_ONLY = frozenset({"y", "Y", "n", "N"})


def boolean_lookalikes(text: str) -> list[str]:
    """`line:column value` of every plain scalar resolved to bool that is not written true/false."""
    found = []
    stack = [yaml.compose(text, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            as_bool = node.tag == "tag:yaml.org,2002:bool" or (
                node.style is None and node.value in _YAML11_ONLY
            )
            if as_bool and node.value not in ("true", "false"):
                found.append(
                    f"{node.start_mark.line + 1}:{node.start_mark.column + 1} {node.value}"
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return sorted(found)


def test_the_spec_quotes_boolean_lookalikes() -> None:
    assert boolean_lookalikes(SPEC_PATH.read_text(encoding="utf-8")) == []


def test_the_check_sees_a_bare_on() -> None:
    assert boolean_lookalikes("enum: [AUTO, ON, OFF, 'yes', n, true]\n") == [
        "1:14 ON",
        "1:18 OFF",
        "1:30 n",
    ]
