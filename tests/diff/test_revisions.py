"""`sdkforge diff --base REV`: the configured spec at a git revision, its relative `$ref` files included."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main

SCENARIO = Path(__file__).parent / "scenario"


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def split_pet_into_a_file(spec_dir: Path, source: Path) -> None:
    """The scenario spec with `Pet` in its own file, so the revision needs both files."""
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    pet = spec["components"]["schemas"]["Pet"]
    pet["properties"]["kind"] = {"$ref": "../openapi.yaml#/components/schemas/Kind"}
    (spec_dir / "schemas").mkdir(exist_ok=True)
    (spec_dir / "schemas" / "pet.yaml").write_text(
        yaml.safe_dump(pet, sort_keys=False), encoding="utf-8"
    )
    spec["components"]["schemas"]["Pet"] = {"$ref": "schemas/pet.yaml"}
    (spec_dir / "openapi.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sdkforge]\nspec = "spec/openapi.yaml"\npackage-name = "pets"\nsdk-version = "0.1.0"\n',
        encoding="utf-8",
    )
    (tmp_path / "spec").mkdir()
    split_pet_into_a_file(tmp_path / "spec", SCENARIO / "v2.yaml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "v2")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_base_revision_reads_the_spec_and_its_ref_files(repo: Path) -> None:
    shutil.copy(
        SCENARIO / "v3.yaml", repo / "spec" / "openapi.yaml"
    )  # Pet inline again, delete gone
    result = CliRunner().invoke(
        main, ["diff", "--base", "HEAD", "--no-surface"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "HEAD:spec/openapi.yaml → spec/openapi.yaml",
        "spec/openapi.yaml:49:5: breaking [operation-removed] pets.delete (DELETE /pets/{petId}) was removed",
        "1 breaking, 0 warning, 0 info",
        "semver: major",
    ], "moving Pet from its own file back inline is not a change"


def test_unknown_revision_is_a_usage_error(repo: Path) -> None:
    result = CliRunner().invoke(
        main, ["diff", "--base", "no-such-rev", "--no-surface"], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert "git ls-tree" in result.stderr and "Traceback" not in result.stderr


def test_release_compares_with_the_tag_of_the_configured_version(repo: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["release", "--dry-run"], catch_exceptions=False)
    assert missing.exit_code == 2 and "sdk-v0.1.0" in missing.stderr, (
        "no tag yet: says which one it looked for"
    )
    git(repo, "tag", "sdk-v0.1.0")
    shutil.copy(SCENARIO / "v3.yaml", repo / "spec" / "openapi.yaml")
    result = runner.invoke(
        main, ["release", "--dry-run", "--date", "2026-12-02"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("## 0.2.0 - 2026-12-02\n\n### Breaking changes\n")
    assert "0.1.0 → 0.2.0 (dry run: nothing written)" in result.stderr
