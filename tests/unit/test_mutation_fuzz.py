"""Broken specs never crash sdkforge: thousands of mutations of real specs end in findings, never a traceback.

Each case is one path of spec/openapi.yaml or of ../shared/specs (with the components it reaches), with
one to three nodes deleted, renamed, retyped or pointed elsewhere. It is loaded from a file, linted
and built into the SDK model, as `validate` and `generate` do; rendering and formatting are not
mutated here (they see only a built model). The contract is the one `generate` keeps:

- loading raises LoadError (located findings) or nothing;
- sdkforge's own checks never raise, and every finding they make has a line;
- building the model never raises, unless openapi-spec-validator finds an error in the same spec
  (then `generate` reports those errors, never the build's failure).

The seed is fixed, so a failure is a case anyone can replay: the message says which one.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import check_spec
from generator.config import Config
from generator.ir.build import build_api
from generator.load.spec import LoadError, load_spec
from generator.validate.spec import lint, validate_spec
from tests.conftest import ROOT, SHARED
from tests.support.mutate import mutate, slices

SEED = 20261201
# About 2,000 cases in all: ~300 from the curated spec (its slices are larger, and traced: every example
# is checked against its schema), the rest from the public specs. 30-60 s of CPU, split by xdist.
CASES_PER_SLICE = {"spec/openapi.yaml": 16}
DEFAULT_CASES_PER_SLICE = 24
FULL_CHECK_EVERY = (
    100  # every 100th case also goes through `validate` whole, openapi-spec-validator included
)
SHARED_SPECS = sorted((SHARED / "specs").glob("oas3*.json")) if (SHARED / "specs").is_dir() else []


def _seed_slices(name: str) -> list[dict[str, Any]]:
    if name == "spec/openapi.yaml":
        document = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    else:
        document = json.loads((SHARED / "specs" / name).read_text(encoding="utf-8"))
    return list(slices(document))


def _sources() -> list[Any]:
    sources: list[Any] = [pytest.param("spec/openapi.yaml", id="openapi.yaml")]
    if not SHARED_SPECS:
        sources.append(
            pytest.param(
                "", marks=pytest.mark.skip(reason=f"no public specs at {SHARED / 'specs'}")
            )
        )
    sources += [pytest.param(p.name, id=p.name) for p in SHARED_SPECS]
    return sources


def check_case(path: Path, document: dict[str, Any], *, full: bool = False) -> str | None:
    """None when sdkforge kept its contract on this document, else what went wrong."""
    path.write_text(json.dumps(document), encoding="utf-8")
    if full:
        try:
            check_spec(path, display="case.json")
        except LoadError:
            pass
        except Exception as exc:  # the point of the test
            return f"validate raised {type(exc).__name__}: {exc}"
    try:
        spec = load_spec(path, display="case.json")
    except LoadError:
        return None
    try:
        findings = list(spec.diagnostics) + lint(spec)
    except Exception as exc:  # the point of the test
        return f"lint raised {type(exc).__name__}: {exc}"
    unlocated = [d.format() for d in findings if d.location.line == 0]
    if unlocated:
        return "findings without a line: " + "; ".join(unlocated[:3])
    try:
        build_api(spec, Config())
    except Exception as exc:  # a build failure is allowed only on an invalid spec
        if not any(d.is_error for d in validate_spec(spec)):
            return f"build raised {type(exc).__name__}: {exc}, and validation found no error"
    return None


@pytest.mark.parametrize("source", _sources())
def test_mutated_specs_end_in_findings(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "SDKFORGE_NO_CACHE", "1"
    )  # thousands of one-off documents: nothing worth keeping
    rng = random.Random(f"{SEED}:{source}")
    failures: list[str] = []
    cases = 0
    for number, piece in enumerate(_seed_slices(source)):
        for case in range(CASES_PER_SLICE.get(source, DEFAULT_CASES_PER_SLICE)):
            broken, what = mutate(piece, rng)
            problem = check_case(tmp_path / "case.json", broken, full=cases % FULL_CHECK_EVERY == 0)
            cases += 1
            if problem:
                failures.append(f"slice {number} case {case} ({what}): {problem}")
    assert not failures, f"{len(failures)}/{cases} cases broke the contract:\n" + "\n".join(
        failures[:20]
    )
    assert cases >= DEFAULT_CASES_PER_SLICE


def test_text_damage_is_a_located_load_error(tmp_path: Path) -> None:
    """Bytes, not nodes: cut, doubled or stray characters and bad bytes in YAML text load or fail located."""
    text = (ROOT / "spec" / "openapi.yaml").read_bytes()[:6000]
    rng = random.Random(SEED)
    path = tmp_path / "case.yaml"
    for case in range(300):
        at = rng.randrange(len(text))
        damage = rng.choice(
            (b"", b'"', b"'", b"{", b"[", b"&a", b"*a", b"\t", b"\xff", b"\xc3", b": :", b"\n  - ")
        )
        path.write_bytes(text[:at] + damage + text[at + rng.choice((0, 1, 5)) :])
        try:
            load_spec(path, display="case.yaml")
        except LoadError as exc:
            assert all(d.location.line > 0 for d in exc.diagnostics), (
                f"case {case}: " + exc.diagnostics[0].format()
            )


def test_fuzz_is_deterministic() -> None:
    piece = _seed_slices("spec/openapi.yaml")[0]
    assert mutate(piece, random.Random(SEED))[1] == mutate(piece, random.Random(SEED))[1]
