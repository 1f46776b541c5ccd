"""The pydantic base class every generated model subclasses."""

from __future__ import annotations

from typing import Any, Literal

import pydantic
from pydantic import ConfigDict

__all__ = ["BaseModel"]


class BaseModel(pydantic.BaseModel):
    """A response or request object; unknown fields the server adds later are kept, not rejected."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        arbitrary_types_allowed=True,
    )

    def to_dict(self, *, mode: Literal["json", "python"] = "python") -> dict[str, Any]:
        """Return the fields that were set, keyed by their wire (alias) names."""
        return self.model_dump(mode=mode, by_alias=True, exclude_unset=True)

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the fields that were set as JSON, keyed by their wire (alias) names."""
        return self.model_dump_json(indent=indent, by_alias=True, exclude_unset=True)
