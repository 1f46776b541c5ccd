"""sdkforge: an OpenAPI document → a typed Python SDK. `generate` is the one public entry point.

Its names are looked up on first use (PEP 562): `sdkforge generate` with nothing to do answers from
cache/replay.py before anything but the standard library is imported, and importing this package
must not undo that.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's own costs a no-change run 8 ms; mypy reads this name as typing's
if TYPE_CHECKING:
    from .config import Config
    from .pipeline import check_spec, generate
    from .report.report import Report

__all__ = ["Config", "Report", "check_spec", "generate"]

_HOMES = {
    "Config": "config",
    "Report": "report.report",
    "check_spec": "pipeline",
    "generate": "pipeline",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{home}", __name__), name)
