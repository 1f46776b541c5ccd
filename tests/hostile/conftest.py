"""Fixtures for the hostile-server probes: local servers, the generated clients, memory-capped runs.

Two generated SDKs are probed over real HTTP on 127.0.0.1: ``gitaigc`` from ``generated/`` (the relay:
bearer, ``x-api-key``, polling, binary speech) and ``probesdk``, generated once per session from
``auth_spec.yaml`` (one GET and one POST per kind of credential: bearer, two header keys, a query key
and a cookie key).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.servers import HostileServer
from tests.support.build import generate_into

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
sys.path.insert(0, str(GENERATED))

API_KEY = "sk-hostile-DO-NOT-LEAK-5d1e9a7c"
# Memory cap for the bounded-memory probes: far below what an unbounded read of their bodies takes.
MEMORY_LIMIT = 768 << 20


@pytest.fixture
def serve() -> Iterator[Callable[..., HostileServer]]:
    servers: list[HostileServer] = []

    def start(script: Any = None) -> HostileServer:
        server = HostileServer(script)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def probe_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``probesdk`` generated from ``auth_spec.yaml``; the folder is put on ``sys.path``."""
    out = tmp_path_factory.mktemp("probesdk")
    generate_into(ROOT / "tests" / "hostile" / "auth_spec.yaml", out, "probesdk")
    sys.path.insert(0, str(out))
    return out


def run_capped(code: str, *, limit: int = MEMORY_LIMIT, timeout: float = 120) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter whose address space is capped at ``limit`` bytes.

    ``code`` assigns ``outcome`` (a JSON-ready dict); the result adds ``peak_rss_mib``. A regression to
    reading a body whole fails fast with MemoryError (or dies) instead of filling the machine.
    """
    script = (
        textwrap.dedent(
            f"""
        import json, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
        sys.path.insert(0, {str(GENERATED)!r})
        outcome = {{}}

        def peak_rss_mib():
            # VmHWM, not ru_maxrss: the latter survives exec and would report the forking parent's peak.
            with open("/proc/self/status") as status:
                return int(status.read().split("VmHWM:")[1].split()[0]) // 1024
        """
        )
        + textwrap.dedent(code)
        + textwrap.dedent(
            """
        outcome["peak_rss_mib"] = peak_rss_mib()
        print("OUTCOME " + json.dumps(outcome))
        """
        )
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(GENERATED)])}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("OUTCOME ")]
    assert done.returncode == 0 and lines, (
        f"exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    )
    result: dict[str, Any] = json.loads(lines[-1].removeprefix("OUTCOME "))
    return result
