"""No template puts `{{ … }}` inside quotes it wrote by hand: spec text reaches Python and TOML only through the
literal and docstring filters (issue 9, item 2). The scan lexes each template as the language it renders, with
every Jinja expression replaced by a marker, and reports a marker that lands inside a string literal."""

from __future__ import annotations

import re

import pytest

from generator.template_dir import templates_dir

TEMPLATES = templates_dir()
# Comments may name identifiers sdkforge validated itself (a package name); nothing from the spec.
_IDENTIFIER_EXPRESSIONS = re.compile(
    r"^\{\{-?\s*api\.(package_name|client_class|env_prefix)\s*-?\}\}$"
)

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_MARK = "\x00"


def quoted_expressions(source: str) -> list[str]:
    """`line: expression` for every `{{ … }}` inside a string literal (or, with spec text, a comment)."""
    expressions: list[str] = []

    def mark(match: re.Match[str]) -> str:
        text = match.group()
        newlines = "\n" * text.count("\n")
        if text.startswith("{{"):
            expressions.append(text)
            return _MARK + newlines
        return newlines

    code = _JINJA.sub(mark, source)
    found: list[str] = []
    index, line, quote, in_comment, seen = 0, 1, "", False, 0
    while index < len(code):
        char = code[index]
        if char == _MARK:
            expression = expressions[seen]
            seen += 1
            if quote or (in_comment and not _IDENTIFIER_EXPRESSIONS.match(expression)):
                found.append(f"{line}: {expression} inside {'a string' if quote else 'a comment'}")
        elif char == "\n":
            line += 1
            in_comment = False
        elif in_comment:
            pass
        elif quote:
            if char == "\\":
                index += 1
            elif code.startswith(quote, index):
                index += len(quote) - 1
                quote = ""
        elif char == "#":
            in_comment = True
        elif char in "\"'":
            quote = char * 3 if code.startswith(char * 3, index) else char
            index += len(quote) - 1
        index += 1
    return found


def _templates() -> list[str]:
    """Every template but markdown (README.md.jinja prints prose; test_injection checks its code fences)."""
    return sorted(
        p.relative_to(TEMPLATES).as_posix()
        for p in TEMPLATES.rglob("*.jinja")
        if not p.name.endswith(".md.jinja")
    )


def test_the_scan_sees_every_python_and_toml_template() -> None:
    names = _templates()
    assert (
        "sdk/_constants.py.jinja" in names
        and "sdk/_client.py.jinja" in names
        and "project/pyproject.toml.jinja" in names
    )


@pytest.mark.parametrize("name", _templates())
def test_no_jinja_expression_inside_hand_written_quotes(name: str) -> None:
    found = quoted_expressions((TEMPLATES / name).read_text(encoding="utf-8"))
    assert not found, (
        f"{name}: print spec text with `| pyliteral`, `| docstring(n)` or `| tomlstr`:\n"
        + "\n".join(found)
    )


@pytest.mark.parametrize(
    ("snippet", "caught"),
    [
        ('URL = "{{ url }}"\n', True),
        ("URL = '{{ url }}/v1'\n", True),
        ('"""Calls {{ url }}.\n\nMore."""\n', True),
        ('x = f"{a}" + "{{ b }}"\n', True),
        ("# see {{ api.title }}\n", True),
        ("name = {{ url | pyliteral }}\n", False),
        ('{{ doc | docstring(4) }}\nx = "plain"\n', False),
        ("# import {{ api.package_name }}\n", False),
        ('{% set p = "Async" %}x = {{ p ~ "y" }}\n', False),
        ('s = "a\\"b"\nt = {{ v | pyliteral }}\n', False),
    ],
)
def test_the_scan_catches_quoted_expressions(snippet: str, caught: bool) -> None:
    assert bool(quoted_expressions(snippet)) is caught
