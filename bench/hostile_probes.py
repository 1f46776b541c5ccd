"""The hostile-server probes, run against the official ``openai`` package and ``gitaigc`` side by side.

Not a test: it prints the comparison table of the SDK README's robustness section. Every probe runs in
a fresh interpreter capped at 1 GiB of address space, against a local server in this process:

    python bench/hostile_probes.py                       # both SDKs
    python bench/hostile_probes.py gitaigc --generated DIR   # only gitaigc, imported from DIR (an older build)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile.servers import Exchange, HostileServer, gzip_bomb  # noqa: E402

KEY = "sk-probe-SECRET-0123456789abcdef"
LIMIT = 1 << 30

SETUP = {
    "openai": "import openai as sdk\nClient = sdk.OpenAI\nbase = URL + '/v1'\n",
    "gitaigc": "import gitaigc as sdk\nClient = sdk.Gitaigc\nbase = URL\n",
}
CHAT = "client.chat.completions.create(model='m', messages=[{'role': 'user', 'content': 'hi'}])"
SPEECH = "client.audio.speech.create(model='tts-1', input='hi', voice='alloy')"


def _zeros(size: int, status: int) -> Callable[[Exchange], None]:
    def script(ex: Exchange) -> None:
        ex.head(status, {"content-type": "text/plain", "content-length": str(size)})
        for _ in range(size >> 20):
            if not ex.write(b"x " * (1 << 19)):
                return

    return script


def _bomb(status: int, content_type: str, mib: int) -> Callable[[Exchange], None]:
    return lambda ex: ex.respond(
        status, gzip_bomb(mib), {"content-type": content_type, "content-encoding": "gzip"}
    )


def _redirect(target: HostileServer) -> Callable[[Exchange], None]:
    return lambda ex: ex.respond(307, b"", {"location": target.url + ex.request.path})


# name -> (server script, call, client kwargs, what to report)
PROBES: dict[str, tuple[Callable[[Exchange], None] | None, str, str]] = {
    "64 MiB error body": (_zeros(64 << 20, 500), CHAT, ""),
    "gzip bomb 256 MiB on a 500": (_bomb(500, "application/json", 256), CHAT, ""),
    "gzip bomb 256 MiB on a 2xx text/html": (_bomb(200, "text/html", 256), CHAT, ""),
    "gzip bomb 1 GiB on speech (binary)": (_bomb(200, "audio/mpeg", 1024), SPEECH, ""),
    "401 echoing the key after 480 chars": (
        lambda ex: ex.json(401, json.dumps({"error": {"message": "y" * 480 + " bad key " + KEY}})),
        CHAT,
        "",
    ),
    "key with a trailing newline": (None, CHAT, "newline"),
    "Retry-After: 99999999 on a 429": (
        lambda ex: ex.json(429, '{"error": {"message": "later"}}', {"retry-after": "99999999"}),
        CHAT,
        "",
    ),
    "JSON nested 100000 deep in a 2xx": (
        lambda ex: ex.json(200, "[" * 100000 + "]" * 100000),
        CHAT,
        "",
    ),
    "non-ASCII Idempotency-Key": (
        lambda ex: ex.json(200, "{}"),
        CHAT.replace(")", ", extra_headers={'Idempotency-Key': 'ключ'})"),
        "",
    ),
    "CRLF in an upload's content type": (
        lambda ex: ex.json(200, '{"text": "x"}'),
        "client.audio.transcriptions.create(model='whisper-1', file=('a.mp3', b'ID3', 'audio/mpeg\\r\\nX-Injected: 1'))",
        "",
    ),
    "cross-origin 307 on a POST (bearer)": (None, CHAT, "redirect"),
}


def run(sdk: str, url: str, call: str, mode: str, generated: Path) -> str:
    key = KEY + "\n" if mode == "newline" else KEY
    code = f"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({LIMIT}, {LIMIT}))
URL = {url!r}
{SETUP[sdk]}
started = time.monotonic()
try:
    client = Client(api_key={key!r}, base_url=base, max_retries=2)
    {call}
    result = "returned"
except BaseException as exc:
    name = type(exc).__name__
    try:
        shown = str(exc) + json.dumps(getattr(exc, "body", None), default=str)
        leak = "KEY SHOWN" if {KEY[:8]!r} in shown else ""
    except MemoryError:
        leak = "(MemoryError showing it)"
    result = " ".join(filter(None, [name, leak]))
rss = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) // 1024
print("RESULT " + json.dumps(f"{{result}}, {{rss}} MiB, {{time.monotonic() - started:.1f}} s"))
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(generated)])}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(lines[-1][7:]) if lines else f"died (exit {done.returncode})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sdks", nargs="*", default=["openai", "gitaigc"], choices=["openai", "gitaigc"]
    )
    parser.add_argument(
        "--generated", type=Path, default=ROOT / "generated", help="folder holding gitaigc"
    )
    args = parser.parse_args()
    print(f"| probe | {' | '.join(args.sdks)} |\n|---|{'---|' * len(args.sdks)}")
    for name, (script, call, mode) in PROBES.items():
        cells = []
        for sdk in args.sdks:
            elsewhere = HostileServer()
            home = HostileServer(script or (_redirect(elsewhere) if mode == "redirect" else None))
            try:
                outcome = run(sdk, home.url, call, mode, args.generated)
                if mode == "redirect":
                    sent = [k for r in elsewhere.requests for k, v in r.headers.items() if KEY in v]
                    body = any(b"hi" in r.body for r in elsewhere.requests)
                    outcome += f"; other origin got {len(elsewhere.requests)} request(s)"
                    outcome += (", key" if sent else "") + (", body" if body else "")
                if "429" in name:
                    outcome += f"; {len(home.requests)} request(s)"
                cells.append(outcome)
            finally:
                home.close()
                elsewhere.close()
        print(f"| {name} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
