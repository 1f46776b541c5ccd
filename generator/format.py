"""Rendered text → black-formatted text. One pinned black, one Mode: same input, same bytes."""

from __future__ import annotations

from pathlib import PurePosixPath

import black

MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=100)


class FormatError(Exception):
    """Black could not parse what a template produced: a bug in sdkforge, never in the spec."""


def format_source(text: str, path: PurePosixPath) -> str:
    if path.suffix != ".py":
        return text
    try:
        return black.format_str(text, mode=MODE)
    except black.InvalidInput as exc:
        raise FormatError(f"generated {path} is not valid Python ({exc}); this is a bug in sdkforge") from None
