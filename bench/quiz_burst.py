"""The quiz burst's client: many learners each start an attempt at a quiz and submit all
their answers once, on an open-loop arrival schedule (standard library only).

    python bench/quiz_burst.py --port 8123 --plan var/bench/sqlite/burst.json --seconds 60

The plan (written by ``bench/learners.py burst``) names the quiz and, per learner, a
personal API token. Two phases, each on an open-loop schedule (a slow server does not
slow the arrivals down: the requests pile up, as they would with real learners):

1. the start phase: learner ``i`` of ``N`` sends ``POST …/quiz/attempts``
   (``Authorization: Bearer``) at ``i * start_seconds / N`` and reads the questions
   drawn;
2. after ``--pause`` seconds, the submit phase, the one the target is about: the
   learners, in another (shuffled) order, each send ``POST …/attempts/<id>/submit`` with
   an answer to every question (the right one three times in four, so that some pass and
   some fail), evenly spread over ``--seconds``.

Every request uses a new connection. Prints one JSON object: per step (start, submit)
the count, statuses, errors and the latency p50/p95/p99/max; how late the client sent
compared with the schedule (a saturated client, or a start still unanswered when its
learner was due to submit); and the achieved submission rate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The script's folder is on sys.path: the load generator's HTTP helpers.
from loadgen import READ_LIMIT, ProtocolError, header_value, percentile

TIMEOUT = 30.0  # seconds for one request before it counts as an error
RIGHT = 0.75  # share of the questions answered right


@dataclass
class Step:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    sent: list[float] = field(default_factory=list)  # perf_counter() of each send
    done: list[float] = field(default_factory=list)  # of each 2xx answer

    def summary(self, count: int) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        errors = sum(n for s, n in self.statuses.items() if not 200 <= s < 300)
        errors += sum(self.failures.values())
        return {
            "requests": count,
            "answered": len(ordered),
            "errors": errors,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "failures": dict(self.failures),
            "mean_ms": 1000 * sum(ordered) / len(ordered) if ordered else 0.0,
            "p50_ms": 1000 * percentile(ordered, 0.50),
            "p95_ms": 1000 * percentile(ordered, 0.95),
            "p99_ms": 1000 * percentile(ordered, 0.99),
            "max_ms": 1000 * (ordered[-1] if ordered else 0.0),
        }


async def read_body(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1."):
        raise ProtocolError("not an HTTP/1.x response")
    status = int(head[9:12])
    lower = head.lower()
    length = header_value(lower, b"content-length")
    if length is not None:
        return status, await reader.readexactly(int(length))
    if header_value(lower, b"transfer-encoding") == b"chunked":
        body = bytearray()
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0].strip(), 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":
                    pass
                return status, bytes(body)
            body += (await reader.readexactly(size + 2))[:-2]
    return status, await reader.read()


async def post(
    host: str, port: int, path: str, token: str, language: str, payload: Any
) -> tuple[int, bytes]:
    body = json.dumps(payload).encode()
    request = (
        f"POST {path} HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        f"User-Agent: huitong-bench/1\r\n"
        f"Accept: application/json\r\n"
        f"Accept-Language: {language}\r\n"
        f"Authorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Connection: close\r\n"
        f"\r\n"
    ).encode("ascii") + body
    reader, writer = await asyncio.open_connection(host, port, limit=READ_LIMIT)
    try:
        writer.write(request)
        return await read_body(reader)
    finally:
        writer.close()


def answers_for(questions: list[dict[str, Any]], key: dict[str, Any], rng: random.Random) -> Any:
    """An answer to every question drawn: the right one (from the plan's key) three times
    in four, otherwise a wrong one."""
    answers: dict[str, Any] = {}
    for question in questions:
        qid = str(question["id"])
        right = key.get(qid)
        choices = [c["id"] for c in question["choices"]]
        if rng.random() < RIGHT and right is not None:
            answers[qid] = right
        elif question["kind"] == "multiple":
            answers[qid] = choices[:1]
        elif choices:
            wrong = [c for c in choices if c != right]
            answers[qid] = rng.choice(wrong or choices)
        else:
            answers[qid] = "999"
    return answers


@dataclass
class Schedule:
    """When each learner starts (the start phase) and submits (the submit phase), in
    ``time.perf_counter()`` seconds."""

    start_at: list[float]
    submit_at: list[float]
    start_lags: list[float] = field(default_factory=list)
    submit_lags: list[float] = field(default_factory=list)


async def learner(
    args: argparse.Namespace,
    plan: dict[str, Any],
    index: int,
    schedule: Schedule,
    start: Step,
    submit: Step,
) -> None:
    person = plan["learners"][index]
    language = "en" if index % 2 == 0 else "zh-hans"
    base = f"/api/courses/{plan['course_id']}/lessons/{plan['lesson_id']}/quiz/attempts"
    rng = random.Random(index)

    async def call(step: Step, path: str, payload: Any) -> tuple[int, bytes] | None:
        began = time.perf_counter()
        step.sent.append(began)
        try:
            status, body = await asyncio.wait_for(
                post(args.host, args.port, path, person["token"], language, payload), TIMEOUT
            )
        except TimeoutError:
            step.failures["Timeout"] += 1
            return None
        except (
            OSError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            ProtocolError,
            ValueError,
        ) as exc:
            step.failures[type(exc).__name__] += 1
            return None
        finished = time.perf_counter()
        step.latencies.append(finished - began)
        step.statuses[status] += 1
        if 200 <= status < 300:
            step.done.append(finished)
        return status, body

    at = schedule.start_at[index]
    await asyncio.sleep(max(0.0, at - time.perf_counter()))
    schedule.start_lags.append(time.perf_counter() - at)
    started = await call(start, base, {})
    if started is None or started[0] not in (200, 201):
        return
    attempt = json.loads(started[1])
    answers = answers_for(attempt["questions"], plan["answers"], rng)
    at = schedule.submit_at[index]
    await asyncio.sleep(max(0.0, at - time.perf_counter()))
    schedule.submit_lags.append(time.perf_counter() - at)
    await call(submit, f"{base}/{attempt['id']}/submit", {"answers": answers})


def lag_ms(lags: list[float]) -> dict[str, float]:
    ordered = sorted(lags)
    return {
        "p50_ms": 1000 * percentile(ordered, 0.50),
        "max_ms": 1000 * (ordered[-1] if ordered else 0.0),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    plan = json.loads(Path(args.plan).read_text())
    count = len(plan["learners"]) if args.learners is None else args.learners
    count = min(count, len(plan["learners"]))
    begin = time.perf_counter() + 0.5
    # The submissions come in another order than the starts.
    order = list(range(count))
    random.Random(count).shuffle(order)
    submit_begin = begin + args.start_seconds + args.pause
    schedule = Schedule(
        start_at=[begin + i * args.start_seconds / count for i in range(count)],
        submit_at=[0.0] * count,
    )
    for position, index in enumerate(order):
        schedule.submit_at[index] = submit_begin + position * args.seconds / count
    start, submit = Step(), Step()
    await asyncio.gather(*(learner(args, plan, i, schedule, start, submit) for i in range(count)))
    end = time.perf_counter()
    ok_submits = sorted(submit.done)
    first_sent = min(submit.sent) if submit.sent else submit_begin
    span = (ok_submits[-1] - first_sent) if ok_submits else 0.0
    started_summary = start.summary(count)
    submitted_summary = submit.summary(len(submit.sent))
    return {
        "learners": count,
        "start_seconds_planned": args.start_seconds,
        "seconds_planned": args.seconds,
        "seconds_taken": end - begin,
        "arrival_rate_planned": count / args.seconds if args.seconds else 0.0,
        "submissions_ok": len(ok_submits),
        "submission_span_s": span,
        "submission_rate_achieved": len(ok_submits) / span if span else 0.0,
        "start_lag": lag_ms(schedule.start_lags),
        "submit_lag": lag_ms(schedule.submit_lags),
        "start": started_summary,
        "submit": submitted_summary,
        "errors": started_summary["errors"] + submitted_summary["errors"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--plan", required=True, help="written by bench/learners.py burst")
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="the submissions are spread over this"
    )
    parser.add_argument(
        "--start-seconds", type=float, default=60.0, help="the starts are spread over this"
    )
    parser.add_argument(
        "--pause", type=float, default=2.0, help="seconds between the start and submit phases"
    )
    parser.add_argument("--learners", type=int, default=None, help="default: all of the plan's")
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
