"""Spec values → literal text in the languages sdkforge writes: Python literals and docstrings, TOML strings,
one-line markdown.

SECURITY: the spec may be hostile. A value reaches a generated file only as a literal made here or by
docs.clean_doc (docstrings); never between quotes a template wrote by hand. Each function returns text that
reads back as exactly the value, or refuses (None). Layout (line breaks, quotes in code, docstring
indentation) is the formatter's job (output/format.py).
"""

from __future__ import annotations

import ast
import datetime
import math
import re
import unicodedata
from typing import Any

LINE_LENGTH = 100  # format.LINE_LENGTH, without importing the formatting stage

_SINGLE_QUOTED_TOKEN = re.compile(r"\\.|\"")


def pystr(value: str) -> str:
    """A str literal: repr(), in double quotes unless they would need more escapes (as the formatters
    print it, so that text inside another literal, such as `cast("...")`'s, reads the same)."""
    literal = repr(value)
    if literal[0] == '"' or value.count('"') > value.count("'"):
        return literal  # repr chose double quotes, or single quotes need fewer escapes
    return '"' + _SINGLE_QUOTED_TOKEN.sub(_swap_quote, literal[1:-1]) + '"'


def _swap_quote(match: re.Match[str]) -> str:
    token = match.group()
    return "'" if token == "\\'" else '\\"' if token == '"' else token


def pyliteral(value: object) -> str:
    """repr() for the values a spec can hold (str, numbers, bool, None, and tuples, lists, dicts of them)."""
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, tuple):
        items = [pyliteral(v) for v in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    if isinstance(value, list):
        return f"[{', '.join(pyliteral(v) for v in value)}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pyliteral(k)}: {pyliteral(v)}" for k, v in value.items()) + "}"
    return repr(value)


# A str literal as repr() writes it, not glued to a prefix letter (b'' stays as it is).
_REPR_STRING = re.compile(r"""(?<![\w'"])(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")""")


def requote(code: str) -> str:
    """The repr()-made str literals inside a piece of code (an annotation, a default), quoted as pystr
    quotes them. Generated source needs no such thing (the formatter does it); text that no formatter
    sees, such as the signatures in api.md, does."""
    if "'" not in code:
        return code
    return _REPR_STRING.sub(_requote_literal, code)


def _requote_literal(match: re.Match[str]) -> str:
    """pystr() of the literal's value, worked out on repr()'s text: in single quotes it escapes every
    `'` and no `"`; double quotes are taken unless that needs more escapes."""
    literal = match.group()
    body = literal[1:-1]
    if literal[0] == '"':
        return literal
    tokens = _SINGLE_QUOTED_TOKEN.findall(body)
    if '\\"' in tokens:  # not as repr() writes it: let the value decide
        import ast

        return pystr(ast.literal_eval(literal))
    if tokens.count('"') > tokens.count("\\'"):
        return literal
    return '"' + _SINGLE_QUOTED_TOKEN.sub(_swap_quote, body) + '"'


_LINE_BREAK = re.compile(r"\r\n|[\r\n]")


def docstring(text: str, indent: int) -> str:
    """`\"\"\"text\"\"\"` as the first statement of a body at `indent`, continuation lines re-indented.

    `text` must already be safe inside triple quotes (docs.clean_doc). A quote at either end, or an odd
    backslash at the end, is kept off the closing delimiter by a space; both formatters keep that space.
    Closing quotes that would overflow the last line go on a line of their own: black moves them there
    and ruff does not, but both keep them there once they are.
    """
    pad = " " * indent
    body = _reindent(text, pad) if "\n" in text else text.strip()
    trailing_backslash = False
    if body:
        if body.endswith('\\"') and (len(body) - 1 - len(body[:-1].rstrip("\\"))) % 2:
            # clean_doc's escaped closing quote: ruff drops the space after `\"` and black adds it; after
            # a plain `"`, both keep it. The space below keeps the quote off the delimiter all the same.
            body = body[:-2] + '"'
        if body[0] == '"':
            body = " " + body
        if body[-1] == '"':
            body += " "
        if body[-1] == "\\" and (len(body) - len(body.rstrip("\\"))) % 2:
            body += " "
            trailing_backslash = True  # black leaves such a docstring as it is
    elif text:
        body = " "
    lines = body.splitlines()
    if len(lines) > 1 and width(lines[-1]) + 3 > LINE_LENGTH and not trailing_backslash:
        return f'"""{body}\n{pad}"""'
    return f'"""{body}"""'


def width(line: str) -> int:
    """Columns of `line` as black counts them: East Asian wide and fullwidth characters take two."""
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def _reindent(text: str, pad: str) -> str:
    lines = [_expand_leading_tabs(line) for line in _LINE_BREAK.split(text)]
    common = min(
        (len(line) - len(line.lstrip()) for line in lines[1:] if line.lstrip()), default=None
    )
    trimmed = [lines[0].strip()]
    if common is not None:
        for number, line in enumerate(lines[1:], start=1):
            stripped = line[common:].rstrip()
            trimmed.append(pad + stripped if stripped or number == len(lines) - 1 else "")
    return "\n".join(trimmed)


def _expand_leading_tabs(line: str) -> str:
    stripped = line.lstrip()
    if not stripped or stripped == line:
        return line
    return line[: len(line) - len(stripped)].expandtabs(4) + stripped


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


_TOML_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
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


_BACKTICKS = re.compile(r"`+")


def code_span(text: object, table: bool = False) -> str:
    """Spec text as one markdown inline code span, whatever backticks it holds: fenced by one backtick
    more than its longest run, padded when it starts or ends with one (CommonMark's rule). In a table
    cell (`table`), `|` is escaped, which GitHub's tables require even inside a code span."""
    flat = one_line(text)
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    if table:
        flat = flat.replace("|", "\\|")
    return f"{fence}{pad}{flat}{pad}{fence}"
