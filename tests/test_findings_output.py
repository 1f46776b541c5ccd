"""How `sdkforge` shows findings: repeated warnings grouped, counts by code, per-code ignore and promote."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

REPEATS = 50


def spec_with_repeated_warnings(folder: Path) -> Path:
    """One schema with 50 properties of an unknown string format: 50 SDK401 warnings of one kind."""
    props = "".join(f"        p{i}: {{type: string, format: base64url}}\n" for i in range(REPEATS))
    text = (
        "openapi: 3.1.0\ninfo: {title: Repeats, version: '1'}\n"
        "paths:\n  /things:\n    get:\n      operationId: listThings\n      responses:\n"
        "        '200':\n          description: ok\n          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Thing'}\n"
        f"components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n{props}"
    )
    path = folder / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(
        tmp_path
    )  # no pyproject.toml above: the defaults, and relative paths in messages
    return spec_with_repeated_warnings(tmp_path)


def generate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["generate", "openapi.yaml", "--out", "out", "--package-name", "repeats", *args]
    )
    return result.exit_code, result.stderr


def finding_heads(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if re.match(r"^openapi\.yaml:\d+:\d+: (warning|error): ", line)
    ]


def test_fifty_repeated_warnings_show_three_and_count_the_rest(spec: Path) -> None:
    code, err = generate()
    assert code == 0, err
    heads = finding_heads(err)
    assert [h.split(": ", 1)[0] for h in heads] == [
        "openapi.yaml:18:36",
        "openapi.yaml:19:36",
        "openapi.yaml:20:36",
    ]
    assert all(
        h.endswith("unknown string format 'base64url'; typed as str  [SDK401 unknown-format]")
        for h in heads
    )
    more = [line for line in err.splitlines() if line.startswith("... and")]
    assert more == [
        "... and 47 more like this  [SDK401 unknown-format]: --verbose shows them all, --ignore SDK401 silences them"
    ]
    assert err.index(heads[-1]) < err.index(more[0])


def test_verbose_shows_all_fifty(spec: Path) -> None:
    code, err = generate("--verbose")
    assert code == 0, err
    assert len(finding_heads(err)) == REPEATS
    assert "more like this" not in err


def test_closing_lines_count_by_code_then_the_totals_line_last(spec: Path) -> None:
    _, err = generate()
    lines = err.splitlines()
    assert lines[-3:-1] == ["Findings by code:", "  50 warning  SDK401 unknown-format"]
    assert lines[-1].startswith("out: 1/1 operations, ")
    assert lines[-1].endswith("; 0 error(s), 50 warning(s).")


def test_ignore_by_code_or_slug_silences_the_warning(spec: Path) -> None:
    for flag in ("SDK401", "unknown-format", "sdk200,SDK401"):
        code, err = generate("--ignore", flag)
        assert code == 0, err
        assert finding_heads(err) == []
        assert "Findings by code" not in err
        assert err.rstrip().endswith("0 error(s), 0 warning(s).")


def test_error_promotes_one_code_and_nothing_is_written(spec: Path) -> None:
    code, err = generate("--error", "SDK401")
    assert code == 1
    heads = finding_heads(err)
    assert len(heads) == REPEATS, "errors are never grouped"
    assert all(": error: " in h for h in heads)
    assert (
        err.splitlines()[-1] == "Error: 50 error(s), 0 warning(s) in the spec; nothing was written."
    )
    assert not (spec.parent / "out").exists()


def test_strict_promotes_every_warning_except_ignored_ones(spec: Path) -> None:
    code, err = generate("--strict")
    assert code == 1
    assert len([h for h in finding_heads(err) if ": error: " in h]) == REPEATS
    code, err = generate("--strict", "--ignore", "SDK401")
    assert code == 0, err


def test_pyproject_ignore_and_error(spec: Path) -> None:
    pyproject = spec.parent / "pyproject.toml"
    pyproject.write_text('[tool.sdkforge]\nignore = ["unknown-format"]\n', encoding="utf-8")
    code, err = generate()
    assert code == 0, err
    assert finding_heads(err) == []
    pyproject.write_text('[tool.sdkforge]\nerror = ["SDK401"]\n', encoding="utf-8")
    code, err = generate()
    assert code == 1
    assert "50 error(s)" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--ignore", "SDK41"],
            "Error: --ignore: unknown code 'SDK41' (did you mean SDK401 unknown-format?)",
        ),
        (
            ["--ignore", "unknown-fromat"],
            "Error: --ignore: unknown code 'unknown-fromat' (did you mean SDK401 unknown-format?)",
        ),
        (
            ["--error", "401"],
            "Error: --error: unknown code '401' (did you mean SDK401 unknown-format?)",
        ),
        (
            ["--ignore", "SDK014"],
            "Error: --ignore: SDK014 dangling-ref is an error and cannot be ignored; only warnings can",
        ),
        (
            ["--ignore", "SDK401", "--error", "SDK401"],
            "SDK401 unknown-format is both ignored and promoted to an error; choose one",
        ),
    ],
)
def test_unknown_or_impossible_codes_are_usage_errors(
    spec: Path, args: list[str], message: str
) -> None:
    code, err = generate(*args)
    assert code == 2
    assert message in err


def test_unknown_code_in_pyproject_names_the_setting(spec: Path) -> None:
    (spec.parent / "pyproject.toml").write_text(
        '[tool.sdkforge]\nignore = ["SDK4O1"]\n', encoding="utf-8"
    )
    code, err = generate()
    assert code == 2
    assert (
        "[tool.sdkforge] ignore: unknown code 'SDK4O1' (did you mean SDK401 unknown-format?)" in err
    )


def test_quiet_counts_warnings_without_listing_them(spec: Path) -> None:
    code, err = generate("--quiet")
    assert code == 0, err
    assert finding_heads(err) == []
    assert "  50 warning  SDK401 unknown-format" in err.splitlines()


def test_validate_takes_the_same_controls(spec: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "openapi.yaml", "--ignore", "nope"])
    assert result.exit_code == 2
    assert "--ignore: unknown code 'nope'" in result.stderr
