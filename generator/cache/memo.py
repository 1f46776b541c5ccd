"""Same inputs, same Report: a `sdkforge generate` with nothing changed skips every stage.

The validator cache makes a repeated run cheaper, but it still loads, builds, renders and formats
the spec. Here the whole Report is kept under a key made of everything it depends on: the root spec's
bytes, the options that reach the output, and sdkforge itself (its source and templates, hashed, so a
development checkout invalidates on every edit; the formatters' and the validator's versions). Files reached
through `$ref` are known only after loading, so their hashes are stored with the Report and checked
when it is recalled. SDKFORGE_NO_CACHE=1 turns this off with the other caches.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path, PurePosixPath

from ..config import Config
from ..report.codes import diagnostic_from_json
from ..report.report import Report
from ..template_dir import templates_dir
from .store import cache_dir, cache_get, cache_key, cache_put

_NAMESPACE = "runs-v2"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def recall(spec_path: Path, config: Config, display: str) -> Report | None:
    folder = cache_dir(_NAMESPACE)
    key = run_key(spec_path, config, display) if folder is not None else None
    stored = cache_get(folder, key) if key is not None else None
    if stored is None:
        return None
    entry = json.loads(stored)
    if not document_digests_match(spec_path, entry["documents"]):
        return None
    return Report(
        diagnostics=[diagnostic_from_json(item) for item in entry["diagnostics"]],
        files={PurePosixPath(name): text for name, text in entry["files"].items()},
        operations_generated=entry["generated"],
        operations_total=entry["total"],
        operations_skipped=tuple(entry["skipped"]),
        operations_degraded=entry["degraded"],
        referenced=entry["documents"],
    )


def remember(spec_path: Path, config: Config, display: str, report: Report) -> None:
    """Store `report`; its `referenced` holds the digest of every other file the spec reached."""
    folder = cache_dir(_NAMESPACE)
    key = run_key(spec_path, config, display) if folder is not None else None
    if key is None:
        return
    entry = {
        "documents": report.referenced,
        "diagnostics": [d.to_json() for d in report.diagnostics],
        "files": {str(path): text for path, text in report.files.items()},
        "generated": report.operations_generated,
        "total": report.operations_total,
        "skipped": list(report.operations_skipped),
        "degraded": report.operations_degraded,
    }
    cache_put(folder, key, json.dumps(entry, ensure_ascii=False))


def document_digests(spec_path: Path, documents: dict[Path, str]) -> dict[str, str]:
    """{path relative to the spec's folder: SHA-256} of the files the spec reached through `$ref`."""
    base = spec_path.resolve().parent
    return {
        path.relative_to(base).as_posix(): _digest(text.encode("utf-8"))
        for path, text in sorted(documents.items())
    }


def document_digests_match(spec_path: Path, digests: dict[str, str]) -> bool:
    base = spec_path.resolve().parent
    return all(_digest_of(base / name) == digest for name, digest in digests.items())


def run_key(spec_path: Path, config: Config, display: str) -> str | None:
    """Everything a run's Report depends on but the files `$ref` reaches (those are checked on recall)."""
    try:
        spec_bytes = spec_path.read_bytes()
    except OSError:
        return None  # the real run reports it
    options = [
        display,
        config.package_name,
        config.client_class,
        config.dist_name,
        config.sdk_version,
        str(config.strict),
        str(config.lenient),
        ",".join(config.ignore),
        ",".join(config.error),
        config.formatter,
    ]
    return cache_key([_NAMESPACE, sdkforge_fingerprint(), *options, spec_bytes])


@functools.cache
def sdkforge_fingerprint() -> str:
    """sdkforge as far as its output is concerned: its modules, its templates, the tools' versions."""
    tools = installed_distributions(("ruff", "black", "openapi_spec_validator"))
    parts: list[str | bytes] = [f"{sys.version_info[0]}.{sys.version_info[1]}", *tools]
    for path in source_files():
        parts += [f"{path.parent.name}/{path.name}", path.read_bytes()]
    return cache_key(parts)


@functools.cache
def installed_distributions(names: tuple[str, ...]) -> list[str]:
    """The `.dist-info` folder of each tool, first on sys.path as for an import ("ruff-0.17.6.dist-info"):
    its version, without importlib.metadata, whose import costs more than the rest of a no-change run."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for item in listing:
            name = item.partition("-")[0].replace(".", "_").lower()
            if item.endswith(".dist-info") and name in names and name not in found:
                found[name] = item
    return [found.get(name, f"{name}-?") for name in names]


def source_files() -> list[Path]:
    """sdkforge's modules and templates (os.walk: a no-change run cannot afford pathlib's rglob)."""
    files = _walk(str(_PACKAGE_DIR), ".py", skip="templates") + _walk(
        str(templates_dir()), ".jinja"
    )
    return [Path(name) for name in sorted(files)]


def _walk(top: str, suffix: str, skip: str = "") -> list[str]:
    found = []
    for folder, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if d != skip and d != "__pycache__"]
        found += [os.path.join(folder, name) for name in names if name.endswith(suffix)]
    return found


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest_of(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None
