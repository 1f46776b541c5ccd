"""Per-scheme credentials (issue 11, item 9) over real HTTP on 127.0.0.1, sync and async, with the SDK of the
golden case `auth` (bearer, an API-key header, a query key named `api_key`, a cookie key, one route without
security, one where a credential is optional): which credential each operation sends, given one shared key, each scheme's own, or none."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.servers import HostileServer, Received
from tests.support.build import generate_into

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "golden" / "cases"
ASYNC = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
ENV = (
    "AUTHSDK_API_KEY",
    "AUTHSDK_BEARER_AUTH",
    "AUTHSDK_PARTNER_KEY",
    "AUTHSDK_API_KEY2",
    "AUTHSDK_SESSION",
)
CALLS = {
    "health": lambda c: c.status.get_health(),
    "account": lambda c: c.account.get(),
    "partner": lambda c: c.partner.list_orders(),
    "legacy": lambda c: c.legacy.get(),
    "session": lambda c: c.session.get(),
    "catalog": lambda c: (
        c.catalog.get()
    ),  # `security: [{}, {bearerAuth: []}]`: a credential is optional
}


def _import(folder: Path, package: str, case: str) -> Any:
    generate_into(CASES / case / "openapi.yaml", folder, package)
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(folder))


@pytest.fixture(scope="module")
def auth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield _import(tmp_path_factory.mktemp("authsdk"), "authsdk", "auth")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileServer]:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    with HostileServer(lambda ex: ex.respond(204)) as running:
        yield running


def _sent(request: Received) -> dict[str, str]:
    """Every credential a request carried, by where it was."""
    found = {}
    if "authorization" in request.headers:
        found["bearer"] = request.headers["authorization"].removeprefix("Bearer ")
    if "x-partner-key" in request.headers:
        found["header"] = request.headers["x-partner-key"]
    if "key=" in request.path:
        found["query"] = request.path.split("key=", 1)[1]
    if "cookie" in request.headers:
        found["cookie"] = request.headers["cookie"].removeprefix("sid=")
    return found


def _run(
    auth: Any, server: HostileServer, is_async: bool, operations: list[str], **options: Any
) -> dict[str, Any]:
    """Each operation's credentials as sent, or the error raised before anything was sent."""
    outcome: dict[str, Any] = {}

    def record(name: str, error: Exception | None) -> None:
        if error is not None:
            outcome[name] = error
        else:
            outcome[name] = _sent(server.requests[-1])

    if not is_async:
        with auth.Client(base_url=server.url, max_retries=0, **options) as client:
            for name in operations:
                try:
                    CALLS[name](client)
                except auth.ClientError as error:
                    record(name, error)
                else:
                    record(name, None)
        return outcome

    async def main() -> None:
        async with auth.AsyncClient(base_url=server.url, max_retries=0, **options) as client:
            for name in operations:
                try:
                    await CALLS[name](client)
                except auth.ClientError as error:
                    record(name, error)
                else:
                    record(name, None)

    asyncio.run(main())
    return outcome


@ASYNC
def test_one_key_fills_every_scheme_and_the_open_route_gets_none(
    auth: Any, server: HostileServer, is_async: bool
) -> None:
    sent = _run(auth, server, is_async, list(CALLS), api_key="shared")
    assert sent == {
        "health": {},
        "account": {"bearer": "shared"},
        "partner": {"header": "shared"},  # its first scheme
        "legacy": {"query": "shared"},
        "session": {"cookie": "shared"},
        "catalog": {"bearer": "shared"},
    }


@ASYNC
def test_each_scheme_sends_its_own_credential(
    auth: Any, server: HostileServer, is_async: bool
) -> None:
    own = {"bearer_auth": "tok", "partner_key": "pk", "api_key2": "qk", "session": "sid1"}
    sent = _run(auth, server, is_async, list(CALLS), api_key="shared", **own)
    assert sent == {
        "health": {},
        "account": {"bearer": "tok"},
        "partner": {"header": "pk"},
        "legacy": {"query": "qk"},
        "session": {"cookie": "sid1"},
        "catalog": {"bearer": "tok"},
    }


@ASYNC
def test_an_operation_uses_the_first_scheme_it_has_a_credential_for(
    auth: Any, server: HostileServer, is_async: bool
) -> None:
    sent = _run(auth, server, is_async, ["partner", "account", "legacy"], bearer_auth="tok")
    assert sent["partner"] == {"bearer": "tok"} and sent["account"] == {"bearer": "tok"}
    error = sent["legacy"]
    assert isinstance(error, auth.ClientError), error
    assert (
        "api_key=" in str(error) and "api_key2=" in str(error) and "AUTHSDK_API_KEY2" in str(error)
    )
    assert [r.path for r in server.requests] == ["/partner/orders", "/account"], (
        "nothing was sent without a credential"
    )


@ASYNC
def test_without_any_credential_the_client_builds_and_only_open_routes_work(
    auth: Any, server: HostileServer, is_async: bool
) -> None:
    sent = _run(auth, server, is_async, ["health", "account", "catalog"])
    assert sent["health"] == {} and sent["catalog"] == {}
    assert isinstance(sent["account"], auth.ClientError) and "bearer_auth=" in str(sent["account"])
    assert [r.path for r in server.requests] == ["/health", "/catalog"]


def test_environment_variables_per_scheme_and_their_precedence(
    auth: Any, server: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTHSDK_API_KEY", "env-shared")
    monkeypatch.setenv("AUTHSDK_PARTNER_KEY", "env-partner")
    sent = _run(auth, server, False, ["account", "partner"])
    assert sent == {"account": {"bearer": "env-shared"}, "partner": {"header": "env-partner"}}
    # a scheme's own variable wins over the shared key, and its own argument over its variable
    sent = _run(auth, server, False, ["account", "partner"], api_key="arg-shared")
    assert sent == {"account": {"bearer": "arg-shared"}, "partner": {"header": "env-partner"}}
    sent = _run(auth, server, False, ["partner"], partner_key="arg-partner")
    assert sent == {"partner": {"header": "arg-partner"}}


def test_with_options_keeps_own_credentials_and_takes_a_new_shared_key(
    auth: Any, server: HostileServer
) -> None:
    with auth.Client(base_url=server.url, api_key="old", partner_key="pk") as client:
        clone = client.with_options(api_key="new")
        clone.account.get()
        clone.partner.list_orders()
    assert [_sent(r) for r in server.requests] == [{"bearer": "new"}, {"header": "pk"}]


def test_a_scheme_credential_is_checked_and_redacted(auth: Any, server: HostileServer) -> None:
    with pytest.raises(auth.ClientError) as info:
        auth.Client(base_url=server.url, partner_key="pk-secret\n")
    assert "partner_key" in str(info.value) and "pk-secret" not in str(info.value)
    server.script = lambda ex: ex.json(
        401, '{"error": {"message": "bad key pk-secret-2 or qk-secret-3"}}'
    )
    with (
        auth.Client(
            base_url=server.url, max_retries=0, partner_key="pk-secret-2", api_key2="qk-secret-3"
        ) as client,
        pytest.raises(auth.AuthenticationError) as failed,
    ):
        client.partner.list_orders()
    assert "pk-secret-2" not in str(failed.value) and "qk-secret-3" not in str(failed.value)
    assert "[REDACTED]" in str(failed.value)


def test_a_spec_without_security_needs_no_key(tmp_path: Path, server: HostileServer) -> None:
    plain = _import(tmp_path, "plainsdk", "defaults")
    constants = importlib.import_module("plainsdk._constants")
    assert constants.SECURITY_SCHEMES == {} and constants.CREDENTIAL_OPTIONS == {}
    with (
        plain.Client(base_url=server.url, max_retries=0) as client,
        pytest.raises(plain.ClientError),
    ):
        client.orders.get(
            "o1"
        )  # the server's 204 is not an Order; the request went out without a key
    assert [r.path for r in server.requests] == ["/orders/o1"] and _sent(server.requests[0]) == {}
