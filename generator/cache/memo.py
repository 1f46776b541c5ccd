"""Same inputs, same Report: a `sdkforge generate` with nothing changed skips every stage.

The validator cache makes a repeated run cheaper, but it still loads, builds, renders and formats
the spec. Here the whole Report is kept under a key made of everything it depends on: the root spec's
bytes, the options that reach the output, and sdkforge itself (its source and templates, hashed, so a
development checkout invalidates on every edit; the formatters' and the validator's versions). Files reached
through `$ref` are known only after loading, so their hashes are stored with the Report and checked
when it is recalled. SDKFORGE_NO_CACHE=1 turns this off with the other caches.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath

from ..config import Config
from ..report.codes import diagnostic_from_json
from ..report.report import Report
from .fingerprint import sdkforge_fingerprint
from .store import cache_dir, cache_get, cache_key, cache_put

_NAMESPACE = "runs-v3"  # v3: `documents` holds the spec too


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
    """Store `report`; its `referenced` holds the digest of every file the run read (the spec and its `$ref`s)."""
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
    """{path relative to the spec's folder: SHA-256} of the spec and the files it reached through `$ref`."""
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


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest_of(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None
