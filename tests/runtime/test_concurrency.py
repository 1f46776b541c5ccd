"""One client shared by many threads / tasks: every response must match its own request."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from conftest import API_KEY, Conn, Request, assert_pool_clean, keep_alive


def echo_id(conn: Conn, req: Request) -> bool:
    return conn.respond(200, json.dumps({"path": req.path, "body": json.loads(req.body)}).encode())


def test_32_threads(rt: Any, serve: Any, make_client: Any) -> None:
    server = serve(keep_alive(echo_id))
    client = make_client(server)

    def call(i: int) -> None:
        for j in range(8):
            n = i * 100 + j
            result = client.request(
                dict, rt.base.APIRequest("POST", f"/echo/{n}", json_body={"n": n})
            )
            assert result == {"path": f"/echo/{n}", "body": {"n": n}}

    with ThreadPoolExecutor(32) as pool:
        list(pool.map(call, range(32)))
    assert len(server.requests) == 32 * 8


def test_500_tasks(rt: Any, serve: Any) -> None:
    server = serve(keep_alive(echo_id))

    async def main() -> None:
        # A generous timeout: this test is about sharing one pool, and on a loaded 2-core CI machine
        # 500 connects queued on one event loop can take longer than the default 5 s connect timeout.
        async with rt.pkg.AsyncRt(api_key=API_KEY, base_url=server.url, timeout=60.0) as client:

            async def call(n: int) -> None:
                result = await client.request(
                    dict, rt.base.APIRequest("POST", f"/echo/{n}", json_body={"n": n})
                )
                assert result == {"path": f"/echo/{n}", "body": {"n": n}}

            await asyncio.gather(*(call(n) for n in range(500)))
            assert_pool_clean(client)

    asyncio.run(main())
    assert len(server.requests) == 500
