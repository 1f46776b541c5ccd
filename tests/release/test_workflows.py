"""The publish workflow publishes on a release tag with trusted publishing only (no stored token)."""

from __future__ import annotations

from typing import Any

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish-sdk.yml"
TAG_PREFIX = "sdk-v"


def load() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def test_runs_on_release_tags_only() -> None:
    triggers = load()[True]  # YAML 1.1 reads the key `on` as True
    assert triggers == {"push": {"tags": [f"{TAG_PREFIX}*"]}}


def test_publishes_with_trusted_publishing_and_no_token() -> None:
    workflow = load()
    assert workflow["permissions"] == {"contents": "read"}, "no job gets more than it asks for"
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    step = next(
        s
        for s in publish["steps"]
        if str(s.get("uses", "")).startswith("pypa/gh-action-pypi-publish@")
    )
    assert set(step.get("with", {})) <= {"packages-dir", "repository-url", "attestations"}
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")


def test_tag_prefix_matches_sdkforge_release() -> None:
    from generator.release.release import TAG_PREFIX as released

    assert released == TAG_PREFIX
