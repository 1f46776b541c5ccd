"""`--out` owns only what sdkforge made: a foreign folder is refused, foreign files are never deleted, and every
message says exactly what happened (issue 9, item 1)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.output.manifest import MANIFEST_NAME

CASE = Path(__file__).parent / "golden" / "cases" / "params" / "openapi.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


def generate(out: Path, *extra: str, spec: Path = CASE) -> tuple[int, str]:
    return run("generate", str(spec), "--out", str(out), "--package-name", "params", *extra)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A folder someone else owns: a git repository with notes and code."""
    folder = tmp_path / "victim"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "src").mkdir()
    (folder / "src" / "app.py").write_text("print('mine')\n")
    (folder / "NOTES.txt").write_text("do not lose me\n")
    return folder


def test_a_foreign_folder_is_refused_and_left_untouched(victim: Path) -> None:
    before = snapshot(victim)
    code, err = generate(victim)
    assert code == 1
    assert (
        f"Error: {victim} is not sdkforge's output folder: it holds 2 file(s) sdkforge did not make "
        f"(NOTES.txt, src/app.py) and no {MANIFEST_NAME}; nothing was written." in err
    )
    assert "hint: pass a new or empty folder with --out, or pass --take-over" in err
    assert snapshot(victim) == before


def test_a_folder_holding_only_a_git_repository_is_not_empty(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    (folder / ".git").mkdir(parents=True)
    code, err = generate(folder)
    assert code == 1
    assert "it holds .git and no" in err


def test_take_over_keeps_every_foreign_file_and_says_so(victim: Path) -> None:
    before = snapshot(victim)
    code, err = generate(victim, "--take-over")
    assert code == 0, err
    after = snapshot(victim)
    assert {name: after[name] for name in before} == before, "a foreign file changed"
    assert "left alone 2 file(s) sdkforge did not make: NOTES.txt, src/app.py" in err
    assert (victim / MANIFEST_NAME).is_file()
    # From now on the folder is sdkforge's, and the foreign files are still reported, never removed.
    code, err = generate(victim)
    assert code == 0, err
    assert "left alone 2 file(s)" in err
    assert {name: snapshot(victim)[name] for name in before} == before


def test_take_over_replaces_a_clashing_file_only_when_asked(victim: Path) -> None:
    (victim / "README.md").write_text("my readme\n")
    code, err = generate(victim, "--take-over")
    assert code == 0, err
    assert "replaced (--take-over) 1 file(s) sdkforge had not made: README.md" in err
    assert (victim / "NOTES.txt").read_text() == "do not lose me\n"


@pytest.mark.parametrize("where", ["spec folder", "above it"])
def test_the_spec_folder_and_every_folder_above_it_are_refused(tmp_path: Path, where: str) -> None:
    spec_dir = tmp_path / "project" / "spec"
    spec_dir.mkdir(parents=True)
    spec = spec_dir / "openapi.yaml"
    spec.write_bytes(CASE.read_bytes())
    out = spec_dir if where == "spec folder" else tmp_path / "project"
    before = snapshot(tmp_path)
    code, err = run(
        "generate", str(spec), "--out", str(out), "--package-name", "params", "--take-over"
    )
    assert code == 1
    verb = "is" if where == "spec folder" else "contains"
    assert (
        f"Error: --out {out} {verb} the spec's folder ({spec}); sdkforge never generates there"
        in err
    )
    assert "nothing was written" in err
    assert snapshot(tmp_path) == before


def test_an_owned_folder_keeps_foreign_files_and_reports_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    (out / "params" / "my_helpers.py").write_text("HELPER = 1\n")
    (out / ".git").mkdir()
    (out / ".git" / "config").write_text("[core]\n")
    code, err = generate(out)
    assert code == 0, err
    assert "left alone 1 file(s) sdkforge did not make: params/my_helpers.py" in err
    assert (out / "params" / "my_helpers.py").read_text() == "HELPER = 1\n"
    assert (out / ".git" / "config").is_file()


def test_a_foreign_file_where_sdkforge_would_generate_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    run(
        "generate", str(CASE), "--out", str(out), "--package-name", "other"
    )  # params/ is stale: removed
    (out / "params").mkdir()
    (out / "params" / "_client.py").write_text("# mine\n")
    code, err = generate(out)
    assert code == 1
    assert (
        f"Error: {out / 'params' / '_client.py'} is in the way: sdkforge would generate it but did not make it"
        in err
    )
    assert "hint: move them elsewhere, or pass --take-over" in err
    assert (out / "params" / "_client.py").read_text() == "# mine\n"


def test_a_stale_generated_file_edited_by_hand_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("generate", str(CASE), "--out", str(out), "--package-name", "old_name")
    edited = out / "old_name" / "_version.py"
    edited.write_text(edited.read_text() + "# mine now\n")
    code, err = generate(out)
    assert code == 0, err
    assert (
        "kept 1 stale generated file(s) edited by hand; delete them if unneeded: old_name/_version.py"
        in err
    )
    assert edited.read_text().endswith("# mine now\n")
    assert not (out / "old_name" / "_client.py").exists()


def test_a_tampered_manifest_cannot_delete_anything_outside_sdkforge_s_files(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("keep\n")
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    digest = hashlib.sha256(b"keep\n").hexdigest()
    manifest["files"].update(
        {"../outside.txt": digest, ".git/HEAD": digest, str(outside): digest, "a/../b": digest}
    )
    (out / MANIFEST_NAME).write_text(json.dumps(manifest))
    code, err = generate(out)
    assert code == 0, err
    assert outside.read_text() == "keep\n"
    assert (out / ".git" / "HEAD").read_text() == "keep\n"


def test_the_manifest_lists_every_generated_file_with_its_hash(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    text = (out / MANIFEST_NAME).read_text()
    listed = json.loads(text)["files"]
    on_disk = {
        name: hashlib.sha256(data).hexdigest()
        for name, data in snapshot(out).items()
        if name != MANIFEST_NAME
    }
    assert listed == on_disk
    assert list(listed) == sorted(listed)
    assert generate(out, "--check")[0] == 0


def test_an_unreadable_manifest_makes_the_folder_foreign(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    (out / MANIFEST_NAME).write_text("{not json")
    code, err = generate(out)
    assert code == 1
    assert f"is not sdkforge's output folder: {MANIFEST_NAME} cannot be read" in err


def test_out_naming_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep\n")
    code, err = generate(target)
    assert code == 2
    assert "is a file" in err
    assert target.read_text() == "keep\n"
