"""Spec values → literal text in the languages sdkforge writes: Python values, TOML strings, one-line markdown.

SECURITY: the spec may be hostile. A value reaches a generated file only as a literal made here, by
layout.pyliteral, or by docs.clean_doc (docstrings); never between quotes a template wrote by hand.
Each function returns text that reads back as exactly the value, or refuses (None).
"""

from __future__ import annotations

import ast
import datetime
import math
import re
from typing import Any

_NO_VALUE = object()


def python_literal(value: object) -> str | None:
    """repr() of a JSON-like spec value, checked to read back (ast.literal_eval) as that same value.

    YAML turns an unquoted `2024-01-01` into a date, which has no literal: it is written back as the
    string the author typed. NaN and infinities have no literal either (and no JSON form): None."""
    plain = _json_like(value)
    if plain is _NO_VALUE:
        return None
    text = repr(plain)
    try:
        same = ast.literal_eval(text) == plain
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        same = False
    return text if same else None


def _json_like(value: object) -> Any:
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _NO_VALUE
    if isinstance(value, datetime.date):  # datetime.datetime is a date too
        return value.isoformat()
    if isinstance(value, list | tuple):
        items = [_json_like(v) for v in value]
        return _NO_VALUE if any(i is _NO_VALUE for i in items) else type(value)(items)
    if isinstance(value, dict):
        pairs = {k: _json_like(v) for k, v in value.items() if isinstance(k, str)}
        return _NO_VALUE if len(pairs) != len(value) or _NO_VALUE in pairs.values() else pairs
    return _NO_VALUE


_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_TOML_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]|[\ud800-\udfff]')


def toml_string(text: str) -> str:
    """A TOML basic string ("...") that reads back as `text` (TOML 1.0: quote, backslash and control
    characters escaped; a lone surrogate, which no TOML or UTF-8 file can hold, becomes U+FFFD)."""
    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if "\ud800" <= char <= "\udfff":
            return "\ufffd"
        return _TOML_ESCAPES.get(char) or f"\\u{ord(char):04x}"

    return '"' + _TOML_NEEDS_ESCAPE.sub(escape, text) + '"'


_BREAKS = re.compile(r"[\s\x00-\x1f\x7f\u0085\u2028\u2029]+")


def one_line(text: object) -> str:
    """Text on one line (every run of whitespace or control characters → one space): in markdown it
    cannot open a heading, a list or a code fence, nor close the fence it is printed in."""
    return _BREAKS.sub(" ", str(text)).strip()
