"""format.py: ruff (or black) over a whole tree, imports and `__all__` sorted by ruff, invalid code refused."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from generator.config import ConfigError, load_config
from generator.output.format import FormatError, format_files

SOURCE = """from .b import z, Y
import sys
from pydantic import BaseModel
from typing import Any
__all__ = ["b", "Model10", "Model2", "A_B"]
x = {'a':1,
  'b': [1,2]}
"""
EXPECTED = """import sys
from typing import Any

from pydantic import BaseModel

from .b import Y, z

__all__ = ["A_B", "Model2", "Model10", "b"]
x = {"a": 1, "b": [1, 2]}
"""


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_a_tree_is_sorted_and_formatted_and_other_files_pass_through(formatter: str) -> None:
    files = {
        PurePosixPath("pkg/m.py"): SOURCE,
        PurePosixPath("README.md"): "as is\n",
        PurePosixPath("pkg/__init__.py"): "",
    }
    result = format_files(files, formatter)
    assert list(result) == list(files)
    assert result[PurePosixPath("pkg/m.py")] == EXPECTED
    assert result[PurePosixPath("README.md")] == "as is\n"
    assert result[PurePosixPath("pkg/__init__.py")] == ""


def test_folders_black_and_ruff_exclude_by_default_are_formatted() -> None:
    files = {PurePosixPath("build/dist/venv.py"): "x=1\n"}
    assert format_files(files) == {PurePosixPath("build/dist/venv.py"): "x = 1\n"}


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_invalid_code_is_a_bug_in_sdkforge(formatter: str) -> None:
    with pytest.raises(FormatError, match="bug in sdkforge"):
        format_files({PurePosixPath("bad.py"): "def f(:\n"}, formatter)


def test_an_unknown_formatter_in_pyproject_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.sdkforge]\nformatter = "yapf"\n')
    with pytest.raises(ConfigError, match="unknown formatter 'yapf'"):
        load_config(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.sdkforge]\nformatter = "black"\n')
    assert load_config(tmp_path).formatter == "black"


@pytest.mark.parametrize(
    "doc",
    ['See "x."', "Ends with a backslash \\", '"Quoted" at both ends."', "One\n  two\n\tthree"],
)
def test_docstrings_made_by_the_filter_are_what_both_formatters_print(doc: str) -> None:
    """ruff and black disagree on a docstring ending in an escaped quote; the filter prints what both keep."""
    from generator.quote.docs import clean_doc
    from generator.quote.literals import docstring

    text = clean_doc(doc)
    assert text is not None
    source = {PurePosixPath("m.py"): f"class A:\n    {docstring(text, 4)}\n"}
    assert format_files(source, "ruff") == format_files(source, "black") == source
