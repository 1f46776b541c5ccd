"""Benchmark: the generated `gitaigc` SDK beside the official `openai` package, same server, same run.

    pip install -e '.[test]'
    python bench/sdk_bench.py [--calls 2000] [--chunks 20000]

1. import time: `import gitaigc` vs `import openai`, fresh interpreters, best of N, interpreter start subtracted;
2. client CPU per chat completion call (thread CPU time of the calling thread; the server is another process);
3. SSE throughput: chunks per second through `stream=True` iteration.
Ratios are gitaigc / openai: import and per-call lower is better, throughput higher is better.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPLETION = json.dumps(
    {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "hello"},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
).encode()


def chunk(i: int) -> bytes:
    payload = {
        "id": "c",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": f"t{i}"}, "finish_reason": None}],
    }
    return b"data: " + json.dumps(payload).encode() + b"\n\n"


def serve(port: int, chunks: int) -> None:
    """A minimal keep-alive HTTP/1.1 server: JSON for plain calls, SSE when the body asks to stream."""
    stream_body = b"".join(chunk(i) for i in range(chunks)) + b"data: [DONE]\n\n"

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                body = await reader.readexactly(length)
                if b'"stream": true' in body or b'"stream":true' in body:
                    writer.write(
                        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: %d\r\n\r\n"
                        % len(stream_body)
                    )
                    writer.write(stream_body)
                else:
                    writer.write(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n"
                        % len(COMPLETION)
                    )
                    writer.write(COMPLETION)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def import_time(code_to_time: str, runs: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "generated")}

    def once(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        return time.perf_counter() - start

    base = min(once("pass") for _ in range(runs))
    return min(once(code_to_time) for _ in range(runs)) - base


def make_clients(base: str) -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "generated"))
    import gitaigc
    import openai

    return {
        "gitaigc": gitaigc.Gitaigc(api_key="sk-bench", base_url=base, max_retries=0),
        "openai": openai.OpenAI(api_key="sk-bench", base_url=base + "/v1", max_retries=0),
    }


def per_call_cpu(client: object, calls: int) -> float:
    messages = [{"role": "user", "content": "hi"}]
    create = client.chat.completions.create  # type: ignore[attr-defined]
    for _ in range(50):
        create(model="m", messages=messages)
    start = time.thread_time()
    for _ in range(calls):
        create(model="m", messages=messages)
    return (time.thread_time() - start) / calls


def stream_rate(client: object, chunks: int) -> float:
    create = client.chat.completions.create  # type: ignore[attr-defined]
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        count = sum(
            1 for _ in create(model="m", messages=[{"role": "user", "content": "hi"}], stream=True)
        )
        best = max(best, count / (time.perf_counter() - start))
        assert count == chunks, count
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--chunks", type=int, default=20000)
    parser.add_argument("--import-runs", type=int, default=15)
    args = parser.parse_args()
    ours, theirs = (
        import_time("import gitaigc", args.import_runs),
        import_time("import openai", args.import_runs),
    )
    print(
        f"import            gitaigc {ours * 1000:8.1f} ms   openai {theirs * 1000:8.1f} ms   ratio {ours / theirs:5.2f}"
    )
    # What a first call needs loaded: the client, its chat resource and the models it returns.
    ours = import_time(
        "import gitaigc; gitaigc.Gitaigc(api_key='k').chat.completions", args.import_runs
    )
    theirs = import_time(
        "import openai; openai.OpenAI(api_key='k').chat.completions", args.import_runs
    )
    print(
        f"import+client     gitaigc {ours * 1000:8.1f} ms   openai {theirs * 1000:8.1f} ms   ratio {ours / theirs:5.2f}"
    )
    port = free_port()
    server = multiprocessing.Process(target=serve, args=(port, args.chunks), daemon=True)
    server.start()
    time.sleep(0.5)
    try:
        clients = make_clients(f"http://127.0.0.1:{port}")
        cpu = {name: per_call_cpu(c, args.calls) for name, c in clients.items()}
        print(
            f"CPU per call      gitaigc {cpu['gitaigc'] * 1e6:8.1f} us   openai {cpu['openai'] * 1e6:8.1f} us   ratio {cpu['gitaigc'] / cpu['openai']:5.2f}"
        )
        rate = {name: stream_rate(c, args.chunks) for name, c in clients.items()}
        print(
            f"SSE chunks/s      gitaigc {rate['gitaigc']:8.0f}      openai {rate['openai']:8.0f}      ratio {rate['gitaigc'] / rate['openai']:5.2f}"
        )
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
