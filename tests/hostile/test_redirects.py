"""Credentials stay home: a redirect to another origin never carries what the SDK attached.

Policy (documented in the SDK README): the SDK follows a redirect itself, and refuses one that
changes the origin (scheme, host or port) of an authenticated request or of a request with a body,
raising ``CrossOriginRedirectError`` naming both origins; nothing is sent to the other origin. A
same-origin redirect is followed with its credentials, and so is ``http`` → ``https`` on the same
host (the upgrade httpx2 itself trusts).
"""

from __future__ import annotations

import asyncio
import ssl
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.hostile.conftest import API_KEY
from tests.hostile.servers import Exchange, HostileServer

# probesdk method suffix, one per security scheme of auth_spec.yaml
SCHEMES = ("bearer", "x_api_key", "mj_secret", "query_key", "cookie_key")


def _redirect_to(target: HostileServer, status: int) -> Callable[[Exchange], None]:
    def script(ex: Exchange) -> None:
        # A hostile server copies the whole request target, query (and so a query key) included.
        ex.respond(status, b"", {"location": target.url + ex.request.path})

    return script


def _leaks(server: HostileServer) -> list[str]:
    """Every place a request to ``server`` carried the API key."""
    found = []
    for req in server.requests:
        if API_KEY in req.path:
            found.append(f"{req.method} path {req.path}")
        found += [f"{req.method} header {k}" for k, v in req.headers.items() if API_KEY in v]
        if API_KEY.encode() in req.body:
            found.append(f"{req.method} body")
    return found


def _call(sdk: Any, base_url: str, op: str, *, is_async: bool, **kwargs: Any) -> Any:
    body = {"prompt": "secret plans"} if op.startswith("post_") else {}
    if not is_async:
        with sdk.Client(api_key=API_KEY, base_url=base_url, max_retries=0, **kwargs) as client:
            return getattr(client.probe, op)(**body)

    async def main() -> Any:
        async with sdk.AsyncClient(
            api_key=API_KEY, base_url=base_url, max_retries=0, **kwargs
        ) as client:
            return await getattr(client.probe, op)(**body)

    return asyncio.run(main())


@pytest.fixture
def probesdk(probe_sdk: Path) -> Any:
    import probesdk

    return probesdk


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("status", [307, 302])
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_cross_origin_redirect_carries_no_credential(
    probesdk: Any, serve: Any, scheme: str, method: str, status: int, is_async: bool
) -> None:
    elsewhere = serve()
    home = serve(_redirect_to(elsewhere, status))
    op = f"{method}_{scheme}"
    with pytest.raises(probesdk.CrossOriginRedirectError) as info:
        _call(probesdk, home.url, op, is_async=is_async)
    assert home.requests, "the call reached its own server"
    assert _leaks(home), "the probe checks where the key goes: the home server must see it"
    assert _leaks(elsewhere) == []
    assert elsewhere.requests == [], "nothing at all is sent to the other origin"
    message = str(info.value)
    assert home.url in message and elsewhere.url in message
    assert API_KEY not in message
    assert info.value.status_code == status
    assert info.value.location.startswith(elsewhere.url)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_relay_messages_307_keeps_x_api_key_home(serve: Any, is_async: bool) -> None:
    """The probe of the issue: POST /v1/messages (x-api-key) answered by a cross-origin 307."""
    import gitaigc

    elsewhere = serve()
    home = serve(_redirect_to(elsewhere, 307))
    kwargs = {"model": "claude", "max_tokens": 8, "messages": [{"role": "user", "content": "hi"}]}

    def run() -> None:
        if not is_async:
            with gitaigc.Gitaigc(api_key=API_KEY, base_url=home.url, max_retries=0) as client:
                client.messages.create(
                    **kwargs, idempotency_key="idem-1", extra_headers={"x-extra": "1"}
                )
            return

        async def main() -> None:
            async with gitaigc.AsyncGitaigc(
                api_key=API_KEY, base_url=home.url, max_retries=0
            ) as client:
                await client.messages.create(
                    **kwargs, idempotency_key="idem-1", extra_headers={"x-extra": "1"}
                )

        asyncio.run(main())

    with pytest.raises(gitaigc.CrossOriginRedirectError):
        run()
    assert home.requests[0].headers["x-api-key"] == API_KEY
    assert elsewhere.requests == [], (
        "neither the key nor the prompt, Idempotency-Key or extra headers left"
    )


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_same_origin_redirect_is_followed_with_credentials(
    probesdk: Any, serve: Any, scheme: str, is_async: bool
) -> None:
    def script(ex: Exchange) -> None:
        if ex.request.path.startswith("/moved"):
            ex.json(200, '{"ok": true}')
        else:
            ex.respond(307, b"", {"location": "/moved" + ex.request.path})

    home = serve(script)
    op = f"post_{scheme}"
    result = _call(probesdk, home.url, op, is_async=is_async)
    assert result.ok is True
    first, second = home.requests
    assert second.path.startswith("/moved/")
    assert second.body == first.body, "a 307 resends the same body"
    carried = [
        req
        for req in (first, second)
        if API_KEY in req.path or any(API_KEY in v for v in req.headers.values())
    ]
    assert carried == [first, second], "both hops are on the home origin and authenticated"


# -- https -> http: a real TLS server and a plain one on the same host -----------------------


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_https_to_http_downgrade_is_refused(
    probesdk: Any, serve: Any, tls_files: tuple[Path, Path], is_async: bool
) -> None:
    cert, key = tls_files
    plain = serve()
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    secure = HostileServer(_redirect_to(plain, 307), tls=server_ctx)
    try:
        client_ctx = ssl.create_default_context(cafile=str(cert))
        http = (httpx2.AsyncClient if is_async else httpx2.Client)(
            verify=client_ctx, follow_redirects=True
        )
        with pytest.raises(probesdk.CrossOriginRedirectError) as info:
            _call(probesdk, secure.url, "get_bearer", is_async=is_async, http_client=http)
        assert secure.url.startswith("https://") and secure.requests
        assert plain.requests == []
        assert "https://127.0.0.1" in str(info.value) and "http://127.0.0.1" in str(info.value)
    finally:
        secure.close()
