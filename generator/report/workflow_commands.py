"""GitHub Actions workflow-command escaping, shared by `validate --format github` and `diff --format github`."""

from __future__ import annotations


def github_escape(message: str) -> str:
    """Data of `::error ...::data`: `%`, CR and LF are escaped (the runner's own rules)."""
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: str) -> str:
    """A property value (`file=...`): also `:` and `,`, which would end it."""
    return github_escape(value).replace(":", "%3A").replace(",", "%2C")
