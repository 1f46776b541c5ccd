"""Within one process, a module whose IR node equals last render's is last render's text (render/reuse.py):
that must be exactly the text rendering it again would give."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Config
from generator.ir.build import build_api
from generator.load.spec import load_spec
from generator.render import reuse
from generator.render.sdk import render_sdk

SPEC = Path(__file__).parents[2] / "spec" / "openapi.yaml"


def _render(path: Path) -> dict[object, str]:
    api, _ = build_api(load_spec(path), Config())
    return dict(render_sdk(api))


def test_a_reused_module_is_the_module_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = SPEC.read_text(encoding="utf-8")
    edited = tmp_path / "openapi.yaml"
    edited.write_text(
        text.replace("description: What went wrong, in words.", "description: Edited.", 1),
        encoding="utf-8",
    )
    monkeypatch.setattr(reuse, "_last", ("", {}))
    first = _render(SPEC)
    kept = dict(reuse._last[1])
    warm = _render(edited)  # most modules reused from the first render
    reused = sum(1 for key, value in reuse._last[1].items() if kept.get(key) is value)
    monkeypatch.setattr(reuse, "_last", ("", {}))
    fresh = _render(edited)
    assert warm == fresh and warm != first
    assert reused >= len(kept) - 2, (reused, len(kept))


def test_an_edited_template_renders_everything_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reuse, "_last", ("", {}))
    _render(SPEC)
    before, kept = reuse._last[0], dict(reuse._last[1])
    _render(SPEC)
    assert all(reuse._last[1][key] is text for key, text in kept.items())  # all reused
    monkeypatch.setattr(reuse, "_templates_key", lambda folder: before + "edited")
    _render(SPEC)
    assert reuse._last[0] == before + "edited"
    assert not any(reuse._last[1][key] is text for key, text in kept.items())  # none reused
