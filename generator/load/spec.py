"""Spec files → plain Python documents with lazy line/column lookup and local `$ref` resolution."""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from ..report import codes
from ..report.diagnostics import Code, Diagnostic, Location, join_pointer, split_pointer
from ..report.diagnostics import (
    LoadError as LoadError,  # raised here; tests and callers import it from here too
)
from . import reparse, yamldoc
from .jsonpos import JsonPositions
from .yamldoc import DuplicateKey, Positions

# A YAML alias expands to a shared object; walking it costs as much as a copy would. Past this many
# nodes (the OpenAI spec has about 1.3 million) the document is refused as an alias bomb.
MAX_EXPANDED_NODES = 20_000_000


@dataclass(slots=True)
class Document:
    """One parsed file. `data` is plain dicts/lists/scalars with string keys."""

    path: Path
    display: str
    text: str
    data: Any
    positions: Positions | None = field(
        default=None, repr=False
    )  # from the YAML parse; JSON: on demand
    has_duplicate_keys: bool = False  # JSON: json.loads saw a key twice; positions tell where
    _json_positions: JsonPositions | None = field(default=None, repr=False)
    _located: tuple[Any, Positions] | None = field(default=None, repr=False)
    _unlocatable: bool = field(default=False, repr=False)

    def locate(self, pointer: str, *, key: bool = False) -> Location:
        """Line and column of the node at `pointer`, or of its closest existing parent. With `key`, of the
        key the pointer ends with: a finding about the key itself (`tpye`, `x-sdk-methd`) points at it."""
        tokens = split_pointer(pointer)
        if self.positions is not None:
            line, column = (self.positions.locate_key if key else self.positions.locate)(
                self.data, tokens
            )
            return Location(self.display, line, column, pointer, key)
        # A JSON file is read with json (fast, no positions); a message that needs a line finds it in the text.
        if self._json_positions is None:
            self._json_positions = JsonPositions(self.text)
        try:
            line, column = (
                self._json_positions.locate_key if key else self._json_positions.locate
            )(tokens)
        except (
            ValueError,
            IndexError,
        ):  # not the JSON that was loaded: say where it is without a line
            return Location(self.display, 0, 0, pointer, key)
        return Location(self.display, line, column, pointer, key)

    def duplicate_keys(self) -> tuple[DuplicateKey, ...]:
        if self.positions is not None:
            return self.positions.duplicate_keys
        located = self._yaml_positions() if self.has_duplicate_keys else None
        return located[1].duplicate_keys if located else ()

    def _yaml_positions(self) -> tuple[Any, Positions] | None:
        # Only a JSON file with a repeated key gets here: JSON is YAML, and the YAML parse records
        # every key it saw twice (json.loads keeps the last silently). Parsed once, then kept.
        if self._located is None and not self._unlocatable:
            try:
                self._located = yamldoc.parse(_yaml_escapes(self.text), MAX_EXPANDED_NODES)
            except (yaml.YAMLError, yamldoc.TooLarge):
                self._unlocatable = True
        return self._located


# JSON writes a character outside the BMP as two \u escapes (a surrogate pair); YAML refuses those, and
# takes the one \U escape of the same character.
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)


def _yaml_escapes(json_text: str) -> str:
    def one_escape(match: re.Match[str]) -> str:
        high, low = int(match.group(2), 16), int(match.group(3), 16)
        return f"{match.group(1)}\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08x}"

    return _SURROGATE_PAIR.sub(one_escape, json_text) if "\\u" in json_text else json_text


@dataclass(frozen=True, slots=True)
class RefTarget:
    document: Document
    pointer: str
    value: Any


@dataclass(slots=True)
class Spec:
    """The root document plus every file it reaches through `$ref`."""

    root: Document
    documents: dict[Path, Document]
    diagnostics: list[Diagnostic]

    @property
    def data(self) -> Any:
        return self.root.data

    def resolve(self, ref: str, base: Document) -> RefTarget | None:
        """Follow one `$ref` string from `base`; None when it does not resolve (already diagnosed)."""
        file_part, _, fragment = ref.partition("#")
        doc = base if not file_part else self.documents.get(_ref_path(base, file_part))
        if doc is None:
            return None
        pointer = unquote(fragment)
        value = lookup(doc.data, pointer)
        return None if value is _MISSING else RefTarget(doc, pointer, value)

    def resolve_fully(self, value: Any, base: Document) -> tuple[Any, Document]:
        """Follow `$ref` chains until a value that is not a reference (stops on cycles)."""
        seen: set[tuple[Path, str]] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            target = self.resolve(value["$ref"], base)
            if target is None or (target.document.path, target.pointer) in seen:
                return {}, base
            seen.add((target.document.path, target.pointer))
            value, base = target.value, target.document
        return value, base


_MISSING = object()


def lookup(data: Any, pointer: str) -> Any:
    for token in split_pointer(pointer):
        if isinstance(data, dict) and token in data:
            data = data[token]
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return _MISSING
    return data


def has_pointer(data: Any, pointer: str) -> bool:
    return lookup(data, pointer) is not _MISSING


def _ref_path(base: Document, file_part: str) -> Path:
    return Path(os.path.normpath(base.path.parent / unquote(file_part)))


def load_spec(path: Path, *, display: str | None = None) -> Spec:
    """Read `path` and every local file it references. Raises LoadError if the root cannot be read."""
    root = load_document(path, display or str(path))
    spec = Spec(root=root, documents={root.path: root}, diagnostics=[])
    _load_referenced(spec)
    return spec


def load_document(path: Path, display: str) -> Document:
    path = Path(os.path.normpath(path.absolute()))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(
            [
                codes.UNREADABLE_FILE.at(
                    Location(display), f"cannot read the spec: {exc.strerror or exc}"
                )
            ]
        ) from None
    text = _decode(raw, display)
    duplicates: list[bool] = []
    # `sdkforge watch` only: a text with one value edited since the last parse of this file
    reused = reparse.patched(path, text)
    positions: Positions | None
    if reused is not None:
        data, positions = reused
    else:
        data, positions = _parse(text, path, display, duplicates)
        reparse.remember(path, text, data, positions)
    if not isinstance(data, dict):
        raise LoadError(
            [
                codes.NOT_A_MAPPING.at(
                    Location(display, 1, 1),
                    "the document is not a mapping",
                    "an OpenAPI document starts with `openapi: 3.1.0` and `info:`",
                )
            ]
        )
    return Document(
        path=path,
        display=display,
        text=text,
        data=data,
        positions=positions,
        has_duplicate_keys=bool(duplicates),
    )


def _decode(raw: bytes, display: str) -> str:
    """UTF-8 text, as read_text would give it; a bad byte is located by line and column, not offset."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        bad = raw[exc.start : exc.end].hex(" ")
        raise LoadError(
            [
                codes.NOT_UTF8.at(
                    Location(display, line, column),
                    f"the file is not valid UTF-8: byte(s) {bad} ({exc.reason})",
                    "save the file as UTF-8; YAML and JSON specs must be UTF-8",
                )
            ]
        ) from None


def _parse(
    text: str, path: Path, display: str, duplicates: list[bool]
) -> tuple[Any, Positions | None]:
    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            duplicates.append(True)
        return mapping

    try:
        if path.suffix == ".json":
            # JSON has no aliases: nothing to expand, and keys are strings
            return json.loads(text, object_pairs_hook=pairs_hook), None
        return yamldoc.parse(text, MAX_EXPANDED_NODES)
    except json.JSONDecodeError as exc:
        raise LoadError(
            [
                codes.INVALID_JSON.at(
                    Location(display, exc.lineno, exc.colno), f"invalid JSON: {exc.msg}"
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise LoadError([_yaml_error(exc, display)]) from None
    except yaml.YAMLError as exc:
        raise LoadError(
            [codes.INVALID_YAML.at(Location(display), f"invalid YAML: {exc}")]
        ) from None
    except RecursionError:
        raise LoadError(
            [codes.TOO_DEEP_TO_READ.at(Location(display), "the document nests too deeply to read")]
        ) from None
    except yamldoc.TooLarge as exc:
        raise LoadError(
            [
                codes.TOO_LARGE.at(
                    Location(display, exc.line, exc.column),
                    f"the document expands to more than {MAX_EXPANDED_NODES:,} nodes from here",
                    "YAML aliases (*name) that repeat large anchors multiply the size; inline or $ref instead",
                )
            ]
        ) from None


def _yaml_error(exc: yaml.MarkedYAMLError, display: str) -> Diagnostic:
    """Located where the trouble starts: an unclosed quote at its opening quote, not at the end of the file."""
    unclosed = (
        exc.context_mark is not None and "end of stream" in str(exc.problem) and bool(exc.context)
    )
    mark = exc.context_mark if unclosed else (exc.problem_mark or exc.context_mark)
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    if unclosed:
        what = f"{str(exc.context).removeprefix('while scanning ')} starts here and is never closed"
        return codes.INVALID_YAML.at(
            Location(display, line, col),
            f"invalid YAML: {what}",
            "close it, or quote the whole value on one line",
        )
    return codes.INVALID_YAML.at(
        Location(display, line, col),
        f"invalid YAML: {exc.problem or exc.context or 'cannot parse'}",
    )


def iter_refs(data: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every `$ref` string in `data`: (pointer of the object holding it, ref), in document order."""
    # The path is kept as a linked list of tokens and joined only for the few objects that hold a $ref.
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    seen: set[int] = set()
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            if id(value) in seen:
                continue
            seen.add(id(value))
            ref = value.get("$ref")
            if isinstance(ref, str):
                yield join_pointer(pointer, *path_tokens(path)), ref
            stack.extend(
                (v, (path, k)) for k, v in reversed(value.items()) if isinstance(v, dict | list)
            )
        elif isinstance(value, list):
            stack.extend(
                (v, (path, i))
                for i, v in reversed(list(enumerate(value)))
                if isinstance(v, dict | list)
            )


def path_tokens(path: tuple[Any, ...]) -> list[Any]:
    """The tokens of a linked path `((((), a), b), c)` → `[a, b, c]` (a walk extends it without copying)."""
    tokens: list[Any] = []
    while path:
        path, token = path
        tokens.append(token)
    return tokens[::-1]


def _load_referenced(spec: Spec) -> None:
    """Load every file reached by `$ref` (breadth first), diagnosing remote, escaping and dangling refs."""
    root_dir = spec.root.path.parent
    queue = [spec.root]
    while queue:
        doc = queue.pop(0)
        for here, ref in iter_refs(doc.data):
            problem = _check_ref(spec, doc, ref, here, root_dir, queue)
            if problem:
                code, message, hint = problem
                spec.diagnostics.append(
                    code.at(doc.locate(join_pointer(here, "$ref")), message, hint)
                )


def _check_ref(
    spec: Spec, doc: Document, ref: str, here: str, root_dir: Path, queue: list[Document]
) -> tuple[Code, str, str] | None:
    file_part, _, fragment = ref.partition("#")
    if "://" in file_part or file_part.startswith("//"):
        return (
            codes.REMOTE_REF,
            f"remote $ref {ref!r} is not supported",
            "download the file next to the spec and use a relative path",
        )
    if file_part:
        target_path = _ref_path(doc, file_part)
        if root_dir not in target_path.parents:
            return (
                codes.REF_OUTSIDE_FOLDER,
                f"$ref {ref!r} leaves the spec's folder",
                f"keep referenced files under {root_dir.name}/",
            )
        if target_path not in spec.documents:
            try:
                loaded = load_document(target_path, os.path.relpath(target_path))
            except LoadError as exc:
                return (
                    codes.REF_FILE_UNREADABLE,
                    f"$ref {ref!r}: {exc.diagnostics[0].message}",
                    "check the file name",
                )
            spec.documents[target_path] = loaded
            queue.append(loaded)
    if fragment and not fragment.startswith("/"):
        return (
            codes.REF_NOT_POINTER,
            f"$ref {ref!r} has a fragment that is not a JSON pointer",
            "write it as #/components/schemas/Name",
        )
    target = spec.resolve(ref, doc)
    if target is None:
        return codes.DANGLING_REF, f"$ref {ref!r} does not resolve", _dangling_hint(spec, doc, ref)
    if not isinstance(target.value, dict | bool) and "/x-" not in here:
        # Every referenceable thing is an object (a schema may be a boolean); an extension's $ref has its tool's rules.
        kind = {
            str: "a string",
            list: "a list",
            int: "a number",
            float: "a number",
            type(None): "null",
        }.get(type(target.value), "a scalar")
        return (
            codes.REF_NOT_OBJECT,
            f"$ref {ref!r} points at {kind}, not an object",
            "point it at a schema, parameter, response or other component",
        )
    return None


def _dangling_hint(spec: Spec, doc: Document, ref: str) -> str:
    file_part, _, fragment = ref.partition("#")
    parent_pointer, _, name = unquote(fragment).rpartition("/")
    target = doc if not file_part else spec.documents.get(_ref_path(doc, file_part))
    parent = lookup(target.data, parent_pointer) if target else _MISSING
    if isinstance(parent, dict) and parent:
        close = difflib.get_close_matches(name, [str(k) for k in parent], n=1)
        if close:
            return f"did you mean {close[0]!r}?"
    return "define the target or fix the pointer"
