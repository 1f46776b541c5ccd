"""endpoints.yaml nav + spec/openapi.yaml → check that every documentation page is traceable in the spec.

The reference dossier lives outside the repository (`../shared/reference/endpoints.yaml`); the test
skips when it is absent, e.g. in a clean checkout.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster
REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO_ROOT / "spec" / "openapi.yaml"
ENDPOINTS_PATH = REPO_ROOT.parent / "shared" / "reference" / "endpoints.yaml"
DATA_MODELS_FOLDER = "数据模型"
APIFOX_SAMPLE_FOLDER = (
    "示例数据模型"  # Pet, Category, Tag: apifox placeholders, left out on purpose
)


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_YAML_LOADER)


@cache
def load_spec() -> dict[str, Any]:
    return load_yaml(SPEC_PATH)


@cache
def load_nav() -> list[dict[str, Any]]:
    if not ENDPOINTS_PATH.is_file():
        pytest.skip(
            f"reference dossier not found at {ENDPOINTS_PATH}; nav coverage cannot be checked"
        )
    return load_yaml(ENDPOINTS_PATH)["nav"]


def iter_nav_entry_ids(nodes: list[dict[str, Any]]) -> Iterator[str]:
    """Every leaf `entry_id` of the nav tree, depth first."""
    for node in nodes:
        if "entry_id" in node:
            yield node["entry_id"]
        yield from iter_nav_entry_ids(node.get("children", []))


def iter_data_model_titles(nodes: list[dict[str, Any]]) -> Iterator[str]:
    """Titles of the leaves under 数据模型, without the apifox sample folder."""
    for node in nodes:
        if node["title"] != DATA_MODELS_FOLDER:
            continue
        for child in node.get("children", []):
            if child["title"] == APIFOX_SAMPLE_FOLDER:
                continue
            yield from _leaf_titles(child)


def _leaf_titles(node: dict[str, Any]) -> Iterator[str]:
    children = node.get("children")
    if not children:
        yield node["title"]
        return
    for child in children:
        yield from _leaf_titles(child)


def iter_spec_nav_entries(node: Any, pointer: str = "#") -> Iterator[tuple[str, str]]:
    """(entry id, JSON pointer of the object carrying it) for every `x-nav-entries` in the spec."""
    if isinstance(node, dict):
        for entry in node.get("x-nav-entries", []):
            yield entry, pointer
        for key, value in node.items():
            yield from iter_spec_nav_entries(
                value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            )
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_spec_nav_entries(value, f"{pointer}/{index}")


def test_every_nav_entry_is_in_the_spec() -> None:
    nav_ids = list(iter_nav_entry_ids(load_nav()))
    covered = {entry for entry, _ in iter_spec_nav_entries(load_spec())}
    missing = [entry for entry in nav_ids if entry not in covered]
    assert not missing, "nav entries missing from every x-nav-entries: " + ", ".join(missing)


def test_no_nav_entry_is_covered_twice() -> None:
    locations: dict[str, list[str]] = {}
    for entry, pointer in iter_spec_nav_entries(load_spec()):
        locations.setdefault(entry, []).append(pointer)
    twice = {entry: where for entry, where in locations.items() if len(where) > 1}
    assert not twice, "nav entries listed more than once: " + "; ".join(
        f"{entry} at {', '.join(where)}" for entry, where in sorted(twice.items())
    )


def test_spec_lists_no_unknown_nav_entries() -> None:
    nav_ids = set(iter_nav_entry_ids(load_nav()))
    unknown = sorted({entry for entry, _ in iter_spec_nav_entries(load_spec())} - nav_ids)
    assert not unknown, "x-nav-entries name ids that are not in the nav: " + ", ".join(unknown)


def test_every_data_model_is_a_component() -> None:
    titles = list(iter_data_model_titles(load_nav()))
    assert titles, f"no {DATA_MODELS_FOLDER} entries found in the nav"
    schemas = load_spec()["components"]["schemas"]
    component_titles = Counter(schema.get("title") for schema in schemas.values())
    missing = [title for title in titles if component_titles[title] == 0]
    assert not missing, "数据模型 schemas without a component of that title: " + ", ".join(missing)
    duplicated = [title for title in titles if component_titles[title] > 1]
    assert not duplicated, "数据模型 titles used by several components: " + ", ".join(duplicated)


def test_component_keys_are_ascii() -> None:
    bad = [key for key in load_spec()["components"]["schemas"] if not key.isascii()]
    assert not bad, "component keys must be ASCII: " + ", ".join(bad)


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def iter_operations() -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in load_spec()["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def test_every_operation_is_documented_or_says_why_not() -> None:
    """An operation lists nav entries, or carries `x-nav-absent` naming the upstream source of a real route."""
    bad = []
    for where, operation in iter_operations():
        entries, absent = operation.get("x-nav-entries"), operation.get("x-nav-absent")
        if bool(entries) == (absent is not None):
            bad.append(f"{where}: needs exactly one of x-nav-entries and x-nav-absent")
        elif absent is not None and not (absent.get("source") and absent.get("reason")):
            bad.append(f"{where}: x-nav-absent needs `source` and `reason`")
    assert not bad, "\n".join(bad)


def test_nav_coverage_counts_are_unchanged() -> None:
    """49 documented entries and 36 data models; undocumented routes (x-nav-absent) do not count."""
    nav_ids = list(iter_nav_entry_ids(load_nav()))
    covered = {entry for entry, _ in iter_spec_nav_entries(load_spec())}
    assert (len(nav_ids), len([e for e in nav_ids if e in covered])) == (49, 49)
    titles = list(iter_data_model_titles(load_nav()))
    component_titles = {
        schema.get("title") for schema in load_spec()["components"]["schemas"].values()
    }
    assert (len(titles), len([t for t in titles if t in component_titles])) == (36, 36)
    absent = [where for where, operation in iter_operations() if "x-nav-absent" in operation]
    assert absent == ["GET /v1/models/{model}", "GET /mj/image/{id}", "POST /suno/fetch"]
