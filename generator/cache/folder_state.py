"""An output folder as stat() sees it, and whether it is still as recorded: the no-change checks of
stamp.py and replay.py. Standard library only, so that replay.py can use it before anything else.

Racy files (git's term): a file changed within RACY_NS of the record could be edited again without its
times moving on a filesystem with coarse timestamps, so such a file is trusted only if its bytes still
hash to what was recorded. A file recorded without a hash (one sdkforge did not write) matters only
by its presence and its stat.
"""

from __future__ import annotations

import hashlib
import os

from ..droppings import is_quiet

TYPE_CHECKING = (
    False  # typing's import is a tenth of a replayed run; mypy reads this name as typing's
)
if TYPE_CHECKING:
    from typing import Any

    Stat = list[
        Any
    ]  # [mode, size, mtime_ns, ctime_ns, inode], then the SHA-256 when one was recorded

RACY_NS = 3_000_000_000  # FAT's 2 s modification times, with a margin


def stat_folder(out_dir: str) -> dict[str, Stat] | None:
    """Every file `write.scan_files` would see, as [mode, size, mtime_ns, ctime_ns, inode]; None if unreadable."""
    found: dict[str, Stat] = {}
    try:
        for folder, dirs, names in os.walk(out_dir, onerror=_raise):
            dirs[:] = [d for d in dirs if not is_quiet(d)]
            prefix = (
                os.path.relpath(folder, out_dir).replace(os.sep, "/") + "/"
                if folder != out_dir
                else ""
            )
            for name in names:
                if not is_quiet(name):
                    found[prefix + name] = stat_of(os.path.join(folder, name))
    except OSError:
        return None
    return found


def stat_of(path: str, *, follow_symlinks: bool = False) -> Stat:
    """[mode, size, mtime_ns, ctime_ns, inode]: of the link itself unless `follow_symlinks`."""
    st = os.stat(path, follow_symlinks=follow_symlinks)
    return [st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def folder_matches(out_dir: str, recorded: dict[str, Stat], taken: int) -> bool:
    now = stat_folder(out_dir)
    return (
        now is not None
        and now.keys() == recorded.keys()
        and all(
            file_matches(os.path.join(out_dir, rel), stat, recorded[rel], taken)
            for rel, stat in now.items()
        )
    )


def file_matches(path: str, stat: Stat, recorded: Stat, taken: int) -> bool:
    """`stat` (the file now) is `recorded`; and a racy file still has the recorded bytes."""
    if stat != recorded[:5]:
        return False
    if max(stat[2], stat[3]) + RACY_NS >= taken:  # mtime, ctime
        digest = recorded[5] if len(recorded) > 5 else None
        return digest is None or digest_of(path) == digest
    return True


def digest_of(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _raise(error: OSError) -> None:
    raise error
