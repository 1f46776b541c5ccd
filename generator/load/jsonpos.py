"""Where a value sits in JSON text, found on demand: a JSON spec is read with `json` (no positions).

Parsing the whole text again with positions (as YAML) costs seconds on a large spec such as GitHub's,
for the few dozen findings that need a line. Here a pointer is followed through the text itself: at
each object or array on the way, the members are scanned once (values skipped with the C decoder)
and their offsets kept, so later pointers through the same containers cost little.
"""

from __future__ import annotations

import json
import re

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class JsonPositions:
    """Line and column (1-based, in characters) of the value at a JSON pointer in one JSON text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._tables: dict[
            int, dict[str, int] | list[int]
        ] = {}  # container offset → its members' offsets
        self._keys: dict[
            int, dict[str, int]
        ] = {}  # object offset → where each of its keys is written

    def locate(self, tokens: list[str]) -> tuple[int, int]:
        """The position of the value at `tokens`, or of its closest existing parent."""
        return self._line_column(self._walk(tokens)[0])

    def locate_key(self, tokens: list[str]) -> tuple[int, int]:
        """The position of the key that `tokens` ends with (its opening quote), not of its value."""
        if not tokens:
            return self.locate(tokens)
        offset, reached = self._walk(tokens[:-1])
        if (
            reached
            and isinstance(self._table(offset), dict)
            and tokens[-1] in self._keys.get(offset, {})
        ):
            return self._line_column(self._keys[offset][tokens[-1]])
        return self.locate(tokens)

    def _walk(self, tokens: list[str]) -> tuple[int, bool]:
        """The offset of the deepest value on the way to `tokens`, and whether it is the one at `tokens`."""
        offset = self._skip(0)
        for token in tokens:
            table = self._table(offset)
            if isinstance(table, dict) and token in table:
                offset = table[token]
            elif isinstance(table, list) and token.isdigit() and int(token) < len(table):
                offset = table[int(token)]
            else:
                return offset, False
        return offset, True

    def _line_column(self, offset: int) -> tuple[int, int]:
        line_start = self._text.rfind("\n", 0, offset) + 1
        return self._text.count("\n", 0, offset) + 1, offset - line_start + 1

    def _skip(self, offset: int) -> int:
        match = _WHITESPACE.match(self._text, offset)
        return match.end() if match else offset

    def _table(self, offset: int) -> dict[str, int] | list[int] | None:
        if offset >= len(self._text) or self._text[offset] not in "{[":
            return None
        if offset not in self._tables:
            self._tables[offset] = self._members(offset)
        return self._tables[offset]

    def _members(self, offset: int) -> dict[str, int] | list[int]:
        """The offsets of the values of the object or array that starts at `offset` (and of an object's keys)."""
        text = self._text
        is_object = text[offset] == "{"
        keyed: dict[str, int] = {}
        listed: list[int] = []
        keys: dict[str, int] = {}
        position = self._skip(offset + 1)
        while position < len(text) and text[position] not in "}]":
            if is_object:
                start = position
                key, position = json.decoder.scanstring(text, position + 1)  # type: ignore[attr-defined]
                keys[key] = start
                position = self._skip(self._skip(position) + 1)  # past the colon
                keyed[key] = position  # a repeated key: the last one wins, as in json.loads
            else:
                listed.append(position)
            _, position = _DECODER.raw_decode(text, position)
            position = self._skip(position)
            if position < len(text) and text[position] == ",":
                position = self._skip(position + 1)
        if is_object:
            self._keys[offset] = keys
        return keyed if is_object else listed
