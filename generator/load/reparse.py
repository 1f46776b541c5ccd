"""An edit of one value on one line, read without parsing the whole document again (`sdkforge watch`).

While one process watches a spec, most saves change one scalar: a description, a summary, a type.
Parsing 200 kB of YAML again costs more than anything else left in regenerating after such an edit.
So the last full parse of each file is kept, and a new text that differs from it within one line,
where that line is one `key: value` entry whose value is a single-line string before and after, gets
the last parse with that one value replaced. Only `sdkforge watch` turns this on (enable()).

Every doubt means a full parse:
- a document with a merge key (it copies values: one written once may be found elsewhere too) or a
  duplicate key (the value on the line may not be the one kept); an alias shares its anchor's
  container, so a value patched there is patched wherever the alias is, as a full parse would have it;
- a change across lines, or of a key, or of a `$ref` (the loader follows those);
- a line that, read alone, is not exactly one key and one plain or quoted scalar without anchor or tag
  (an anchored scalar is copied by its aliases; an alias is not a scalar);
- a value that is not a string before and after, or a plain one with a flow indicator (`,[]{}`) in a
  mapping that is not a block mapping: inside a flow collection that would end the scalar early;
- a value not where the last parse put it, or not the same as the line alone gives: that proves the
  old scalar was a whole single-line one.

The last parse is patched in place: its containers keep their identities, so its Positions stays valid.
tests/unit/test_reparse.py edits the relay spec at random and compares every patch with a full parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .yamldoc import Positions, SpecLoader, pack, parse, unpack

_ENTRY_EVENTS = (
    yaml.StreamStartEvent,
    yaml.DocumentStartEvent,
    yaml.MappingStartEvent,
    yaml.ScalarEvent,
    yaml.ScalarEvent,
    yaml.MappingEndEvent,
    yaml.DocumentEndEvent,
    yaml.StreamEndEvent,
)
_FLOW_INDICATORS = frozenset(",[]{}")


@dataclass(slots=True)
class _Parse:
    text: str
    data: Any
    positions: Positions
    # value position → (mapping, key), and id(container) → its position and its parent: built on the
    # first patch
    index: dict[int, tuple[dict[str, Any], str]] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)
    parents: dict[int, Any] = field(default_factory=dict)
    offsets: tuple[str, list[int]] = ("", [])  # (the text, where each of its lines starts)

    def at(self, packed: int) -> tuple[dict[str, Any], str] | None:
        if not self.index:
            self.starts[id(self.data)] = self.positions.root
            for container, where in self.positions.children.values():
                pairs = where.items() if isinstance(where, dict) else enumerate(where)
                for key, position in pairs:
                    child = container[key]
                    if isinstance(child, dict | list):
                        self.starts.setdefault(id(child), position)
                        self.parents.setdefault(id(child), container)
                    elif isinstance(container, dict):
                        self.index[position] = (container, str(key))
        return self.index.get(packed)

    def _offsets(self) -> list[int]:
        if self.offsets[0] is not self.text:
            starts = [0]
            at = self.text.find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = self.text.find("\n", at + 1)
            self.offsets = (self.text, starts)
        return self.offsets[1]

    def in_block(self, mapping: dict[str, Any]) -> bool:
        """Whether no flow collection holds `mapping`: neither it nor a container around it starts with
        `{` or `[` (a block collection starts at its first entry)."""
        node: Any = mapping
        while node is not None:
            line, column = unpack(self.starts.get(id(node), 0))
            offsets = self._offsets()
            start = offsets[line - 1] if 0 < line <= len(offsets) else -1
            if start < 0 or self.text[start + column - 1 : start + column] in ("{", "[", ""):
                return False
            node = self.parents.get(id(node))
        return True


_enabled = False
_last: dict[Path, _Parse] = {}


def enable() -> None:
    global _enabled
    _enabled = True


def remember(path: Path, text: str, data: Any, positions: Positions | None) -> None:
    """Keep a full parse of `path` for the next patch, if its document is one a patch can be made to."""
    if not _enabled:
        return
    if positions is not None and positions.single_sourced and not positions.duplicate_keys:
        _last[path] = _Parse(text, data, positions)
    else:
        _last.pop(path, None)


def patched(path: Path, text: str) -> tuple[Any, Positions] | None:
    """The last parse of `path` with the one value `text` changes; None when a full parse must decide."""
    last = _last.get(path) if _enabled else None
    if last is None or last.text == text:
        return None
    edit = _one_value(last, text)
    if edit is None:
        _last.pop(path, None)
        return None
    container, key, value = edit
    container[key] = value
    last.text = text
    return last.data, last.positions


def _one_value(last: _Parse, text: str) -> tuple[dict[str, Any], str, str] | None:
    """(mapping, key, new value) when `text` changes exactly one single-line string value of `last`."""
    old = last.text
    start = _common_prefix(old, text)
    tail = _common_suffix(old, text, start)
    if any(c in "\r\n" for c in old[start : len(old) - tail] + text[start : len(text) - tail]):
        return None
    line_start = old.rfind("\n", 0, start) + 1
    before = _entry(old[line_start : _line_end(old, start)])
    after = _entry(text[line_start : _line_end(text, start)])
    if before is None or after is None or before[0] != after[0] or before[2] != after[2]:
        return None
    key, old_value, column, _ = before
    line = old.count("\n", 0, line_start) + 1
    found = last.at(pack(line, column))
    if found is None or found[1] != key or found[0].get(key) != old_value:
        return None
    if after[3] and not last.in_block(found[0]):
        return None  # a plain `,` `[` `]` `{` `}` would end the scalar inside a flow collection
    return found[0], key, after[1]


def _entry(line: str) -> tuple[str, str, int, bool] | None:
    """(key, string value, 1-based column of the value, whether it is plain with a flow indicator) of a
    line that is one `key: scalar` entry alone."""
    try:
        # Any: libyaml's events, whose attributes the stubs do not know (yamldoc.py says the same)
        events: list[Any] = list(yaml.parse(line, Loader=SpecLoader))
        if tuple(type(e) for e in events) != _ENTRY_EVENTS:
            return None
        mapping, key, value = events[2], events[3], events[4]
        if mapping.flow_style or any(
            e.anchor is not None or e.tag is not None for e in (mapping, key, value)
        ):
            return None
        if value.style not in ("", "'", '"') or key.style not in ("", "'", '"'):
            return None
        data, positions = parse(line, 10)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or len(data) != 1:
        return None
    ((name, text),) = data.items()
    if name == "$ref" or not isinstance(text, str):
        return None
    _, where = positions.children[id(data)]
    assert isinstance(where, dict)
    flowing = value.style == "" and bool(_FLOW_INDICATORS.intersection(value.value))
    return name, text, unpack(where[name])[1], flowing


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix (a binary search of C-speed slice comparisons)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, prefix: int) -> int:
    """The longest common suffix that does not overlap the common prefix."""
    low, high = 0, min(len(a), len(b)) - prefix
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low
