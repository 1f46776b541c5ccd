"""The release scenario: v1 → v2 (optional response field: minor) → v3 (operation removed: major) → v4
(a summary reworded: patch). Each diff matches its golden output in every format, and `sdkforge release`
moves the version (0.x convention) and the changelog the way the diff says.

Accept deliberate changes with `pytest tests/diff --update-golden`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import load_config
from generator.diff import SpecInput, diff_specs
from generator.diff.output import FORMATS, render

SCENARIO = Path(__file__).parent / "scenario"
EXPECTED = SCENARIO / "expected"
UPDATE_HINT = "pytest tests/diff --update-golden   # then review: git diff tests/diff"
SUFFIX = {"text": "txt", "json": "json", "markdown": "md", "github": "github"}

# (from, to, semver, version after `sdkforge release`, release date)
STEPS = [
    ("v1", "v2", "minor", "0.1.1", "2026-12-01"),
    ("v2", "v3", "major", "0.2.0", "2026-12-02"),
    ("v3", "v4", "patch", "0.2.1", "2026-12-03"),
]

PYPROJECT = """\
[project]
name = "pets-sdk-maintainers"
version = "0"

[tool.sdkforge]
spec = "spec/openapi.yaml"
output = "generated"
package-name = "pets"
client-class = "Pets"
sdk-version = "0.1.0"
"""


def check_golden(name: str, actual: str, update: bool) -> None:
    path = EXPECTED / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8") if path.is_file() else None
    assert actual == expected, (
        f"{name} differs from its golden file.\nactual:\n{actual}\nTo accept: {UPDATE_HINT}"
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A maintainer's repository at v1: pyproject with [tool.sdkforge], the spec, the generated SDK."""
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (tmp_path / "spec").mkdir()
    shutil.copy(SCENARIO / "v1.yaml", tmp_path / "spec" / "openapi.yaml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["generate"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return tmp_path


@pytest.mark.slow
def test_release_scenario(project: Path, update_golden: bool) -> None:
    runner = CliRunner()
    for old, new, semver, version, date in STEPS:
        shutil.copy(SCENARIO / f"{new}.yaml", project / "spec" / "openapi.yaml")
        config = load_config(project)
        result = diff_specs(
            SpecInput(SCENARIO / f"{old}.yaml", f"{old}.yaml"),
            SpecInput(config.spec, "spec/openapi.yaml"),
            config,
        )
        assert result.bump.label == semver
        for fmt in FORMATS:
            check_golden(f"{old}-{new}.{SUFFIX[fmt]}", render(result, fmt), update_golden)
        assert render(result, "text").splitlines()[-1] == f"semver: {semver}"
        assert json.loads(render(result, "json"))["semver"] == semver

        released = runner.invoke(
            main,
            ["release", "--base-spec", str(SCENARIO / f"{old}.yaml"), "--date", date],
            catch_exceptions=False,
        )
        assert released.exit_code == 0, released.stderr
        assert f"→ {version}" in released.stderr
        assert released.stdout.startswith(f"## {version} - {date}\n")
        assert f'sdk-version = "{version}"' in (project / "pyproject.toml").read_text(
            encoding="utf-8"
        )
        assert f'version = "{version}"' in (project / "generated" / "pyproject.toml").read_text(
            encoding="utf-8"
        )
        assert f'__version__ = "{version}"' in (
            project / "generated" / "pets" / "_version.py"
        ).read_text(encoding="utf-8")
        sources = "".join(
            p.read_text(encoding="utf-8")
            for p in sorted((project / "generated" / "pets").glob("*.py"))
        )
        assert f'"Pets/Python {version}"' in sources, "the User-Agent names the new version"
    check_golden(
        "CHANGELOG.md",
        (project / "generated" / "CHANGELOG.md").read_text(encoding="utf-8"),
        update_golden,
    )
    stale = runner.invoke(main, ["generate", "--check"], catch_exceptions=False)
    assert stale.exit_code == 0, "regenerating keeps the changelog and the released version"


def test_fail_on_breaking_exits_1_and_the_last_line_is_semver(project: Path) -> None:
    shutil.copy(SCENARIO / "v3.yaml", project / "spec" / "openapi.yaml")
    args = ["diff", str(SCENARIO / "v2.yaml"), "--no-surface"]
    result = CliRunner().invoke(main, [*args, "--fail-on", "breaking"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "semver: major"
    assert "1 finding(s) at level breaking or worse" in result.stderr
    assert CliRunner().invoke(main, args, catch_exceptions=False).exit_code == 0


def test_nothing_to_release_writes_nothing(project: Path) -> None:
    before = (project / "pyproject.toml").read_text(encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["release", "--base-spec", str(SCENARIO / "v1.yaml"), "--date", "2026-12-01"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert "nothing to release" in result.stderr
    assert (project / "pyproject.toml").read_text(encoding="utf-8") == before
    assert not (project / "generated" / "CHANGELOG.md").exists()
