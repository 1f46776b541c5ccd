"""The `sdkforge` command end to end: exit codes, located messages, --check, atomic writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

CASE = Path(__file__).parent / "golden" / "cases" / "params" / "openapi.yaml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_generate_writes_then_check_passes(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run(runner, "generate", str(CASE), "--out", str(out), "--package-name", "params")
    assert code == 0, err
    assert (out / "params" / "_client.py").is_file()
    assert "written" in err
    code, stdout, err = run(
        runner, "generate", str(CASE), "--out", str(out), "--package-name", "params", "--check"
    )
    assert code == 0, err
    assert stdout == ""


def test_check_reports_stale_output_as_a_diff(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(runner, "generate", str(CASE), "--out", str(out), "--package-name", "params")
    target = out / "params" / "resources" / "items.py"
    target.write_text(target.read_text() + "# hand edit\n")
    (out / "params" / "notes.py").write_text("x = 1\n")
    code, stdout, err = run(
        runner, "generate", str(CASE), "--out", str(out), "--package-name", "params", "--check"
    )
    assert code == 1
    assert "-# hand edit" in stdout
    assert "notes.py" not in stdout, "a file sdkforge did not make is not part of its output"
    assert "is stale" in err
    assert target.read_text().endswith("# hand edit\n"), "--check must not write"


def test_check_shows_stale_generated_files_as_deletions(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(runner, "generate", str(CASE), "--out", str(out), "--package-name", "old_name")
    code, stdout, err = run(
        runner, "generate", str(CASE), "--out", str(out), "--package-name", "params", "--check"
    )
    assert code == 1, err
    assert "--- a/out/old_name/_client.py\n+++ /dev/null" in stdout
    assert "+++ b/out/params/_client.py" in stdout


def test_regeneration_removes_stale_files_and_keeps_unchanged_ones(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(runner, "generate", str(CASE), "--out", str(out), "--package-name", "old_name")
    stale = len(list((out / "old_name").rglob("*.py"))) + 1  # and py.typed
    code, _, err = run(runner, "generate", str(CASE), "--out", str(out), "--package-name", "params")
    assert code == 0, err
    assert not (out / "old_name").exists(), (
        "every stale generated file, and the folders it leaves empty, is removed"
    )
    assert f"{stale} removed" in err
    client = out / "params" / "_client.py"
    before = client.stat().st_mtime_ns
    target = out / "params" / "resources" / "items.py"
    target.write_text(target.read_text() + "# hand edit\n")
    code, _, err = run(runner, "generate", str(CASE), "--out", str(out), "--package-name", "params")
    assert code == 0, err
    assert "(1 written, 0 removed" in err
    assert (
        "overwrote 1 generated file(s) that had been edited by hand: params/resources/items.py"
        in err
    )
    assert client.stat().st_mtime_ns == before


def test_broken_spec_exits_1_with_location_and_writes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(
        CASE.read_text().replace(
            "$ref: '#/components/schemas/Item'", "$ref: '#/components/schemas/Itme'"
        )
    )
    out = tmp_path / "out"
    code, _, err = run(runner, "generate", str(spec), "--out", str(out))
    assert code == 1
    assert "broken.yaml:" in err and "does not resolve" in err
    assert "did you mean 'Item'?" in err
    assert "nothing was written" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_failed_generation_leaves_previous_output_untouched(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(runner, "generate", str(CASE), "--out", str(out), "--package-name", "params")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n")
    code, _, err = run(runner, "generate", str(spec), "--out", str(out), "--package-name", "params")
    assert code == 1, err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_yaml_syntax_error_is_located(runner: CliRunner, tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("openapi: 3.1.0\ninfo:\n  title: [unclosed\n")
    code, _, err = run(runner, "validate", str(spec))
    assert code == 1
    assert err.startswith("bad.yaml:") or "bad.yaml:" in err
    assert "invalid YAML" in err


def test_validate_reports_every_finding_sorted(runner: CliRunner, tmp_path: Path) -> None:
    spec = tmp_path / "two.yaml"
    text = CASE.read_text().replace("operationId: updateItem", "operationId: getItem")
    text = text.replace(
        "- name: itemId\n      in: path\n      required: true",
        "- name: itemId\n      in: path\n      required: false",
    )
    spec.write_text(text)
    code, _, err = run(runner, "validate", str(spec))
    assert code == 1
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert any("operationId 'getItem' is used by 2 operations" in line for line in lines)
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers)
    assert "  at #/paths/" in err


def test_missing_spec_file_is_a_usage_error_naming_the_whole_path(
    runner: CliRunner, tmp_path: Path
) -> None:
    missing = tmp_path / "specs" / "nope.yaml"
    for command in (["validate"], ["generate", "--out", str(tmp_path / "o")]):
        code, _, err = run(runner, *command, str(missing))
        assert code == 2, err
        assert f"Error: spec file not found: {missing.resolve()}" in err
        assert "nothing was written" not in err


def test_bad_package_name_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(
        runner, "generate", str(CASE), "--out", str(tmp_path / "o"), "--package-name", "Bad-Name"
    )
    assert code == 2
    assert "not a valid Python package name" in err


def test_remote_ref_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    spec = tmp_path / "remote.yaml"
    spec.write_text(
        CASE.read_text().replace("'#/components/schemas/Item'", "'https://example.com/item.yaml'")
    )
    code, _, err = run(runner, "validate", str(spec))
    assert code == 1
    assert "remote $ref" in err


def test_out_of_tree_ref_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "spec"
    folder.mkdir()
    (tmp_path / "outside.yaml").write_text("type: object\n")
    spec = folder / "openapi.yaml"
    spec.write_text(CASE.read_text().replace("'#/components/schemas/Item'", "'../outside.yaml'"))
    code, _, err = run(runner, "validate", str(spec))
    assert code == 1
    assert "leaves the spec's folder" in err


def test_relative_file_refs_are_followed(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "item.yaml").write_text("type: object\nproperties:\n  name: {type: string}\n")
    spec = tmp_path / "openapi.yaml"
    spec.write_text(CASE.read_text().replace("'#/components/schemas/Item'", "'item.yaml'"))
    code, _, err = run(
        runner, "generate", str(spec), "--out", str(tmp_path / "o"), "--package-name", "rel"
    )
    assert code == 0, err
    assert "class Item(BaseModel)" in (tmp_path / "o" / "rel" / "models" / "item.py").read_text()


def test_alias_bomb_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]" for i in range(1, 9)]
    spec = tmp_path / "bomb.yaml"
    spec.write_text("openapi: 3.1.0\n" + "\n".join(lines) + "\n")
    code, _, err = run(runner, "validate", str(spec))
    assert code == 1
    assert "expands to more than" in err


def test_internal_errors_hide_the_traceback_unless_debug(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.generate_commands

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(generator.generate_commands, "generate", boom)
    code, _, err = run(runner, "generate", str(CASE), "--out", str(tmp_path / "o"))
    assert code == 1
    assert "internal error in sdkforge: RuntimeError: kaboom" in err
    assert "Traceback" not in err
    code, _, err = run(runner, "--debug", "generate", str(CASE), "--out", str(tmp_path / "o"))
    assert "Traceback" in err


def test_python_dash_m_generator_runs(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(CASE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stderr
    assert shutil.which("sdkforge") is not None


def test_the_summary_counts_degraded_operations(runner: CliRunner, tmp_path: Path) -> None:
    spec = tmp_path / "text_body.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: Notes, version: '1'}\npaths:\n  /notes:\n    post:\n      operationId: addNote\n"
        "      requestBody: {content: {text/plain: {schema: {type: string}}}}\n      responses: {'204': {description: Done.}}\n"
        "    get:\n      operationId: listNotes\n      responses: {'204': {description: Done.}}\n"
    )
    code, _, err = run(
        runner, "generate", str(spec), "--out", str(tmp_path / "o"), "--package-name", "notes"
    )
    assert code == 0, err
    assert (
        "warning: request body types ['text/plain'] are not supported yet; the method sends no body"
        in err
    )
    assert ": 2/2 operations (1 degraded), " in err
