"""[tool.sdkforge] in pyproject.toml + CLI flags → one frozen Config."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import click


@dataclass(frozen=True, slots=True)
class Config:
    spec: Path = Path("spec/openapi.yaml")
    output: Path = Path("generated")
    package_name: str = "client"
    client_class: str = ""
    distribution_name: str = ""
    sdk_version: str = "0.1.0"
    strict: bool = False
    formatter: str = "ruff"  # or "black"; see format.py
    ignore: tuple[str, ...] = ()  # finding codes (or slugs) to silence: policy.py
    error: tuple[str, ...] = ()  # warning codes (or slugs) to treat as errors

    @property
    def client_class_name(self) -> str:
        return self.client_class or "".join(p.capitalize() for p in self.package_name.split("_")) or "Client"

    @property
    def dist_name(self) -> str:
        return self.distribution_name or self.package_name.replace("_", "-")

    def with_overrides(self, **overrides: Any) -> Config:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


class ConfigError(click.ClickException):
    exit_code = 2


_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")


def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path) -> Config:
    """Defaults from the nearest pyproject.toml's [tool.sdkforge]; paths in it are relative to that file."""
    pyproject = find_pyproject(start)
    if pyproject is None:
        return Config()
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("sdkforge", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: invalid TOML: {exc}") from None
    known = {f.name for f in fields(Config)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(f"{pyproject}: unknown key [tool.sdkforge] {key!r}; known: {', '.join(sorted(known))}")
        values[name] = _relative(pyproject.parent, value) if name in ("spec", "output") else value
        if name in ("ignore", "error"):
            values[name] = _code_list(pyproject, key, value)
    config = Config(**values)
    check_formatter(config.formatter)
    return config


def _code_list(pyproject: Path, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{pyproject}: [tool.sdkforge] {key} must be a list of codes, like [\"SDK401\"]")
    return tuple(value)


def _relative(base: Path, value: str) -> Path:
    path = base / value
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def check_package_name(name: str) -> str:
    if not _PACKAGE.match(name):
        raise ConfigError(f"package name {name!r} is not a valid Python package name (use lower_snake_case)")
    return name


FORMATTERS = ("ruff", "black")  # format.FORMATTERS, without importing the formatting stage


def check_formatter(name: str) -> str:
    if name not in FORMATTERS:
        raise ConfigError(f"unknown formatter {name!r}; choose one of: {', '.join(FORMATTERS)}")
    return name
