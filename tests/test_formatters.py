"""ruff formats the output; black, the reference, must find nothing to change in it.

A user who runs the pinned black (line length 100, the generated package's target version) over the
SDK sees no diff: checked on every golden tree, on `generated/`, and on the output for every public
spec in ../shared/specs. The black mode of `sdkforge generate` gives the same bytes as the default.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import Config, generate
from generator.output.format import LINE_LENGTH, TARGET_VERSION

ROOT = Path(__file__).resolve().parents[1]
SPECS_DIR = ROOT.parent / "shared" / "specs"
SPECS = (
    sorted(p.name for p in SPECS_DIR.glob("*") if p.suffix in (".json", ".yaml", ".yml"))
    if SPECS_DIR.is_dir()
    else []
)
SLOW = {"openai.yaml"}  # ~1,500 files: black alone takes about 20 CPU-seconds


def black_check(root: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """`black --check --diff` on every .py file under `root` (named explicitly: no excludes apply)."""
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*.py"))
    assert files, f"no Python files under {root}"
    env = {
        **os.environ,
        "BLACK_CACHE_DIR": str(cache),
    }  # not the user's cache, nor one inside the tree
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "black",
            "--check",
            "--diff",
            "--quiet",
            "--config",
            os.devnull,
            "--line-length",
            str(LINE_LENGTH),
            "--target-version",
            TARGET_VERSION,
            *files,
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _assert_black_stable(root: Path, cache: Path) -> None:
    result = black_check(root, cache)
    assert result.returncode == 0, (
        f"black would change files under {root}:\n{result.stdout[-6000:]}{result.stderr[-2000:]}"
    )


@pytest.mark.parametrize(
    "tree",
    [
        "generated",
        *sorted(
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / "tests" / "golden" / "cases").glob("*/expected")
        ),
    ],
)
def test_black_leaves_committed_trees_unchanged(tree: str, tmp_path: Path) -> None:
    _assert_black_stable(ROOT / tree, tmp_path)


def _spec_params() -> list[object]:
    if not SPECS:
        return [
            pytest.param(
                None,
                marks=pytest.mark.skip(
                    reason=f"no public specs at {SPECS_DIR} (../shared is absent)"
                ),
            )
        ]
    return [
        pytest.param(name, marks=[pytest.mark.slow] if name in SLOW else [], id=name)
        for name in SPECS
    ]


def _write(files: dict[Path, str] | dict[object, str], out: Path) -> None:
    for rel, text in files.items():
        target = out / str(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("spec_name", _spec_params())
def test_black_leaves_public_spec_output_unchanged(
    spec_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    report = generate(
        SPECS_DIR / spec_name, Config(package_name="sdk", client_class="Client"), display=spec_name
    )
    assert report.ok, "\n".join(d.format() for d in report.diagnostics if d.is_error)
    _write(report.files, tmp_path / "out")
    _assert_black_stable(tmp_path / "out", tmp_path / "black-cache")


def test_black_mode_gives_the_default_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--formatter black` and `--formatter ruff` write the same SDK (here: our own spec's)."""
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    spec = ROOT / "spec" / "openapi.yaml"
    ruff = generate(
        spec, Config(package_name="gitaigc", formatter="ruff"), display="spec/openapi.yaml"
    )
    black = generate(
        spec, Config(package_name="gitaigc", formatter="black"), display="spec/openapi.yaml"
    )
    assert ruff.ok and black.ok
    different = sorted(
        str(path) for path in ruff.files if ruff.files[path] != black.files.get(path)
    )
    assert different == []
    assert ruff.files.keys() == black.files.keys()
