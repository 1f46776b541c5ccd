"""generated/api.md: every operation is documented with each of its spec examples, and every snippet runs:
the Python ones (sync and async) in this interpreter and the curl ones in bash, all against the
spec-validating mock server, which must see no request that breaks the spec."""

from __future__ import annotations

import ast
import os
import re
import subprocess
from pathlib import Path

import pytest

from generator.ir.nodes import Operation, Resource
from tests.support.mock_server import MockServer

from .test_every_operation import API, OPERATIONS

ROOT = Path(__file__).resolve().parents[2]
API_MD = ROOT / "generated" / "api.md"
FENCE = re.compile(r"^```(python|sh)\n(.*?)^```$", re.S | re.M)
ENV = API.env_prefix


def blocks(kind: str) -> list[tuple[int, str]]:
    """(line number, code) of every fenced block of `kind` in api.md."""
    text = API_MD.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, m.start()) + 1, m.group(2))
        for m in FENCE.finditer(text)
        if m.group(1) == kind
    ]


SIGNATURES = [(line, code) for line, code in blocks("python") if code.startswith("def ")]
SNIPPETS = [(line, code) for line, code in blocks("python") if not code.startswith("def ")]
CURLS = blocks("sh")


def _heading(resource: Resource, op: Operation) -> str:
    return f"### client.{'.'.join(resource.path)}.{op.py_name}\n"


def test_every_operation_is_documented_with_each_of_its_examples() -> None:
    text = API_MD.read_text(encoding="utf-8")
    sections = re.split(r"(?m)^(?=### )", text)
    for resource, op in OPERATIONS:
        section = next((s for s in sections if s.startswith(_heading(resource, op))), None)
        assert section is not None, f"{op.operation_id} is not in api.md"
        assert f"`{op.http_method} {op.wire_path}`" in section
        assert section.count("#### Example") == len(op.examples) >= 1
        for example in op.examples:
            if example.name != "default":
                assert f"#### Example: {example.name}" in section
    chat = next(op for _, op in OPERATIONS if op.operation_id == "createChatCompletion")
    assert len(chat.examples) == 21, "the 21 chat-completions entries each show their own example"


@pytest.mark.parametrize(
    ("line", "code"), SIGNATURES, ids=[f"api.md:{line}" for line, _ in SIGNATURES]
)
def test_signatures_are_python(line: int, code: str) -> None:
    ast.parse(code)


@pytest.fixture
def environment(
    mock: MockServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> dict[str, str]:
    monkeypatch.setenv(f"{ENV}_API_KEY", "sk-test")
    monkeypatch.setenv(f"{ENV}_BASE_URL", mock.base_url)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "example.bin").write_bytes(b"ID3 example bytes")  # what the curl uploads name
    return dict(os.environ)


@pytest.mark.parametrize(("line", "code"), SNIPPETS, ids=[f"api.md:{line}" for line, _ in SNIPPETS])
def test_python_snippet_runs(
    environment: dict[str, str], mock: MockServer, line: int, code: str
) -> None:
    exec(
        compile(code, f"api.md:{line}", "exec"), {"__name__": "__main__"}
    )  # the snippet as a user runs it
    assert mock.requests, "the snippet sent no request"


@pytest.mark.parametrize(("line", "code"), CURLS, ids=[f"api.md:{line}" for line, _ in CURLS])
def test_curl_snippet_runs(
    environment: dict[str, str], mock: MockServer, line: int, code: str
) -> None:
    command = (
        code.rstrip("\n")
        + " \\\n  --silent --show-error --output /dev/null --write-out '%{http_code}'"
    )
    done = subprocess.run(
        ["bash", "-c", command],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "200", f"HTTP {done.stdout}: {mock.errors}"
    assert len(mock.requests) == 1


README_SNIPPETS = [
    m.group(2)
    for m in FENCE.finditer((ROOT / "generated" / "README.md").read_text(encoding="utf-8"))
    if m.group(1) == "python"
]


@pytest.mark.parametrize("code", README_SNIPPETS)
def test_readme_snippet_runs(environment: dict[str, str], code: str) -> None:
    exec(compile(code, "README.md", "exec"), {"__name__": "__main__"})
