"""Fixtures for the spec tests: a mock server answering from spec/openapi.yaml."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# `tests.support` is imported as a package from the repository root.
REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.support.mock_server import MockServer  # noqa: E402


@pytest.fixture
def mock_server() -> Iterator[MockServer]:
    """A started MockServer for spec/openapi.yaml; stopped after the test."""
    with MockServer() as server:
        yield server
