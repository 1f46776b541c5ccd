"""The one Jinja environment: strict about undefined names, and the filters the templates print spec text with."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..quote.literals import docstring, one_line, pyliteral, toml_string
from .lines import dunder_all, import_from, module_table, return_call


def make_environment(folder: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,  # a typo fails loudly instead of printing ""
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # we emit Python, not HTML
    )
    # Literals go through pyliteral (repr()), never hand-quoting. Lines are printed flat: line breaks,
    # quotes and import order are the formatter's (output/format.py).
    env.filters["pyliteral"] = pyliteral
    env.filters["docstring"] = docstring
    env.filters["dunder_all"] = dunder_all
    env.filters["module_table"] = module_table
    env.globals["import_from"] = import_from
    env.globals["return_call"] = return_call
    env.filters["tomlstr"] = toml_string
    env.filters["oneline"] = one_line  # markdown: spec text that cannot start a block or close a fence
    return env
