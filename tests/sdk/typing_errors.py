"""Type-checked, never imported by pytest: mistakes an application makes with request dicts. Every line
marked `# error` must be reported by mypy --strict and by pyright (strict); no other line may be.
`test_typing.py` runs both checkers and compares the reported lines with the marks."""

from __future__ import annotations

from gitaigc import Gitaigc
from gitaigc.models import (
    ChatCompletionUserMessage,
    ChatCompletionUserMessageParam,
    ResponseFormatJsonSchemaParam,
)


def mistakes(client: Gitaigc) -> None:
    client.chat.completions.create(model="m", messages=[{"role": "usr", "content": "hi"}])  # error
    client.chat.completions.create(model="m", messages=[{"role": "user", "contnt": "hi"}])  # error
    client.chat.completions.create(model="m", messages=[{"role": "user"}])  # error
    # One line per mistake (mypy reports a call where it starts, pyright at the argument).
    create = client.chat.completions.create
    create(model="m", messages=[], response_format={"type": "json_schma"})  # error
    create(model="m", messages=[], stream_options={"include_usage": "yes"})  # error
    bad: ChatCompletionUserMessageParam = {"role": "user", "content": "hi", "nam": "x"}  # error
    print(bad)


def correct(client: Gitaigc) -> None:
    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi", "name": "ann"}]
    )
    client.chat.completions.create(
        model="m", messages=[ChatCompletionUserMessage(role="user", content="hi")]
    )
    client.chat.completions.create(model="m", messages=[], response_format={"type": "json_object"})
    schema: ResponseFormatJsonSchemaParam = {
        "type": "json_schema",
        "json_schema": {"name": "answer", "strict": True},
    }
    client.chat.completions.create(model="m", messages=[], response_format=schema)
    client.chat.completions.create(
        model="m",
        messages=[{"role": "user", "content": [{"type": "text", "text": "hi"}]}],
        stream_options={"include_usage": True},
    )
