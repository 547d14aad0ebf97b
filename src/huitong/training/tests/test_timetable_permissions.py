"""Every page and API endpoint of programmes, editions and the timetable, for the five
kinds of visitor of the foundation plus the edition's organiser and a participant.

200 the page or object, 302 a redirect (to the log-in page for anonymous visitors, or
back to a page after an action), 401 the API's "sign in", 403 refused, 404 hidden.

Each row builds the training world once and tries every actor inside a savepoint that is
rolled back, so that one actor's action does not change what the next one finds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from huitong.testing import make_user
from huitong.training import access, services
from huitong.training.models import (
    Edition,
    EditionOrganiser,
    EditionStatus,
    OrganiserRole,
    Session,
    SessionMaterial,
)
from huitong.training.tests.conftest import TrainingWorld, at, make_edition, make_session

ACTORS = (
    "anonymous",
    "outsider",
    "member",
    "institution_admin",
    "alliance_admin",
    "organiser",
    "participant",
)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass
class Extra:
    t: TrainingWorld
    draft: Edition
    spare: Session  # a session nobody checked in to, with no speaker
    material: SessionMaterial  # on the workshop, whose speaker is external
    colleague: EditionOrganiser


def extra(t: TrainingWorld) -> Extra:
    draft = make_edition(
        t.programme, number=7, status=EditionStatus.DRAFT, timetable_published=False
    )
    EditionOrganiser.objects.create(edition=draft, user=t.organiser, role=OrganiserRole.CHAIR)
    make_session(draft, at(draft.starts_on, 9), title="Draft session")
    spare = make_session(t.edition, at(t.edition.starts_on, 17), title="Spare", room="Room 9")
    material = services.material_add(
        actor=None, session=t.workshop, file=SimpleUploadedFile("slides.pdf", PDF)
    )
    colleague = EditionOrganiser.objects.create(
        edition=draft, user=make_user("colleague@example.org"), role=OrganiserRole.SECRETARIAT
    )
    return Extra(t, draft, spare, material, colleague)


@dataclass
class Row:
    name: str
    method: str
    url: Callable[[Extra], str]
    expected: tuple[int, int, int, int, int, int, int]  # in the order of ACTORS
    data: Callable[[Extra], dict[str, Any]] | None = None


ALL_200 = (200,) * 7
STAFF_200 = (302, 403, 403, 403, 200, 200, 403)
STAFF_302 = (302, 403, 403, 403, 302, 302, 403)
DRAFT_200 = (404, 404, 404, 404, 200, 200, 404)
DRAFT_STAFF_200 = (302, 404, 404, 404, 200, 200, 404)
DRAFT_STAFF_302 = (302, 404, 404, 404, 302, 302, 404)
MATERIALS = (302, 403, 403, 403, 200, 200, 200)
API_STAFF_200 = (404, 404, 404, 404, 200, 200, 404)


def e(x: Extra) -> int:
    return x.t.edition.pk


def s(x: Extra) -> str:
    return f"/training/{e(x)}/sessions/{x.t.workshop.pk}"


def session_data(x: Extra) -> dict[str, Any]:
    return {
        "title": "New one",
        "kind": "seminar",
        "day": "2025-12-15",
        "starts": "09:00",
        "ends": "10:00",
        "room": "Room 12",
        "original_language": "en",
    }


ROWS = [
    Row("programmes", "get", lambda x: "/training/", ALL_200),
    Row("programme", "get", lambda x: "/training/programmes/tcm-advanced/", ALL_200),
    Row("edition", "get", lambda x: f"/training/{e(x)}/", ALL_200),
    Row("draft edition", "get", lambda x: f"/training/{x.draft.pk}/", DRAFT_200),
    Row("timetable", "get", lambda x: f"/training/{e(x)}/timetable/?tz=viewer", ALL_200),
    Row("draft timetable", "get", lambda x: f"/training/{x.draft.pk}/timetable/", DRAFT_200),
    Row("timetable feed", "get", lambda x: f"/training/{e(x)}/timetable.ics", ALL_200),
    Row("draft timetable feed", "get", lambda x: f"/training/{x.draft.pk}/timetable.ics",
        (404,) * 7),
    Row("personal feed", "get",
        lambda x: f"/training/calendar/{access.calendar_token(x.t.application)}.ics", ALL_200),
    Row("session", "get", lambda x: f"{s(x)}/", ALL_200),
    Row("material", "get", lambda x: f"{s(x)}/materials/{x.material.pk}/", MATERIALS),
    Row("new programme", "get", lambda x: "/training/programmes/new/",
        (302, 403, 403, 403, 200, 403, 403)),
    Row("edit a programme", "get", lambda x: "/training/programmes/tcm-advanced/edit/",
        (302, 403, 403, 403, 200, 403, 403)),
    Row("new edition", "get", lambda x: "/training/programmes/tcm-advanced/editions/new/",
        (302, 403, 403, 403, 200, 403, 403)),
    Row("manage", "get", lambda x: f"/training/{e(x)}/manage/", STAFF_200),
    Row("manage a draft", "get", lambda x: f"/training/{x.draft.pk}/manage/", DRAFT_STAFF_200),
    Row("edit", "get", lambda x: f"/training/{e(x)}/edit/", STAFF_200),
    Row("publish a draft", "post", lambda x: f"/training/{x.draft.pk}/publish/", DRAFT_STAFF_302),
    Row("cancel", "post", lambda x: f"/training/{e(x)}/cancel/", STAFF_302),
    Row("organisers", "get", lambda x: f"/training/{e(x)}/organisers/", STAFF_200),
    Row("add an organiser", "post", lambda x: f"/training/{e(x)}/organisers/add/", STAFF_302,
        data=lambda x: {"email": "member@example.org", "role": "organiser"}),
    Row("remove an organiser", "post",
        lambda x: f"/training/{x.draft.pk}/organisers/{x.colleague.pk}/remove/", DRAFT_STAFF_302),
    Row("new session", "get", lambda x: f"/training/{e(x)}/sessions/new/", STAFF_200),
    Row("add a session", "post", lambda x: f"/training/{e(x)}/sessions/new/", STAFF_302,
        data=session_data),
    Row("edit a session", "get", lambda x: f"{s(x)}/edit/", STAFF_200),
    Row("delete a session", "post",
        lambda x: f"/training/{e(x)}/sessions/{x.spare.pk}/delete/", STAFF_302),
    Row("publish the timetable", "post", lambda x: f"/training/{e(x)}/timetable/publish/",
        STAFF_302, data=lambda x: {"action": "unpublish"}),
    Row("add a material", "post", lambda x: f"{s(x)}/materials/add/", STAFF_302,
        data=lambda x: {"file": SimpleUploadedFile("notes.pdf", PDF)}),
    Row("delete a material", "post", lambda x: f"{s(x)}/materials/{x.material.pk}/delete/",
        STAFF_302),
    Row("api programmes", "get", lambda x: "/api/training/programmes", ALL_200),
    Row("api programme", "get", lambda x: "/api/training/programmes/tcm-advanced", ALL_200),
    Row("api editions", "get", lambda x: "/api/training/editions?country=RS", ALL_200),
    Row("api edition", "get", lambda x: f"/api/training/editions/{e(x)}", ALL_200),
    Row("api draft edition", "get", lambda x: f"/api/training/editions/{x.draft.pk}",
        API_STAFF_200),
    Row("api timetable", "get", lambda x: f"/api/training/editions/{e(x)}/timetable", ALL_200),
    Row("api draft timetable", "get", lambda x: f"/api/training/editions/{x.draft.pk}/timetable",
        API_STAFF_200),
]  # fmt: skip


def client_for(x: Extra, actor: str) -> Client:
    if actor == "organiser":
        client = Client()
        client.force_login(x.t.organiser)
        return client
    if actor == "participant":
        client = Client()
        client.force_login(x.t.participant)
        return client
    return x.t.world.client_for(actor)


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_permission_matrix(training: TrainingWorld, row: Row) -> None:
    x = extra(training)
    found = {}
    for actor in ACTORS:
        cache.clear()
        with transaction.atomic():
            client = client_for(x, actor)
            data = row.data(x) if row.data else {}
            response = getattr(client, row.method)(row.url(x), data=data)
            found[actor] = response.status_code
            if response.status_code == 302 and actor == "anonymous":
                assert response["Location"].startswith(reverse("accounts:login"))
            transaction.set_rollback(True)
    assert tuple(found[a] for a in ACTORS) == row.expected, found
