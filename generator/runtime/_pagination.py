"""Auto-paging list calls (``x-sdk-pagination``): pages that fetch the next one, as openai's do.

A paginated method returns a ``SyncPage`` (sync) or an ``AsyncPaginator`` (async, not a coroutine):

    for item in client.items.list():          # every item, page after page
    page = client.items.list(); page.data     # one page; has_next_page(), get_next_page()
    async for item in aclient.items.list():   # the same, without awaiting the call first
    page = await aclient.items.list()

A ``PageRule`` (printed by the generator from the spec) says which request parameter selects a
page and which response fields hold the items and the way to the next page. Fields are read by
their wire names, declared or not, from the model the call returned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, cast

import pydantic

from ._base_client import RAW_RESPONSE_HEADER, APIRequest, AsyncAPIClient, SyncAPIClient
from ._response import APIResponse
from ._types import NotGiven

__all__ = ["AsyncPage", "AsyncPaginator", "PageRule", "SyncPage", "sync_page"]

ItemT = TypeVar("ItemT")
_PageT = TypeVar("_PageT")


@dataclass(frozen=True)
class PageRule:
    """How one operation pages (see docs/spec-extensions.md, ``x-sdk-pagination``).

    ``cursor``: the next request sends ``next_cursor``'s value, or else the last item's
    ``item_cursor`` field. ``offset``: it sends the offset it sent plus the number of items.
    ``page``: it sends the page number it sent plus one. A page is the last when ``has_more`` is
    false, when there is no cursor to send (or only the one just sent), or when it holds no items.
    """

    style: Literal["cursor", "offset", "page"]
    param: str
    location: Literal["query", "body"] = "query"
    items: str = "data"
    has_more: str | None = None
    next_cursor: str | None = None
    item_cursor: str | None = "id"
    start: int = 0  # what the request means when it does not send ``param``: offset 0, page 1


def field_of(value: object, wire_name: str) -> object:
    """The field ``wire_name`` of a response model or dict (``None`` when absent)."""
    if isinstance(value, Mapping):
        return cast(Mapping[str, object], value).get(wire_name)
    if isinstance(value, pydantic.BaseModel):
        for name, info in type(value).model_fields.items():
            if wire_name in (info.alias, name):
                return getattr(value, name)
        return (value.model_extra or {}).get(wire_name)
    return None


def _sent(request: APIRequest, rule: PageRule) -> object:
    """The value of the page parameter the request sent (``None`` if it sent none)."""
    fields = request.query if rule.location == "query" else request.json_body
    value = (
        cast(Mapping[str, object], fields).get(rule.param) if isinstance(fields, Mapping) else None
    )
    return None if isinstance(value, NotGiven) else value


def _with_param(request: APIRequest, rule: PageRule, value: object) -> APIRequest:
    if rule.location == "query":
        return dataclasses.replace(request, query={**(request.query or {}), rule.param: value})
    body = cast(Mapping[str, object], request.json_body or {})
    return dataclasses.replace(request, json_body={**body, rule.param: value})


def _without_raw(request: APIRequest) -> APIRequest:
    """``request`` for the pages after the first: ``with_raw_response`` applies to the call it wraps,
    and the pages it leads to are fetched as plain pages."""
    headers = request.options.extra_headers
    if not headers or not any(k.lower() == RAW_RESPONSE_HEADER.lower() for k in headers):
        return request
    kept = {k: v for k, v in headers.items() if k.lower() != RAW_RESPONSE_HEADER.lower()}
    return dataclasses.replace(
        request, options=dataclasses.replace(request.options, extra_headers=kept)
    )


class _PageBase(Generic[ItemT]):
    """What sync and async pages share: the items and the request for the next page."""

    def __init__(self, *, response: object, request: APIRequest, rule: PageRule) -> None:
        self.response = response  # the model the call returned (``ItemList``, say)
        self._request = _without_raw(request)
        self._rule = rule
        items = field_of(response, rule.items)
        self.data: list[ItemT] = list(cast("list[ItemT]", items)) if isinstance(items, list) else []

    def _next_value(self) -> object:
        rule = self._rule
        if rule.style == "cursor":
            if rule.next_cursor is not None:
                return field_of(self.response, rule.next_cursor)
            return field_of(self.data[-1], rule.item_cursor or "id") if self.data else None
        sent = _sent(self._request, rule)
        current = sent if isinstance(sent, int) and not isinstance(sent, bool) else rule.start
        return current + (len(self.data) if rule.style == "offset" else 1)

    def next_page_request(self) -> APIRequest | None:
        """The request for the next page, or ``None`` when this page is the last."""
        if not self.data:
            return None
        if self._rule.has_more is not None and not field_of(self.response, self._rule.has_more):
            return None
        value = self._next_value()
        if value is None or value == "":
            return None
        if self._rule.style == "cursor" and value == _sent(self._request, self._rule):
            # A server that answers a cursor with the same cursor would be paged forever.
            return None
        return _with_param(self._request, self._rule, value)

    def has_next_page(self) -> bool:
        return self.next_page_request() is not None

    def _no_next_page(self) -> RuntimeError:
        return RuntimeError(
            "No next page expected; check `.has_next_page()` before `.get_next_page()`."
        )

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} items={len(self.data)} has_next_page={self.has_next_page()}>"
        )


class SyncPage(_PageBase[ItemT]):
    """One page of a list; iterating it yields the items of this page and of every page after it."""

    def __init__(
        self,
        *,
        client: SyncAPIClient,
        cast_to: Any,
        response: object,
        request: APIRequest,
        rule: PageRule,
    ) -> None:
        super().__init__(response=response, request=request, rule=rule)
        self._client = client
        self._cast_to = cast_to

    def get_next_page(self) -> SyncPage[ItemT]:
        request = self.next_page_request()
        if request is None:
            raise self._no_next_page()
        response = self._client.request(self._cast_to, request)
        return SyncPage(
            client=self._client,
            cast_to=self._cast_to,
            response=response,
            request=request,
            rule=self._rule,
        )

    def iter_pages(self) -> Iterator[SyncPage[ItemT]]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_PageBase[ItemT]):
    """Async twin of ``SyncPage``: ``async for`` yields the items of every page from this one on."""

    def __init__(
        self,
        *,
        client: AsyncAPIClient,
        cast_to: Any,
        response: object,
        request: APIRequest,
        rule: PageRule,
    ) -> None:
        super().__init__(response=response, request=request, rule=rule)
        self._client = client
        self._cast_to = cast_to

    async def get_next_page(self) -> AsyncPage[ItemT]:
        request = self.next_page_request()
        if request is None:
            raise self._no_next_page()
        response = await self._client.request(self._cast_to, request)
        return AsyncPage(
            client=self._client,
            cast_to=self._cast_to,
            response=response,
            request=request,
            rule=self._rule,
        )

    async def iter_pages(self) -> AsyncIterator[AsyncPage[ItemT]]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


def _raw_or(result: object, build: Callable[[object], _PageT]) -> Any:
    """``build(result)``; for ``with_raw_response``, the raw response whose ``parse()`` builds it."""
    if isinstance(result, APIResponse):
        raw = cast(APIResponse[object], result)
        return APIResponse(
            http_response=raw.http_response,
            parser=lambda: build(raw.parse()),
            retries_taken=raw.retries_taken,
        )
    return build(result)


def sync_page(
    client: SyncAPIClient, cast_to: Any, request: APIRequest, rule: PageRule
) -> SyncPage[Any]:
    """Fetch the first page (what a paginated sync method returns)."""

    def build(response: object) -> SyncPage[Any]:
        return SyncPage(
            client=client, cast_to=cast_to, response=response, request=request, rule=rule
        )

    return cast("SyncPage[Any]", _raw_or(client.request(cast_to, request), build))


class AsyncPaginator(Generic[ItemT]):
    """What a paginated async method returns: ``await`` it for the first ``AsyncPage``, or
    ``async for`` over it for every item of every page. Nothing is sent until either happens."""

    def __init__(
        self, client: AsyncAPIClient, cast_to: Any, request: APIRequest, rule: PageRule
    ) -> None:
        self._client = client
        self._cast_to = cast_to
        self._request = request
        self._rule = rule

    async def _first_page(self) -> AsyncPage[ItemT]:
        def build(response: object) -> AsyncPage[ItemT]:
            return AsyncPage(
                client=self._client,
                cast_to=self._cast_to,
                response=response,
                request=self._request,
                rule=self._rule,
            )

        return cast(
            "AsyncPage[ItemT]",
            _raw_or(await self._client.request(self._cast_to, self._request), build),
        )

    def __await__(self) -> Generator[Any, None, AsyncPage[ItemT]]:
        return self._first_page().__await__()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        page = await self
        async for item in page:
            yield item
