"""The attendance pages run a fixed number of queries, whatever the number of people."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from huitong.alliance import services as alliance_services
from huitong.training.tests.attendance_helpers import accept, present
from huitong.training.tests.conftest import TrainingWorld

PAGES: list[tuple[str, Callable[[TrainingWorld], str]]] = [
    ("check-in list", lambda t: f"/training/{t.edition.pk}/sessions/{t.lecture.pk}/check-in/"),
    ("attendance overview", lambda t: f"/training/{t.edition.pk}/attendance/"),
    ("attendance csv", lambda t: f"/training/{t.edition.pk}/attendance.csv"),
    ("edition figures", lambda t: f"/training/{t.edition.pk}/figures/"),
    ("programme figures", lambda t: f"/training/programmes/{t.programme.slug}/figures/"),
    ("api attendance", lambda t: f"/api/training/editions/{t.edition.pk}/attendance"),
    (
        "api session attendance",
        lambda t: f"/api/training/editions/{t.edition.pk}/sessions/{t.lecture.pk}/attendance",
    ),
]


def add_people(training: TrainingWorld, start: int, count: int) -> None:
    for n in range(start, start + count):
        application = accept(
            training.edition, f"p{n}@example.org", name_latin=f"Person {n}",
            country=["CN", "RS", "PL"][n % 3], professional_role="physician",
        )  # fmt: skip
        alliance_services.affiliation_grant(
            actor=None, user=application.applicant, institution=training.world.institution,
            role="faculty",
        )  # fmt: skip
        present(application, *training.sessions[: n % 4])


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "url"), PAGES, ids=[name for name, _url in PAGES])
def test_queries_do_not_grow_with_the_people(
    training: TrainingWorld, name: str, url: Callable[[TrainingWorld], str]
) -> None:
    client = Client()
    client.force_login(training.organiser)
    add_people(training, 0, 2)
    count(client, url(training))  # warm the caches (content types, countries)
    few = count(client, url(training))
    add_people(training, 2, 10)
    assert count(client, url(training)) == few
