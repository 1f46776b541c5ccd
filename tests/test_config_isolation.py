"""[tool.sdkforge] belongs to its project's spec: another spec takes its names from the flags and from itself
(issue 9, item 6), and a run with neither a spec nor a project says so (item 9)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

CASE = Path(__file__).parent / "golden" / "cases" / "params" / "openapi.yaml"
PROJECT = """\
[tool.sdkforge]
spec = "spec/openapi.yaml"
output = "generated"
package-name = "gitaigc"
client-class = "Gitaigc"
distribution-name = "gitaigc"
sdk-version = "9.9.9"
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project configured for its own spec, and another team's spec lying next to it."""
    (tmp_path / "pyproject.toml").write_text(PROJECT)
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "openapi.yaml").write_bytes(CASE.read_bytes())
    other = (
        CASE.read_text()
        .replace("title: Params", "title: Team Notes")
        .replace("version: '1'", "version: 3.1.4")
    )
    (tmp_path / "other.yaml").write_text(other)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _pyproject(out: Path) -> dict[str, str]:
    project: dict[str, str] = tomllib.loads((out / "pyproject.toml").read_text())["project"]
    return project


def test_another_spec_takes_nothing_from_the_project(project: Path) -> None:
    code, err = run("generate", "--spec", "other.yaml", "--out", "x", "--package-name", "notes2")
    assert code == 0, err
    client = (project / "x" / "notes2" / "_client.py").read_text()
    assert "class TeamNotes(SyncAPIClient):" in client and "Gitaigc" not in client
    assert _pyproject(project / "x")["name"] == "notes2"
    assert _pyproject(project / "x")["version"] == "3.1.4"
    assert not (project / "generated").exists()


def test_flags_name_everything(project: Path) -> None:
    code, err = run(
        "generate",
        "other.yaml",
        "--out",
        "x",
        "--package-name",
        "notes2",
        "--client-class",
        "Notes",
        "--distribution-name",
        "team-notes",
        "--sdk-version",
        "2.0.0",
    )
    assert code == 0, err
    assert "class Notes(SyncAPIClient):" in (project / "x" / "notes2" / "_client.py").read_text()
    assert _pyproject(project / "x")["name"] == "team-notes"
    assert _pyproject(project / "x")["version"] == "2.0.0"


def test_the_project_spec_by_another_spelling_is_still_the_project(project: Path) -> None:
    code, err = run("generate", "--spec", "spec/../spec/openapi.yaml")
    assert code == 0, err
    assert (
        "class Gitaigc(SyncAPIClient):"
        in (project / "generated" / "gitaigc" / "_client.py").read_text()
    )
    assert _pyproject(project / "generated")["version"] == "9.9.9"


def test_another_spec_needs_its_own_output_folder(project: Path) -> None:
    code, err = run("generate", "other.yaml", "--package-name", "notes2")
    assert code == 2
    assert (
        "Error: --out is required: other.yaml is not this project's spec (spec/openapi.yaml), so its SDK does not "
        "go to generated/ and takes none of the project's names"
    ) in err


def test_no_spec_and_no_project_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for command in ("validate", "generate"):
        code, err = run(command)
        assert code == 2
        assert (
            "Error: no spec given, and no [tool.sdkforge] in a pyproject.toml here or above to name one."
            in err
        )
        assert "nothing was written" not in err


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--client-class", 'X"""; import os', "is not a Python class name"),
        ("--distribution-name", "bad name", "is not a valid PyPI name"),
        ("--sdk-version", "one", "is not a PEP 440 version"),
    ],
)
def test_bad_names_are_usage_errors(project: Path, flag: str, value: str, message: str) -> None:
    code, err = run("generate", "other.yaml", "--out", "x", flag, value)
    assert code == 2
    assert message in err
    assert not (project / "x").exists()


def test_validate_never_says_nothing_was_written(project: Path) -> None:
    (project / "bad.yaml").write_text("openapi: 3.1.0\ninfo: [unclosed\n")
    code, err = run("validate", "bad.yaml")
    assert code == 1
    assert err.rstrip().endswith("Error: the spec could not be read.")
