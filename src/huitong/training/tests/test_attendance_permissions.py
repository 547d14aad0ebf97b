"""Every page and API endpoint of the attendance part, for the five kinds of visitor of
the foundation plus the edition's organiser and an accepted participant.

200/201/204 the page or object, 302 a redirect (to the log-in page for anonymous
visitors, or back to a page after an action), 401 the API's "sign in", 403 refused, 404
hidden. Each row runs the seven visitors one after the other on one set of data;
``prepare`` puts the data back in place before each of them (a check-in to undo, none to
create).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from huitong.training.models import CheckIn, Edition
from huitong.training.tests.attendance_helpers import freeze, present
from huitong.training.tests.conftest import TrainingWorld, at, make_edition

ACTORS = (
    "anonymous",
    "outsider",
    "member",
    "institution_admin",
    "alliance_admin",
    "organiser",
    "participant",
)

T = TrainingWorld
ALL_200 = (200,) * 7
ORGANISERS_200 = (302, 403, 403, 403, 200, 200, 403)
ORGANISERS_302 = (302, 403, 403, 403, 302, 302, 403)
PARTICIPANT_200 = (302, 403, 403, 403, 403, 403, 200)
API_ORGANISERS_200 = (401, 403, 403, 403, 200, 200, 403)


@dataclass
class Row:
    name: str
    method: str
    url: Callable[[T], str]
    expected: tuple[int, ...]  # in the order of ACTORS
    data: Callable[[T], dict[str, Any]] | None = None
    json: bool = False
    prepare: Callable[[T], None] | None = None


def e(t: T) -> str:
    return f"/training/{t.edition.pk}"


def s(t: T) -> str:
    return f"{e(t)}/sessions/{t.lecture.pk}"


def api(t: T) -> str:
    return f"/api/training/editions/{t.edition.pk}"


def no_checkins(t: T) -> None:
    CheckIn.objects.all().delete()


def one_checkin(t: T) -> None:
    present(t.application, t.lecture)


def draft(t: T) -> Edition:
    found = Edition.objects.filter(programme=t.programme, number=7).first()
    return found or make_edition(t.programme, number=7, status="draft")


PAGES = [
    Row("self check-in page", "get", lambda t: f"{e(t)}/check-in/", PARTICIPANT_200),
    Row("self check-in", "post", lambda t: f"{e(t)}/check-in/",
        (302, 403, 403, 403, 403, 403, 302), data=lambda t: {"code": "LECT23"},
        prepare=no_checkins),
    Row("own badge", "get", lambda t: f"{e(t)}/badge.pdf", PARTICIPANT_200),
    Row("check-in list", "get", lambda t: f"{s(t)}/check-in/?q=Part", ORGANISERS_200),
    Row("check in from the list", "post", lambda t: f"{s(t)}/check-in/{t.application.pk}/",
        ORGANISERS_302, prepare=no_checkins),
    Row("undo a check-in", "post", lambda t: f"{s(t)}/check-in/{t.application.pk}/undo/",
        ORGANISERS_302, prepare=one_checkin),
    Row("scan page", "get", lambda t: f"{s(t)}/scan/", ORGANISERS_200),
    Row("scan a badge", "post", lambda t: f"{s(t)}/scan/", ORGANISERS_200,
        data=lambda t: {"badge_code": t.application.badge_code}, prepare=no_checkins),
    Row("session code", "get", lambda t: f"{s(t)}/code/", ORGANISERS_200),
    Row("renew the session code", "post", lambda t: f"{s(t)}/code/renew/", ORGANISERS_302),
    Row("all badges", "get", lambda t: f"{e(t)}/badges.pdf?layout=a4", ORGANISERS_200),
    Row("a participant's badge", "get",
        lambda t: f"{e(t)}/attendance/{t.application.pk}/badge.pdf", ORGANISERS_200),
    Row("attendance overview", "get", lambda t: f"{e(t)}/attendance/", ORGANISERS_200),
    Row("attendance as CSV", "get", lambda t: f"{e(t)}/attendance.csv", ORGANISERS_200),
    Row("issue one certificate", "post",
        lambda t: f"{e(t)}/attendance/{t.application.pk}/certificate/", ORGANISERS_302),
    Row("issue the certificates", "post", lambda t: f"{e(t)}/certificates/issue/",
        ORGANISERS_302),
    Row("edition figures", "get", lambda t: f"{e(t)}/figures/", ALL_200),
    Row("figures of a draft edition", "get", lambda t: f"/training/{draft(t).pk}/figures/",
        (404, 404, 404, 404, 200, 404, 404)),
    Row("edition figures as CSV", "get", lambda t: f"{e(t)}/figures.csv", ORGANISERS_200),
    Row("programme figures", "get", lambda t: f"/training/programmes/{t.programme.slug}/figures/",
        ALL_200),
    Row("programme figures as CSV", "get",
        lambda t: f"/training/programmes/{t.programme.slug}/figures.csv", ORGANISERS_200),
    Row("a participant's journey", "get", lambda t: f"/training/alumni/{t.participant.pk}/",
        (302, 404, 404, 404, 200, 200, 200)),
]  # fmt: skip

API = [
    Row("api check in by badge", "post", lambda t: f"{api(t)}/sessions/{t.lecture.pk}/check-ins",
        (401, 403, 403, 403, 201, 201, 403),
        data=lambda t: {"badge_code": t.application.badge_code}, json=True,
        prepare=no_checkins),
    Row("api undo a check-in", "delete",
        lambda t: f"{api(t)}/sessions/{t.lecture.pk}/check-ins/{t.application.pk}",
        (401, 403, 403, 403, 204, 204, 403), prepare=one_checkin),
    Row("api session attendance", "get",
        lambda t: f"{api(t)}/sessions/{t.lecture.pk}/attendance", API_ORGANISERS_200),
    Row("api self check-in", "post", lambda t: f"{api(t)}/check-in",
        (401, 403, 403, 403, 403, 403, 201), data=lambda t: {"code": "LECT23"}, json=True,
        prepare=no_checkins),
    Row("api edition attendance", "get", lambda t: f"{api(t)}/attendance", API_ORGANISERS_200),
    Row("api edition figures", "get", lambda t: f"{api(t)}/figures", ALL_200),
]  # fmt: skip


def client_for(training: TrainingWorld, actor: str) -> Client:
    if actor == "organiser":
        client = Client()
        client.force_login(training.organiser)
        return client
    if actor == "participant":
        client = Client()
        client.force_login(training.participant)
        return client
    return training.world.client_for(actor)


@pytest.mark.parametrize("row", PAGES + API, ids=lambda row: row.name)
def test_permission_matrix(
    training: TrainingWorld, monkeypatch: pytest.MonkeyPatch, row: Row
) -> None:
    # During the lecture, so that its code is valid.
    freeze(monkeypatch, at(training.edition.starts_on, 9, 10))
    wrong = []
    for actor, expected in zip(ACTORS, row.expected, strict=True):
        if row.prepare is not None:
            row.prepare(training)
        client = client_for(training, actor)
        url = row.url(training)
        data = row.data(training) if row.data else {}
        if row.json:
            response = getattr(client, row.method)(
                url, data=json.dumps(data), content_type="application/json"
            )
        else:
            response = getattr(client, row.method)(url, data=data)
        if response.status_code != expected:
            wrong.append((actor, expected, response.status_code))
        elif expected == 302 and actor == "anonymous":
            assert response["Location"].startswith(reverse("accounts:login"))
    assert not wrong, wrong
