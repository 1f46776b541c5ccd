"""The on-disk cache changes speed, never bytes."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from generator.cache import cache_key
from generator.format import format_files


def test_keys_are_length_prefixed() -> None:
    assert cache_key(["ab", "c"]) != cache_key(["a", "bc"])


def test_a_cache_hit_returns_what_black_returns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKFORGE_CACHE_DIR", str(tmp_path))
    files = {PurePosixPath("a.py"): "x=1\nif x :\n  y=[1,\n2]\n", PurePosixPath("README.md"): "as is\n"}
    first = format_files(files)
    assert first[PurePosixPath("a.py")] == "x = 1\nif x:\n    y = [1, 2]\n"
    assert first[PurePosixPath("README.md")] == "as is\n"
    assert any(tmp_path.rglob("*")), "the result was stored"
    assert format_files(files) == first
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    assert format_files(files) == first


@pytest.mark.parametrize("damage", [b"\xff\xfe not utf-8", b"", b"0" * 32 + b"\nz = 3\n"])
def test_a_damaged_entry_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes) -> None:
    """Entries carry a checksum: an unreadable, empty or edited one is recomputed, never returned."""
    monkeypatch.setenv("SDKFORGE_CACHE_DIR", str(tmp_path))
    files = {PurePosixPath("b.py"): "z=2\n"}
    format_files(files)
    for entry in tmp_path.rglob("*"):
        if entry.is_file():
            entry.write_bytes(damage)
    assert format_files(files) == {PurePosixPath("b.py"): "z = 2\n"}
