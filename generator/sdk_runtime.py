"""The SDK runtime as data: the files copied into every SDK, and the names it exports, read from its `__all__`.

The runtime (`generator/runtime/`) is plain Python, checked like the generator; it is never imported
here, only read, so generating an SDK needs neither httpx2 nor pydantic.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .template_dir import runtime_dir

# Not copied: `__init__.py` declares the exports (below), and every SDK gets its own `_constants.py`.
_NOT_COPIED = frozenset({"__init__.py", "_constants.py"})


def runtime_files(folder: Path | None = None) -> dict[str, str]:
    """`{file name: source}` of every runtime module a generated package receives as it is."""
    folder = folder or runtime_dir()
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(folder.glob("*.py"))
        if p.name not in _NOT_COPIED
    }


def runtime_exports(folder: Path | None = None) -> dict[str, str]:
    """`{public name: module}` (`"APIError": "._exceptions"`) in the order of the runtime's `__all__`."""
    tree = ast.parse(((folder or runtime_dir()) / "__init__.py").read_text(encoding="utf-8"))
    module_of = {
        alias.asname or alias.name: "." * node.level + (node.module or "")
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    return {name: module_of[name] for name in _dunder_all(tree)}


def _dunder_all(tree: ast.Module) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return [str(name) for name in ast.literal_eval(node.value)]
    raise ValueError("generator/runtime/__init__.py has no __all__")
