"""Auto-paging (``x-sdk-pagination``) over real HTTP on 127.0.0.1: the SDK generated from the golden
case ``pagination`` (cursor with ``has_more``, cursor from a response field, offset, page number in a
JSON body) against a server that pages a fixed list, sync and async."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import Conn, Request, Server, keep_alive

from generator import Config, generate
from generator.output.write import apply_plan, plan_write

SPEC = Path(__file__).parents[1] / "golden" / "cases" / "pagination" / "openapi.yaml"
PACKAGE = "paging_sdk"
ITEMS = [{"id": f"item_{i}", "name": f"n{i}"} for i in range(7)]
EVENTS = [{"seq": i} for i in range(7)]
RECORDS = [{"k": i} for i in range(5)]


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    report = generate(
        SPEC,
        Config(package_name=PACKAGE, client_class="Client", sdk_version="0.0.1"),
        display=SPEC.name,
    )
    assert report.ok, [d.format() for d in report.diagnostics]
    out = tmp_path_factory.mktemp("paging-sdk")
    apply_plan(plan_write(out, report.files))
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def _page(conn: Conn, req: Request) -> bool:
    url = urllib.parse.urlsplit(req.path)
    query = dict(urllib.parse.parse_qsl(url.query))
    if url.path == "/items":
        start = next((i + 1 for i, item in enumerate(ITEMS) if item["id"] == query.get("after")), 0)
        size = int(query.get("limit", "3"))
        data = ITEMS[start : start + size]
        body: dict[str, Any] = {
            "object": "list",
            "data": data,
            "has_more": start + size < len(ITEMS),
        }
    elif url.path == "/events":
        start = int(query.get("cursor", "0"))
        body = {
            "results": EVENTS[start : start + 3],
            "next": str(start + 3) if start + 3 < len(EVENTS) else None,
        }
    elif url.path == "/events/offset":
        start, size = int(query.get("offset", "0")), int(query.get("limit", "3"))
        body = {"results": EVENTS[start : start + size]}
    else:  # POST /records/search: pages numbered from 1, an empty page past the end
        sent = json.loads(req.body)
        number, size = sent.get("pageNum", 1), sent.get("pageSize", 2)
        body = {"content": RECORDS[(number - 1) * size : number * size], "totalPages": 3}
    return conn.respond(200, json.dumps(body).encode())


@pytest.fixture
def server(serve: Any) -> Server:
    return serve(keep_alive(_page))


@pytest.fixture
def client(sdk: ModuleType, server: Server) -> Iterator[Any]:
    with sdk.Client(api_key="k", base_url=server.url, max_retries=0) as c:
        yield c


def sent(server: Server) -> list[str]:
    return [
        f"{r.method} {r.path}" + (f" {r.body.decode()}" if r.body else "") for r in server.requests
    ]


def test_cursor_from_the_last_item_sync(client: Any, server: Server) -> None:
    page = client.items.list()
    assert [i.id for i in page.data] == ["item_0", "item_1", "item_2"]
    assert page.has_next_page()
    assert [i.id for i in page] == [
        i["id"] for i in ITEMS
    ]  # iterating the first page walks them all
    assert sent(server) == ["GET /items", "GET /items?after=item_2", "GET /items?after=item_5"]
    second = page.get_next_page()
    assert [i.id for i in second.data] == ["item_3", "item_4", "item_5"]
    last = second.get_next_page()
    assert not last.has_next_page() and last.response.has_more is False
    with pytest.raises(RuntimeError, match="has_next_page"):
        last.get_next_page()


def test_other_parameters_are_kept_on_every_page(client: Any, server: Server) -> None:
    assert len(list(client.items.list(limit=4))) == len(ITEMS)
    assert sent(server) == [
        "GET /items?limit=4",
        "GET /items?after=item_3&limit=4",
    ]  # the cursor keeps its place


def test_cursor_from_a_response_field_sync(client: Any, server: Server) -> None:
    pages = list(client.events.list().iter_pages())
    assert [[e.seq for e in p.data] for p in pages] == [[0, 1, 2], [3, 4, 5], [6]]
    assert sent(server) == ["GET /events", "GET /events?cursor=3", "GET /events?cursor=6"]


def test_offset_sync(client: Any, server: Server) -> None:
    assert [e.seq for e in client.events.list_by_offset(limit=3)] == list(range(7))
    assert sent(server) == [
        "GET /events/offset?limit=3",
        "GET /events/offset?offset=3&limit=3",
        "GET /events/offset?offset=6&limit=3",
        "GET /events/offset?offset=7&limit=3",  # no has_more field: an empty page is the last
    ]


def test_page_number_in_the_body_sync(client: Any, server: Server) -> None:
    assert list(client.records.search(query="q", page_size=2)) == RECORDS
    bodies = [json.loads(r.body) for r in server.requests]
    assert bodies == [
        {"query": "q", "pageSize": 2},
        {"query": "q", "pageSize": 2, "pageNum": 2},
        {"query": "q", "pageSize": 2, "pageNum": 3},
        {"query": "q", "pageSize": 2, "pageNum": 4},
    ]


def test_a_cursor_that_does_not_move_ends_the_list(sdk: ModuleType, serve: Any) -> None:
    # A broken server: always the same page, always "more", always the same next cursor.
    def stuck(conn: Conn, req: Request) -> bool:
        return conn.respond(200, json.dumps({"results": [{"seq": 0}], "next": "same"}).encode())

    server = serve(keep_alive(stuck))
    with sdk.Client(api_key="k", base_url=server.url, max_retries=0) as client:
        assert [e.seq for e in client.events.list()] == [0, 0]
    assert sent(server) == ["GET /events", "GET /events?cursor=same"]


def test_raw_response_parses_to_a_page(client: Any, server: Server) -> None:
    raw = client.items.with_raw_response.list()
    assert raw.status_code == 200
    page = raw.parse()
    assert [i.id for i in page] == [i["id"] for i in ITEMS]  # later pages are plain pages
    assert len(server.requests) == 3


def test_async_every_style(sdk: ModuleType, server: Server) -> None:
    async def main() -> None:
        async with sdk.AsyncClient(api_key="k", base_url=server.url, max_retries=0) as aclient:
            # `async for` straight on the call, as with openai's AsyncPaginator
            assert [i.id async for i in aclient.items.list()] == [i["id"] for i in ITEMS]
            assert [e.seq async for e in aclient.events.list()] == list(range(7))
            assert [e.seq async for e in aclient.events.list_by_offset(limit=3)] == list(range(7))
            assert [r async for r in aclient.records.search(query="q", page_size=2)] == RECORDS
            # awaiting it gives the first page
            page = await aclient.items.list(limit=5)
            assert [i.id for i in page.data] == ["item_0", "item_1", "item_2", "item_3", "item_4"]
            assert page.has_next_page()
            nxt = await page.get_next_page()
            assert [i.id for i in nxt.data] == ["item_5", "item_6"] and not nxt.has_next_page()
            raw = await aclient.items.with_raw_response.list()
            assert [i.id async for i in raw.parse()] == [i["id"] for i in ITEMS]

    asyncio.run(main())
    assert sent(server)[:3] == ["GET /items", "GET /items?after=item_2", "GET /items?after=item_5"]


def test_nothing_is_sent_until_awaited_or_iterated(sdk: ModuleType, server: Server) -> None:
    async def main() -> None:
        async with sdk.AsyncClient(api_key="k", base_url=server.url, max_retries=0) as aclient:
            paginator = aclient.items.list()
            assert server.requests == []
            assert len((await paginator).data) == 3

    asyncio.run(main())
