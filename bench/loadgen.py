"""A small closed-loop HTTP/1.1 load generator (standard library only).

    python bench/loadgen.py --port 8123 --path /floor/ --connections 64 --duration 10

Opens ``--connections`` keep-alive connections with ``asyncio.open_connection``; each one
sends a request, reads the whole response (Content-Length or chunked) and sends the next,
for ``--warmup`` seconds unrecorded and then ``--duration`` seconds recorded. Every latency
of a response completed inside the recorded window is kept; the summary is printed as one
JSON object on standard output (``--raw`` adds the latencies themselves).

Half of the connections send ``Accept-Language: en``, the other half ``zh-hans``
(``--languages`` changes that). A response that is not 2xx counts as an error, and so does
a connection that fails or closes in the middle of a response. When the server closes a
connection (``Connection: close``, as gunicorn's sync worker does after every response),
the next request opens a new one and its latency includes the connect.

``--header 'Cookie: sessionid=…'`` (or ``'Authorization: Bearer …'``; repeatable) adds a
header to every request: a signed-in person's pages.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

READ_LIMIT = 1 << 20  # the largest response head the reader accepts
GRACE = 15.0  # seconds after the window for the last responses


@dataclass
class Window:
    """The recorded window, in ``time.perf_counter()`` seconds."""

    start: float
    stop: float


@dataclass
class Tally:
    latencies: array[float] = field(default_factory=lambda: array("d"))
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    connects: int = 0
    body_bytes: int = 0
    languages: Counter[str] = field(default_factory=Counter)


class ProtocolError(Exception):
    pass


def build_request(
    host: str, port: int, path: str, language: str, headers: list[str] | None = None
) -> bytes:
    extra = "".join(f"{header}\r\n" for header in headers or [])
    return (
        f"GET {path} HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        f"User-Agent: huitong-bench/1\r\n"
        f"Accept: */*\r\n"
        f"Accept-Language: {language}\r\n"
        f"{extra}"
        f"\r\n"
    ).encode("ascii")


def check_header(value: str) -> str:
    """``Name: value`` on one line (argparse type of ``--header``)."""
    name, colon, _rest = value.partition(":")
    if not colon or not name.strip() or "\r" in value or "\n" in value:
        raise argparse.ArgumentTypeError(f"not a header line: {value!r}")
    return value.strip()


def header_value(head_lower: bytes, name: bytes) -> bytes | None:
    """The value of header ``name`` (lower case) in a lower-cased response head."""
    start = head_lower.find(b"\r\n" + name + b":")
    if start < 0:
        return None
    start += len(name) + 3
    end = head_lower.find(b"\r\n", start)
    return head_lower[start:end].strip()


async def read_chunked(reader: asyncio.StreamReader) -> int:
    size_total = 0
    while True:
        line = await reader.readuntil(b"\r\n")
        size = int(line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            # Trailers (rare), then the empty line.
            while (await reader.readuntil(b"\r\n")) != b"\r\n":
                pass
            return size_total
        await reader.readexactly(size + 2)
        size_total += size


async def read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """Read one response: (status, body bytes, whether the server keeps the connection)."""
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1."):
        raise ProtocolError("not an HTTP/1.x response")
    status = int(head[9:12])
    lower = head.lower()
    connection = header_value(lower, b"connection")
    keep = head[5:8] == b"1.1" and connection != b"close"
    length = header_value(lower, b"content-length")
    if length is not None:
        size = int(length)
        if size:
            await reader.readexactly(size)
    elif header_value(lower, b"transfer-encoding") == b"chunked":
        size = await read_chunked(reader)
    elif status in (204, 304) or 100 <= status < 200:
        size = 0
    else:
        # Body delimited by the end of the connection.
        size = len(await reader.read())
        keep = False
    return status, size, keep


async def connection_loop(
    host: str, port: int, request: bytes, window: Window, tally: Tally, language: str
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    perf = time.perf_counter
    latencies, statuses = tally.latencies, tally.statuses
    try:
        while True:
            started = perf()
            if started >= window.stop:
                return
            reused = writer is not None
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port, limit=READ_LIMIT)
                    tally.connects += 1
                assert reader is not None
                writer.write(request)
                status, size, keep = await read_response(reader)
            except (
                OSError,
                asyncio.IncompleteReadError,
                asyncio.LimitOverrunError,
                ProtocolError,
                ValueError,
            ) as exc:
                if writer is not None:
                    writer.close()
                reader = writer = None
                if reused and isinstance(exc, asyncio.IncompleteReadError) and not exc.partial:
                    # The server closed an idle kept-alive connection before reading the
                    # request: retry on a new connection, as every HTTP client does.
                    continue
                if window.start <= perf() <= window.stop:
                    tally.failures[type(exc).__name__] += 1
                await asyncio.sleep(0.01)
                continue
            finished = perf()
            if window.start <= finished <= window.stop:
                latencies.append(finished - started)
                statuses[status] += 1
                tally.body_bytes += size
                tally.languages[language] += 1
            if not keep:
                writer.close()
                reader = writer = None
    finally:
        if writer is not None:
            writer.close()


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), round(fraction * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    languages = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
    requests = {
        lang: build_request(args.host, args.port, args.path, lang, args.header)
        for lang in languages
    }
    now = time.perf_counter()
    window = Window(start=now + args.warmup, stop=now + args.warmup + args.duration)
    tally = Tally()
    cpu_at_start: list[float] = []

    async def mark_cpu() -> None:
        await asyncio.sleep(max(0.0, window.start - time.perf_counter()))
        times = os.times()
        cpu_at_start.append(times.user + times.system)

    tasks = [
        asyncio.create_task(
            connection_loop(
                args.host,
                args.port,
                requests[languages[i % len(languages)]],
                window,
                tally,
                languages[i % len(languages)],
            )
        )
        for i in range(args.connections)
    ]
    tasks.append(asyncio.create_task(mark_cpu()))
    # A request still unanswered GRACE seconds after the window is a failure, not a hang.
    _, pending = await asyncio.wait(tasks, timeout=args.warmup + args.duration + GRACE)
    for task in pending:
        task.cancel()
        tally.failures["Timeout"] += 1
    await asyncio.gather(*pending, return_exceptions=True)
    times = os.times()
    cpu = times.user + times.system - (cpu_at_start[0] if cpu_at_start else 0.0)

    ordered = sorted(tally.latencies)
    count = len(ordered)
    errors = sum(n for status, n in tally.statuses.items() if not 200 <= status < 300)
    errors += sum(tally.failures.values())
    result: dict[str, Any] = {
        "path": args.path,
        "connections": args.connections,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "requests": count,
        "rps": count / args.duration,
        "mean_ms": 1000 * sum(ordered) / count if count else 0.0,
        "p50_ms": 1000 * percentile(ordered, 0.50),
        "p95_ms": 1000 * percentile(ordered, 0.95),
        "p99_ms": 1000 * percentile(ordered, 0.99),
        "max_ms": 1000 * (ordered[-1] if ordered else 0.0),
        "errors": errors,
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "failures": dict(tally.failures),
        "connects": tally.connects,
        "mean_body_bytes": tally.body_bytes / count if count else 0.0,
        "by_language": dict(tally.languages),
        "client_cpu_percent": 100 * cpu / args.duration,
    }
    if args.raw:
        result["latencies_ms"] = [round(1000 * v, 3) for v in tally.latencies]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--languages", default="en,zh-hans")
    parser.add_argument("--raw", action="store_true", help="Include every latency (ms).")
    parser.add_argument(
        "--header",
        action="append",
        type=check_header,
        default=[],
        help="An extra request header, 'Name: value' (repeatable).",
    )
    args = parser.parse_args(argv)
    try:
        result = asyncio.run(run(args))
    except KeyboardInterrupt:
        return 130
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
