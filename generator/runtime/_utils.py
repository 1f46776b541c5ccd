"""Small helpers shared by the runtime modules: cached type adapters and JSON conversion."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any, cast

import pydantic
import pydantic_core

from ._types import NotGiven, Omit

__all__ = ["to_jsonable", "type_adapter"]

_ADAPTERS: dict[object, pydantic.TypeAdapter[Any]] = {}
_ADAPTERS_LOCK = threading.Lock()


def type_adapter(annotation: Any) -> pydantic.TypeAdapter[Any]:
    """A ``TypeAdapter`` for ``annotation``, built once: building one compiles a validator."""
    try:
        cached = _ADAPTERS.get(annotation)
    except TypeError:
        # Some annotations (e.g. with unhashable metadata) cannot be cache keys.
        return pydantic.TypeAdapter(annotation)
    if cached is not None:
        return cached
    adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(annotation)
    with _ADAPTERS_LOCK:
        return _ADAPTERS.setdefault(annotation, adapter)


_PLAIN = (str, int, float, bool, type(None))


def to_jsonable(value: object) -> object:
    """Convert a request value to JSON-ready data; models dump by alias, only fields set."""
    # Exact type checks first: leaves and plain dicts are most of a body, and an ``isinstance``
    # against the ``Mapping`` ABC costs several times more than one against a class.
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict or (kind is not list and isinstance(value, Mapping)):
        return {
            str(key): to_jsonable(item)
            for key, item in cast(Mapping[object, object], value).items()
            if not isinstance(item, (NotGiven, Omit))
        }
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in cast(Sequence[object], value)]
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, (str, int, float, bool)):
        # A subclass of a plain type (a ``str`` or ``int`` enum) serialises as its base value.
        return value
    # Dates, UUIDs, enums, decimals...: pydantic already knows their JSON form.
    return pydantic_core.to_jsonable_python(value)
