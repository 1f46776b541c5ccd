"""[tool.sdkforge] in pyproject.toml + CLI flags → one frozen Config."""

from __future__ import annotations

import keyword
import os
import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import click

from .project_file import pyproject_candidates


@dataclass(frozen=True, slots=True)
class Config:
    spec: Path = Path("spec/openapi.yaml")
    output: Path = Path("generated")
    package_name: str = "client"
    client_class: str = ""  # "": from the spec's info.title (ir/build.py)
    distribution_name: str = ""  # "": the package name with dashes
    sdk_version: str = ""  # "": the spec's info.version when it is a PEP 440 version
    strict: bool = False
    lenient: bool = False  # skip operations whose errors are their own (lenient.py)
    formatter: str = "ruff"  # or "black"; see format.py
    ignore: tuple[str, ...] = ()  # finding codes (or slugs) to silence: policy.py
    error: tuple[str, ...] = ()  # warning codes (or slugs) to treat as errors

    @property
    def dist_name(self) -> str:
        return self.distribution_name or self.package_name.replace("_", "-")

    def with_overrides(self, **overrides: Any) -> Config:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


class ConfigError(click.ClickException):
    exit_code = 2


@dataclass(frozen=True, slots=True)
class NameFlags:
    """The command line's say on names and paths; None where a flag was not given."""

    spec: Path | None = None
    output: Path | None = None
    package_name: str | None = None
    client_class: str | None = None
    distribution_name: str | None = None
    sdk_version: str | None = None


_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start`."""
    nearest = pyproject_candidates(str(start))[-1]
    return Path(nearest) if os.path.isfile(nearest) else None


def load_config(start: Path) -> Config:
    """Defaults from the nearest pyproject.toml's [tool.sdkforge]; paths in it are relative to that file."""
    return load_project(start) or Config()


def load_project(start: Path) -> Config | None:
    """The project's [tool.sdkforge] (nearest pyproject.toml), or None when there is none."""
    pyproject = find_pyproject(start)
    if pyproject is None:
        return None
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("sdkforge")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: invalid TOML: {exc}") from None
    if not isinstance(table, dict):
        return None
    known = {f.name for f in fields(Config)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(
                f"{pyproject}: unknown key [tool.sdkforge] {key!r}; known: {', '.join(sorted(known))}"
            )
        values[name] = _relative(pyproject.parent, value) if name in ("spec", "output") else value
        if name in ("ignore", "error"):
            values[name] = _code_list(pyproject, key, value)
    config = Config(**values)
    check_formatter(config.formatter)
    return config


def _code_list(pyproject: Path, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(
            f'{pyproject}: [tool.sdkforge] {key} must be a list of codes, like ["SDK401"]'
        )
    return tuple(value)


def _relative(base: Path, value: str) -> Path:
    path = base / value
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def check_package_name(name: str) -> str:
    if not _PACKAGE.match(name):
        raise ConfigError(
            f"package name {name!r} is not a valid Python package name (use lower_snake_case)"
        )
    return name


_CLASS = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DISTRIBUTION = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")  # PEP 508 names


def check_names(config: Config) -> Config:
    """Every name a user gives becomes code or metadata as it is: each must be a valid one (usage error, exit 2)."""
    check_package_name(config.package_name)
    if config.client_class and (
        not _CLASS.match(config.client_class) or keyword.iskeyword(config.client_class)
    ):
        raise ConfigError(
            f"client class {config.client_class!r} is not a Python class name (use PascalCase letters and digits)"
        )
    if config.distribution_name and not _DISTRIBUTION.match(config.distribution_name):
        raise ConfigError(
            f"distribution name {config.distribution_name!r} is not a valid PyPI name (letters, digits, '.', '-', '_')"
        )
    if config.sdk_version and pep440_version(config.sdk_version) is None:
        raise ConfigError(
            f"SDK version {config.sdk_version!r} is not a PEP 440 version, such as 1.2.0"
        )
    return config


def resolve_config(start: Path, flags: NameFlags, *, needs_output: bool) -> Config:
    """The project's [tool.sdkforge] when no spec is given or the spec given is the project's; otherwise the
    flags and the spec alone, so that another spec never gets this project's names, version or output folder."""
    project = load_project(start)
    if flags.spec is None and project is None:
        raise ConfigError(
            "no spec given, and no [tool.sdkforge] in a pyproject.toml here or above to name one. "
            "Pass the spec (`sdkforge generate openapi.yaml --out sdk`), or add `[tool.sdkforge]` with "
            '`spec = "openapi.yaml"` and `output = "generated"` to pyproject.toml.'
        )
    if project is not None and (
        flags.spec is None or _same_file(flags.spec, project.spec) or not _names_a_spec(start)
    ):
        base = project
    else:
        assert flags.spec is not None
        if needs_output and flags.output is None:
            raise ConfigError(_output_required(flags.spec, project))
        base = Config(spec=flags.spec)
    overrides = {f.name: getattr(flags, f.name) for f in fields(NameFlags)}
    return base.with_overrides(**overrides)


def _names_a_spec(start: Path) -> bool:
    """Whether the project's [tool.sdkforge] names its spec; one that does not (only `ignore`, say) applies to any."""
    pyproject = find_pyproject(start)
    table = (
        tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("sdkforge", {})
        if pyproject
        else {}
    )
    return isinstance(table, dict) and "spec" in table


def _output_required(spec: Path, project: Config | None) -> str:
    if project is None:
        return f"--out is required: no [tool.sdkforge] output is configured here for {spec}"
    return (
        f"--out is required: {spec} is not this project's spec ({project.spec}), so its SDK does not go to "
        f"{project.output}/ and takes none of the project's names"
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


FORMATTERS = ("ruff", "black")  # format.FORMATTERS, without importing the formatting stage


def check_formatter(name: str) -> str:
    if name not in FORMATTERS:
        raise ConfigError(f"unknown formatter {name!r}; choose one of: {', '.join(FORMATTERS)}")
    return name


def pep440_version(version: object) -> str | None:
    """`version` as a distribution's version (PEP 440, normalised as pip and build read it), or None."""
    from packaging.version import InvalidVersion, Version

    if not isinstance(version, str):
        return None
    try:
        return str(Version(version))
    except InvalidVersion:
        return None
