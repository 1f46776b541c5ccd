"""The generated `gitaigc` package, imported from generated/, against the spec-validating mock server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.mock_server import MockServer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "generated"))


@pytest.fixture(scope="session")
def server() -> Iterator[MockServer]:
    with MockServer(ROOT / "spec" / "openapi.yaml", strict_accept=True) as running:
        yield running


@pytest.fixture
def mock(server: MockServer) -> Iterator[MockServer]:
    server.clear()
    yield server
    assert server.errors == [], "requests that do not match the spec:\n" + "\n".join(server.errors)
