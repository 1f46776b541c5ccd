"""Benchmark: sdkforge generate vs openapi-python-client, same specs, same run.

    pip install -e '.[bench]'   # openapi-python-client, pinned
    python bench/generate_bench.py [--openai ../shared/specs/openai.yaml] [--repeat 3]
    python bench/generate_bench.py --progress [--spec FILE]   # what the terminal progress display costs

Reports wall time and peak RSS (of the process tree) for: our spec cold (no black cache), our spec with
nothing changed (warm cache, output already up to date), and OpenAI's spec cold, each beside
openapi-python-client on the same input. Ratios are sdkforge / peer (lower is better).
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB (the largest process of this run's tree, from wait4), exit code."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            last = err.read().decode(errors="replace").strip().splitlines()[-3:]
            print(f"  ! {' '.join(cmd[:3])} exited {process.returncode}: {last}", file=sys.stderr)
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def sdkforge(spec: Path, out: Path, cache: Path | None) -> list[str]:
    return [sys.executable, "-m", "generator", "generate", str(spec), "--out", str(out), "--package-name", "bench_sdk"]


def peer(spec: Path, out: Path) -> list[str]:
    exe = shutil.which("openapi-python-client") or os.environ.get("OPENAPI_PYTHON_CLIENT", "")
    return [exe, "generate", "--path", str(spec), "--output-path", str(out), "--overwrite", "--meta", "none"]


def best(times: list[tuple[float, float, int]]) -> tuple[float, float]:
    return min(t for t, _, _ in times), max(m for _, m, _ in times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--openai", type=Path, default=ROOT.parent / "shared" / "specs" / "openai.yaml")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--progress", action="store_true", help="only time cold runs in a pipe against runs on a pseudo-terminal")
    parser.add_argument("--spec", type=Path, help="the spec for --progress (default: --openai)")
    args = parser.parse_args()
    if args.progress:
        progress_cost(args.spec or args.openai, args.repeat)
        return
    specs = [("gitaigc spec", ROOT / "spec" / "openapi.yaml")]
    if args.openai.is_file():
        specs.append(("openai.yaml", args.openai))
    has_peer = bool(peer(Path("."), Path("."))[0])
    work = Path(tempfile.mkdtemp(prefix="sdkforge-bench-"))
    print(f"{'case':34} {'sdkforge s':>10} {'peer s':>8} {'ratio':>6} {'sdk MiB':>8} {'peer MiB':>8} {'ratio':>6}")
    for label, spec in specs:
        cold_env = {**os.environ, "SDKFORGE_NO_CACHE": "1"}
        ours = best([run(sdkforge(spec, work / f"ours{i}", None), cold_env, ROOT) for i in range(args.repeat)])
        theirs = best([run(peer(spec, work / f"peer{i}"), dict(os.environ), work) for i in range(args.repeat)]) if has_peer else (float("nan"), float("nan"))
        _row(f"{label}: cold", ours, theirs)
        warm_env = {**os.environ, "SDKFORGE_CACHE_DIR": str(work / "cache")}
        target = work / "warm"
        run(sdkforge(spec, target, None), warm_env, ROOT)  # fill the cache and the output
        again = best([run(sdkforge(spec, target, None), warm_env, ROOT) for _ in range(args.repeat)])
        _row(f"{label}: no change (vs own cold)", again, ours)
    shutil.rmtree(work, ignore_errors=True)


def progress_cost(spec: Path, repeat: int) -> None:
    """Cold runs, alternating: stderr a pipe (no display) and a pseudo-terminal (the display from the start)."""
    work = Path(tempfile.mkdtemp(prefix="sdkforge-bench-"))
    env = {**os.environ, "SDKFORGE_NO_CACHE": "1", "SDKFORGE_PROGRESS_DELAY": "0", "COLUMNS": "120"}
    piped: list[tuple[float, float]] = []
    on_tty: list[tuple[float, float]] = []
    for i in range(repeat):
        piped.append(_timed(sdkforge(spec, work / f"pipe{i}", None), env, on_pty=False))
        on_tty.append(_timed(sdkforge(spec, work / f"tty{i}", None), env, on_pty=True))
    for label, runs in (("stderr a pipe", piped), ("stderr a terminal", on_tty)):
        wall, cpu = [w for w, _ in runs], [c for _, c in runs]
        print(f"{spec.name} {label:18} wall min {min(wall):7.2f} s median {statistics.median(wall):7.2f} s | "
              f"CPU min {min(cpu):7.2f} s median {statistics.median(cpu):7.2f} s | "
              f"runs {' '.join(f'{w:.2f}/{c:.2f}' for w, c in runs)}", flush=True)
    shutil.rmtree(work, ignore_errors=True)


def _timed(cmd: list[str], env: dict[str, str], *, on_pty: bool) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and the workers it waited for) of one run of `cmd`,
    its stdout and stderr a pipe, or a pseudo-terminal that is read (and discarded) as it goes."""
    parent, child = pty.openpty() if on_pty else os.pipe()
    start = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=child, stderr=child)
    os.close(child)
    _drain(parent)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        print(f"  ! {' '.join(cmd[:3])} exited {process.returncode}", file=sys.stderr)
    return elapsed, usage.ru_utime + usage.ru_stime


def _drain(parent: int) -> None:
    """Read (and discard) until every writer has closed: the command and the workers it started."""
    while True:
        ready, _, _ = select.select([parent], [], [], 0.5)
        try:
            if ready and not os.read(parent, 65536):
                break
        except OSError:  # every writer has closed the terminal
            break
    os.close(parent)


def _row(label: str, ours: tuple[float, float], theirs: tuple[float, float]) -> None:
    print(f"{label:34} {ours[0]:10.2f} {theirs[0]:8.2f} {ours[0] / theirs[0]:6.2f} {ours[1]:8.0f} {theirs[1]:8.0f} {ours[1] / theirs[1]:6.2f}", flush=True)


if __name__ == "__main__":
    main()
