"""`sdkforge generate` with nothing to do must not pay for the pipeline's imports (issue 12): the CLI
module imports neither the loader (PyYAML), the validator, Jinja, the IR, the formatter nor griffe."""

from __future__ import annotations

import subprocess
import sys

from generator.diff import output
from generator.release import release_commands

HEAVY = (
    "yaml",
    "jinja2",
    "openapi_spec_validator",
    "jsonschema",
    "griffe",
    "pydantic",
    "rich",
    "generator.load",
    "generator.validate",
    "generator.render",
    "generator.ir",
    "generator.diff",
    "generator.output.format",
    "generator.cache.prose_free",
)


def test_the_cli_imports_nothing_heavy() -> None:
    code = "import sys, generator.cli; print('\\n'.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert (
        sorted(
            name
            for name in loaded
            if any(name == heavy or name.startswith(heavy + ".") for heavy in HEAVY)
        )
        == []
    )


def test_the_diff_options_match_generator_diff() -> None:
    assert release_commands.DIFF_FORMATS == output.FORMATS
    assert set(release_commands._FAIL_LEVELS["warning"]) == {"breaking", "warning"}
