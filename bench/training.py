"""The training bench: the 6th edition's public pages under load, then an application
burst and two check-in bursts, on SQLite and PostgreSQL.

    .venv/bin/python bench/training.py                       # both databases, ~12 min
    .venv/bin/python bench/training.py --db sqlite           # one database
    .venv/bin/python bench/training.py --db postgres --reuse-db --bursts-only

The targets (issue 4, "Speed"): the timetable page of the 13-day edition and the edition's
public page reach at least 50 % of the floor endpoint's throughput with p95 under 50 ms at
64 concurrent connections; an application burst of 500 submissions within 60 seconds gives
p99 under 1 s and no errors; a check-in burst of 200 participants within 60 seconds, the
same.

What it does, per database (``--db sqlite|postgres|both``, default both), with the
functions of ``bench/run.py`` (see bench/README.md for the server, the cache, the floor,
the ratio and the CPU columns, which are the same here):

1. **A fresh database of its own**: SQLite in ``var/bench/training/huitong-training.sqlite3``,
   PostgreSQL ``huitong_bench_training`` (so that it never touches the database of a
   ``bench/run.py`` running at the same time), migrated, ``huitong demo`` (the alliances
   and the training programme, whose 6th edition, Belgrade, has 154 sessions over 13 days;
   ``--scale S`` adds the bulk data of ``bench/run.py``, not needed for these targets; the
   default is 0), ``VACUUM ANALYZE`` on PostgreSQL, collectstatic. ``--reuse-db`` keeps the
   previous run's database (migrated again, nothing loaded).
2. **The burst data, through the services, before the server starts** (this script's
   ``prepare`` step, run in the app's environment like ``huitong shell``): a programme
   ``bench-training`` with
   - an *application edition*: published, applications open, a form of three questions
     (a choice, a number, a long text; no file, which the API refuses), and ``--applicants``
     (500) people, bulk-created, each with a personal API token (accounts service);
   - a *check-in edition*: published, timetable published, two sessions running now (from
     5 minutes ago for 3 hours, so that their session code is valid during the bursts),
     ``--participants`` (200) people who applied (``application_submit``) and were accepted
     (``application_decide``) by its chair, and a second organiser; every one of them with
     an API token.
   The plan (ids, tokens, codes) goes to ``var/bench/training/<db>/training-plan.json``
   (mode 600), deleted at the end.
3. **gunicorn like production** (``bench/run.py``'s ``gunicorn()``: 4 sync workers,
   ``HUITONG_PRODUCTION=1``, a private Redis), waits for ``/healthz/``.
4. **The pages**, anonymous, half the connections ``Accept-Language: en`` and half
   ``zh-hans``, each driven by ``bench/loadgen.py`` from a second process (64 closed-loop
   connections, 2 s warm-up, 10 s recorded): ``/floor/`` first, the 6th edition's public
   page ``/training/<id>/``, its timetable ``/training/<id>/timetable/``, the same timetable
   from the API ``/api/training/editions/<id>/timetable`` (for information: the target
   names the two pages), ``/floor/`` last. The edition is found through
   ``/api/training/editions`` (number 6 of the demo programme); its session count and days
   through the API timetable. Each page is fetched once per language first (the
   "preflight"; ``cold ms`` in the table is that first, uncached render). Ratio = the
   page's req/s ÷ the floor's (mean of first and last); verdict as in bench/run.py.
5. **The application burst**: ``--applicants`` people each send ``POST
   /api/training/editions/<id>/application`` (``Authorization: Bearer``, JSON answers)
   once, evenly spread over ``--apply-seconds`` (60) on an **open-loop** schedule (a slow
   server does not slow the arrivals: requests pile up as real applicants' would), each on
   a new connection, half in English and half in Chinese. Then the database must hold
   exactly one application per person, each audited once.
6. **The check-in burst by session code**: the ``--participants`` accepted participants
   each send ``POST /api/training/editions/<id>/check-in`` with the first session's code,
   spread over ``--checkin-seconds`` (60). One in ten sends it again 2 s after the answer
   (re-sent) and one in ten twice at the same instant (a double tap): those answers are
   200 "already checked in", the first ones 201.
7. **The check-in burst by badge**: two organisers scan the participants' badges at the
   door of the second session (``POST …/sessions/<id>/check-ins`` with ``badge_code``),
   alternately, spread over ``--checkin-seconds``; one badge in ten is scanned by both
   organisers at the same instant (the racing duplicate).
8. **Verification in the database** (this script's ``verify`` step): applications per
   person and their audit records; check-ins per session (exactly one per participant),
   their method and audit records (exactly one each: a re-sent check-in is counted once).
9. A table per database, and ``bench/results/training-<UTC time>.json`` (git-ignored).

A burst passes with no errors (a non-2xx answer, a failed connection, no answer within
30 s), p99 under 1 s, and the database exactly as expected (for the check-ins: as many
201 answers as participants, the duplicates answered 200). The e-mail each application
sends is rendered in the request (``TASKS_BACKEND`` is ``immediate`` by default; the
bench's server has no SMTP host, so it goes to the console backend, i.e. the gunicorn log).

Options: ``--workers 4``, ``--worker-class sync|gthread``, ``--threads 2``,
``--connections 64``, ``--duration 10``, ``--warmup 2``, ``--redis-url private|none|URL``,
``--wait-quiet 60``, ``--noisy-retries 2``, ``--save-latencies``, ``--applicants 500``,
``--apply-seconds 60``, ``--participants 200``, ``--checkin-seconds 60``,
``--pages-only``, ``--bursts-only``. Exit status 0 whenever the measurement ran, whatever
the verdicts; 1 when a database could not be measured; 130 on Ctrl+C.

The subcommands ``prepare``, ``verify`` (run in the app's environment) and ``drive`` (the
open-loop client) are the bench's own steps, not meant to be called by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

# The script's folder is on sys.path: the bench's own modules.
import run as bench
from quiz_burst import TIMEOUT, Step, lag_ms, post

ROOT = bench.ROOT
THIS = Path(__file__).resolve()

# A database and a folder of the training bench's own: bench/run.py may run at the same
# time on the shared machine, and its functions read these module constants when called.
bench.VAR = ROOT / "var" / "bench" / "training"
bench.SQLITE_PATH = bench.VAR / "huitong-training.sqlite3"
bench.PG_DATABASE = "huitong_bench_training"
bench.PG_URL = f"postgres://postgres@127.0.0.1:5432/{bench.PG_DATABASE}"
VAR = bench.VAR
RESULTS = bench.RESULTS

TARGET_RATIO = bench.TARGET_RATIO
TARGET_P95_MS = bench.TARGET_P95_MS
TARGET_BURST_P99_MS = 1000.0

PROGRAMME_SLUG = "bench-training"
EMAIL_DOMAIN = "bench.huitong.example"
SIXTH = 6
# One participant in ten re-sends their code 2 s after the answer, one in ten sends it
# twice at once; one badge in ten is scanned by both organisers at once.
RESEND_AFTER_S = 2.0


def say(message: str = "") -> None:
    print(message, flush=True)


step = bench.step


# --- In the app's environment: prepare and verify --------------------------------------


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huitong.settings")
    import django

    django.setup()


def _people(tag: str, kind: str, count: int, countries: list[str]) -> list[Any]:
    """``count`` people, bulk-created (one unusable password hash), returned in order."""
    from django.contrib.auth.hashers import make_password

    from huitong.accounts.models import User

    password = make_password(None)
    now = dt.datetime.now(dt.UTC)
    users = [
        User(
            email=f"{tag}-{kind}-{i:04d}@{EMAIL_DOMAIN}",
            name_latin=f"Bench {kind.title()} {i:04d}",
            name_native=f"测试{i:04d}" if i % 2 else "",
            country_id=countries[i % len(countries)],
            preferred_language="en" if i % 2 == 0 else "zh-hans",
            time_zone="Europe/Belgrade",
            professional_role="physician",
            password=password,
            email_verified_at=now,
        )
        for i in range(count)
    ]
    User.objects.bulk_create(users, batch_size=500)
    emails = [u.email for u in users]
    by_email = {u.email: u for u in User.objects.filter(email__in=emails)}
    return [by_email[e] for e in emails]


def _tokens(users: list[Any]) -> list[str]:
    from huitong.accounts.services import token_create

    return [token_create(user=user, name="training bench")[1] for user in users]


def prepare_data(applicants: int, participants: int, plan_path: Path) -> dict[str, Any]:
    """The bursts' editions and people, through the services; writes the plan."""
    django_setup()
    from django.conf import settings
    from django.utils import timezone, translation

    from huitong.core.models import Country
    from huitong.training import applications, services
    from huitong.training import demo_data as data
    from huitong.training.models import Edition, Programme

    # The preparation's e-mails (application received, accepted) go nowhere.
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    started = time.monotonic()
    tag = "t" + dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    demo = Programme.objects.select_related("alliance", "organiser").get(slug=data.PROGRAMME_SLUG)
    sixth = Edition.objects.get(programme=demo, number=SIXTH)
    wanted = ["RS", "CN", "PL", "DE", "IT", "BR", "IN", "RU", "HU", "GR"]
    countries = list(Country.objects.filter(code__in=wanted).values_list("code", flat=True))
    country = Country.objects.get(code="RS")
    with translation.override("en"):
        organisers = _people(tag, "organiser", 2, countries)
        chair = organisers[0]
        programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
        if programme is None:
            programme = services.programme_create(
                actor=chair,
                alliance=demo.alliance,
                organiser=demo.organiser,
                slug=PROGRAMME_SLUG,
                title="Training bench",
                description="Editions made by bench/training.py.",
                original_language="en",
                translations={},
            )
        now = timezone.now()
        today = now.astimezone(dt.UTC).date()
        common: dict[str, Any] = {
            "description": "",
            "venue": "Bench hall",
            "original_language": "en",
            "translations": {},
            "city": "Belgrade",
            "country": country,
            "languages": ["en", "zh-hans"],
            "applications_open": now - dt.timedelta(hours=1),
            "offer_days": 5,
            "attendance_rule": 80,
        }

        # The application burst's edition: in two months, applications open for a week.
        apply_edition = services.edition_create(
            actor=chair,
            programme=programme,
            organising_institutions=[demo.organiser],
            title=f"Application burst {tag}",
            starts_on=today + dt.timedelta(days=60),
            ends_on=today + dt.timedelta(days=72),
            time_zone="Europe/Belgrade",
            capacity=applicants + 100,
            application_deadline=now + dt.timedelta(days=7),
            **common,
        )
        specialty = applications.form_field_create(
            actor=chair,
            edition=apply_edition,
            kind="choice",
            label="Specialty",
            choices=[{"label": "Acupuncture"}, {"label": "Herbal medicine"}, {"label": "Other"}],
        )
        years = applications.form_field_create(
            actor=chair, edition=apply_edition, kind="number", label="Years of practice"
        )
        motivation = applications.form_field_create(
            actor=chair, edition=apply_edition, kind="long_text", label="Motivation"
        )
        apply_edition = services.edition_publish(actor=chair, edition=apply_edition)
        applicant_users = _people(tag, "applicant", applicants, countries)

        # The check-in edition: yesterday to tomorrow (UTC), two sessions running now.
        checkin_edition = services.edition_create(
            actor=chair,
            programme=programme,
            organising_institutions=[demo.organiser],
            title=f"Check-in burst {tag}",
            starts_on=today - dt.timedelta(days=1),
            ends_on=today + dt.timedelta(days=1),
            time_zone="UTC",
            capacity=participants + 50,
            application_deadline=now + dt.timedelta(days=1),
            **common,
        )
        services.organiser_add(actor=chair, edition=checkin_edition, user=organisers[1])
        workplace = applications.form_field_create(
            actor=chair, edition=checkin_edition, kind="text", label="Workplace"
        )
        checkin_edition = services.edition_publish(actor=chair, edition=checkin_edition)
        sessions = [
            services.session_create(
                actor=chair,
                edition=checkin_edition,
                kind=kind,
                title=title,
                room=room,
                starts_at=now - dt.timedelta(minutes=5),
                ends_at=now + dt.timedelta(hours=3),
                required=True,
            )
            for kind, title, room in (
                ("lecture", "Self check-in burst", "Hall A"),
                ("workshop", "Badge check-in burst", "Hall B"),
            )
        ]
        services.timetable_publish(actor=chair, edition=checkin_edition)
        participant_users = _people(tag, "participant", participants, countries)
        accepted = []
        for user in participant_users:
            application = applications.application_submit(
                applicant=user,
                edition=checkin_edition,
                answers={str(workplace.pk): "Bench clinic"},
                language=user.preferred_language,
            )
            accepted.append(
                applications.application_decide(
                    actor=chair, application=application, decision="accept"
                )
            )
        prepared_s = time.monotonic() - started
        organiser_tokens = _tokens(organisers)
        applicant_tokens = _tokens(applicant_users)
        participant_tokens = _tokens(participant_users)

    plan = {
        "tag": tag,
        "demo_programme": data.PROGRAMME_SLUG,
        "sixth_edition_id": sixth.pk,
        "apply": {
            "edition_id": apply_edition.pk,
            "fields": {
                "specialty": specialty.pk,
                "years": years.pk,
                "motivation": motivation.pk,
            },
            "choices": [c["value"] for c in specialty.choices],
            "applicants": [
                {"id": u.pk, "token": t}
                for u, t in zip(applicant_users, applicant_tokens, strict=True)
            ],
        },
        "checkin": {
            "edition_id": checkin_edition.pk,
            "self_session_id": sessions[0].pk,
            "badge_session_id": sessions[1].pk,
            "code": sessions[0].checkin_code,
            "organisers": [
                {"id": u.pk, "token": t} for u, t in zip(organisers, organiser_tokens, strict=True)
            ],
            "participants": [
                {"id": u.pk, "token": t, "application_id": a.pk, "badge_code": a.badge_code}
                for u, t, a in zip(participant_users, participant_tokens, accepted, strict=True)
            ],
        },
    }
    plan_path.parent.mkdir(parents=True, exist_ok=True)
    plan_path.write_text(json.dumps(plan))
    plan_path.chmod(0o600)
    return {
        "tag": tag,
        "sixth_edition_id": sixth.pk,
        "apply_edition_id": apply_edition.pk,
        "checkin_edition_id": checkin_edition.pk,
        "sessions": [s.pk for s in sessions],
        "applicants": len(applicant_users),
        "participants": len(accepted),
        "services_s": prepared_s,
        "total_s": time.monotonic() - started,
    }


def _audits(action: str, target_type: str, ids: list[int]) -> tuple[int, int]:
    """(audit records of ``action`` on those targets, targets audited more than once)."""
    from django.db.models import Count

    from huitong.core.models import AuditEntry

    rows = (
        AuditEntry.objects.filter(
            action=action, target_type=target_type, target_id__in=[str(i) for i in ids]
        )
        .values("target_id")
        .annotate(n=Count("pk"))
    )
    return sum(r["n"] for r in rows), sum(1 for r in rows if r["n"] > 1)


def verify_data(plan_path: Path) -> dict[str, Any]:
    """What the bursts left in the database."""
    django_setup()
    from django.db.models import Count

    from huitong.training.models import Application, CheckIn, Edition

    plan = json.loads(plan_path.read_text())
    result: dict[str, Any] = {}

    applicant_ids = [a["id"] for a in plan["apply"]["applicants"]]
    found = Application.objects.filter(edition_id=plan["apply"]["edition_id"])
    per_person = found.values("applicant_id").annotate(n=Count("pk"))
    ids = list(found.values_list("pk", flat=True))
    audited, twice = _audits("training.application_submit", "training.application", ids)
    result["apply"] = {
        "expected": len(applicant_ids),
        "applications": len(ids),
        "people": sum(1 for r in per_person if r["applicant_id"] in set(applicant_ids)),
        "people_with_more_than_one": sum(1 for r in per_person if r["n"] > 1),
        "submitted": found.filter(status="submitted").count(),
        "audited": audited,
        "audited_twice": twice,
    }

    checkin = plan["checkin"]
    participants = {p["application_id"] for p in checkin["participants"]}
    edition = Edition.objects.get(pk=checkin["edition_id"])
    for name, key in (("self", "self_session_id"), ("badges", "badge_session_id")):
        rows = CheckIn.objects.filter(session_id=checkin[key])
        per_application = rows.values("application_id").annotate(n=Count("pk"))
        ids = list(rows.values_list("pk", flat=True))
        audited, twice = _audits("training.checkin", "training.checkin", ids)
        result[name] = {
            "expected": len(participants),
            "check_ins": len(ids),
            "participants": sum(1 for r in per_application if r["application_id"] in participants),
            "methods": dict(Counter(rows.values_list("method", flat=True))),
            "audited": audited,
            "audited_twice": twice,
        }
    result["places_taken"] = edition.places_taken
    return result


# --- The open-loop client (a second process) ------------------------------------------


@dataclass
class Job:
    """One request of a burst: when (seconds after the start), by whom, to where."""

    offset: float
    token: str
    path: str
    payload: dict[str, Any]
    language: str
    resend_after: float | None = None  # send it again this long after the answer


def apply_jobs(plan: dict[str, Any], seconds: float) -> list[Job]:
    apply = plan["apply"]
    fields, choices = apply["fields"], apply["choices"]
    path = f"/api/training/editions/{apply['edition_id']}/application"
    people = apply["applicants"]
    jobs = []
    for i, person in enumerate(people):
        answers = {
            str(fields["specialty"]): choices[i % len(choices)],
            str(fields["years"]): 1 + i % 35,
            str(fields["motivation"]): (
                f"Applicant {i} would like to learn the clinical practice of TCM, "
                "in particular acupuncture in pain management and its research methods."
            ),
        }
        jobs.append(
            Job(
                offset=i * seconds / len(people),
                token=person["token"],
                path=path,
                payload={"answers": answers},
                language="en" if i % 2 == 0 else "zh-hans",
            )
        )
    return jobs


def self_checkin_jobs(plan: dict[str, Any], seconds: float) -> list[Job]:
    checkin = plan["checkin"]
    path = f"/api/training/editions/{checkin['edition_id']}/check-in"
    people = checkin["participants"]
    jobs = []
    for i, person in enumerate(people):
        job = Job(
            offset=i * seconds / len(people),
            token=person["token"],
            path=path,
            payload={"code": checkin["code"]},
            language="en" if i % 2 == 0 else "zh-hans",
            resend_after=RESEND_AFTER_S if i % 10 == 3 else None,
        )
        jobs.append(job)
        if i % 10 == 7:  # a double tap: the same request twice at once
            jobs.append(Job(job.offset, job.token, job.path, job.payload, job.language))
    return jobs


def badge_jobs(plan: dict[str, Any], seconds: float) -> list[Job]:
    checkin = plan["checkin"]
    path = (
        f"/api/training/editions/{checkin['edition_id']}/sessions/"
        f"{checkin['badge_session_id']}/check-ins"
    )
    organisers = checkin["organisers"]
    people = checkin["participants"]
    jobs = []
    for i, person in enumerate(people):
        offset = i * seconds / len(people)
        payload = {"badge_code": person["badge_code"]}
        desks = [i % 2, (i + 1) % 2] if i % 10 == 5 else [i % 2]
        for desk in desks:  # one badge in ten scanned at both desks at once
            jobs.append(Job(offset, organisers[desk]["token"], path, payload, "en"))
    return jobs


SCENARIOS = {"apply": apply_jobs, "self": self_checkin_jobs, "badges": badge_jobs}


async def drive_jobs(host: str, port: int, jobs: list[Job]) -> dict[str, Any]:
    """Send every job at its time (open loop), each on a new connection."""
    step_ = Step()
    lags: list[float] = []
    samples: list[dict[str, Any]] = []
    begin = time.perf_counter() + 0.5

    async def send(job: Job) -> int | None:
        began = time.perf_counter()
        step_.sent.append(began)
        try:
            status, body = await asyncio.wait_for(
                post(host, port, job.path, job.token, job.language, job.payload), TIMEOUT
            )
        except TimeoutError:
            step_.failures["Timeout"] += 1
            return None
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            step_.failures[type(exc).__name__] += 1
            return None
        finished = time.perf_counter()
        step_.latencies.append(finished - began)
        step_.statuses[status] += 1
        if 200 <= status < 300:
            step_.done.append(finished)
        elif len(samples) < 5:
            samples.append({"status": status, "path": job.path, "body": body[:300].decode()})
        return status

    async def one(job: Job) -> None:
        at = begin + job.offset
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        lags.append(time.perf_counter() - at)
        status = await send(job)
        if job.resend_after is not None and status is not None:
            await asyncio.sleep(job.resend_after)
            await send(job)

    cpu_before = os.times()
    await asyncio.gather(*(one(job) for job in jobs))
    cpu_after = os.times()
    done = sorted(step_.done)
    first = min(step_.sent) if step_.sent else begin
    span = (done[-1] - first) if done else 0.0
    summary = step_.summary(len(step_.sent))
    summary.update(
        {
            "jobs": len(jobs),
            "seconds_taken": time.perf_counter() - begin,
            "lag": lag_ms(lags),
            "answered_ok": len(done),
            "span_s": span,
            "rate_achieved": len(done) / span if span else 0.0,
            "error_samples": samples,
            # The client's own CPU: the bench reads /proc only after the process is gone.
            "client_cpu_s": (cpu_after.user + cpu_after.system)
            - (cpu_before.user + cpu_before.system),
        }
    )
    return summary


def drive(args: argparse.Namespace) -> dict[str, Any]:
    plan = json.loads(Path(args.plan).read_text())
    jobs = SCENARIOS[args.scenario](plan, args.seconds)
    result = asyncio.run(drive_jobs(args.host, args.port, jobs))
    result["scenario"] = args.scenario
    result["seconds_planned"] = args.seconds
    result["people"] = len({job.payload.get("badge_code") or job.token for job in jobs})
    return result


# --- The orchestration ----------------------------------------------------------------


def app_script(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run this script's ``prepare``/``verify`` step in the app's environment; its JSON."""
    completed = subprocess.run(
        [sys.executable, str(THIS), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise bench.BenchError(
            f"bench/training.py {args[0]} failed with status {completed.returncode}:\n"
            f"{(completed.stdout + completed.stderr)[-3000:]}"
        )
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def api_json(port: int, path: str) -> Any:
    status, _, body = bench.http_get(port, path)
    if status != 200:
        raise bench.BenchError(f"GET {path} answered {status}: {body[:300]!r}")
    return json.loads(body)


def find_sixth(port: int, programme: str) -> dict[str, Any]:
    """The 6th edition of the demo programme, found through the API, with its session
    count and days from the API timetable."""
    editions = api_json(port, f"/api/training/editions?programme={programme}&limit=100")["items"]
    found = [e for e in editions if e["number"] == SIXTH]
    if not found:
        raise bench.BenchError(f"/api/training/editions has no edition {SIXTH} of {programme}")
    edition = found[0]
    timetable = api_json(port, f"/api/training/editions/{edition['id']}/timetable")
    sessions = timetable["sessions"]
    return {
        "id": edition["id"],
        "title": edition["title"],
        "city": edition["city"],
        "starts_on": edition["starts_on"],
        "ends_on": edition["ends_on"],
        "sessions": len(sessions),
        "days": len({s["day"] for s in sessions}),
    }


def burst(
    server: bench.Server, args: argparse.Namespace, scenario: str, seconds: float, plan: Path
) -> dict[str, Any]:
    """One open-loop burst from a second process (this script's ``drive``)."""
    if args.wait_quiet > 0:
        waited, busy = bench.wait_for_quiet(args.wait_quiet)
        if waited > 1.5:
            say(f"    (waited {waited:.0f} s for other processes' CPU to settle; now {busy:.0f}%)")
    command = [
        sys.executable, str(THIS), "drive", "--port", str(server.port), "--plan", str(plan),
        "--scenario", scenario, "--seconds", str(seconds),
    ]  # fmt: skip
    bench._loadgen = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    client = bench._loadgen
    try:
        before = bench.cpu_snapshot(server.process.pid, client.pid)
        out, _ = client.communicate(timeout=seconds + 180)
        after = bench.cpu_snapshot(server.process.pid, client.pid)
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
        bench._loadgen = None
    if client.returncode != 0:
        raise bench.BenchError(f"bench/training.py drive {scenario} failed ({client.returncode})")
    result: dict[str, Any] = json.loads(out)
    result.update(bench.cpu_usage(before, after))
    # The client had exited when ``after`` was taken: its CPU is in "other"; move it.
    client_cpu = 100 * float(result["client_cpu_s"]) / max(after.at - before.at, 1e-6)
    result["client_cpu_percent"] = client_cpu
    result["other_cpu_percent"] = max(0.0, result["other_cpu_percent"] - client_cpu)
    say(
        f"    {result['answered']} answered of {result['requests']} sent, statuses "
        f"{result['statuses']}; p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
        f"p99 {result['p99_ms']:.0f} ms, max {result['max_ms']:.0f} ms; errors {result['errors']}"
    )
    for sample in result["error_samples"]:
        say(f"    error sample: {sample}")
    return result


def burst_verdict(name: str, result: dict[str, Any], checked: dict[str, Any]) -> str:
    expected = checked["expected"]
    if result["errors"]:
        return "FAIL errors"
    if name == "apply":
        exact = (
            checked["applications"]
            == checked["people"]
            == checked["submitted"]
            == checked["audited"]
            == expected
            and not checked["people_with_more_than_one"]
            and not checked["audited_twice"]
        )
    else:
        created = result["statuses"].get("201", 0)
        exact = (
            checked["check_ins"] == checked["participants"] == checked["audited"] == expected
            and created == expected
            and result["statuses"].get("200", 0) == result["requests"] - expected
            and not checked["audited_twice"]
        )
    if not exact:
        return "FAIL count"
    if result["p99_ms"] >= TARGET_BURST_P99_MS:
        return "FAIL p99"
    return "PASS"


@dataclass
class TrainingRun:
    db: str
    load: str = ""
    prepare: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    sixth: dict[str, Any] = field(default_factory=dict)
    pages: bench.DatabaseRun | None = None
    bursts: dict[str, dict[str, Any]] = field(default_factory=dict)
    verify: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    seconds: float = 0.0

    def summary(self) -> str:
        if self.error:
            return f"{self.db}: NOT MEASURED ({self.error.splitlines()[0]})"
        parts = []
        if self.pages is not None and self.pages.rows:
            rows = [r for r in self.pages.rows if not r["floor"]]
            passed = sum(r["verdict"] == "PASS" for r in rows)
            parts.append(
                f"{passed}/{len(rows)} pages meet the target (floor "
                f"{self.pages.floor_rps:.0f} req/s, drift {100 * self.pages.floor_drift:+.0f}%)"
            )
        for name, row in self.bursts.items():
            parts.append(f"{BURST_LABELS[name]} {row['verdict']} (p99 {row['p99_ms']:.0f} ms)")
        return f"{self.db}: " + "; ".join(parts)


CONFIG_KEYS = (
    "scale", "workers", "worker_class", "threads", "connections", "duration", "warmup",
    "reuse_db", "wait_quiet", "noisy_retries", "applicants", "apply_seconds",
    "participants", "checkin_seconds",
)  # fmt: skip

BURST_LABELS = {
    "apply": "application burst",
    "self": "check-in burst (code)",
    "badges": "check-in burst (badges)",
}


def measure_pages(
    server: bench.Server, args: argparse.Namespace, run: TrainingRun, programme: str
) -> None:
    sixth = find_sixth(server.port, programme)
    run.sixth = sixth
    say(
        f"    6th edition: id {sixth['id']}, {sixth['city']} {sixth['starts_on']} to "
        f"{sixth['ends_on']}, {sixth['sessions']} sessions over {sixth['days']} days"
    )
    edition_id = sixth["id"]
    pages = [
        bench.Page(f"/training/{edition_id}/", f"/training/{edition_id}/ (edition page)"),
        bench.Page(f"/training/{edition_id}/timetable/", f"/training/{edition_id}/timetable/"),
        bench.Page(
            f"/api/training/editions/{edition_id}/timetable",
            f"/api/training/editions/{edition_id}/timetable (info)",
        ),
    ]
    floor = bench.Page(bench.FLOOR, "floor")
    result = bench.DatabaseRun(db=run.db)
    run.pages = result
    monitor = bench.MemoryMonitor(server.process.pid)
    monitor.start()
    try:
        step(f"preflight: every page once per language ({', '.join(bench.LANGUAGES)})")
        result.preflight = bench.preflight(server.port, [floor, *pages])
        idle = monitor.sample()
        plan = [bench.Page(bench.FLOOR, "floor (first)"), *pages]
        plan.append(bench.Page(bench.FLOOR, "floor (last)"))
        step(
            f"measuring {len(plan)} runs: {args.connections} connections, "
            f"{args.warmup:g} s warm-up + {args.duration:g} s each"
        )
        monitor.take_window()
        for page in plan:
            row = bench.measure_quietly(server, page, args)
            window = monitor.take_window()
            row["label"] = page.label
            row["floor"] = page.path == bench.FLOOR
            row["peak_rss_mb"] = window.rss_kb / 1024
            first = result.preflight.get(page.label) or {}
            row["cold_ms"] = {lang: round(v["first_ms"], 1) for lang, v in first.items()}
            result.rows.append(row)
    finally:
        monitor.stop()
    floors = [r["rps"] for r in result.rows if r["floor"]] or [0.0]
    result.floor_rps = sum(floors) / len(floors)
    result.floor_drift = (floors[-1] / floors[0] - 1) if floors[0] else 0.0
    for row in result.rows:
        cpu = row["server_cpu_percent"] + row["database_cpu_percent"]
        row["cpu_ms_per_request"] = 10 * cpu / row["rps"] if row["rps"] else 0.0
    floor_costs = [r["cpu_ms_per_request"] for r in result.rows if r["floor"]] or [0.0]
    result.floor_cpu_ms = sum(floor_costs) / len(floor_costs)
    for row in result.rows:
        row["ratio"] = row["rps"] / result.floor_rps if result.floor_rps else 0.0
        row["cpu_ratio"] = (
            result.floor_cpu_ms / row["cpu_ms_per_request"] if row["cpu_ms_per_request"] else 0.0
        )
        row["verdict"] = "(floor)" if row["floor"] else bench.verdict(row)
    result.memory = {
        "idle_rss_mb": idle.rss_kb / 1024,
        "idle_pss_mb": idle.pss_kb / 1024,
        "peak_rss_mb": monitor.peak.rss_kb / 1024,
        "peak_pss_mb": monitor.peak.pss_kb / 1024,
        "processes": monitor.peak.processes,
    }


def load_average() -> str:
    try:
        one, five, fifteen = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        return "unknown"
    return f"{one} {five} {fifteen}"


def run_database(db: str, args: argparse.Namespace, cache: bench.Cache) -> TrainingRun:
    run = TrainingRun(db=db)
    started = time.monotonic()
    say()
    say(f"######## {db} ######## (load average {load_average()})")
    run.load = load_average()
    env = bench.app_environment(db, secrets.token_urlsafe(64), cache.url)
    step(f"cache: {cache.description}: {cache.clear()}")
    if args.reuse_db:
        step("--reuse-db: keeping the existing data; huitong migrate, collectstatic")
        bench.huitong(["migrate", "--no-input"], env)
        bench.huitong(["collectstatic", "--no-input", "--clear"], env)
    else:
        run.prepare = bench.prepare(db, args.scale, env)
    plan = VAR / db / "training-plan.json"
    step(
        f"burst data through the services: {args.applicants} applicants, "
        f"{args.participants} accepted participants, 2 organisers, API tokens"
    )
    try:
        run.data = app_script(
            [
                "prepare", "--plan", str(plan), "--applicants", str(args.applicants),
                "--participants", str(args.participants),
            ],
            env,
        )  # fmt: skip
        say(
            f"    application edition {run.data['apply_edition_id']}, check-in edition "
            f"{run.data['checkin_edition_id']} (sessions {run.data['sessions']}); "
            f"{run.data['total_s']:.1f} s"
        )
        programme = json.loads(plan.read_text())["demo_programme"]
        with bench.gunicorn(env, args, db) as server:
            if not args.bursts_only:
                measure_pages(server, args, run, programme)
            if not args.pages_only:
                for name, seconds, count in (
                    ("apply", args.apply_seconds, args.applicants),
                    ("self", args.checkin_seconds, args.participants),
                    ("badges", args.checkin_seconds, args.participants),
                ):
                    step(f"{BURST_LABELS[name]}: {count} people over {seconds:g} s (open loop)")
                    run.bursts[name] = burst(server, args, name, seconds, plan)
            if server.process.poll() is not None:
                raise bench.BenchError(f"gunicorn died during the run; see {server.log_path}")
        if run.bursts:
            step("verifying the database")
            run.verify = app_script(["verify", "--plan", str(plan)], env)
            for name, row in run.bursts.items():
                row["verify"] = run.verify[name]
                row["verdict"] = burst_verdict(name, row, run.verify[name])
    finally:
        plan.unlink(missing_ok=True)  # it holds the tokens
    run.seconds = time.monotonic() - started
    return run


def print_run(run: TrainingRun, args: argparse.Namespace) -> None:
    if run.pages is not None and run.pages.rows:
        bench.print_table(run.pages, args)
        say(
            f"6th edition {run.sixth['id']}: {run.sixth['sessions']} sessions over "
            f"{run.sixth['days']} days; cold (first, uncached) render en/zh-hans: "
            + ", ".join(
                f"{r['label'].split(' ')[0]} {r['cold_ms'].get('en', 0):.0f}/"
                f"{r['cold_ms'].get('zh-hans', 0):.0f} ms"
                for r in run.pages.rows
                if not r["floor"]
            )
        )
    if not run.bursts:
        return
    say()
    say(f"{run.db}: bursts (open loop, a new connection per request)")
    header = (
        f"{'burst':<24} {'people':>6} {'sent':>5} {'s':>4} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>7} {'errors':>6}  {'statuses':<22} {'database':<34} verdict"
    )
    say(header)
    say("-" * len(header))
    for name, row in run.bursts.items():
        checked = row.get("verify", {})
        if name == "apply":
            database = (
                f"{checked.get('applications')} applications, {checked.get('audited')} audited"
            )
        else:
            database = f"{checked.get('check_ins')} check-ins, {checked.get('audited')} audited"
        statuses = ",".join(f"{k}×{v}" for k, v in row["statuses"].items())
        say(
            f"{BURST_LABELS[name]:<24} {row['people']:6d} {row['requests']:5d} "
            f"{row['seconds_planned']:4.0f} {row['p50_ms']:7.0f} {row['p95_ms']:7.0f} "
            f"{row['p99_ms']:7.0f} {row['max_ms']:7.0f} {row['errors']:6d}  {statuses:<22} "
            f"{database:<34} {row.get('verdict', '')}"
        )
    say("-" * len(header))
    for name, row in run.bursts.items():
        say(
            f"{BURST_LABELS[name]}: sent late p50 {row['lag']['p50_ms']:.0f} ms max "
            f"{row['lag']['max_ms']:.0f} ms; {row['rate_achieved']:.1f}/s achieved; CPU% "
            f"srv/db/cli/oth {row['server_cpu_percent']:.0f}/{row['database_cpu_percent']:.0f}/"
            f"{row['client_cpu_percent']:.0f}/{row['other_cpu_percent']:.0f}"
        )
    say(
        f"target: p99 < {TARGET_BURST_P99_MS:.0f} ms, no errors, the database exact "
        "(one application per person; one check-in per participant and session, "
        "duplicates answered 200)"
    )


def orchestrate(args: argparse.Namespace) -> int:
    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    signal.signal(signal.SIGINT, signal.default_int_handler)

    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    started_at = dt.datetime.now(dt.UTC)
    code = bench.code_version()
    if shutil.which("gunicorn", path=str(bench.BIN)) is None:
        say(f"gunicorn is not installed in {bench.BIN}")
        return 1
    runs: list[TrainingRun] = []
    cache_description = ""
    try:
        with bench.bench_cache(args.redis_url) as cache:
            cache_description = cache.description
            bench._cache_pids[:] = cache.pids()
            say(
                f"Huitong training bench {started_at:%Y-%m-%d %H:%M:%S} UTC: databases "
                f"{', '.join(databases)}, scale {args.scale:g}; cache: {cache.description}; "
                f"{os.cpu_count()} CPUs; load average {load_average()}; code {code}"
            )
            for db in databases:
                try:
                    run = run_database(db, args, cache)
                except bench.BenchError as exc:
                    say(f"\n{db}: the bench could not run: {exc}")
                    run = TrainingRun(db=db, error=str(exc))
                runs.append(run)
                if not run.error:
                    print_run(run, args)
    except bench.BenchError as exc:
        say(f"the bench could not run: {exc}")
        return 1
    except KeyboardInterrupt:
        if bench._loadgen is not None and bench._loadgen.poll() is None:
            bench._loadgen.kill()
        say("\ninterrupted: the server is stopped; no results written")
        return 130

    RESULTS.mkdir(parents=True, exist_ok=True)
    out_path = RESULTS / f"training-{started_at:%Y%m%dT%H%M%SZ}.json"
    document = {
        "started_at": started_at.isoformat(),
        "code": code,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "config": {key: getattr(args, key) for key in CONFIG_KEYS}
        | {"cache": cache_description, "languages": list(bench.LANGUAGES)},
        "target": {
            "ratio_min": TARGET_RATIO,
            "p95_ms_max": TARGET_P95_MS,
            "burst_p99_ms_max": TARGET_BURST_P99_MS,
            "errors": 0,
        },
        "databases": {
            run.db: {
                "error": run.error,
                "load_average_at_start": run.load,
                "prepare": run.prepare,
                "burst_data": run.data,
                "sixth_edition": run.sixth,
                "floor_rps": run.pages.floor_rps if run.pages else None,
                "floor_drift": run.pages.floor_drift if run.pages else None,
                "memory": run.pages.memory if run.pages else None,
                "preflight": run.pages.preflight if run.pages else None,
                "pages": run.pages.rows if run.pages else [],
                "bursts": run.bursts,
                "verify": run.verify,
                "seconds": run.seconds,
                "summary": run.summary(),
            }
            for run in runs
        },
    }
    out_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    say()
    for run in runs:
        say(f"SUMMARY {run.summary()}")
    say(f"load average at the end: {load_average()}")
    say(f"results: {out_path.relative_to(ROOT)}")
    return 1 if any(run.error for run in runs) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="The training bench: the 6th edition's pages against the floor, "
        "an application burst and check-in bursts (see the docstring)."
    )
    commands = parser.add_subparsers(dest="command")
    prepare = commands.add_parser("prepare", help="(internal) the bursts' data and plan")
    prepare.add_argument("--plan", type=Path, required=True)
    prepare.add_argument("--applicants", type=int, default=500)
    prepare.add_argument("--participants", type=int, default=200)
    verify = commands.add_parser("verify", help="(internal) what the bursts left")
    verify.add_argument("--plan", type=Path, required=True)
    client = commands.add_parser("drive", help="(internal) the open-loop client")
    client.add_argument("--host", default="127.0.0.1")
    client.add_argument("--port", type=int, required=True)
    client.add_argument("--plan", type=Path, required=True)
    client.add_argument("--scenario", choices=sorted(SCENARIOS), required=True)
    client.add_argument("--seconds", type=float, default=60.0)

    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--scale", type=float, default=0.0, help="huitong demo --scale (default 0: no bulk data)"
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each page")
    parser.add_argument("--redis-url", default="private", metavar="private|none|URL")
    parser.add_argument("--wait-quiet", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--noisy-retries", type=int, default=2, metavar="N")
    parser.add_argument("--reuse-db", action="store_true")
    parser.add_argument("--save-latencies", action="store_true")
    parser.add_argument("--applicants", type=int, default=500)
    parser.add_argument("--apply-seconds", type=float, default=60.0)
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--checkin-seconds", type=float, default=60.0)
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--pages-only", action="store_true", help="no burst")
    only.add_argument("--bursts-only", action="store_true", help="no page")
    args = parser.parse_args(argv)

    if args.command in ("prepare", "verify"):
        if args.command == "prepare":
            result = prepare_data(args.applicants, args.participants, args.plan)
        else:
            result = verify_data(args.plan)
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    if args.command == "drive":
        try:
            result = drive(args)
        except KeyboardInterrupt:
            return 130
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    return orchestrate(args)


if __name__ == "__main__":
    sys.exit(main())
