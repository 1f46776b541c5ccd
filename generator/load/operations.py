"""The operations of a spec, in document order: the one loop over `paths` × HTTP methods that the lint,
the documentation lint and the IR build all walk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from ..report.diagnostics import join_pointer
from .spec import Spec

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class OperationSite(NamedTuple):
    path: str  # the path template, as written: "/pets/{petId}"
    method: str  # lower case: "get"
    item: dict[str, Any]  # the path item, its `$ref` followed
    operation: dict[str, Any]
    pointer: str  # "/paths/~1pets~1{petId}/get"


def iter_operations(spec: Spec) -> Iterator[OperationSite]:
    """Every operation object; a path item or operation that is not a mapping is skipped (validate reports it)."""
    paths = spec.data.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        item, _ = spec.resolve_fully(item, spec.root)
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield OperationSite(
                    str(path), method, item, item[method], join_pointer("/paths", path, method)
                )
