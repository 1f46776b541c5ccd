"""The one Jinja environment: strict about undefined names, and the filters the templates print spec text with."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..quote.literals import code_span, docstring, one_line, pyliteral, toml_string
from .lines import dunder_all, import_from, module_table, return_call


def make_environment(
    folder: Path, bytecode_cache: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        bytecode_cache=bytecode_cache,
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
    env.filters["code_span"] = code_span  # markdown: spec text inside backticks, whatever it holds
    env.filters["oneline"] = (
        one_line  # markdown: spec text that cannot start a block or close a fence
    )
    return env


def template_bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates on disk (compiling them is most of a small spec's render time). The folder is
    named for sdkforge's fingerprint (its source and templates, cache/memo.py), so any change to the
    templates, the filters or the environment's options starts a new one; jinja2 also checks each
    template's source."""
    from ..cache.fingerprint import sdkforge_fingerprint
    from ..cache.store import cache_dir

    folder = cache_dir(f"templates-{jinja2.__version__}-{sdkforge_fingerprint()[:16]}")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder is not None else None
