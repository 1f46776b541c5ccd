"""The runtime reaches every SDK as it is: byte copies, spec-dependent values only in `_constants`,
and the package's exports taken from the runtime's `__all__`."""

from __future__ import annotations

import ast
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import generator.runtime
from generator.render.sdk import header_line
from generator.sdk_runtime import runtime_exports, runtime_files

RUNTIME = Path(generator.runtime.__file__).parent


def test_runtime_modules_are_copied_byte_for_byte(rt: Any) -> None:
    copied = runtime_files()
    assert {"_base_client.py", "_exceptions.py", "_types.py"} <= set(copied)
    for name, source in copied.items():
        text = (rt.path / name).read_text(encoding="utf-8")
        assert text == header_line("openapi.yaml") + source, name


def _assigned_names(source: str) -> list[str]:
    return [
        t.id
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    ]


def test_generated_constants_match_the_placeholder(rt: Any) -> None:
    placeholder = _assigned_names((RUNTIME / "_constants.py").read_text(encoding="utf-8"))
    assert _assigned_names((rt.path / "_constants.py").read_text(encoding="utf-8")) == placeholder
    constants = vars(importlib.import_module("rt._constants"))
    assert {
        k: constants[k]
        for k in ("PACKAGE_NAME", "ERROR_BASE_NAME", "API_KEY_ENV", "BASE_URL_ENV", "USER_AGENT")
    } == {
        "PACKAGE_NAME": "rt",
        "ERROR_BASE_NAME": "RtError",
        "API_KEY_ENV": "RT_API_KEY",
        "BASE_URL_ENV": "RT_BASE_URL",
        "USER_AGENT": "Rt/Python 0.0.0",
    }


def test_no_runtime_module_is_a_template() -> None:
    jinja = re.compile(r"\{\{|\{%|\{#")
    assert not [p.name for p in RUNTIME.glob("*.py") if jinja.search(p.read_text(encoding="utf-8"))]


def test_exports_come_from_the_runtime_all(rt: Any) -> None:
    exports = runtime_exports()
    assert list(exports) == generator.runtime.__all__
    for name, module in exports.items():
        assert getattr(rt.pkg, name) is getattr(getattr(rt.pkg, module.lstrip(".")), name)
    assert sorted(rt.pkg.__all__) == sorted(
        [*exports, "Rt", "AsyncRt", "RtError", "__version__", "models"]
    )


def test_error_base_carries_the_sdk_name(rt: Any) -> None:
    base = rt.pkg.RtError
    assert (base.__name__, base.__qualname__, base.__module__) == (
        "RtError",
        "RtError",
        "rt._exceptions",
    )
    assert base is rt.exc.SDKError
    errors = [getattr(rt.exc, name) for name in rt.exc.__all__]
    assert all(issubclass(error, base) for error in errors if isinstance(error, type))


def test_generating_never_imports_the_runtime(tmp_path: Path) -> None:
    """The runtime is data to the generator: generating an SDK imports none of it (nor httpx2)."""
    spec = Path(__file__).with_name("openapi.yaml")
    code = (
        "import sys\nfrom pathlib import Path\nfrom generator import Config, generate\n"
        f"report = generate(Path({str(spec)!r}), Config(package_name='rt', client_class='Rt'))\n"
        "assert report.ok and any(p.name == '_base_client.py' for p in report.files)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('generator.runtime', 'httpx2'))))\n"
    )
    env = {**os.environ, "SDKFORGE_NO_CACHE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr
