"""A repeated `generate` returns the stored Report only when nothing it depends on has changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import Config, generate
from generator.cache import fingerprint, memo

SPEC = """\
openapi: 3.1.0
info: {title: Memo, version: '1'}
paths:
  /items:
    get:
      operationId: listItems
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'models.yaml#/Item'}
"""
MODELS = "Item:\n  type: object\n  properties:\n    id: {type: string}\n"


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SDKFORGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SDKFORGE_NO_CACHE", raising=False)
    (tmp_path / "models.yaml").write_text(MODELS)
    path = tmp_path / "openapi.yaml"
    path.write_text(SPEC)
    return path


def _pipeline_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object, **__: object) -> None:
        raise AssertionError("the pipeline ran")

    monkeypatch.setattr("generator.load.spec.load_spec", fail)


def test_the_same_inputs_give_the_stored_report_without_running_the_pipeline(
    spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Config(package_name="memo_sdk")
    first = generate(spec, config)
    assert first.ok
    _pipeline_must_not_run(monkeypatch)
    assert generate(spec, config) == first


@pytest.mark.parametrize("change", ["root", "referenced", "option", "display"])
def test_any_change_in_the_inputs_runs_the_pipeline_again(spec: Path, change: str) -> None:
    config = Config(package_name="memo_sdk")
    first = generate(spec, config)
    display = str(spec)
    if change == "root":
        spec.write_text(SPEC.replace("listItems", "listThings"))
    elif change == "referenced":
        (spec.parent / "models.yaml").write_text(MODELS.replace("id:", "name:"))
    elif change == "option":
        config = Config(package_name="memo_sdk", sdk_version="9.9.9")
    else:
        display = "elsewhere/openapi.yaml"
    again = generate(spec, config, display=display)
    assert again.ok and again.files != first.files


def test_a_failed_run_is_not_remembered(spec: Path) -> None:
    (spec.parent / "models.yaml").unlink()
    assert not generate(spec, Config(package_name="memo_sdk")).ok
    (spec.parent / "models.yaml").write_text(
        MODELS
    )  # the root is unchanged, the missing file now exists
    assert generate(spec, Config(package_name="memo_sdk")).ok


def test_no_cache_means_no_memo(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(spec, Config(package_name="memo_sdk"))
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    assert memo.recall(spec, Config(package_name="memo_sdk"), str(spec)) is None


def test_the_fingerprint_covers_sdkforge_modules_and_templates() -> None:
    names = {path.name for path in fingerprint.source_files()}
    assert {"build.py", "sdk.py", "memo.py", "resource.py.jinja", "_base_client.py"} <= names
