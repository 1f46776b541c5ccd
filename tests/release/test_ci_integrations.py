"""The pre-commit hooks and the composite action call sdkforge with commands and options that exist."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from generator.cli import main
from tests.conftest import ROOT

SCENARIO = ROOT / "tests" / "diff" / "scenario"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
ACTION = ROOT / "action.yml"


def sdkforge_commands(text: str) -> list[list[str]]:
    """Every `sdkforge ...` command line in a file, split as a shell would (variables left as words)."""
    starts = r"(?:^\s*|!\s+|;\s+|\|\|\s+|\{\s+)"  # where a shell command begins
    lines = re.findall(
        starts + r"(sdkforge (?:validate|generate|diff|release)[^\n;|>&`]*)", text, re.M
    )
    return [shlex.split(line.replace("$", "")) for line in lines]


def check_command(words: list[str]) -> None:
    command = main.commands[words[1]]
    known = {
        opt for param in command.params if isinstance(param, click.Option) for opt in param.opts
    }
    for word in words[2:]:
        if word.startswith("--"):
            assert word.split("=")[0] in known, f"sdkforge {words[1]} has no option {word}"


def test_hooks_are_valid_pre_commit_hooks() -> None:
    hooks: list[dict[str, Any]] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == [
        "sdkforge-validate",
        "sdkforge-generate-check",
        "sdkforge-diff",
    ]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python", "pre-commit installs this repository's package"
        check_command(shlex.split(hook["entry"]))


def test_action_is_composite_and_its_commands_exist() -> None:
    action: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    for step in action["runs"]["steps"]:
        assert "uses" in step or step.get("shell") == "bash", step
    scripts = "\n".join(step["run"] for step in action["runs"]["steps"] if "run" in step)
    commands = sdkforge_commands(scripts)
    assert {c[1] for c in commands} == {"validate", "generate", "diff"}
    for words in commands:
        check_command(words)
    assert "GITHUB_STEP_SUMMARY" in ACTION.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["github", "markdown"])
def test_formats_the_action_uses_exist(fmt: str) -> None:
    options = {p.name: p for p in main.commands["diff"].params}
    assert isinstance(options["fmt"].type, click.Choice) and fmt in options["fmt"].type.choices


@pytest.mark.slow
def test_action_scripts_run_on_a_pull_request(tmp_path: Path) -> None:
    """The action's bash steps, as the runner would run them, in a repository whose spec dropped an operation."""
    repo = tmp_path / "repo"
    (repo / "spec").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(
        '[tool.sdkforge]\nspec = "spec/openapi.yaml"\npackage-name = "pets"\n', encoding="utf-8"
    )
    shutil.copy(SCENARIO / "v2.yaml", repo / "spec" / "openapi.yaml")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "v2"], cwd=repo, check=True)
    shutil.copy(SCENARIO / "v3.yaml", repo / "spec" / "openapi.yaml")
    sdkforge = str(Path(sys.executable).parent / "sdkforge")
    subprocess.run([sdkforge, "generate"], cwd=repo, check=True, capture_output=True)
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "SPEC": "",
        "BASE": "HEAD",
        "FAIL_ON": "breaking",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
    }
    action: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    steps = {
        step["name"]: step["run"]
        for step in action["runs"]["steps"]
        if step.get("name", "").startswith("sdkforge ")
    }

    def run(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-e", "-c", steps[name]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    validated = run("sdkforge validate")
    assert validated.returncode == 0, validated.stderr
    assert run("sdkforge generate --check").returncode == 0
    diffed = run("sdkforge diff")
    assert diffed.returncode == 1, "an operation was removed: breaking"
    assert "::error file=spec/openapi.yaml,line=" in diffed.stdout
    text = summary.read_text(encoding="utf-8")
    assert (
        "## sdkforge validate" in text
        and "**semver: major**" in text
        and "`operation-removed`" in text
    )
    assert output.read_text(encoding="utf-8") == "semver=major\n"
