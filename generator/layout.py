"""Python source text shaped the way black prints it, so that black's pass over rendered files is cheap.

Black stays the authority on the final bytes (format.py); these helpers only hand it text it already
agrees with. Where a helper does not model black's choice for a shape, it returns None or the plain
one-line text the templates printed before, so black's result never depends on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TypeAlias

from .format import LINE_LENGTH
from .widths import str_width

# -- literals ---------------------------------------------------------------------------------------

_SINGLE_QUOTED_TOKEN = re.compile(r"\\.|\"")


def pystr(value: str) -> str:
    """A str literal as black normalises it: double quotes, unless they would need more escapes."""
    literal = repr(value)
    if literal[0] == '"' or value.count('"') > value.count("'"):
        return literal  # repr chose double quotes, or single quotes need fewer escapes
    return '"' + _SINGLE_QUOTED_TOKEN.sub(_swap_quote, literal[1:-1]) + '"'


def _swap_quote(match: re.Match[str]) -> str:
    token = match.group()
    return "'" if token == "\\'" else '\\"' if token == '"' else token


def pyliteral(value: object) -> str:
    """repr() for the values a spec can hold (str, numbers, bool, None, and tuples, lists, dicts of
    them), with strings quoted as black wants them."""
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
    """Re-quote the repr()-made str literals inside a piece of code (an annotation, a default)."""
    if "'" not in code:
        return code
    return _REPR_STRING.sub(_requote_literal, code)


def _requote_literal(match: re.Match[str]) -> str:
    """pystr() of the literal's value, worked out on repr()'s text: in single quotes it escapes every
    `'` and no `"`; black takes double quotes unless that needs more escapes."""
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


# -- line length ------------------------------------------------------------------------------------


def fits(line: str) -> bool:
    """Whether black considers `line` (indentation included) short enough."""
    return str_width(line) <= LINE_LENGTH


# -- bracketed sequences ----------------------------------------------------------------------------

Node: TypeAlias = "str | Brackets | Chain"

# Text black cannot split: a (dotted) name, a number or a str literal, with an optional `name=`/`key: `.
_UNSPLITTABLE = re.compile(
    r"""(?:[^\W\d][\w.]*=|(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'): )?"""
    r"""(?:[^\W\d][\w.]*|-?[0-9.]+(?:e[-+]?[0-9]+)?|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
)


@dataclass(frozen=True, slots=True)
class Brackets:
    """`head` followed by a bracketed, comma-separated sequence of items.

    kind "call": call arguments or a subscript; when the line is too long black first tries all of them
    on one line of their own ("hugging"), then one per line. kind "def": a def's parameters, the same
    but a lone parameter too goes one per line. kind "collection": a list, dict, set or tuple display:
    one per line as soon as there is a comma. kind "import": an import's names, always one per line.
    `magic`: the sequence had a trailing comma, so black keeps it one per line however short.
    `invisible`: parentheses black adds only when it splits there (around a conditional expression).
    """

    head: str
    items: tuple[Node, ...]
    kind: str = "call"
    brackets: str = "()"
    magic: bool = False
    invisible: bool = False

    @property
    def one_tuple(self) -> bool:
        return self.kind == "collection" and self.brackets == "()" and len(self.items) == 1

    def flat(self) -> str:
        """On one line; a magic trailing comma is kept, so black still explodes what is printed flat."""
        inner = ", ".join(flat(item) for item in self.items) + ("," if self.one_tuple or (self.magic and self.items) else "")
        return self.head + inner if self.invisible else f"{self.head}{self.brackets[0]}{inner}{self.brackets[1]}"


@dataclass(frozen=True, slots=True)
class Chain:
    """Operands joined by binary operators: `A | B`, `x if test else y`. Inside brackets black splits it
    one operand per line, each line after the first starting with its operator."""

    operands: tuple[Node, ...]
    operators: tuple[str, ...]

    def flat(self) -> str:
        text = flat(self.operands[0])
        for operator, operand in zip(self.operators, self.operands[1:], strict=True):
            text += f" {operator} {flat(operand)}"
        return text


def flat(node: Node) -> str:
    return node if isinstance(node, str) else node.flat()


def argument(keyword: str, expression: str, indent: int) -> Node:
    """`keyword=expression` as a call argument on a line of its own at `indent` (with a trailing comma):
    the expression is only taken apart when the line is too long."""
    text = f"{keyword}={expression}"
    if fits(f"{' ' * indent}{text},"):
        return text
    return prefixed(f"{keyword}=", parse_annotation(expression))


def prefixed(prefix: str, node: Node) -> Node:
    """`node` with `prefix` (e.g. `cast_to=`) glued to its first piece of text."""
    if isinstance(node, str):
        return prefix + node
    if isinstance(node, Brackets):
        return replace(node, head=prefix + node.head)
    return replace(node, operands=(prefixed(prefix, node.operands[0]), *node.operands[1:]))


def layout(node: Node, indent: int, prefix: str = "", suffix: str = "") -> str | None:
    """`prefix` + node + `suffix` at `indent` as black prints it: one line when it fits, else split at
    the node's brackets. None when black's choice is not certain (the caller then prints it flat).

    The node must hold the line's last bracket pair (`suffix` has none), as black splits there first.
    """
    pad = " " * indent
    line = pad + prefix + flat(node) + suffix
    magic = isinstance(node, Brackets) and node.magic and bool(node.items)
    if not magic and fits(line):
        return line
    if isinstance(node, str):
        return line if _UNSPLITTABLE.fullmatch(node) else None
    if isinstance(node, Chain):
        return _split_chain(node, indent, prefix, suffix)
    head = pad + prefix + node.head + node.brackets[0]
    tail = pad + node.brackets[1] + suffix
    body = _body(node, indent + 4)
    if body is None or not fits(head) or not fits(tail):
        return None
    return f"{head}\n{body}\n{tail}"


def _split_chain(chain: Chain, indent: int, prefix: str, suffix: str) -> str:
    """Black's delimiter split, valid where the chain is all there is inside a pair of brackets (an
    operand whose own layout is uncertain is printed flat on its line, as in _body)."""
    last = len(chain.operands) - 1
    return "\n".join(
        layout_or_flat(operand, indent, prefix if number == 0 else f"{chain.operators[number - 1]} ", suffix if number == last else "")
        for number, operand in enumerate(chain.operands)
    )


def layout_or_flat(node: Node, indent: int, prefix: str = "", suffix: str = "") -> str:
    """layout(), or the one-line text when black's choice is not certain (black then decides)."""
    laid_out = layout(node, indent, prefix, suffix)
    return laid_out if laid_out is not None else " " * indent + prefix + flat(node) + suffix


def _body(node: Brackets, indent: int) -> str | None:
    items = node.items
    if not items:
        return None
    lone_parameter = node.kind == "def" and len(items) == 1  # black gives it a trailing comma: one per line
    if node.kind in ("call", "def") and not node.magic and not lone_parameter:
        hugged = " " * indent + ", ".join(flat(item) for item in items)
        if fits(hugged):
            return hugged
    if len(items) == 1 and not node.magic and node.kind in ("call", "collection"):
        return layout(items[0], indent, suffix="," if node.one_tuple else "")
    # One item per line is certain by now, and black lays out each line on its own: an item whose
    # layout is uncertain is printed flat on its line and left to black.
    return "\n".join(layout_or_flat(item, indent, suffix=",") for item in items)


def exploded(head: str, items: list[str], indent: int, brackets: str = "[]") -> str:
    """A display black keeps one item per line (it has a magic trailing comma), e.g. `__all__`."""
    node = Brackets(head, tuple(items), kind="collection", brackets=brackets, magic=True)
    return layout_or_flat(node, indent)


def import_from(module: str, names: list[str], indent: int = 0) -> str:
    """`from module import a, b`, parenthesised one name per line when it is too long, as black does."""
    line = f"{' ' * indent}from {module} import {', '.join(names)}"
    if fits(line):
        return line
    return layout_or_flat(Brackets(f"from {module} import ", tuple(names), kind="import", invisible=True), indent)


# -- annotations ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"""\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[\w.]+=?|-?\d[\w.]*)|([][(),|]))""")


def parse_annotation(text: str) -> Node:
    """An annotation (names, subscripts, calls such as `Field(discriminator="type")`, str literals and
    `|` unions) as nodes; text it does not understand stays one unsplittable piece."""
    tokens = _tokens(text)
    if tokens is None:
        return text
    parser = _Parser(tokens)
    node = parser.expression()
    return node if parser.done and flat(node) == text else text


def _tokens(text: str) -> list[str] | None:
    tokens: list[str] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            return None
        tokens.append(match.group(1) or match.group(2))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.position = 0

    @property
    def done(self) -> bool:
        return self.position == len(self.tokens)

    def _peek(self) -> str:
        return self.tokens[self.position] if self.position < len(self.tokens) else ""

    def _take(self) -> str:
        token = self._peek()
        self.position += 1
        return token

    def expression(self) -> Node:
        operands = [self._operand()]
        while self._peek() == "|":
            self._take()
            operands.append(self._operand())
        return operands[0] if len(operands) == 1 else Chain(tuple(operands), ("|",) * (len(operands) - 1))

    def _operand(self) -> Node:
        token = self._take()
        if token.endswith("="):  # a keyword argument: `discriminator="type"`
            value = self.expression()
            return token + value if isinstance(value, str) else f"{token}{flat(value)}"
        node: Node = token
        while self._peek() in ("[", "("):
            opening = self._take()
            closing = "]" if opening == "[" else ")"
            items: list[Node] = []
            while self._peek() not in (closing, ""):
                items.append(self.expression())
                if self._peek() == ",":
                    self._take()
            self._take()
            node = Brackets(flat(node), tuple(items), brackets=opening + closing)
        return node


def parameter(name: str, annotation: str, default: str | None, indent: int) -> str:
    """`name: annotation = default,` in a def exploded one parameter per line, as black prints it."""
    tail = f" = {default}," if default is not None else ","
    line = f"{' ' * indent}{name}: {annotation}{tail}"
    if fits(line):
        return line
    return _annotated(name, parse_annotation(annotation), indent, tail, attribute=False) or line


def annotated_name(name: str, annotation: str, indent: int) -> str:
    """`name: annotation` (a class attribute without a value), as black prints it."""
    line = f"{' ' * indent}{name}: {annotation}"
    if fits(line):
        return line
    return _annotated(name, parse_annotation(annotation), indent, "", attribute=True) or line


def _annotated(name: str, node: Node, indent: int, tail: str, *, attribute: bool) -> str | None:
    """The annotation of a line too long split as black does; None when black's choice is not certain."""
    if isinstance(node, Chain) or (attribute and isinstance(node, str)):  # in parentheses
        return _parenthesised(f"{name}: ", node, indent, tail)
    if isinstance(node, Brackets) and tail in ("", ","):  # nothing after it: split at its own brackets
        return layout(node, indent, f"{name}: ", tail)
    return None


def _parenthesised(prefix: str, node: Node, indent: int, suffix: str) -> str | None:
    """`prefix(` / node / `)suffix`: black's optional parentheses made visible. A body that does not fit
    is split (a union one operand a line); an unsplittable one that does not fit makes black give up
    on the parentheses."""
    pad = " " * indent
    body = layout(node, indent + 4)
    if isinstance(node, str) and body is not None and not fits(body):
        return None
    if body is None or not fits(f"{pad}{prefix}(") or not fits(f"{pad}){suffix}"):
        return None
    return f"{pad}{prefix}(\n{body}\n{pad}){suffix}"


def assignment(target: str, expression: str, indent: int) -> str:
    """`target = expression` at statement level (`X: TypeAlias = annotation`), as black prints it: a
    union or a name in parentheses, a subscript or call split at its own brackets."""
    line = f"{' ' * indent}{target} = {expression}"
    laid_out: str | None = None
    if not fits(line):
        value = parse_annotation(expression)
        if isinstance(value, Brackets):
            laid_out = layout(value, indent, f"{target} = ")
        elif isinstance(value, Chain) or _UNSPLITTABLE.fullmatch(value):
            laid_out = _parenthesised(f"{target} = ", value, indent, "")
    return laid_out or line


def field(name: str, annotation: str, value: str, indent: int) -> str:
    """`name: annotation = value` in a class body (value `None` or `Field(...)`), as black prints it.

    Black splits at the value's brackets (`= Field(`) when that first line fits. Otherwise, if
    `name: annotation = (` fits, the value goes in parentheses of its own; if it does not, the
    annotation does (unless it is a subscript).
    """
    pad = " " * indent
    head = f"{pad}{name}: {annotation} ="
    if fits(f"{head} {value}"):
        return f"{head} {value}"
    node, value_node = parse_annotation(annotation), parse_annotation(value)
    if isinstance(value_node, Brackets) and fits(f"{head} {value_node.head}{value_node.brackets[0]}"):
        return layout(value_node, indent, f"{name}: {annotation} = ") or f"{head} {value}"  # split there
    laid_out = None
    if fits(head + " ("):
        body = layout(value_node, indent + 4)
        laid_out = None if body is None else f"{head} (\n{body}\n{pad})"
    elif not isinstance(node, Brackets):
        laid_out = _parenthesised(f"{name}: ", node, indent, f" = {value}")
    return laid_out or f"{head} {value}"


# -- docstrings -------------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|[\r\n]")


def docstring(text: str, indent: int) -> str:
    """The docstring literal black makes of `\"\"\"text\"\"\"` when it is the first statement of a
    module, class or function body at `indent`: continuation lines re-indented (their common leading
    whitespace removed) and the closing quotes on a line of their own if they would overflow.

    `text` must already be safe inside triple quotes (docs.clean_doc). Black leaves a docstring with
    a backslash at the end of a line as it is; it gets the same treatment here, so it stays readable.
    """
    pad = " " * indent
    body = _reindent(text, pad) if "\n" in text else text.strip()
    trailing_backslash = False
    if body:
        if body[0] == '"':
            body = " " + body
        if body[-1] == '"':
            body += " "
        if body[-1] == "\\" and (len(body) - len(body.rstrip("\\"))) % 2:
            body += " "
            trailing_backslash = True
    elif text:
        body = " "
    lines = body.splitlines()
    last = len(lines[-1]) if body and not body.endswith("\n") else 0
    if len(lines) > 1 and last + 3 > LINE_LENGTH and indent + 3 <= LINE_LENGTH and not trailing_backslash:
        return f'"""{body}\n{pad}"""'
    return f'"""{body}"""'


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
