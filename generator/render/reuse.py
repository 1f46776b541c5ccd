"""A module rendered from the same IR node as last time, with the same templates, is last time's text;
and so is a view (api.md's operations) made from the same node and the same API-wide names.

Within one process (`sdkforge watch`): the previous run's texts are kept by (template, node). IR
nodes are frozen dataclasses, so "the same node" is plain equality, and a module template reads
nothing but the view made from its node (tests/unit/test_render_reuse.py renders every module both
ways). The templates on disk are part of the key, by stat(): editing one renders everything afresh.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["Reuse"]

T = TypeVar("T")

_last: tuple[str, dict[tuple[str, Hashable], Any]] = ("", {})  # (templates key, values)


class Reuse:
    """The texts of one render_sdk call; `close()` keeps them for the next call."""

    def __init__(self, templates: Path) -> None:
        self._key = _templates_key(templates)
        self._previous = _last[1] if _last[0] == self._key else {}
        self._current: dict[tuple[str, Hashable], Any] = {}

    def value(self, what: str, node: Hashable, make: Callable[[], T]) -> T:
        """`make()`, or what it made last time for an equal `node`; `what` names the kind of value (a
        template, a view) and decides, with `node`, everything `make` reads."""
        key = (what, node)
        try:
            found = self._previous.get(key)
        except TypeError:  # a node that holds something unhashable: no reuse, never a wrong value
            return make()
        value: T = found if found is not None else make()
        self._current[key] = value
        return value

    def close(self) -> None:
        global _last
        _last = (self._key, self._current)


def _templates_key(folder: Path) -> str:
    """Every template file's path, size, modification time and inode."""
    parts = []
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            path = os.path.join(root, name)
            st = os.stat(path)
            parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
    return "\n".join(sorted(parts))
