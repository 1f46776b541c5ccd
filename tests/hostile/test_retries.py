"""Honest retries: the SDK waits what the server asks, up to its cap, and never retries early.

A ``Retry-After`` beyond the cap (``MAX_RETRY_AFTER``, 60 s) means "not now": the SDK raises at once
with ``retry_after`` on the error, so the caller decides; it does not replace the wait by its own
short backoff.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from tests.hostile.conftest import API_KEY
from tests.hostile.servers import Exchange

ASYNC = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


def _list_models(url: str, *, is_async: bool) -> Any:
    import gitaigc

    if not is_async:
        with gitaigc.Gitaigc(api_key=API_KEY, base_url=url, max_retries=2) as client:
            return client.models.list()

    async def main() -> Any:
        async with gitaigc.AsyncGitaigc(api_key=API_KEY, base_url=url, max_retries=2) as client:
            return await client.models.list()

    return asyncio.run(main())


@ASYNC
@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "99999999"}, 99999999.0),
        ({"retry-after": "Fri, 31 Dec 9999 23:59:59 GMT"}, None),
        ({"retry-after-ms": "1e12"}, 1e9),
        ({"retry-after": "61"}, 61.0),
        ({"retry-after": "1e400"}, None),
    ],
    ids=["seconds", "year-9999", "ms-1e12", "just-above-cap", "infinite"],
)
def test_retry_after_above_the_cap_raises_at_once(
    serve: Any, status: int, headers: dict[str, str], seconds: float | None, is_async: bool
) -> None:
    import gitaigc

    server = serve(lambda ex: ex.json(status, '{"error": {"message": "later"}}', headers))
    started = time.monotonic()
    with pytest.raises(gitaigc.APIStatusError) as info:
        _list_models(server.url, is_async=is_async)
    assert time.monotonic() - started < 2
    assert len(server.requests) == 1, "no retry before the time the server asked for"
    retry_after = info.value.retry_after
    assert retry_after is not None and retry_after > 60
    if seconds is not None:
        assert retry_after == pytest.approx(seconds, rel=1e-3)


@ASYNC
def test_retry_after_within_the_cap_is_waited_for(serve: Any, is_async: bool) -> None:
    def script(ex: Exchange) -> None:
        if len(ex.server.requests) == 1:
            ex.json(429, '{"error": {"message": "slow down"}}', {"retry-after": "2"})
        else:
            ex.json(200, '{"object": "list", "data": []}')

    server = serve(script)
    started = time.monotonic()
    _list_models(server.url, is_async=is_async)
    assert time.monotonic() - started >= 2.0
    assert len(server.requests) == 2


@ASYNC
def test_retry_after_ms_wins_over_retry_after(serve: Any, is_async: bool) -> None:
    def script(ex: Exchange) -> None:
        if len(ex.server.requests) == 1:
            ex.json(503, "{}", {"retry-after-ms": "1500", "retry-after": "99999"})
        else:
            ex.json(200, '{"object": "list", "data": []}')

    server = serve(script)
    started = time.monotonic()
    _list_models(server.url, is_async=is_async)
    assert 1.5 <= time.monotonic() - started < 5
    assert len(server.requests) == 2
