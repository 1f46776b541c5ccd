"""literals.py against independent readers: tomllib for TOML strings, ast.literal_eval for Python values."""

from __future__ import annotations

import datetime
import tomllib

from hypothesis import given
from hypothesis import strategies as st

from generator.quote.literals import one_line, python_literal, toml_string

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)))


@given(_TEXT)
def test_toml_string_reads_back_with_tomllib(text: str) -> None:
    assert tomllib.loads(f"x = {toml_string(text)}\n")["x"] == text


def test_toml_string_replaces_a_lone_surrogate() -> None:
    literal = toml_string("a\ud800b")
    assert tomllib.loads(f"x = {literal}\n")["x"] == "a\ufffdb"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)


@given(json_values)
def test_python_literal_reads_back_as_the_value(value: object) -> None:
    import ast

    text = python_literal(value)
    assert text is not None
    assert ast.literal_eval(text) == value


def test_values_without_a_literal() -> None:
    assert python_literal(float("nan")) is None
    assert python_literal([1, float("inf")]) is None
    assert python_literal(object()) is None
    assert (
        python_literal(datetime.date(2024, 1, 2)) == "'2024-01-02'"
    )  # YAML's unquoted date, as typed


def test_one_line_cannot_break_a_line() -> None:
    assert one_line("a\n```\r\n# b\u2028c\x00") == "a ``` # b c"


def test_code_span_holds_any_backticks_and_pipes() -> None:
    """CommonMark: a span is closed only by a backtick run as long as its opening one."""
    from generator.quote.literals import code_span

    assert code_span("X-Key") == "`X-Key`"
    assert code_span("`") == "`` ` ``"
    assert code_span("a``b") == "```a``b```"
    assert code_span("a|b\nc", table=True) == "`a\\|b c`"
