"""YAML text → plain data plus where each value sits, in one parse.

PyYAML composes a node tree from libyaml's events and then constructs Python values from it, through a
generic, generator-based constructor: 2 s and 40 MiB of nodes for OpenAI's spec. Here the values are
built straight from the events (0.2 s of them): strings, nearly every scalar in an OpenAPI document,
are taken as they are; other scalars go to PyYAML's own resolver and constructors, so they read as
SafeLoader reads them. The same pass stringifies keys (`200:` means "200" in OpenAPI), follows
anchors, aliases and merge keys, counts how far aliases expand (a "billion laughs" document is
refused), and records the line and column of every value, so a later message is located without
parsing the file again. It keeps no stack of Python calls, so deep nesting cannot overflow one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_COLUMNS = 1 << 24  # a position is packed as line * _COLUMNS + column: one int, not a tuple of two


class SpecLoader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """SafeLoader without the YAML 1.1 timestamp rule: `example: 2024-01-01` stays a string, as in JSON."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
    }


class TooLarge(Exception):
    """The document's aliases expand past the limit; `line` and `column` are where the container that
    crossed it starts (the anchor or alias that multiplies)."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__(f"expands past the limit at {line}:{column}")
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A key that a mapping already had: YAML keeps only the last value, silently."""

    key: str
    pointer: str  # JSON pointer of the mapping that holds it
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Positions:
    """Line and column (1-based) of the values in one parsed document.

    Keyed by the identity of each container in the parsed data, so it is valid exactly as long as
    that data is alive and unchanged; a shared (aliased) container has the positions of its anchor.
    """

    root: int
    # id(container) → (the container itself, so the id cannot be reused; its children's positions)
    children: dict[int, tuple[Any, dict[str, int] | list[int]]]
    duplicate_keys: tuple[DuplicateKey, ...] = ()
    keys: dict[int, dict[str, int]] | None = None  # id(mapping) → where each of its keys is written
    # No merge key: every value is where its position says, and only there (an alias shares its
    # anchor's container rather than copying it; a merge key copies). See load/reparse.py.
    single_sourced: bool = False

    def locate(self, data: Any, tokens: list[str]) -> tuple[int, int]:
        """The position of the value at `tokens`, or of its closest existing parent."""
        return divmod(self._walk(data, tokens)[0], _COLUMNS)

    def locate_key(self, data: Any, tokens: list[str]) -> tuple[int, int]:
        """The position of the key that `tokens` ends with (`tpye` of `tpye: string`, not `string`);
        of the value where the key was not written in this mapping (a merge key brought it)."""
        if not tokens:
            return self.locate(data, tokens)
        _packed, parent, reached = self._walk(data, tokens[:-1])
        written = (
            (self.keys or {}).get(id(parent), {}) if reached and isinstance(parent, dict) else {}
        )
        if tokens[-1] in written:
            return divmod(written[tokens[-1]], _COLUMNS)
        return self.locate(data, tokens)

    def _walk(self, data: Any, tokens: list[str]) -> tuple[int, Any, bool]:
        """(position, node) of the deepest node on the way to `tokens`, and whether it is the one at `tokens`."""
        packed = self.root
        for token in tokens:
            container, table = self.children.get(id(data), (None, None))
            if container is not data:
                return packed, data, False
            if (
                isinstance(data, dict)
                and isinstance(table, dict)
                and token in data
                and token in table
            ):
                packed, data = table[token], data[token]
            elif (
                isinstance(data, list)
                and isinstance(table, list)
                and token.isdigit()
                and int(token) < len(data)
            ):
                packed, data = table[int(token)], data[int(token)]
            else:
                return packed, data, False
        return packed, data, True


def parse(text: str, max_nodes: int) -> tuple[Any, Positions]:
    """Raises yaml.YAMLError for bad YAML, TooLarge past `max_nodes` expanded nodes."""
    return _Builder(max_nodes).run(yaml.parse(text, Loader=SpecLoader))


def pack(line: int, column: int) -> int:
    """A 1-based line and column as Positions keeps them."""
    return line * _COLUMNS + column


def unpack(packed: int) -> tuple[int, int]:
    return divmod(packed, _COLUMNS)


def _pack(mark: Any) -> int:
    return int((mark.line + 1) * _COLUMNS + mark.column + 1)


_NO_KEY = object()  # a mapping frame waiting for its next key
_MERGE_KEY = object()  # ... or holding `<<`, whose value is merged in


@dataclass(slots=True)
class _Frame:
    """An open mapping or sequence: what the events between its start and end have built so far."""

    value: Any
    where: Any  # dict[str, int] | list[int]: positions of its values
    mark: int
    anchor: str | None
    token: str  # where it sits in its parent, for the JSON pointer of a duplicate key
    size: int = 1
    key: Any = _NO_KEY
    merges: list[dict[str, Any]] | None = None
    keys: dict[str, int] | None = None  # a mapping's: where each key is written


class _Builder:
    """PyYAML's composer and SafeConstructor in one pass over parser events, without the node tree.

    Events are typed Any: libyaml's come with its own Mark class, which the stubs do not know.
    """

    def __init__(self, max_nodes: int) -> None:
        self._max_nodes = max_nodes
        self._positions: dict[int, tuple[Any, dict[str, int] | list[int]]] = {}
        self._keys: dict[int, dict[str, int]] = {}
        self._anchors: dict[str, tuple[Any, int]] = {}  # anchor → (value, expanded size)
        self._stack: list[_Frame] = []
        self._root: tuple[Any, int] | None = None
        self._tags: dict[
            str, str
        ] = {}  # plain scalar → resolved tag: OpenAPI repeats `type: string` a lot
        self._loader = SpecLoader("")
        self._duplicates: list[DuplicateKey] = []
        self._merged = False

    def run(self, events: Iterator[Any]) -> tuple[Any, Positions]:
        first_document: Any = None
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self._scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._start(event)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self._end()
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                if first_document is not None:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        first_document,
                        "but found another document",
                        event.start_mark,
                    )
                first_document = event.start_mark
        if self._root is None:
            return None, Positions(0, {})
        return self._root[0], Positions(
            self._root[1],
            self._positions,
            tuple(self._duplicates),
            self._keys,
            single_sourced=not self._merged,
        )

    def _scalar(self, event: Any) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._plain_tag(event.value) if event.implicit[0] else _STR
        frame = self._stack[-1] if self._stack else None
        if frame is not None and frame.key is _NO_KEY and type(frame.value) is dict:
            frame.key = (
                _MERGE_KEY
                if tag == _MERGE
                else (event.value if tag == _STR else key_text(self._construct(tag, event)))
            )
            self._check_key(frame, event)
            return
        value = event.value if tag == _STR else self._construct(tag, event)
        if event.anchor is not None:
            self._anchors[event.anchor] = (value, 1)
        self._add(value, 1, _pack(event.start_mark))

    def _plain_tag(self, value: str) -> str:
        tag = self._tags.get(value)
        if tag is None:
            tag = self._tags[value] = self._loader.resolve(yaml.ScalarNode, value, (True, False))
        return tag

    def _construct(self, tag: str, event: Any) -> Any:
        constructor = SpecLoader.yaml_constructors.get(tag)
        if constructor is None:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"could not determine a constructor for the tag {tag!r}",
                event.start_mark,
            )
        return constructor(
            self._loader,
            yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style),
        )

    def _start(self, event: Any) -> None:
        is_mapping = type(event) is yaml.MappingStartEvent
        if event.tag not in (None, "!", _MAP if is_mapping else _SEQ):
            raise yaml.constructor.ConstructorError(
                None, None, f"unsupported tag {event.tag!r}", event.start_mark
            )
        parent = self._stack[-1] if self._stack else None
        if parent is not None and parent.key is _NO_KEY and type(parent.value) is dict:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a scalar", event.start_mark
            )
        value: Any = {} if is_mapping else []
        token = (
            ""
            if parent is None
            else str(parent.key if type(parent.value) is dict else len(parent.value))
        )
        frame = _Frame(
            value, {} if is_mapping else [], _pack(event.start_mark), event.anchor, token
        )
        self._positions[id(value)] = (value, frame.where)
        if is_mapping:
            frame.keys = self._keys[id(value)] = {}
        if event.anchor is not None:
            self._anchors[event.anchor] = (value, 1)  # a recursive alias sees it, and counts once
        self._stack.append(frame)

    def _end(self) -> None:
        frame = self._stack.pop()
        if frame.merges:
            _merge(frame, self._positions)
        if frame.size > self._max_nodes:
            # A container's size counts its aliases expanded, so the root's is the document's; checking
            # each one stops a "billion laughs" at the first level that is too big.
            raise TooLarge(*divmod(frame.mark, _COLUMNS))
        if frame.anchor is not None:
            self._anchors[frame.anchor] = (frame.value, frame.size)
        self._add(frame.value, frame.size, frame.mark)

    def _alias(self, event: Any) -> None:
        found = self._anchors.get(str(event.anchor))
        if found is None:
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias {event.anchor!r}", event.start_mark
            )
        value, size = found
        frame = self._stack[-1] if self._stack else None
        if frame is not None and frame.key is _NO_KEY and type(frame.value) is dict:
            if isinstance(value, dict | list):
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a scalar", event.start_mark
                )
            frame.key = key_text(value)
            self._check_key(frame, event)
            return
        self._add(value, size, _pack(event.start_mark))

    def _check_key(self, frame: _Frame, event: Any) -> None:
        key = frame.key
        if key is _MERGE_KEY:
            return
        mark = event.start_mark
        frame.keys[key] = (mark.line + 1) * _COLUMNS + mark.column + 1  # type: ignore[index]  # a mapping's frame has keys
        if key in frame.value:
            pointer = "".join(
                "/" + t.replace("~", "~0").replace("/", "~1")
                for t in [f.token for f in self._stack][1:]
            )
            line, column = divmod(_pack(mark), _COLUMNS)
            self._duplicates.append(DuplicateKey(key, pointer, line, column))

    def _add(self, value: Any, size: int, position: int) -> None:
        if not self._stack:
            self._root = (value, position)
            return
        frame = self._stack[-1]
        frame.size += size
        if type(frame.value) is list:
            frame.value.append(value)
            frame.where.append(position)
        elif frame.key is _MERGE_KEY:
            self._merged = True
            frame.merges = (frame.merges or []) + _mergeable(value)
            frame.key = _NO_KEY
        else:
            frame.value[frame.key] = value
            frame.where[frame.key] = position
            frame.key = _NO_KEY


def _mergeable(value: Any) -> list[dict[str, Any]]:
    """The mappings a `<<` value brings, weakest first (in a list, the first mapping wins)."""
    mappings = value if isinstance(value, list) else [value]
    if not all(isinstance(m, dict) for m in mappings):
        raise yaml.constructor.ConstructorError(
            None, None, "a merge key (<<) takes a mapping or a list of mappings", None
        )
    return list(reversed(mappings))


def _merge(frame: _Frame, positions: dict[int, tuple[Any, dict[str, int] | list[int]]]) -> None:
    """PyYAML's merge: merged keys first, then the mapping's own, a later one overriding an earlier."""
    entries: list[tuple[str, Any, int]] = []
    for merged in frame.merges or ():
        _, where = positions[id(merged)]
        entries += [(key, value, where[key]) for key, value in merged.items()]  # type: ignore[call-overload]
    entries += [(key, value, frame.where[key]) for key, value in frame.value.items()]
    frame.value.clear()
    frame.where.clear()
    for key, value, position in entries:
        frame.value[key] = value
        frame.where[key] = position


def key_text(key: Any) -> str:
    """A YAML key as the JSON text OpenAPI means: `200` → "200", `true` → "true", `null` → "null"."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)
