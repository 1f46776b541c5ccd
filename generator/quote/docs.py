"""Spec prose → text that is safe inside a generated triple-quoted docstring.

SECURITY: descriptions come from the spec, which may be hostile. Inside `\"\"\"...\"\"\"` only a backslash
and three quotes in a row can change how Python reads the text, so both are escaped here, control
characters are written as escapes, and a trailing quote is kept off the closing delimiter. Every
docstring the templates print has gone through `clean_doc`.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def clean_doc(text: object, *, limit: int = 4000) -> str | None:
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text:
        return None
    if len(text) > limit:
        text = text[:limit].rstrip() + " …"
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    text = _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )
    text = "\n".join(line.rstrip() for line in text.splitlines())
    if text.endswith('"') and (len(text) - 1 - len(text[:-1].rstrip("\\"))) % 2 == 0:
        # An unescaped closing quote (one escaped above, after an odd number of backslashes, is already safe).
        text = text[:-1] + '\\"'
    return text


def join_docs(*parts: str | None) -> str | None:
    present = [p for p in parts if p]
    return "\n\n".join(present) if present else None
