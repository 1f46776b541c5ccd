"""The on-disk cache changes speed, never bytes, and stays under its cap (least recently used go first)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cache.store import (
    DEFAULT_MAX_MB,
    cache_dir,
    cache_get,
    cache_key,
    cache_put,
    max_bytes,
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SDKFORGE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SDKFORGE_NO_CACHE", raising=False)
    monkeypatch.delenv("SDKFORGE_CACHE_MAX_MB", raising=False)
    folder = cache_dir("test")
    assert folder is not None
    return folder


def test_keys_are_length_prefixed() -> None:
    assert cache_key(["ab", "c"]) != cache_key(["a", "bc"])


def test_a_stored_value_comes_back(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_put(cache, "k", "value\nwith lines\n")
    assert cache_get(cache, "k") == "value\nwith lines\n"
    assert cache_get(cache, "other") is None
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    assert cache_dir("test") is None


@pytest.mark.parametrize("damage", [b"\xff\xfe not utf-8", b"", b"0" * 32 + b"\nz = 3\n"])
def test_a_damaged_entry_is_a_miss(cache: Path, damage: bytes) -> None:
    """Entries carry a checksum: an unreadable, empty or edited one is a miss, never returned."""
    cache_put(cache, "k", "z = 2\n")
    (cache / "k").write_bytes(damage)
    assert cache_get(cache, "k") is None


def _age(folder: Path, key: str, seconds: int) -> None:
    os.utime(folder / key, (seconds, seconds))


def test_the_least_recently_used_entries_go_when_the_cap_is_exceeded(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    value = "x" * 1000  # each entry: 33 bytes of checksum line + 1000
    monkeypatch.setenv("SDKFORGE_CACHE_MAX_MB", str(3500 / 1024 / 1024))
    for number, key in enumerate(["a", "b", "c"], start=1):
        cache_put(cache, key, value)
        _age(cache, key, number * 1000)  # a oldest, then b, then c
    assert cache_get(cache, "a") == value  # a read: a is now the most recently used
    cache_put(cache, "d", value)  # 4 x 1033 bytes > 3500: one must go, the least recently used
    assert sorted(p.name for p in cache.iterdir()) == ["a", "c", "d"]
    other = cache.parent / "older-namespace"  # entries of other namespaces count, and go by age too
    other.mkdir()
    (other / "stale").write_text("s" * 10)
    _age(other, "stale", 1)
    cache_put(cache, "e", value)
    assert not (other / "stale").exists()
    assert sum(p.stat().st_size for p in cache.parent.rglob("*") if p.is_file()) <= 3500


def test_the_cap_defaults_and_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SDKFORGE_CACHE_MAX_MB", raising=False)
    assert max_bytes() == DEFAULT_MAX_MB * 1024 * 1024
    monkeypatch.setenv("SDKFORGE_CACHE_MAX_MB", "1.5")
    assert max_bytes() == 1536 * 1024
    monkeypatch.setenv("SDKFORGE_CACHE_MAX_MB", "lots")
    assert max_bytes() == DEFAULT_MAX_MB * 1024 * 1024
