"""Huitong's benchmark: the platform under gunicorn, measured page by page against a floor.

    .venv/bin/python bench/run.py                      # full: both databases, --scale 1
    .venv/bin/python bench/run.py --scale 0.1 --duration 3 --db sqlite    # quick

For each database it prepares a fresh database (migrate, ``huitong demo --scale``,
collectstatic), starts ``gunicorn huitong.wsgi:application`` on a free loopback port, and
drives every page from a separate process (bench/loadgen.py) with keep-alive HTTP/1.1
connections; the learner pages with a signed-in learner's session cookie. Then the quiz
burst (bench/quiz_burst.py): 3,000 learners start a quiz and submit it, the submissions
spread over 60 s, and the database is checked for every attempt graded exactly once. It
prints a table per database and writes the same as JSON under bench/results/. See
bench/README.md for how to read it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VAR = ROOT / "var" / "bench"
RESULTS = BENCH / "results"
LOADGEN = BENCH / "loadgen.py"
LEARNERS = BENCH / "learners.py"
QUIZ_BURST = BENCH / "quiz_burst.py"
BIN = (
    Path(sys.executable).parent
    if (Path(sys.executable).parent / "huitong").exists()
    else (ROOT / ".venv" / "bin")
)

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "huitong_bench"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
SQLITE_PATH = VAR / "huitong-bench.sqlite3"
REDIS_KEY_PREFIX = "huitong"  # settings.CACHES["default"]["KEY_PREFIX"]

FLOOR = "/floor/"
SEARCH_WORD = "针灸"  # "acupuncture": in many generated courses' Chinese titles
PAGES = [
    "/",
    "/a/brimea/",
    "/a/brimea/members/",
    "/a/brimea/members/?country=CN&kind=university",
    "/a/brimea/world/",
    "/institutions/",
    "/institutions/{institution_id}/",
    "/accounts/login/",
    "/api/alliances",
    "/api/institutions?limit=50",
    "/api/alliances/brimea/memberships?limit=50",
    "/courses/",
    f"/courses/?q={quote(SEARCH_WORD)}&language=en&sort=popular",
    "/courses/{course_id}/",
    "/api/courses?limit=50",
]
# Measured with the session cookie of a learner enrolled in the most popular course. The
# floor first: what being signed in costs by itself (the session and the user read).
LEARNER_PAGES = [
    "/floor/",
    "/courses/",
    f"/courses/?q={quote(SEARCH_WORD)}&language=en&sort=popular",
    "/courses/{course_id}/",
    "/courses/{course_id}/lessons/{lesson_id}/",
]
LANGUAGES = ("en", "zh-hans")

# The target of every page, at --connections (64 by default).
TARGET_RATIO = 0.50
TARGET_P95_MS = 50.0
# The quiz burst's: every submission answered, p99 under a second, each graded once.
TARGET_BURST_P99_MS = 1000.0
BURST_PAUSE = 2.0  # seconds between the quiz burst's start and submit phases
# Other processes' mean CPU (percent of one core) above which a run is flagged as noisy.
NOISE_CPU_PERCENT = 20.0


class BenchError(Exception):
    """The bench itself could not run (not a missed target)."""


# --- Output ---------------------------------------------------------------------------


def say(message: str = "") -> None:
    print(message, flush=True)


def step(message: str) -> None:
    say(f"==> {message}")


# --- Environment ----------------------------------------------------------------------


@dataclass
class Cache:
    """The cache the platform uses during the bench."""

    url: str = ""  # HUITONG_REDIS_URL; empty: Django's per-process memory cache
    private: bool = False  # a redis-server of the bench's own
    process: subprocess.Popen[bytes] | None = None
    description: str = "local memory, per worker"

    def pids(self) -> list[int]:
        """The Redis server processes whose CPU counts as the bench's."""
        if self.process is not None:
            return [self.process.pid]
        if not self.url:
            return []
        # A shared Redis: its server process (its CPU includes other clients' requests).
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with suppress(OSError):
                    if (entry / "cmdline").read_bytes().startswith(b"redis-server"):
                        pids.append(int(entry.name))
        return pids

    def clear(self) -> str:
        """Empty the cache before a database, so that nothing cached while measuring one
        database is served while measuring the next."""
        if not self.url:
            return "fresh in every worker"
        if self.private:
            import redis

            redis.Redis.from_url(self.url).flushdb()
            return "flushed"
        return f"deleted {clear_app_cache(self.url)} keys {REDIS_KEY_PREFIX}:*"


@contextmanager
def bench_cache(choice: str) -> Iterator[Cache]:
    """``private``: a redis-server of the bench's own on a free loopback port, stopped at
    the end (Redis shared with tests or a dev server would let them clear or fill the
    bench's cache: the keys have the same prefix); ``none``: the memory cache; otherwise
    the URL of a Redis to use."""
    if choice in ("", "none"):
        yield Cache()
        return
    if choice != "private":
        if redis_reachable(choice):
            yield Cache(url=choice, description=f"Redis at {choice} (shared)")
        else:
            yield Cache(description=f"local memory, per worker (Redis at {choice} not reachable)")
        return
    executable = shutil.which("redis-server")
    if executable is None:
        yield Cache(description="local memory, per worker (redis-server is not installed)")
        return
    port = free_port()
    VAR.mkdir(parents=True, exist_ok=True)
    log = (VAR / "redis.log").open("ab")
    process = subprocess.Popen(
        [
            executable, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
            "--appendonly", "no", "--dir", str(VAR), "--databases", "1",
        ],
        stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while not redis_reachable(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"redis-server did not start; see {VAR / 'redis.log'}")
            time.sleep(0.1)
        yield Cache(
            url=url,
            private=True,
            process=process,
            description=f"Redis, a private redis-server on 127.0.0.1:{port}",
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def redis_reachable(url: str) -> bool:
    if not url:
        return False
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        return bool(client.ping())
    except Exception:
        return False


def clear_app_cache(url: str) -> int:
    """Delete the app's keys (prefix ``huitong:``, settings.CACHES KEY_PREFIX) from a
    shared Redis. Returns the number of keys deleted."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    deleted = 0
    batch: list[Any] = []
    for key in client.scan_iter(match=f"{REDIS_KEY_PREFIX}:*", count=1000):
        batch.append(key)
        if len(batch) >= 1000:
            deleted += int(client.delete(*batch))
            batch = []
    if batch:
        deleted += int(client.delete(*batch))
    return deleted


def database_url(db: str) -> str:
    return f"sqlite:///{SQLITE_PATH}" if db == "sqlite" else PG_URL


def app_environment(db: str, secret_key: str, redis_url: str) -> dict[str, str]:
    """The process environment of every ``huitong`` command and of gunicorn: the
    caller's, without any HUITONG_* variable of its own, plus the bench's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUITONG_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "huitong.settings",
            "HUITONG_DATABASE_URL": database_url(db),
            "HUITONG_PRODUCTION": "1",
            "HUITONG_DEBUG": "0",
            "HUITONG_SECRET_KEY": secret_key,
            "HUITONG_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "HUITONG_SECURE_SSL_REDIRECT": "0",
            "HUITONG_VAR_DIR": str(VAR / db),
            "HUITONG_STATIC_ROOT": str(VAR / "static"),
            "HUITONG_MEDIA_ROOT": str(VAR / db / "media"),
            "HUITONG_LOG_LEVEL": "WARNING",
        }
    )
    if redis_url:
        env["HUITONG_REDIS_URL"] = redis_url
    return env


def code_version() -> str:
    """The commit measured, with a note when the app's sources differ from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (f" + {len(changed)} uncommitted changes in src/" if changed else "")


# --- Database preparation -------------------------------------------------------------


def fresh_sqlite() -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)


def fresh_postgres() -> None:
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            name = sql.Identifier(PG_DATABASE)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    except psycopg.Error as exc:
        raise BenchError(f"PostgreSQL at {PG_ADMIN_URL}: {exc}") from exc


def analyze_postgres() -> None:
    """VACUUM ANALYZE after the bulk load: the state autovacuum reaches about a minute
    later anyway, taken at once so that the measurement does not depend on when it runs."""
    import psycopg

    url = PG_URL.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def huitong(args: list[str], env: dict[str, str], *, capture: bool = True) -> str:
    """Run ``huitong <args>``; its output (standard output) on success."""
    command = [str(BIN / "huitong"), *args]
    completed = subprocess.run(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.PIPE if capture else None,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        detail = ((completed.stdout or "") + (completed.stderr or "")).strip()
        raise BenchError(
            f"`huitong {' '.join(args)}` failed with status {completed.returncode}"
            + (f":\n{detail[-4000:]}" if detail else "")
        )
    return completed.stdout or ""


def prepare(db: str, scale: float, env: dict[str, str]) -> dict[str, Any]:
    timings: dict[str, Any] = {}
    (VAR / db).mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if db == "sqlite":
        step(f"fresh SQLite database {SQLITE_PATH.relative_to(ROOT)}")
        fresh_sqlite()
    else:
        step(f"fresh PostgreSQL database {PG_DATABASE} (drop and create)")
        fresh_postgres()
    timings["create_s"] = time.monotonic() - started

    step("huitong migrate --no-input")
    started = time.monotonic()
    huitong(["migrate", "--no-input"], env)
    timings["migrate_s"] = time.monotonic() - started

    step(f"huitong demo --scale {scale:g}")
    started = time.monotonic()
    # Standard error (the progress bars) goes straight to the terminal.
    completed = subprocess.run(
        [str(BIN / "huitong"), "demo", "--scale", f"{scale:g}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    timings["demo_s"] = time.monotonic() - started
    if completed.returncode != 0:
        raise BenchError(
            f"`huitong demo --scale {scale:g}` failed "
            f"with status {completed.returncode}:\n{completed.stdout[-4000:]}"
        )
    summary = completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else ""
    timings["demo_output"] = summary
    say(f"    {summary}")
    counts = re.search(r"(\d+) alliances, (\d+) institutions, (\d+) users", summary)
    if counts:
        timings["alliances"], timings["institutions"], timings["users"] = (
            int(counts.group(1)),
            int(counts.group(2)),
            int(counts.group(3)),
        )
    say(f"    scale load took {timings['demo_s']:.1f} s")

    if db == "postgres":
        step("VACUUM ANALYZE")
        started = time.monotonic()
        analyze_postgres()
        timings["analyze_s"] = time.monotonic() - started

    step("huitong collectstatic --no-input")
    started = time.monotonic()
    huitong(["collectstatic", "--no-input", "--clear"], env)
    timings["collectstatic_s"] = time.monotonic() - started
    if db == "sqlite":
        timings["database_bytes"] = sum(
            Path(f"{SQLITE_PATH}{suffix}").stat().st_size
            for suffix in ("", "-wal")
            if Path(f"{SQLITE_PATH}{suffix}").exists()
        )
    return timings


# --- The server -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(
    port: int,
    path: str,
    language: str = "en",
    timeout: float = 30.0,
    headers: list[str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    sent = {"Accept-Language": language, "User-Agent": "huitong-bench/1"}
    for line in headers or []:
        name, _colon, value = line.partition(":")
        sent[name.strip()] = value.strip()
    try:
        conn.request("GET", path, headers=sent)
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path


@contextmanager
def gunicorn(env: dict[str, str], args: argparse.Namespace, db: str) -> Iterator[Server]:
    port = free_port()
    log_path = VAR / db / "gunicorn.log"
    command = [
        str(BIN / "gunicorn"),
        "huitong.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--backlog",
        "2048",
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
    ]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    step(
        f"gunicorn huitong.wsgi:application on 127.0.0.1:{port}, {args.workers} workers "
        f"({args.worker_class}"
        + (f", {args.threads} threads" if args.worker_class == "gthread" else "")
        + f"); log {log_path.relative_to(ROOT)}"
    )
    with log_path.open("ab") as log:
        log.write(f"\n--- {dt.datetime.now().isoformat()} {' '.join(command)}\n".encode())
        log.flush()
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True
        )
    server = Server(process=process, port=port, log_path=log_path)
    try:
        wait_healthy(server)
        yield server
    finally:
        stop_server(server)


def wait_healthy(server: Server, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(
                f"gunicorn exited with status {server.process.returncode} before answering "
                f"/healthz/; see {server.log_path}:\n{tail(server.log_path)}"
            )
        try:
            status, _, body = http_get(server.port, "/healthz/", timeout=5)
            if status == 200:
                return
            last_error = f"status {status}: {body[:200]!r}"
        except OSError as exc:
            last_error = str(exc)
        time.sleep(0.2)
    raise BenchError(
        f"/healthz/ did not answer within {timeout:.0f} s ({last_error}); "
        f"see {server.log_path}:\n{tail(server.log_path)}"
    )


def stop_server(server: Server) -> None:
    process = server.process
    if process.poll() is None:
        with suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # the session gunicorn was started in
            process.wait(timeout=5)
    # A worker left behind by a master that died first shares the master's session.
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- Memory ---------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(p) for p in text.split()]
    except OSError:
        pass
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces.
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB, or zeros when it is gone."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
                break
        with suppress(OSError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                    break
    except OSError:
        return 0, 0
    return rss, pss


@dataclass
class MemorySample:
    rss_kb: int = 0
    pss_kb: int = 0
    processes: int = 0


class MemoryMonitor(threading.Thread):
    """Samples the RSS (and PSS) of the gunicorn master and its workers from /proc."""

    def __init__(self, master_pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True, name="memory-monitor")
        self.master_pid, self.interval = master_pid, interval
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.peak = MemorySample()
        self.window_peak = MemorySample()
        self.first: MemorySample | None = None

    def sample(self) -> MemorySample:
        pids = [self.master_pid, *children_of(self.master_pid)]
        sample = MemorySample()
        for pid in pids:
            rss, pss = memory_kb(pid)
            if rss:
                sample.rss_kb += rss
                sample.pss_kb += pss
                sample.processes += 1
        return sample

    def run(self) -> None:
        while not self.stop_event.is_set():
            sample = self.sample()
            with self.lock:
                if self.first is None:
                    self.first = sample
                for peak in (self.peak, self.window_peak):
                    if sample.rss_kb > peak.rss_kb:
                        peak.rss_kb, peak.processes = sample.rss_kb, sample.processes
                    peak.pss_kb = max(peak.pss_kb, sample.pss_kb)
            self.stop_event.wait(self.interval)

    def take_window(self) -> MemorySample:
        """The peak since the previous call."""
        with self.lock:
            window, self.window_peak = self.window_peak, MemorySample()
        return window

    def stop(self) -> None:
        self.stop_event.set()
        self.join(timeout=2)


# --- CPU accounting -------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class CpuSnapshot:
    """CPU seconds: the whole machine's busy time, and each bench process's own."""

    at: float
    busy_s: float
    server: dict[int, float]
    database: dict[int, float]
    client: dict[int, float]


def process_cpu_s(pid: int) -> float | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def machine_busy_s() -> float:
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def database_backends() -> list[int]:
    """The PostgreSQL backends serving the bench database (their title names it) and the
    Redis server of the cache."""
    pids = list(_cache_pids)
    marker = f" {PG_DATABASE} ".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError):
                if marker in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
    return pids


def cpu_snapshot(master_pid: int, client_pid: int) -> CpuSnapshot:
    def times(pids: list[int]) -> dict[int, float]:
        found = {pid: process_cpu_s(pid) for pid in pids}
        return {pid: cpu for pid, cpu in found.items() if cpu is not None}

    return CpuSnapshot(
        at=time.monotonic(),
        busy_s=machine_busy_s(),
        server=times([master_pid, *children_of(master_pid)]),
        database=times(database_backends()),
        client=times([client_pid]),
    )


def cpu_usage(before: CpuSnapshot, after: CpuSnapshot) -> dict[str, float]:
    """Where the CPU went between two snapshots, in percent of one core (as top shows it):
    the server, the database backends and Redis, the load generator and everything else."""
    elapsed = max(after.at - before.at, 1e-6)

    def spent(old: dict[int, float], new: dict[int, float]) -> float:
        # A process that appeared in between (a new backend) counts from zero.
        return sum(cpu - old.get(pid, 0.0) for pid, cpu in new.items())

    server = spent(before.server, after.server)
    database = spent(before.database, after.database)
    client = spent(before.client, after.client)
    busy = after.busy_s - before.busy_s
    return {
        "server_cpu_percent": 100 * server / elapsed,
        "database_cpu_percent": 100 * database / elapsed,
        "client_cpu_percent": 100 * client / elapsed,
        "other_cpu_percent": 100 * max(0.0, busy - server - database - client) / elapsed,
        "machine_cpu_percent": 100 * busy / elapsed,
    }


def wait_for_quiet(limit_s: float) -> tuple[float, float]:
    """Wait (at most ``limit_s``) until the machine is quiet: busy below
    NOISE_CPU_PERCENT of one core over a second, with the bench's server idle. Returns
    (seconds waited, the last busy percentage)."""
    started = time.monotonic()
    while True:
        before_at, before = time.monotonic(), machine_busy_s()
        time.sleep(1.0)
        busy = 100 * (machine_busy_s() - before) / (time.monotonic() - before_at)
        waited = time.monotonic() - started
        if busy < NOISE_CPU_PERCENT or waited >= limit_s:
            return waited, busy


# --- Measurement ----------------------------------------------------------------------


def discover(port: int) -> dict[str, str]:
    """The ids the page list needs, read from the JSON API."""
    status, _, body = http_get(port, "/api/institutions?limit=1")
    if status != 200:
        raise BenchError(f"/api/institutions?limit=1 answered {status}: {body[:300]!r}")
    data = json.loads(body)
    items = data["items"] if isinstance(data, dict) else data
    if not items:
        raise BenchError("/api/institutions?limit=1 returned no institution")
    ids = {"institution_id": str(items[0]["id"])}
    # The most popular course, and its first lesson.
    status, _, body = http_get(port, "/api/courses?sort=popular&limit=1")
    if status != 200:
        raise BenchError(f"/api/courses?sort=popular&limit=1 answered {status}: {body[:300]!r}")
    courses = json.loads(body)["items"]
    if not courses:
        raise BenchError("/api/courses returned no course (huitong demo --scale makes them)")
    ids["course_id"] = str(courses[0]["id"])
    status, _, body = http_get(port, f"/api/courses/{ids['course_id']}")
    if status != 200:
        raise BenchError(f"/api/courses/{ids['course_id']} answered {status}: {body[:300]!r}")
    lessons = [
        lesson["id"]
        for module in json.loads(body)["modules"]
        for lesson in module["lessons"]
        if lesson["is_published"]
    ]
    if not lessons:
        raise BenchError(f"course {ids['course_id']} has no published lesson")
    ids["lesson_id"] = str(lessons[0])
    return ids


def learner_script(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run bench/learners.py in the app's environment; its JSON answer."""
    completed = subprocess.run(
        [sys.executable, str(LEARNERS), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchError(
            f"bench/learners.py {' '.join(args)} failed with status {completed.returncode}:\n"
            f"{(completed.stdout + completed.stderr)[-3000:]}"
        )
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def preflight(port: int, pages: list[Page]) -> dict[str, dict[str, Any]]:
    """One request per page and language, to warm the caches and report odd answers."""
    report: dict[str, dict[str, Any]] = {}
    for page in pages:
        path = page.path
        per_language: dict[str, Any] = {}
        for language in LANGUAGES:
            started = time.perf_counter()
            status, headers, body = http_get(port, path, language, headers=page.headers)
            per_language[language] = {
                "status": status,
                "bytes": len(body),
                "content_language": headers.get("content-language", ""),
                "first_ms": 1000 * (time.perf_counter() - started),
            }
            if not 200 <= status < 300:
                say(f"    warning: GET {path} ({language}) answered {status}: {body[:200]!r}")
            elif headers.get("content-language", language) != language:
                say(
                    f"    note: GET {path} asked for {language}, got Content-Language "
                    f"{headers.get('content-language')}"
                )
        report[page.label] = per_language
    return report


@dataclass
class Page:
    """A page to measure: its path, its label in the table, and the extra request
    headers (a signed-in learner's session cookie)."""

    path: str
    label: str
    headers: list[str] = field(default_factory=list)


def page_list(port: int, env: dict[str, str], args: argparse.Namespace) -> list[Page]:
    """The pages, their ids found through the API; the learner pages signed in as a
    learner of the most popular course (a session made in the database)."""
    ids = discover(port)
    pages = [Page(p.format(**ids), unquote(p.format(**ids))) for p in PAGES]
    wanted = [p.format(**ids) for p in LEARNER_PAGES]
    if args.pages:
        wanted = [
            p for p in wanted if any(re.search(x, unquote(p) + " [learner]") for x in args.pages)
        ]
    if wanted:
        signed_in = learner_script(["session", "--course", ids["course_id"]], env)
        step(
            f"learner pages: signed in as user {signed_in['learner']}, enrolled in course "
            f"{ids['course_id']} (session made in the database)"
        )
        cookie = [f"Cookie: {signed_in['cookie']}"]
        pages += [Page(path, f"{unquote(path)} [learner]", cookie) for path in wanted]
    if args.pages:
        pages = [p for p in pages if p.headers or any(re.search(x, p.label) for x in args.pages)]
    return pages


def burst_verdict(burst: dict[str, Any]) -> str:
    checked = burst["verify"]
    learners = burst["learners"]
    if burst["errors"]:
        return "FAIL errors"
    graded_once = (
        checked["attempts"] == checked["graded"] == checked["submissions_audited"] == learners
        and checked["learners_with_one_attempt"] == learners
        and not checked["attempts_audited_twice"]
    )
    if not graded_once:
        return "FAIL grading"
    if burst["submit"]["p99_ms"] >= TARGET_BURST_P99_MS:
        return "FAIL p99"
    return "PASS"


def quiz_burst(
    server: Server, env: dict[str, str], args: argparse.Namespace, db: str
) -> dict[str, Any]:
    """--burst learners each start the same quiz and submit it (bench/quiz_burst.py, a
    separate process), then the database tells whether every attempt was graded exactly
    once. When other processes took more than NOISE_CPU_PERCENT during the submit phase,
    the burst is run again (--noisy-retries times, with other learners and another quiz)
    and the quietest attempt is kept; an error in any attempt still counts."""
    attempts: list[dict[str, Any]] = []
    for attempt in range(1 + max(0, args.noisy_retries)):
        result = burst_once(server, env, args, db)
        result["attempt"] = attempt + 1
        attempts.append(result)
        if not result["noisy"]:
            break
    best = min(attempts, key=lambda r: float(r["submit_phase_cpu"]["other_cpu_percent"]))
    best["discarded_attempts"] = [
        {k: r[k] for k in ("attempt", "verdict", "errors", "start", "submit", "submit_phase_cpu")}
        for r in attempts
        if r is not best
    ]
    if any(r["errors"] for r in attempts) and not best["errors"]:
        best["verdict"] = "FAIL errors (in a discarded noisy attempt)"
    return best


def wait_server_idle(server: Server, limit_s: float = 120.0) -> float:
    """Wait (at most ``limit_s``) until gunicorn uses under 10 % of a core over a second;
    the seconds waited."""
    started = time.monotonic()
    pids = [server.process.pid, *children_of(server.process.pid)]
    while time.monotonic() - started < limit_s:
        before = sum(process_cpu_s(pid) or 0.0 for pid in pids)
        time.sleep(1.0)
        if sum(process_cpu_s(pid) or 0.0 for pid in pids) - before < 0.1:
            break
    return time.monotonic() - started


def burst_once(
    server: Server, env: dict[str, str], args: argparse.Namespace, db: str
) -> dict[str, Any]:
    global _loadgen
    plan = VAR / db / "burst-plan.json"
    step(f"quiz burst: enrolling {args.burst} learners with API tokens (bench/learners.py)")
    prepared = learner_script(["burst", "--learners", str(args.burst), "--plan", str(plan)], env)
    say(
        f"    quiz {prepared['quiz_id']} (lesson {prepared['lesson_id']} of course "
        f"{prepared['course_id']}, {prepared['bank']} questions in its bank)"
    )
    if args.wait_quiet > 0:
        waited, busy = wait_for_quiet(args.wait_quiet)
        if waited > 1.5:
            say(f"    (waited {waited:.0f} s for other processes' CPU to settle; now {busy:.0f}%)")
    step(
        f"quiz burst: {args.burst} learners start an attempt (over "
        f"{args.burst_start_seconds:g} s), then submit it (over {args.burst_seconds:g} s)"
    )
    command = [
        sys.executable, str(QUIZ_BURST), "--port", str(server.port), "--plan", str(plan),
        "--seconds", str(args.burst_seconds), "--start-seconds", str(args.burst_start_seconds),
        "--pause", str(BURST_PAUSE),
    ]  # fmt: skip
    _loadgen = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        launched = time.monotonic()
        before = cpu_snapshot(server.process.pid, _loadgen.pid)
        # The client starts its schedule about 0.5 s after its imports: snapshots at the
        # phases' edges, to tell where the CPU went while the submissions came in.
        submit_from = launched + 0.7 + args.burst_start_seconds + BURST_PAUSE
        time.sleep(max(0.0, submit_from - time.monotonic()))
        middle = cpu_snapshot(server.process.pid, _loadgen.pid)
        time.sleep(max(0.0, submit_from + args.burst_seconds - time.monotonic()))
        end_of_submits = cpu_snapshot(server.process.pid, _loadgen.pid)
        out, _ = _loadgen.communicate(timeout=180)
        after = cpu_snapshot(server.process.pid, _loadgen.pid)
    finally:
        if _loadgen.poll() is None:
            _loadgen.kill()
            _loadgen.wait()
        returncode, _loadgen = _loadgen.returncode, None
    if returncode != 0:
        raise BenchError(f"bench/quiz_burst.py failed (status {returncode})")
    result: dict[str, Any] = json.loads(out)
    result.update(cpu_usage(before, after))
    result["start_phase_cpu"] = cpu_usage(before, middle)
    result["submit_phase_cpu"] = cpu_usage(middle, end_of_submits)
    result["noisy"] = result["submit_phase_cpu"]["other_cpu_percent"] > NOISE_CPU_PERCENT
    result["prepared"] = prepared
    # Requests the client gave up on may still be in the server's queue: count once the
    # workers are idle.
    result["drain_s"] = wait_server_idle(server)
    result["verify"] = learner_script(["verify", "--plan", str(plan)], env)
    plan.unlink(missing_ok=True)  # it holds the learners' tokens
    result["verdict"] = burst_verdict(result)
    submit, start, cpu = result["submit"], result["start"], result["submit_phase_cpu"]
    say(
        f"    submit p50 {submit['p50_ms']:.0f} ms, p95 {submit['p95_ms']:.0f} ms, "
        f"p99 {submit['p99_ms']:.0f} ms; start p99 {start['p99_ms']:.0f} ms; "
        f"errors {result['errors']}; {result['verdict']}; submit phase CPU: server "
        f"{cpu['server_cpu_percent']:.0f}% db+cache {cpu['database_cpu_percent']:.0f}% "
        f"client {cpu['client_cpu_percent']:.0f}% other {cpu['other_cpu_percent']:.0f}%"
        + ("  (noisy)" if result["noisy"] else "")
    )
    return result


_loadgen: subprocess.Popen[str] | None = None
_cache_pids: list[int] = []


def measure(
    port: int, path: str, args: argparse.Namespace, master_pid: int, headers: list[str]
) -> dict[str, Any]:
    """Drive one page from a separate process (bench/loadgen.py), and account for where
    the machine's CPU went during the recorded window."""
    global _loadgen
    command = [
        sys.executable,
        str(LOADGEN),
        "--port",
        str(port),
        "--path",
        path,
        "--connections",
        str(args.connections),
        "--duration",
        str(args.duration),
        "--warmup",
        str(args.warmup),
        "--languages",
        ",".join(LANGUAGES),
    ]
    if args.save_latencies:
        command.append("--raw")
    for header in headers:
        command += ["--header", header]
    _loadgen = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        # The load generator starts its clock after its imports (about 0.1 s): sample the
        # CPU counters inside its recorded window.
        time.sleep(args.warmup + 0.15)
        before = cpu_snapshot(master_pid, _loadgen.pid)
        time.sleep(max(0.1, args.duration - 0.2))
        after = cpu_snapshot(master_pid, _loadgen.pid)
        out, _ = _loadgen.communicate(timeout=args.duration + 60)
    finally:
        if _loadgen.poll() is None:
            _loadgen.kill()
            _loadgen.wait()
        returncode, _loadgen = _loadgen.returncode, None
    if returncode != 0:
        raise BenchError(f"the load generator failed on {path} (status {returncode})")
    result: dict[str, Any] = json.loads(out)
    result.update(cpu_usage(before, after))
    return result


def measure_quietly(server: Server, page: Page, args: argparse.Namespace) -> dict[str, Any]:
    """Measure one page when the machine is quiet; when other processes still took more
    than NOISE_CPU_PERCENT during the window, measure it again (--noisy-retries times) and
    keep the quietest attempt."""
    attempts: list[dict[str, Any]] = []
    for attempt in range(1 + max(0, args.noisy_retries)):
        waited, busy = (0.0, 0.0)
        if args.wait_quiet > 0:
            waited, busy = wait_for_quiet(args.wait_quiet)
            if waited > 1.5:
                say(
                    f"    (waited {waited:.0f} s for other processes' CPU to settle;"
                    f" now {busy:.0f}%)"
                )
        row = measure(server.port, page.path, args, server.process.pid, page.headers)
        row["waited_for_quiet_s"], row["busy_before_percent"] = waited, busy
        row["attempt"] = attempt + 1
        noisy = row["other_cpu_percent"] > NOISE_CPU_PERCENT
        say(
            f"    {page.label:<46} {row['rps']:8.0f} req/s  p95 {row['p95_ms']:7.1f} ms"
            f"  errors {row['errors']}  CPU: server {row['server_cpu_percent']:.0f}%"
            f" db+cache {row['database_cpu_percent']:.0f}%"
            f" client {row['client_cpu_percent']:.0f}%"
            f" other {row['other_cpu_percent']:.0f}%" + ("  (noisy)" if noisy else "")
        )
        attempts.append(row)
        if not noisy:
            break
    best = min(attempts, key=lambda r: float(r["other_cpu_percent"]))
    best["noisy"] = best["other_cpu_percent"] > NOISE_CPU_PERCENT
    best["attempts"] = len(attempts)
    # The attempts not kept stay in the JSON: an error in one of them is still an error.
    keys = ("rps", "p50_ms", "p95_ms", "errors", "statuses", "failures", "other_cpu_percent")
    best["discarded_attempts"] = [
        {k: r[k] for k in ("attempt", *keys)} for r in attempts if r is not best
    ]
    return best


def verdict(row: dict[str, Any]) -> str:
    if row["errors"]:
        return "FAIL errors"
    misses = []
    if row["ratio"] < TARGET_RATIO:
        misses.append("ratio")
    if row["p95_ms"] >= TARGET_P95_MS:
        misses.append("p95")
    return "PASS" if not misses else "FAIL " + "+".join(misses)


@dataclass
class DatabaseRun:
    db: str
    prepare: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    floor_rps: float = 0.0
    floor_drift: float = 0.0
    floor_cpu_ms: float = 0.0
    memory: dict[str, Any] = field(default_factory=dict)
    preflight: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    seconds: float = 0.0
    burst: dict[str, Any] = field(default_factory=dict)

    def other_cpu_percent(self) -> float:
        values = [r.get("other_cpu_percent", 0.0) for r in self.rows]
        return sum(values) / len(values) if values else 0.0

    def summary(self) -> str:
        if self.error:
            return f"{self.db}: NOT MEASURED ({self.error.splitlines()[0]})"
        pages = [r for r in self.rows if not r["floor"]]
        passed = sum(r["verdict"] == "PASS" for r in pages)
        errors = sum(r["errors"] for r in self.rows)
        discarded = sum(o["errors"] for r in self.rows for o in r.get("discarded_attempts", []))
        return (
            f"{self.db}: {passed}/{len(pages)} pages meet the target; "
            f"floor {self.floor_rps:.0f} req/s (drift {100 * self.floor_drift:+.0f}%); "
            f"{errors} errors"
            + (f" (+{discarded} in discarded noisy attempts)" if discarded else "")
            + f"; peak RSS {self.memory.get('peak_rss_mb', 0):.0f} MB"
            + (f"; quiz burst {self.burst['verdict']}" if self.burst else "")
            + (
                f"; NOISY: other processes used {self.other_cpu_percent():.0f}% CPU"
                if self.other_cpu_percent() > NOISE_CPU_PERCENT
                else ""
            )
        )


def run_database(db: str, args: argparse.Namespace, cache: Cache) -> DatabaseRun:
    result = DatabaseRun(db=db)
    started = time.monotonic()
    say()
    say(f"######## {db} ########")
    env = app_environment(db, secrets.token_urlsafe(64), cache.url)
    step(f"cache: {cache.description}: {cache.clear()}")
    if args.reuse_db:
        # The code may have moved on since the database was made: migrate it (and refresh
        # the static files), but load nothing.
        step("--reuse-db: keeping the existing data; huitong migrate, collectstatic")
        huitong(["migrate", "--no-input"], env)
        huitong(["collectstatic", "--no-input", "--clear"], env)
    else:
        result.prepare = prepare(db, args.scale, env)

    with gunicorn(env, args, db) as server:
        monitor = MemoryMonitor(server.process.pid)
        monitor.start()
        idle, crashed = MemorySample(), False
        try:
            pages = [] if args.burst_only else page_list(server.port, env, args)
            step(f"preflight: every page once per language ({', '.join(LANGUAGES)})")
            result.preflight = preflight(server.port, [Page(FLOOR, "floor"), *pages])
            idle = monitor.sample()
            plan = [Page(FLOOR, "floor (first)"), *pages, Page(FLOOR, "floor (last)")]
            if args.burst_only:
                plan = []
            step(
                f"measuring {len(plan)} runs: {args.connections} connections, "
                f"{args.warmup:g} s warm-up + {args.duration:g} s each "
                f"(about {len(plan) * (args.warmup + args.duration + 0.5) / 60:.1f} min)"
            )
            monitor.take_window()
            for page in plan:
                row = measure_quietly(server, page, args)
                window = monitor.take_window()
                row["label"] = page.label
                row["floor"] = page.path == FLOOR and not page.headers
                row["peak_rss_mb"] = window.rss_kb / 1024
                result.rows.append(row)
            if args.burst:
                result.burst = quiz_burst(server, env, args, db)
            crashed = server.process.poll() is not None
        finally:
            monitor.stop()
        if crashed:
            raise BenchError(f"gunicorn died during the run; see {server.log_path}")

    floors = [r["rps"] for r in result.rows if r["floor"]] or [0.0]
    result.floor_rps = sum(floors) / len(floors)
    result.floor_drift = (floors[-1] / floors[0] - 1) if floors[0] else 0.0
    for row in result.rows:
        # CPU time (server + database/cache) per request: unlike throughput, hardly moved
        # by other processes competing for the cores, so a cross-check of noisy runs.
        cpu = row["server_cpu_percent"] + row["database_cpu_percent"]
        row["cpu_ms_per_request"] = 10 * cpu / row["rps"] if row["rps"] else 0.0
    floor_costs = [r["cpu_ms_per_request"] for r in result.rows if r["floor"]] or [0.0]
    result.floor_cpu_ms = sum(floor_costs) / len(floor_costs)
    for row in result.rows:
        row["ratio"] = row["rps"] / result.floor_rps if result.floor_rps else 0.0
        row["cpu_ratio"] = (
            result.floor_cpu_ms / row["cpu_ms_per_request"] if row["cpu_ms_per_request"] else 0.0
        )
        row["verdict"] = "(floor)" if row["floor"] else verdict(row)
    result.memory = {
        "idle_rss_mb": idle.rss_kb / 1024,
        "idle_pss_mb": idle.pss_kb / 1024,
        "peak_rss_mb": monitor.peak.rss_kb / 1024,
        "peak_pss_mb": monitor.peak.pss_kb / 1024,
        "processes": monitor.peak.processes,
    }
    result.seconds = time.monotonic() - started
    return result


# --- Report ---------------------------------------------------------------------------


def print_table(run: DatabaseRun, args: argparse.Namespace) -> None:
    say()
    say(
        f"{run.db}: {args.connections} connections, {args.duration:g} s per page, "
        f"gunicorn {args.workers} × {args.worker_class}"
        + (f" ({args.threads} threads)" if args.worker_class == "gthread" else "")
    )
    header = (
        f"{'page':<46} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7} {'ratio':>6}  {'verdict':<15} {'cpu ms':>6} {'cpu ratio':>9}  "
        "CPU% srv/db/cli/oth"
    )
    say(header)
    say("-" * len(header))
    for row in run.rows:
        say(
            f"{row['label']:<46} {row['rps']:8.0f} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
            f"{row['p99_ms']:8.1f} {row['errors']:7d} {row['ratio']:6.2f}  {row['verdict']:<15} "
            f"{row['cpu_ms_per_request']:6.2f} {row['cpu_ratio']:9.2f}  "
            f"{row['server_cpu_percent']:.0f}/{row['database_cpu_percent']:.0f}/"
            f"{row['client_cpu_percent']:.0f}/{row['other_cpu_percent']:.0f}"
            + ("  noisy" if row["noisy"] else "")
        )
    say("-" * len(header))
    for row in run.rows:
        for other in row["discarded_attempts"]:
            if other["errors"]:
                say(
                    f"note: a discarded (noisy) attempt of {row['label']} had {other['errors']} "
                    f"errors: statuses {other['statuses']}, failures {other['failures']}"
                )
    memory = run.memory
    say(
        f"floor: {run.floor_rps:.0f} req/s (mean of first and last; drift "
        f"{100 * run.floor_drift:+.1f}%)"
        + ("  <- noisy machine?" if abs(run.floor_drift) > 0.10 else "")
    )
    say(
        f"memory: peak RSS {memory['peak_rss_mb']:.0f} MB over {memory['processes']} gunicorn "
        f"processes (master + workers; idle {memory['idle_rss_mb']:.0f} MB), "
        f"peak PSS {memory['peak_pss_mb']:.0f} MB"
    )
    cores = os.cpu_count() or 1
    say(
        f"CPU: percent of one core ({100 * cores}% = all {cores}): gunicorn, "
        "PostgreSQL backends + Redis, load generator, other processes"
    )
    if run.other_cpu_percent() > NOISE_CPU_PERCENT:
        say(
            f"warning: other processes used {run.other_cpu_percent():.0f}% CPU on average "
            "during the run: the machine was not quiet, the figures are pessimistic"
        )
    target = f"target: ratio ≥ {TARGET_RATIO:.2f} and p95 < {TARGET_P95_MS:.0f} ms"
    say(f"{target}, no errors")
    if run.burst:
        print_burst(run.burst)


def print_burst(burst: dict[str, Any]) -> None:
    checked = burst["verify"]
    say()
    say(
        f"quiz burst: {burst['learners']} learners started over "
        f"{burst['start_seconds_planned']:g} s, then submitted over "
        f"{burst['seconds_planned']:g} s ({burst['arrival_rate_planned']:.0f}/s planned): "
        f"{burst['submissions_ok']} submissions answered in {burst['submission_span_s']:.1f} s "
        f"({burst['submission_rate_achieved']:.1f}/s achieved); sent late by the client: "
        f"starts p50 {burst['start_lag']['p50_ms']:.0f} ms max "
        f"{burst['start_lag']['max_ms']:.0f} ms, submits p50 "
        f"{burst['submit_lag']['p50_ms']:.0f} ms max {burst['submit_lag']['max_ms']:.0f} ms"
    )
    say(f"{'request':<10} {'count':>6} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8}  statuses")  # fmt: skip
    for name in ("start", "submit"):
        row = burst[name]
        say(
            f"{name:<10} {row['answered']:6d} {row['errors']:7d} {row['p50_ms']:8.0f} "
            f"{row['p95_ms']:8.0f} {row['p99_ms']:8.0f} {row['max_ms']:8.0f}  "
            f"{row['statuses']}" + (f" failures {row['failures']}" if row["failures"] else "")
        )
    say(
        f"database: {checked['attempts']} attempts of {checked['learners']} learners "
        f"({checked['learners_with_one_attempt']} with exactly one), {checked['graded']} "
        f"graded ({checked['passed']} passed), {checked['submissions_audited']} submissions "
        f"audited ({checked['attempts_audited_twice']} twice); questions per attempt "
        f"{checked['questions_per_attempt']}"
    )
    for name in ("start_phase_cpu", "submit_phase_cpu"):
        cpu = burst[name]
        say(
            f"{name.split('_')[0]} phase CPU% srv/db/cli/oth {cpu['server_cpu_percent']:.0f}/"
            f"{cpu['database_cpu_percent']:.0f}/{cpu['client_cpu_percent']:.0f}/"
            f"{cpu['other_cpu_percent']:.0f}"
            + ("  noisy" if name == "submit_phase_cpu" and burst["noisy"] else "")
        )
    for other in burst.get("discarded_attempts", []):
        say(
            f"note: a discarded (noisy) burst attempt: {other['verdict']}, submit p99 "
            f"{other['submit']['p99_ms']:.0f} ms, other processes "
            f"{other['submit_phase_cpu']['other_cpu_percent']:.0f}% CPU"
        )
    say(
        f"target: submit p99 < {TARGET_BURST_P99_MS:.0f} ms, no errors, every attempt graded "
        f"once: {burst['verdict']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark Huitong under gunicorn against the /floor/ endpoint."
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="huitong demo --scale: SCALE × 10,000 institutions and "
        "SCALE × 100,000 users (default 1; 0.1 for a quick run)",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--worker-class",
        choices=["sync", "gthread"],
        default="sync",
        help="gunicorn worker class (default sync; see bench/README.md)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="threads per worker with --worker-class gthread (default 2)",
    )
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each page")
    parser.add_argument(
        "--redis-url",
        default="private",
        metavar="private|none|URL",
        help="the cache: 'private' (default) starts a redis-server of the bench's own on a "
        "free port; 'none' uses Django's per-process memory cache; a URL uses that Redis "
        "(the app's keys there are deleted before each database)",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="before each page, wait up to this long for other processes to "
        f"use under {NOISE_CPU_PERCENT:.0f}%% of a core (0: don't wait)",
    )
    parser.add_argument(
        "--noisy-retries",
        type=int,
        default=2,
        metavar="N",
        help="measure a page again, up to N times, when other processes used more than "
        f"{NOISE_CPU_PERCENT:.0f}%% of a core during it (default 2)",
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the previous run's database (migrated, no new data loaded)",
    )
    parser.add_argument(
        "--pages",
        nargs="*",
        metavar="REGEX",
        help="only the pages matching one of these (the floor always runs)",
    )
    parser.add_argument(
        "--save-latencies", action="store_true", help="also write every latency into the JSON"
    )
    parser.add_argument(
        "--burst",
        type=int,
        default=3000,
        metavar="N",
        help="after the pages, N learners each start and submit a 20-question quiz "
        "(default 3000; 0: no quiz burst)",
    )
    parser.add_argument(
        "--burst-seconds",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="the quiz burst's submissions are spread over this long (default 60)",
    )
    parser.add_argument(
        "--burst-start-seconds",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="before the submissions, the quiz burst's learners start their attempts, "
        "spread over this long (default 60)",
    )
    parser.add_argument(
        "--burst-only",
        action="store_true",
        help="measure no page, only the quiz burst",
    )
    args = parser.parse_args(argv)

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    # Ctrl+C stops the run cleanly even when started from a shell that ignores SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    started_at = dt.datetime.now(dt.UTC)
    code = code_version()
    if shutil.which("gunicorn", path=str(BIN)) is None:
        say(f"gunicorn is not installed in {BIN}")
        return 1

    runs: list[DatabaseRun] = []
    cache_description = ""
    try:
        with bench_cache(args.redis_url) as cache:
            cache_description = cache.description
            _cache_pids[:] = cache.pids()
            say(
                f"Huitong bench {started_at:%Y-%m-%d %H:%M:%S} UTC: databases "
                f"{', '.join(databases)}, scale {args.scale:g}; cache: {cache.description}; "
                f"{os.cpu_count()} CPUs; code {code}"
            )
            for db in databases:
                try:
                    run = run_database(db, args, cache)
                except BenchError as exc:
                    say(f"\n{db}: the bench could not run: {exc}")
                    run = DatabaseRun(db=db, error=str(exc))
                runs.append(run)
                if not run.error:
                    print_table(run, args)
    except BenchError as exc:
        say(f"the bench could not run: {exc}")
        return 1
    except KeyboardInterrupt:
        if _loadgen is not None and _loadgen.poll() is None:
            _loadgen.kill()
        say("\ninterrupted: the server is stopped; no results written")
        return 130

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = started_at.strftime("%Y%m%dT%H%M%SZ")
    out_path = RESULTS / f"bench-{stamp}.json"
    document = {
        "started_at": started_at.isoformat(),
        "code": code,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "config": {
            "scale": args.scale,
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads if args.worker_class == "gthread" else 1,
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "languages": list(LANGUAGES),
            "cache": cache_description,
            "reuse_db": args.reuse_db,
            "wait_quiet_s": args.wait_quiet,
            "noisy_retries": args.noisy_retries,
            "burst_learners": args.burst,
            "burst_seconds": args.burst_seconds,
            "burst_start_seconds": args.burst_start_seconds,
        },
        "target": {
            "ratio_min": TARGET_RATIO,
            "p95_ms_max": TARGET_P95_MS,
            "errors": 0,
            "burst_submit_p99_ms_max": TARGET_BURST_P99_MS,
        },
        "databases": {
            run.db: {
                "error": run.error,
                "prepare": run.prepare,
                "floor_rps": run.floor_rps,
                "floor_drift": run.floor_drift,
                "floor_cpu_ms_per_request": run.floor_cpu_ms,
                "memory": run.memory,
                "seconds": run.seconds,
                "preflight": run.preflight,
                "pages": run.rows,
                "quiz_burst": run.burst,
                "summary": run.summary(),
            }
            for run in runs
        },
    }
    text = json.dumps(document, indent=2, ensure_ascii=False)
    out_path.write_text(text + "\n", encoding="utf-8")
    (RESULTS / "latest.json").write_text(text + "\n", encoding="utf-8")

    say()
    for run in runs:
        say(f"SUMMARY {run.summary()}")
    say(f"results: {out_path.relative_to(ROOT)} (and bench/results/latest.json)")
    # A missed target is a result, not a failure; a database the bench could not measure is.
    return 1 if any(run.error for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
