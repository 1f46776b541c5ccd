"""Fixtures for the spec tests: a mock server answering from spec/openapi.yaml."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.mock_server import MockServer


@pytest.fixture
def mock_server() -> Iterator[MockServer]:
    """A started MockServer for spec/openapi.yaml; stopped after the test."""
    with MockServer() as server:
        yield server
