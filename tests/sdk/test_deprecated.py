"""`deprecated: true` reaches the SDK user: a DeprecationWarning at the call, over real HTTP, and a docstring."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sdk.test_request_bodies import CASES, load_case
from tests.support.mock_server import MockServer


@pytest.fixture
def sdk(tmp_path: Path) -> Iterator[Any]:
    yield from load_case("deprecated", tmp_path)


@pytest.fixture
def server() -> Iterator[MockServer]:
    with MockServer(CASES / "deprecated" / "openapi.yaml") as mock:
        yield mock


def test_a_deprecated_operation_warns_where_it_is_called_and_still_works(
    sdk: Any, server: MockServer
) -> None:
    client = sdk.Client(base_url=server.base_url, api_key="test", max_retries=0)
    with (
        client,
        pytest.warns(DeprecationWarning, match=r"GET /engines is marked deprecated") as caught,
    ):
        engines = client.engines.list()
    assert engines == ["davinci"]
    assert caught[0].filename == __file__  # reported at the caller's line, not inside the SDK
    assert [r.path for r in server.requests] == ["/engines"] and not server.errors
    assert "Deprecated: GET /engines" in (type(client.engines).list.__doc__ or "")


def test_an_operation_that_is_not_deprecated_does_not_warn(sdk: Any, server: MockServer) -> None:
    with (
        sdk.Client(base_url=server.base_url, api_key="test", max_retries=0) as client,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("error")
        assert client.engines.list_models() == ["gpt"]


async def _create(sdk: Any, base_url: str) -> Any:
    async with sdk.AsyncClient(base_url=base_url, api_key="test", max_retries=0) as client:
        return await client.completions.create(prompt="hi")


def test_the_async_and_streaming_overloads_warn_too(sdk: Any, server: MockServer) -> None:
    import asyncio

    with pytest.warns(DeprecationWarning, match=r"POST /completions is marked deprecated"):
        completion = asyncio.run(_create(sdk, server.base_url))
    assert completion.id == "c-1"
