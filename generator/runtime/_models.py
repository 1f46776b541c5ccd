"""The pydantic base class every generated model subclasses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, Literal, TypeVar, cast

import pydantic
from pydantic import ConfigDict, PrivateAttr

__all__ = ["BaseModel", "ListModel"]

_ItemT = TypeVar("_ItemT")


class BaseModel(pydantic.BaseModel):
    """A response or request object; unknown fields the server adds later are kept, not rejected."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        arbitrary_types_allowed=True,
    )

    # The server's id for the exchange that returned this object (``x-request-id``), as in openai.
    _request_id: str | None = PrivateAttr(default=None)

    def to_dict(self, *, mode: Literal["json", "python"] = "python") -> dict[str, Any]:
        """Return the fields that were set, keyed by their wire (alias) names."""
        return self.model_dump(mode=mode, by_alias=True, exclude_unset=True)

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the fields that were set as JSON, keyed by their wire (alias) names."""
        return self.model_dump_json(indent=indent, by_alias=True, exclude_unset=True)


class ListModel(BaseModel, Generic[_ItemT]):
    """A list envelope (``{"object": "list", "data": [...]}``): iterating it yields ``data``'s items,
    as openai's list responses do, where a plain pydantic model would yield its fields."""

    def __iter__(self) -> Iterator[_ItemT]:  # type: ignore[override]
        return iter(cast("list[_ItemT]", self.__dict__["data"]))
