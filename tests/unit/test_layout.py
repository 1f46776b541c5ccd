"""generator.layout prints what black would: every helper's output is checked against black itself,
on hostile strings and on lines either side of the limit; and the templates render the golden cases
and spec/openapi.yaml exactly as black formats them, so that black has nothing left to change."""

from __future__ import annotations

import ast
import re
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import Config, layout
from generator.config import load_config
from generator.docs import clean_doc
from generator.format import format_source
from generator.ir.build import build_api
from generator.layout import Brackets, Chain
from generator.load import load_spec
from generator.render import render_sdk
from generator.sdk_runtime import runtime_files
from generator.widths import str_width

ROOT = Path(__file__).resolve().parents[2]

_CHARS = st.characters(blacklist_categories=("Cs",))
_TRICKY = st.sampled_from(["'", '"', "\\", "\\'", '\\"', "'''", '"""', "\n", "\t", "\x00", "\x1b", "\u2028", "é", "名称", "🙂", "\u0301", " "])
tricky_text = st.lists(st.one_of(_TRICKY, st.text(_CHARS, max_size=5)), max_size=6).map("".join)
_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def black(source: str) -> str:
    return format_source(source, PurePosixPath("x.py"))


def test_width_table_is_blacks() -> None:
    black_strings = pytest.importorskip("black.strings")
    for code in [*range(0x80, 0x3400), *range(0xA000, 0x30000, 7)]:
        if not 0xD800 <= code <= 0xDFFF:
            assert str_width(chr(code)) == black_strings.str_width(chr(code)), hex(code)


@_SETTINGS
@given(value=tricky_text)
def test_pystr_is_blacks_string_normalisation(value: str) -> None:
    literal = layout.pystr(value)
    assert ast.literal_eval(literal) == value
    assert black(f"x = {value!r}\n") == f"x = {literal}\n"


@_SETTINGS
@given(values=st.lists(tricky_text, min_size=1, max_size=3))
def test_requote_rewrites_repr_literals_inside_code(values: list[str]) -> None:
    code = f"Literal[{', '.join(repr(v) for v in values)}] | {tuple(values)!r}"
    expected = f"Literal[{', '.join(layout.pystr(v) for v in values)}] | {layout.pyliteral(tuple(values))}"
    assert layout.requote(code) == expected


@_SETTINGS
@given(text=tricky_text, words=st.integers(0, 30), indent=st.sampled_from([0, 4, 8]))
def test_docstring_is_blacks(text: str, words: int, indent: int) -> None:
    doc = clean_doc(text + " word" * words + "\n  more " + text)
    assert doc is not None
    if re.search(r"\\\s*\n", doc):
        return  # black leaves such a docstring as it is; the helper still re-indents it
    body = doc.replace("\n", "\n" + " " * indent)
    prefix = {0: "", 4: "class A:\n    ", 8: "class A:\n    def f(self):\n        "}[indent]
    assert black(f'{prefix}"""{body}"""\n') == f"{prefix}{layout.docstring(doc, indent)}\n"


REQUEST = "class A:\n    def f(self):\n        return g(\n            1,\n            self.h(\n{}\n                options=1,\n            ),\n        )\n"


def _same_as_black(mine: str, flat: str, wrap: str = "{}\n") -> None:
    """Black makes the same of the helper's text as of the flat line (a shape the helper does not
    model comes back flat, or partly flat, and black finishes it)."""
    assert black(wrap.format(mine)) == black(wrap.format(flat))


@pytest.mark.parametrize("width", range(90, 112, 3))
@pytest.mark.parametrize("count", [1, 2, 4])
def test_call_arguments_and_collections(width: int, count: int) -> None:
    names = [f"n{i}" for i in range(count)]
    names[0] = "n" * max(1, width - 40)
    dict_node = Brackets("json_body=", tuple(f'"{n}": {n}' for n in names), "collection", "{}")
    call_node = Brackets("logical_error=Rule", tuple(names))
    tuple_node = Brackets("security=", tuple(f'"{n}"' for n in names), "collection")
    for node in (dict_node, call_node, tuple_node):
        _same_as_black(layout.layout_or_flat(node, 16, suffix=","), " " * 16 + layout.flat(node) + ",", REQUEST)


@pytest.mark.parametrize("width", range(90, 112, 3))
def test_conditional_value_in_exploded_dict(width: int) -> None:
    name = "v" * max(1, width - 60)
    item = Brackets('"key": ', (Chain(('"default"', f"isinstance({name}, NotGiven)", name), ("if", "else")),), invisible=True)
    node = Brackets("headers=", (item,), "collection", "{}", magic=True)
    flat = f'                headers={{"key": "default" if isinstance({name}, NotGiven) else {name},}},'
    _same_as_black(layout.layout_or_flat(node, 16, suffix=","), flat, REQUEST)


@pytest.mark.parametrize("width", range(85, 112, 2))
@pytest.mark.parametrize("count", [1, 3])
def test_import_from(width: int, count: int) -> None:
    names = [f"Name{i}" for i in range(count)]
    module = "." + "m" * max(1, width - len(", ".join(names)) - 14)
    _same_as_black(layout.import_from(module, names), f"from {module} import {', '.join(names)}")


ANNOTATIONS = [
    "Aaaaaaaaaaaaaaaaaaaa | None",
    "Aaaaaaaaaaaaa | Bbbbbbbbbbbbbbbbb | NotGiven",
    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    'Literal["aa", "bbbbbbbb", "ccccccccc", "dddddddd", "eeeeeeeee"] | str | None',
    "dict[str, Aaaaaaaaaaaaaaaaaaaa]",
    'Annotated[Aaaaaaaaaa | Bbbbbbbbbbbb | Cccccccccccc, Field(discriminator="type")]',
    "Sequence[Aaaaaaaaaaaa | Bbbbbbbbbbbbbbb | Mapping[str, Any]]",
]


@pytest.mark.parametrize("annotation", ANNOTATIONS)
@pytest.mark.parametrize("width", range(88, 112, 3))
def test_class_attributes(annotation: str, width: int) -> None:
    wrap = "class A(BaseModel):\n    x: int\n{}\n"
    for value in (None, "None", 'Field(default=None, alias="xxxxxxxx")'):
        tail = f" = {value}" if value else ""
        name = "n" * max(1, width - len(f"    : {annotation}{tail}"))
        mine = layout.annotated_name(name, annotation, 4) if value is None else layout.field(name, annotation, value, 4)
        _same_as_black(mine, f"    {name}: {annotation}{tail}", wrap)


@pytest.mark.parametrize("annotation", ANNOTATIONS)
@pytest.mark.parametrize("width", range(88, 112, 3))
def test_parameters_and_aliases(annotation: str, width: int) -> None:
    wrap = "class A:\n    def f(\n        self,\n{}\n        x: int = 1,\n    ) -> None: ...\n"
    for default in (None, "NOT_GIVEN"):
        tail = f" = {default}," if default else ","
        name = "p" * max(1, width - len(f"        : {annotation}{tail}"))
        _same_as_black(layout.parameter(name, annotation, default, 8), f"        {name}: {annotation}{tail}", wrap)
    target = "T" * max(1, width - len(f": TypeAlias = {annotation}")) + ": TypeAlias"
    _same_as_black(layout.assignment(target, annotation, 0), f"{target} = {annotation}")


def _cases() -> list[tuple[Path, Config]]:
    golden = sorted((ROOT / "tests" / "golden" / "cases").glob("*/openapi.yaml"))
    cases = [(spec, Config(package_name=spec.parent.name, client_class="Client", sdk_version="0.0.1")) for spec in golden]
    return [*cases, (ROOT / "spec" / "openapi.yaml", load_config(ROOT))]


@pytest.mark.parametrize(("spec", "config"), _cases(), ids=lambda case: case.parent.name if isinstance(case, Path) else "")
def test_rendered_files_are_already_black_formatted(spec: Path, config: Config) -> None:
    """Not a correctness check (black runs anyway) but a cost one: whatever black has to change in a
    rendered file costs time on every cold `sdkforge generate`. Shape new template text like black."""
    api, _ = build_api(load_spec(spec, display=spec.name), config)
    runtime = set(runtime_files()) if spec.parent.name != "spec" else set()  # the same everywhere
    for path, text in render_sdk(api).items():
        if path.suffix == ".py" and not (len(path.parts) == 2 and path.name in runtime):
            assert format_source(text, path) == text, f"{path}: black changes the rendered text (bench/black_input_bench.py --diff {path})"
