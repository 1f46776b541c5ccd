"""The pydantic base class every generated model subclasses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, Literal, TypeVar, cast

import pydantic
from pydantic import ConfigDict

__all__ = ["BaseModel", "ListModel", "set_request_id"]

_ItemT = TypeVar("_ItemT")
_REQUEST_ID = "_request_id"


class BaseModel(pydantic.BaseModel):
    """A response or request object; unknown fields the server adds later are kept, not rejected."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        arbitrary_types_allowed=True,
    )

    # The request id is a read-only property, not a pydantic ``PrivateAttr``: a private attribute
    # makes pydantic run a post-init hook for every model it builds, nested or streamed, which cost
    # half the time of decoding an SSE chunk. Only the object a call returns carries the id.
    @property
    def _request_id(self) -> str | None:
        """The server's id for the exchange that returned this object (``x-request-id``), as in openai."""
        private = self.__pydantic_private__
        return cast("str | None", private.get(_REQUEST_ID)) if private else None

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> dict[str, Any]:
        """Return the model as a dict, as openai's ``to_dict`` does.

        By default only the fields the server sent (or the caller set) are included, keyed by their
        wire (alias) names. ``mode="json"`` turns values into JSON types (datetimes into strings).
        """
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """Return the model as JSON text with the same defaults as ``to_dict`` (indent 2; ``None``: compact)."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )


def set_request_id(model: BaseModel, request_id: str | None) -> None:
    """Attach ``request_id`` to the object a call returns (read back as ``model._request_id``)."""
    private = model.__pydantic_private__
    if private is None:
        # pydantic leaves the slot ``None`` for a class without private attributes.
        object.__setattr__(model, "__pydantic_private__", {_REQUEST_ID: request_id})
    else:
        private[_REQUEST_ID] = request_id


class ListModel(BaseModel, Generic[_ItemT]):
    """A list envelope (``{"object": "list", "data": [...]}``): iterating it yields ``data``'s items,
    as openai's list responses do, where a plain pydantic model would yield its fields."""

    def __iter__(self) -> Iterator[_ItemT]:  # type: ignore[override]
        return iter(cast("list[_ItemT]", self.__dict__["data"]))
