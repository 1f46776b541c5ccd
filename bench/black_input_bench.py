"""Benchmark: how much work black still does on what the templates render.

    python bench/black_input_bench.py [SPEC ...] [--package-name gitaigc] [--show N] [--diff PATH]

For each spec (default: spec/openapi.yaml): load, build and render exactly as `sdkforge generate` does,
then run black (generator.format.format_source) over every rendered .py file, serially, in this process,
and again over black's own output (the floor: black's cost on input that is already formatted).
Reports how many files come out of rendering already equal to black's output and the CPU seconds of
both passes; `--show N` lists the N files where black changes the most lines, `--diff PATH` prints the
rendered → black diff of one file (a path as listed, e.g. gitaigc/_client.py).
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.cli import display_path  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.format import format_source  # noqa: E402
from generator.ir.build import build_api  # noqa: E402
from generator.load import load_spec  # noqa: E402
from generator.render import render_sdk  # noqa: E402


def rendered_files(spec: Path, package_name: str | None) -> dict[PurePosixPath, str]:
    config = load_config(ROOT).with_overrides(spec=spec, package_name=package_name)
    api, _ = build_api(load_spec(spec, display=display_path(spec)), config)
    return {path: text for path, text in render_sdk(api).items() if path.suffix == ".py"}


def timed_black(text: str, path: PurePosixPath) -> tuple[str, float]:
    start = time.process_time()
    formatted = format_source(text, path)
    return formatted, time.process_time() - start


def changed_lines(before: str, after: str) -> int:
    return sum(1 for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and line[:3] not in ("+++", "---"))


def bench(spec: Path, package_name: str | None, show: int, diff: str | None) -> None:
    files = rendered_files(spec, package_name)
    format_source("x = 1\n", PurePosixPath("warmup.py"))  # import black outside the timings
    rendered_cpu = floor_cpu = 0.0
    same = 0
    changes: list[tuple[int, float, PurePosixPath]] = []
    for path, text in files.items():
        formatted, seconds = timed_black(text, path)
        again, floor = timed_black(formatted, path)
        assert again == formatted, f"{path}: black is not idempotent here"
        rendered_cpu += seconds
        floor_cpu += floor
        same += text == formatted
        changes.append((changed_lines(text, formatted), seconds, path))
        if diff is not None and str(path) == diff:
            sys.stdout.writelines(difflib.unified_diff(
                text.splitlines(keepends=True), formatted.splitlines(keepends=True), "rendered", "black"))
    print(f"{spec}: {len(files)} .py files, {same} already black-formatted; black CPU "
          f"{rendered_cpu:.2f}s on rendered input, {floor_cpu:.2f}s on its own output (floor)", flush=True)
    for lines, seconds, path in sorted(changes, key=lambda c: (-c[0], str(c[2])))[:show]:
        if lines:
            print(f"  {lines:6d} lines changed  {seconds:6.2f}s  {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("specs", nargs="*", type=Path, default=[ROOT / "spec" / "openapi.yaml"])
    parser.add_argument("--package-name", help="default: [tool.sdkforge] of this repository")
    parser.add_argument("--show", type=int, default=10, help="list the N files black changes most")
    parser.add_argument("--diff", help="print the rendered → black diff of this file")
    args = parser.parse_args()
    for spec in args.specs:
        bench(spec, args.package_name, args.show, args.diff)


if __name__ == "__main__":
    main()
