"""The release build of the committed SDK, step by step as the publish workflow runs it: `python -m build`
gives a wheel and an sdist, `twine check --strict` accepts both, and the wheel installs with its
dependencies into a fresh virtual environment and imports there."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

GENERATED = ROOT / "generated"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, (
        f"{' '.join(map(str, args))} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    )
    return done


@pytest.fixture(scope="module")
def project() -> dict[str, str]:
    data = tomllib.loads((GENERATED / "pyproject.toml").read_text(encoding="utf-8"))
    return {
        "name": data["project"]["name"],
        "version": data["project"]["version"],
        "package": data["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"][0],
    }


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m build` on a copy of generated/ (the build backend, hatchling, comes from the test extra)."""
    source = tmp_path_factory.mktemp("sdk") / "generated"
    shutil.copytree(
        GENERATED,
        source,
        ignore=shutil.ignore_patterns("__pycache__", "dist", "*.egg-info", ".venv"),
    )
    out = source / "dist"
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source)
    return out


@pytest.mark.slow
def test_build_gives_a_wheel_and_an_sdist(dist: Path, project: dict[str, str]) -> None:
    stem = f"{project['name'].replace('-', '_')}-{project['version']}"
    assert sorted(p.name for p in dist.iterdir()) == [f"{stem}-py3-none-any.whl", f"{stem}.tar.gz"]


@pytest.mark.slow
def test_twine_check_strict_passes(dist: Path) -> None:
    done = run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))
    assert done.stdout.count("PASSED") == 2


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_imports(
    dist: Path, project: dict[str, str], tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    wheel = next(dist.glob("*.whl"))
    # This interpreter's pip installs into the new one (--python): no ensurepip, same resolver.
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-compile",
        "--disable-pip-version-check",
        wheel,
    )
    probe = (
        f"import {project['package']} as sdk, importlib.resources as r\n"
        "print(sdk.__version__, r.files(sdk).joinpath('py.typed').is_file(), sdk.__file__)\n"
    )
    version, typed, location = run(python, "-c", probe, cwd=tmp_path).stdout.split()
    assert (version, typed) == (project["version"], "True")
    assert Path(location).is_relative_to(env_dir), (
        "imported from the fresh venv, not the source tree"
    )
