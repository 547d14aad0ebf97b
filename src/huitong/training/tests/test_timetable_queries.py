"""The timetable's pages, feeds and API run a fixed number of queries, whatever the
number of sessions, speakers, organisers and editions (tried with 5 and 50 sessions)."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from huitong.testing import make_user
from huitong.training import access
from huitong.training.models import EditionOrganiser, OrganiserRole, Speaker
from huitong.training.tests.conftest import TrainingWorld, at, make_edition, make_session


def count(client: Client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return len(captured)


def grow(t: TrainingWorld, total: int) -> None:
    """Sessions up to ``total``, each with a member and an external speaker, spread over
    the edition's days and rooms; more organisers and editions."""
    existing = t.edition.sessions.count()
    for i in range(existing, total):
        day = t.edition.starts_on + dt.timedelta(days=1 + i % 11)
        session = make_session(
            t.edition,
            at(day, 8 + (i // 11) % 10),
            hours=0.75,
            title=f"Session {i}",
            room=f"Room {i % 11}-{i}",
            required=i % 3 != 0,
        )
        speaker = make_user(f"speaker{i}@example.org", name_native=f"讲者{i}")
        Speaker.objects.create(session=session, user=speaker, name=speaker.name_latin)
        Speaker.objects.create(session=session, name=f"Guest {i}", position=1)
    for i in range(3):
        person = make_user(f"team{total}-{i}@example.org")
        EditionOrganiser.objects.create(
            edition=t.edition, user=person, role=OrganiserRole.SECRETARIAT
        )
        make_edition(t.programme, number=100 + total + i)


def test_timetable_pages_run_a_fixed_number_of_queries(training: TrainingWorld) -> None:
    e = training.edition.pk
    lecture = training.lecture.get_absolute_url()
    viewer = make_user("viewer@example.org", time_zone="Asia/Shanghai")
    clients = {
        "anonymous": Client(),
        "viewer": Client(),
        "organiser": Client(),
        "participant": Client(),
    }
    clients["viewer"].force_login(viewer)
    clients["organiser"].force_login(training.organiser)
    clients["participant"].force_login(training.participant)
    feed = f"/training/calendar/{access.calendar_token(training.application)}.ics"
    pages = [
        ("anonymous", "/training/"),
        ("anonymous", "/training/programmes/tcm-advanced/"),
        ("anonymous", f"/training/{e}/"),
        ("viewer", f"/training/{e}/"),
        ("participant", f"/training/{e}/"),
        ("anonymous", f"/training/{e}/timetable/"),
        ("viewer", f"/training/{e}/timetable/?tz=viewer"),
        ("participant", f"/training/{e}/timetable/"),
        ("organiser", f"/training/{e}/timetable/"),
        ("anonymous", lecture),
        ("participant", lecture),
        ("organiser", f"/training/{e}/manage/"),
        ("organiser", f"/training/{e}/organisers/"),
        ("anonymous", f"/training/{e}/timetable.ics"),
        ("anonymous", feed),
        ("anonymous", "/api/training/programmes"),
        ("anonymous", "/api/training/programmes/tcm-advanced"),
        ("anonymous", "/api/training/editions"),
        ("anonymous", f"/api/training/editions/{e}"),
        ("anonymous", f"/api/training/editions/{e}/timetable"),
        ("organiser", f"/api/training/editions/{e}/timetable"),
    ]
    grow(training, 5)
    few = [count(clients[who], url) for who, url in pages]
    grow(training, 50)
    assert training.edition.sessions.count() == 50
    many = [count(clients[who], url) for who, url in pages]
    assert few == many, [
        (u, f, m) for (_w, u), f, m in zip(pages, few, many, strict=True) if f != m
    ]
    assert max(many) <= 20, list(zip([u for _w, u in pages], many, strict=True))
