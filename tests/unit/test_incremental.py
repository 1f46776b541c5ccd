"""The caches of the edit loop change speed, never output (issue 12).

- a no-change `generate` is answered from the output folder's stamp (stamp.py), and any change to the
  folder behind it (even one that keeps size and modification time) takes the normal path;
- a run after a prose edit (the validator's verdict from the skeleton, formatted modules from the
  format cache, compiled templates) gives the same tree, byte for byte, as a run with no cache;
- editing a template (or any of sdkforge's source) invalidates the run memo, the stamp and the
  compiled templates.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator
from generator import Config, generate
from generator.cache import fingerprint, folder_state, prose_free
from generator.cli import main
from generator.validate import spec as validate_spec_module

CASE = Path(__file__).parents[1] / "golden" / "cases" / "params" / "openapi.yaml"


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SDKFORGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SDKFORGE_NO_CACHE", raising=False)
    folder = tmp_path / "spec"
    folder.mkdir()
    return Path(shutil.copy(CASE, folder / "openapi.yaml"))


def run(spec: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["generate", str(spec), "--out", str(out), "--package-name", "params", *extra],
        catch_exceptions=False,
    )
    return result.exit_code, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _pipeline_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object, **__: object) -> None:
        raise AssertionError("the pipeline ran")

    monkeypatch.setattr("generator.generate_commands.generate", fail)


def test_a_no_change_run_is_answered_by_the_stamp(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run(spec, out)[0] == 0
    before = snapshot(out)
    _pipeline_must_not_run(monkeypatch)
    code, err = run(spec, out)
    assert code == 0 and "(0 written, 0 removed, " in err, err
    code, err = run(spec, out, "--check")
    assert code == 0 and "up to date" in err, err
    assert snapshot(out) == before


@pytest.mark.parametrize("racy", [True, False])
def test_a_file_edited_behind_the_stamp_is_regenerated(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, racy: bool
) -> None:
    """Same size, modification time put back: the change time (or, within the racy window, the hash) tells."""
    if not racy:
        monkeypatch.setattr(folder_state, "RACY_NS", 0)
    out = tmp_path / "out"
    assert run(spec, out)[0] == 0
    target = out / "params" / "_client.py"
    data, times = target.read_bytes(), target.stat()
    target.write_bytes(data.replace(b"Generated", b"Degenerat", 1))
    os.utime(target, ns=(times.st_atime_ns, times.st_mtime_ns))
    code, err = run(spec, out)
    assert code == 0 and "(1 written, " in err and "overwrote 1 generated file(s)" in err, err
    assert target.read_bytes() == data


def test_a_file_added_to_the_folder_is_reported_every_time(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(spec, out)[0] == 0
    (out / "NOTES.txt").write_text("mine\n")
    first = run(spec, out)
    second = run(spec, out)
    assert "left alone 1 file(s) sdkforge did not make: NOTES.txt" in first[1]
    assert first[1].split(" in ")[0] == second[1].split(" in ")[0] and "NOTES.txt" in second[1]


def test_a_prose_edit_gives_the_tree_a_cold_run_gives(
    spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Config(package_name="params")
    assert generate(spec, config).ok  # fills every cache
    text = spec.read_text(encoding="utf-8")
    edited = text.replace("description:", "description: Edited.", 1)
    assert edited != text
    spec.write_text(edited, encoding="utf-8")
    real = validate_spec_module._run_validator

    def must_not_run(
        *_: object,
    ) -> object:  # in this process and in the child it forks (alongside.py)
        raise AssertionError("openapi-spec-validator ran on a prose edit")

    monkeypatch.setattr(validate_spec_module, "_run_validator", must_not_run)
    warm = generate(spec, config)
    monkeypatch.setattr(validate_spec_module, "_run_validator", real)
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    cold = generate(spec, config)
    assert warm.files == cold.files and warm.diagnostics == cold.diagnostics


def test_editing_a_template_invalidates_every_cache(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = Path(
        shutil.copytree(generator.template_dir.templates_dir(), tmp_path / "templates")
    )
    monkeypatch.setattr("generator.cache.fingerprint.templates_dir", lambda: templates)
    monkeypatch.setattr("generator.render.sdk.templates_dir", lambda: templates)
    fingerprint.sdkforge_fingerprint.cache_clear()
    out = tmp_path / "out"
    assert run(spec, out)[0] == 0
    model = templates / "sdk" / "_version.py.jinja"
    model.write_text(model.read_text(encoding="utf-8") + "EDITED_TEMPLATE = 1\n", encoding="utf-8")
    fingerprint.sdkforge_fingerprint.cache_clear()  # a new process computes it afresh
    try:
        code, err = run(spec, out)
        assert code == 0 and "(1 written, " in err, err
        assert "EDITED_TEMPLATE = 1" in (out / "params" / "_version.py").read_text(encoding="utf-8")
    finally:
        fingerprint.sdkforge_fingerprint.cache_clear()


def test_the_fingerprint_covers_the_caches_own_modules() -> None:
    names = {path.name for path in fingerprint.source_files()}
    assert {
        "stamp.py",
        "format.py",
        "prose_free.py",
        "alongside.py",
        "spec.py",
        "lint_docs.py",
        "_version.py.jinja",
    } <= names


def test_the_skeleton_blanks_prose_only() -> None:
    skeleton = prose_free.annotation_skeleton
    assert skeleton({"description": "a", "summary": "b"}) == skeleton(
        {"description": "c", "summary": "d"}
    )
    assert skeleton({"description": "a"}) != skeleton({"title": "a"})
    # data, not prose: the validator checks a default against its schema
    for key in ("default", "example", "examples", "enum", "const", "value", "x-extra"):
        assert skeleton({key: {"description": "a"}}) != skeleton({key: {"description": "b"}}), key
    assert skeleton({"description": {"type": "string"}}) != skeleton(
        {"description": {"type": "integer"}}
    )
    assert skeleton({"$ref": "#/components/schemas/A/description"}) is None
    assert skeleton({"x": [[1], 2]}) != skeleton({"x": [[1, 2]]})  # counted: no two shapes alike


def test_a_module_formatted_alone_sorts_its_imports_as_in_the_whole_tree(
    spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached siblings are not written out, but the import sorter still finds the tree's first-party names."""
    from pathlib import PurePosixPath

    from generator.output.format import format_files

    tree = {
        PurePosixPath("mypkg/__init__.py"): "",
        PurePosixPath(
            "mypkg/a.py"
        ): "import os\nimport mypkg.b\nimport httpx\nimport helper\nprint(os, mypkg, httpx, helper)\n",
        PurePosixPath("mypkg/b.py"): "X = 1\n",
        PurePosixPath("helper.py"): "Y = 2\n",
    }
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    cold = format_files(tree)
    monkeypatch.delenv("SDKFORGE_NO_CACHE")
    format_files(tree)  # every module cached
    edited = {**tree, PurePosixPath("mypkg/a.py"): tree[PurePosixPath("mypkg/a.py")] + "print(1)\n"}
    warm = format_files(edited)  # a.py alone goes through ruff
    monkeypatch.setenv("SDKFORGE_NO_CACHE", "1")
    assert warm == format_files(edited)
    assert cold[PurePosixPath("mypkg/a.py")].startswith(
        "import os\n\nimport httpx\n\nimport helper\nimport mypkg.b\n"
    )
