"""A git revision of the configured spec → the same files in a folder, so it loads like any spec.

The whole folder that holds the spec is read at that revision (`git ls-tree`, `git show`), so relative
`$ref` files come along and resolve as they did then.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

import click


class RevisionError(click.ClickException):
    """A revision or path git cannot give us: a usage problem (exit 2)."""

    exit_code = 2


def checkout_spec(revision: str, spec: Path, dest: Path) -> Path:
    """Write the spec's folder at `revision` under `dest`; return the spec's path there."""
    top = Path(_git(spec.parent, "rev-parse", "--show-toplevel").strip())
    relative = PurePosixPath(spec.resolve().relative_to(top.resolve()).as_posix())
    folder = relative.parent.as_posix()
    listed = _git(
        top, "ls-tree", "-r", "--name-only", revision, "--", folder if folder != "." else ""
    )
    names = [line for line in listed.splitlines() if line]
    if relative.as_posix() not in names:
        raise RevisionError(f"{relative} does not exist at revision {revision!r}")
    for name in names:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git_bytes(top, "show", f"{revision}:{name}"))
    return dest / relative


def _git(cwd: Path, *args: str) -> str:
    return _git_bytes(cwd, *args).decode("utf-8")


def _git_bytes(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise RevisionError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise RevisionError(f"git {' '.join(args[:2])}: {reason[-1] if reason else 'failed'}")
    return done.stdout
