"""YAML text → plain data plus where each value sits, in one parse.

PyYAML composes nodes (in C with libyaml), then constructs Python values through a generic,
generator-based constructor. Here the nodes are composed once and walked once: strings (nearly every
scalar in an OpenAPI document) are taken as they are, other scalars go to PyYAML's own constructor,
merge keys to its `flatten_mapping`. The same walk stringifies keys (`200:` means "200" in OpenAPI),
counts how far aliases expand (a "billion laughs" document is refused), and records the line and
column of every value, so that a later message can be located without parsing the file again. The
node tree itself (40 MiB for OpenAI's spec) is dropped; the position table is a fraction of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})  # not !!set, !!omap: not JSON
_COLUMNS = 1 << 24  # a position is packed as line * _COLUMNS + column: one int, not a tuple of two


class SpecLoader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """SafeLoader without the YAML 1.1 timestamp rule: `example: 2024-01-01` stays a string, as in JSON."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
    }


class TooLarge(Exception):
    """The document's aliases expand past the limit."""


@dataclass(frozen=True, slots=True)
class Positions:
    """Line and column (1-based) of the values in one parsed document.

    Keyed by the identity of each container in the parsed data, so it is valid exactly as long as
    that data is alive and unchanged; a shared (aliased) container has the positions of its anchor.
    """

    root: int
    # id(container) → (the container itself, so the id cannot be reused; its children's positions)
    children: dict[int, tuple[Any, dict[str, int] | list[int]]]

    def locate(self, data: Any, tokens: list[str]) -> tuple[int, int]:
        """The position of the value at `tokens`, or of its closest existing parent."""
        packed = self.root
        for token in tokens:
            container, table = self.children.get(id(data), (None, None))
            if container is not data:
                break
            if isinstance(data, dict) and isinstance(table, dict) and token in data and token in table:
                packed, data = table[token], data[token]
            elif isinstance(data, list) and isinstance(table, list) and token.isdigit() and int(token) < len(data):
                packed, data = table[int(token)], data[int(token)]
            else:
                break
        return divmod(packed, _COLUMNS)


def parse(text: str, max_nodes: int) -> tuple[Any, Positions]:
    """Raises yaml.YAMLError for bad YAML, TooLarge past `max_nodes` expanded nodes."""
    node = yaml.compose(text, Loader=SpecLoader)
    if node is None:
        return None, Positions(0, {})
    builder = _Builder(max_nodes)
    data, _ = builder.build(node)
    return data, Positions(_pack(node), builder.positions)


def _pack(node: yaml.Node) -> int:
    return (node.start_mark.line + 1) * _COLUMNS + node.start_mark.column + 1


class _Builder:
    def __init__(self, max_nodes: int) -> None:
        self.positions: dict[int, tuple[Any, dict[str, int] | list[int]]] = {}
        self._max_nodes = max_nodes
        self._built: dict[int, tuple[Any, int]] = {}  # node id → (value, expanded size): aliases share both
        self._constructor = SpecLoader("")  # only its scalar constructors and flatten_mapping are used

    def build(self, node: yaml.Node) -> tuple[Any, int]:
        if isinstance(node, yaml.ScalarNode):
            return (node.value if node.tag == _STR else self._constructor.construct_object(node)), 1
        known = self._built.get(id(node))
        if known is not None:  # an alias: shares the value, and counts its whole size again
            return known
        if node.tag not in _COLLECTION_TAGS:
            raise yaml.constructor.ConstructorError(None, None, f"unsupported tag {node.tag!r}", node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node)
        assert isinstance(node, yaml.MappingNode)  # the composer makes only these three kinds
        return self._mapping(node)

    def _sequence(self, node: yaml.SequenceNode) -> tuple[list[Any], int]:
        result: list[Any] = []
        self._built[id(node)] = (result, 1)  # a recursive alias sees it, and counts once
        self.positions[id(result)] = (result, [_pack(item) for item in node.value])
        size = 1
        for item in node.value:
            value, item_size = self.build(item)
            result.append(value)
            size += item_size
        self._finish(node, result, size)
        return result, size

    def _mapping(self, node: yaml.MappingNode) -> tuple[dict[str, Any], int]:
        if any(key.tag == _MERGE for key, _ in node.value):
            self._constructor.flatten_mapping(node)
        result: dict[str, Any] = {}
        self._built[id(node)] = (result, 1)
        where: dict[str, int] = {}
        self.positions[id(result)] = (result, where)
        size = 1
        for key_node, value_node in node.value:
            key = key_node.value if key_node.tag == _STR and type(key_node) is yaml.ScalarNode else self._key(key_node)
            if value_node.tag == _STR and type(value_node) is yaml.ScalarNode:  # most values: inline
                result[key] = value_node.value
                size += 1
            else:
                value, value_size = self.build(value_node)
                result[key] = value
                size += value_size
            mark = value_node.start_mark
            where[key] = (mark.line + 1) * _COLUMNS + mark.column + 1
        self._finish(node, result, size)
        return result, size

    def _key(self, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(None, None, "a mapping key must be a scalar", node.start_mark)
        if node.tag == _STR:
            return str(node.value)
        return key_text(self._constructor.construct_object(node))

    def _finish(self, node: yaml.Node, result: Any, size: int) -> None:
        # A container's size counts its aliases expanded, so the root's is the document's; checking
        # each container stops a "billion laughs" at the first level that is too big.
        if size > self._max_nodes:
            raise TooLarge
        self._built[id(node)] = (result, size)


def key_text(key: Any) -> str:
    """A YAML key as the JSON text OpenAPI means: `200` → "200", `true` → "true", `null` → "null"."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)
