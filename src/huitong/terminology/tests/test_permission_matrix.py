"""Every terminology page and endpoint for the five kinds of visitor plus an editor."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from huitong.terminology import services
from huitong.terminology.access import EDITORS_GROUP
from huitong.terminology.models import ConceptCode
from huitong.testing import World, make_user

ACTORS = ("anonymous", "outsider", "member", "institution_admin", "alliance_admin", "editor")


@dataclass
class Row:
    name: str
    method: str
    url: Callable[[int, int], str]  # (concept id, proposal id) → URL
    expected: tuple[int, int, int, int, int, int]
    data: dict[str, Any] | None = None
    json: bool = False


ALL_200 = (200, 200, 200, 200, 200, 200)
EDITORS_PAGE = (302, 403, 403, 403, 403, 200)
EDITORS_POST = (302, 403, 403, 403, 403, 302)

ROWS = [
    Row("search page", "get", lambda c, p: "/terms/?q=zusanli", ALL_200),
    Row("browse", "get", lambda c, p: "/terms/browse/?meridian=ST", ALL_200),
    Row("concept page", "get", lambda c, p: f"/terms/{c}/", ALL_200),
    Row("history", "get", lambda c, p: f"/terms/{c}/history/", ALL_200),
    Row("review queue", "get", lambda c, p: "/terms/proposals/", EDITORS_PAGE),
    Row("new concept form", "get", lambda c, p: "/terms/new/", EDITORS_PAGE),
    Row(
        "propose a term",
        "post",
        lambda c, p: f"/terms/{c}/terms/",
        (302, 403, 302, 302, 403, 302),
        data={"language": "pl", "text": "Punkt 36", "use": "synonym"},
    ),
    Row("approve a proposal", "post", lambda c, p: f"/terms/terms/{p}/approve/", EDITORS_POST),
    Row(
        "add a code",
        "post",
        lambda c, p: f"/terms/{c}/codes/",
        EDITORS_POST,
        data={"system": "", "code": "x"},
    ),
    Row(
        "api search", "get", lambda c, p: "/api/terms/search?q=%E8%B6%B3%E4%B8%89%E9%87%8C", ALL_200
    ),
    Row("api lookup", "get", lambda c, p: "/api/terms/lookup?code=ST36", ALL_200),
    Row("api translate", "get", lambda c, p: "/api/terms/translate?code=ST36", ALL_200),
    Row("api systems", "get", lambda c, p: "/api/terms/systems", ALL_200),
    Row("api concept", "get", lambda c, p: f"/api/terms/concepts/{c}", ALL_200),
    Row(
        "api propose",
        "post",
        lambda c, p: f"/api/terms/concepts/{c}/proposals",
        (401, 403, 201, 201, 403, 201),
        data={"language": "pt-BR", "text": "Ponto 36"},
        json=True,
    ),
    Row(
        "api review",
        "post",
        lambda c, p: f"/api/terms/designations/{p}/review",
        (401, 403, 403, 403, 403, 200),
        data={"approve": True},
        json=True,
    ),
]

CASES = [
    pytest.param(row, actor, expected, id=f"{row.name}-{actor}")
    for row in ROWS
    for actor, expected in zip(ACTORS, row.expected, strict=True)
]


@pytest.mark.parametrize(("row", "actor", "expected"), CASES)
def test_terminology_permission_matrix(world: World, row: Row, actor: str, expected: int) -> None:
    concept = ConceptCode.objects.get(system__slug="acupoint", code="ST36").concept
    proposal = services.designation_propose(
        actor=world.member, concept=concept, language="sr-Latn", text="Tri milje", use="synonym"
    )
    if actor == "editor":
        editor = make_user("editor@example.org")
        editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
        client = Client()
        client.force_login(editor)
    else:
        client = world.client_for(actor)
    url = row.url(concept.pk, proposal.pk)
    if row.json:
        response = getattr(client, row.method)(
            url, data=json.dumps(row.data or {}), content_type="application/json"
        )
    else:
        response = getattr(client, row.method)(url, data=row.data or {})
    assert response.status_code == expected, response.content[:300]
