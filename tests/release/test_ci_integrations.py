"""The pre-commit hooks and the composite action call sdkforge with commands and options that exist."""

from __future__ import annotations

import re
import shlex
from typing import Any

import click
import pytest
import yaml

from generator.cli import main
from tests.conftest import ROOT

HOOKS = ROOT / ".pre-commit-hooks.yaml"
ACTION = ROOT / "action.yml"


def sdkforge_commands(text: str) -> list[list[str]]:
    """Every `sdkforge ...` command line in a file, split as a shell would (variables left as words)."""
    starts = r"(?:^\s*|!\s+|;\s+|\|\|\s+|\{\s+)"  # where a shell command begins
    lines = re.findall(starts + r"(sdkforge (?:validate|generate|diff|release)[^\n;|>&`]*)", text, re.M)
    return [shlex.split(line.replace("$", "")) for line in lines]


def check_command(words: list[str]) -> None:
    command = main.commands[words[1]]
    known = {opt for param in command.params if isinstance(param, click.Option) for opt in param.opts}
    for word in words[2:]:
        if word.startswith("--"):
            assert word.split("=")[0] in known, f"sdkforge {words[1]} has no option {word}"


def test_hooks_are_valid_pre_commit_hooks() -> None:
    hooks: list[dict[str, Any]] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["sdkforge-validate", "sdkforge-generate-check", "sdkforge-diff"]
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
