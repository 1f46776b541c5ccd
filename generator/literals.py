"""Python literals for values from the spec: the only way spec text reaches generated source.

Layout (line breaks, quotes in code, docstring indentation) is the formatter's job (format.py); these
functions only make text that is valid, means the value, and never lets spec text escape its literal.
"""

from __future__ import annotations

import re
import unicodedata

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
    if "\\\"" in tokens:  # not as repr() writes it: let the value decide
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
    common = min((len(line) - len(line.lstrip()) for line in lines[1:] if line.lstrip()), default=None)
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
