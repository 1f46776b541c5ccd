"""Rendered text → formatted text: `ruff format` (the default) or black, once over the whole tree.

Both are pinned exactly (pyproject.toml): the formatter's version decides the bytes. The rendered .py
files are written to a temporary folder and each tool runs once over all of them, never once per file.
Imports are sorted by ruff's isort rule, and `__all__` by RUF022 (`ruff check --select I,RUF022 --fix`),
whichever formatter is chosen, so the two modes differ only in the formatter itself. Both are run with their configuration files
ignored, so a pyproject.toml around the temporary folder cannot change the output.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from ..cache.store import cache_dir, cache_get, cache_key, cache_put_many
from ..config import FORMATTERS

LINE_LENGTH = 100
TARGET_VERSION = "py310"  # the generated package's requires-python


class FormatError(Exception):
    """The formatter rejected what a template produced: a bug in sdkforge, never in the spec."""


def format_files(
    files: Mapping[PurePosixPath, str], formatter: str = "ruff"
) -> dict[PurePosixPath, str]:
    """Sort imports in and format every .py file; other files pass through. Ordered like the input.

    Each file's result is kept in the cache (cache.py) under its path, its text, the formatter and the
    tree's top-level names (they decide which imports are first-party): a run where one module changed
    formats only that module. The other files are still present in the temporary folder, empty, so
    that the import sorter finds the same packages and first-party names (tests/unit/test_incremental.py).
    """
    if formatter not in FORMATTERS:
        raise ValueError(f"unknown formatter {formatter!r}; known: {', '.join(FORMATTERS)}")
    sources = {path: text for path, text in files.items() if path.suffix == ".py"}
    if not sources:
        return dict(files)
    folder = cache_dir("formatted")
    keys = _cache_keys(sources, formatter) if folder is not None else {}
    formatted = {
        path: text for path, key in keys.items() if (text := cache_get(folder, key)) is not None
    }
    pending = [path for path in sources if path not in formatted]
    if pending:
        fresh = _format_tree(sources, pending, formatter)
        formatted |= fresh
        cache_put_many(folder, [(keys[path], text) for path, text in fresh.items() if path in keys])
    return {path: formatted.get(path, text) for path, text in files.items()}


def _cache_keys(sources: Mapping[PurePosixPath, str], formatter: str) -> dict[PurePosixPath, str]:
    top_level = sorted({path.parts[0] for path in sources})
    tool = _formatter_identity(formatter)
    return {
        path: cache_key([tool, *top_level, "\x00", path.as_posix(), text])
        for path, text in sources.items()
    }


def _formatter_identity(formatter: str) -> str:
    """The formatter's installed version and this module's source (its options): what decides the bytes."""
    from ..cache.fingerprint import installed_distributions

    return cache_key(
        [formatter, *installed_distributions(("ruff", "black")), Path(__file__).read_bytes()]
    )


def _format_tree(
    sources: Mapping[PurePosixPath, str], pending: list[PurePosixPath], formatter: str
) -> dict[PurePosixPath, str]:
    """Format the `pending` files of `sources`; their formatted text. Of the others, only those that tell the
    import sorter what is first-party are present, and empty (_placeholders)."""
    with tempfile.TemporaryDirectory(prefix="sdkforge-format-") as tmp:
        root = Path(tmp) / "tree"
        names = [_write(root, path, sources[path]) for path in pending]
        for path in _placeholders(sources, pending):
            _write(root, path, "")
        _sort_imports(root, names)
        if formatter == "ruff":
            _ruff(
                root,
                [
                    "format",
                    "--isolated",
                    "--no-cache",
                    "--line-length",
                    str(LINE_LENGTH),
                    "--target-version",
                    TARGET_VERSION,
                    *names,
                ],
            )
        else:
            _black(root, names, Path(tmp) / "black-cache")
        return {path: (root / path).read_text(encoding="utf-8") for path in pending}


def _placeholders(
    sources: Mapping[PurePosixPath, str], pending: list[PurePosixPath]
) -> list[PurePosixPath]:
    """The files ruff's import sorter looks for around `pending`: the `__init__.py` of every package that
    holds a pending file (they make its package root; one left out would make a package's own imports
    third-party), and one file under each top-level name (the tree's first-party names). Writing every
    other module too, empty, changes nothing but the time: 200 files on an edit that changed one."""
    todo = set(pending)
    wanted: set[PurePosixPath] = set()
    for path in pending:
        for folder in path.parents:
            init = folder / "__init__.py"
            if folder.parts and init in sources:
                wanted.add(init)
    for top in sorted({path.parts[0] for path in sources}):
        wanted.add(min(path for path in sources if path.parts[0] == top))
    return sorted(wanted - todo)


def format_source(text: str, path: PurePosixPath, formatter: str = "ruff") -> str:
    """One file (for tests and tools); generation formats the whole tree at once with format_files."""
    return format_files({path: text}, formatter)[path]


def _write(root: Path, path: PurePosixPath, text: str) -> str:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="")
    return path.as_posix()


def _sort_imports(root: Path, names: list[str]) -> None:
    # --isolated: no user or project configuration. Modules found in `root` (the generated package)
    # count as first-party; pydantic, httpx2 and friends, absent there and from the stdlib, as third-party.
    # --exit-zero: a finding left unfixed is not an error here (ruff format, next, rejects invalid code).
    _ruff(
        root,
        [
            "check",
            "--isolated",
            "--no-cache",
            "--quiet",
            "--exit-zero",
            "--select",
            "I,RUF022",
            "--fix",
            "--line-length",
            str(LINE_LENGTH),
            "--target-version",
            TARGET_VERSION,
            *names,
        ],
    )


def ruff_binary() -> str:
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]  # the pinned ruff's own binary

    return os.fsdecode(find_ruff_bin())


def _ruff(root: Path, arguments: list[str]) -> None:
    _run([ruff_binary(), *arguments], root, os.environ.copy())


def _black(root: Path, names: list[str], cache: Path) -> None:
    # Explicit file names: black's default excludes (build/, dist/, ...) apply only to folders it walks.
    # Its cache goes to a folder that is deleted with the tree, not into the user's.
    env = {**os.environ, "BLACK_CACHE_DIR": str(cache)}
    command = [
        sys.executable,
        "-m",
        "black",
        "--quiet",
        "--config",
        os.devnull,
        "--line-length",
        str(LINE_LENGTH),
        "--target-version",
        TARGET_VERSION,
        *names,
    ]
    _run(command, root, env)


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    """Run a formatter to completion; nothing it started outlives this call.

    The formatter gets a process group of its own (black starts worker processes). On success the
    group is empty when its output pipes close; on an exception, Ctrl-C included (the terminal's
    SIGINT reaches only sdkforge's group), the whole group is killed and the formatter reaped.
    """
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate()
    finally:
        if (
            process.returncode is None
        ):  # unwinding: the group leader is not reaped yet, so its pid is ours
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if process.returncode != 0:
        detail = (stdout + stderr).strip()
        raise FormatError(
            f"{Path(command[0]).name} {command[1]} failed on generated code: {detail}; this is a bug in sdkforge"
        )
