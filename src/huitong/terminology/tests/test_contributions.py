from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from huitong.core.errors import Conflict
from huitong.terminology import services
from huitong.terminology.access import EDITORS_GROUP
from huitong.terminology.models import ConceptCode, Designation
from huitong.terminology.selectors import search_concepts
from huitong.testing import World, make_user


@pytest.fixture
def st36(db: None) -> int:
    return ConceptCode.objects.get(system__slug="acupoint", code="ST36").concept_id


def editor_client() -> tuple[Client, object]:
    editor = make_user("editor@example.org")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client = Client()
    client.force_login(editor)
    return client, editor


def test_a_member_proposes_and_an_editor_approves(world: World, st36: int) -> None:
    member = world.client_for("member")
    response = member.post(
        f"/terms/{st36}/terms/",
        {"language": "sr-Latn", "text": "Tri milje na nozi", "use": "preferred"},
        follow=True,
    )
    assert "Your proposal waits for a terminology editor." in response.content.decode()
    proposal = Designation.objects.get(text="Tri milje na nozi")
    assert proposal.status == "proposed"
    page = Client().get(f"/terms/{st36}/").content.decode()
    assert "Tri milje na nozi" in page
    assert "Proposed" in page
    assert search_concepts(query="tri milje").total == 0

    editor, _user = editor_client()
    editor.post(f"/terms/terms/{proposal.pk}/approve/", {"comment": "Agreed in Belgrade."})
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    assert search_concepts(query="tri milje na nozi").concepts[0].pk == st36
    history = Client().get(f"/terms/{st36}/history/").content.decode()
    assert "proposed a term" in history
    assert "approved a proposed term" in history
    assert "Agreed in Belgrade." in history


def test_an_outsider_cannot_propose(world: World, st36: int) -> None:
    response = world.client_for("outsider").post(
        f"/terms/{st36}/terms/", {"language": "pl", "text": "Trzy mile", "use": "synonym"}
    )
    assert response.status_code == 403
    assert not Designation.objects.filter(text="Trzy mile").exists()


def test_a_member_cannot_review(world: World, st36: int) -> None:
    proposal = services.designation_propose(
        actor=world.member, concept=ConceptCode.objects.get(code="ST36").concept,
        language="pl", text="Trzy mile nogi", use="synonym",
    )  # fmt: skip
    response = world.client_for("member").post(f"/terms/terms/{proposal.pk}/approve/")
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_a_bad_language_tag_is_explained(world: World, st36: int) -> None:
    response = world.client_for("member").post(
        f"/terms/{st36}/terms/",
        {"language": "serbian!", "text": "x", "use": "synonym"},
        follow=True,
    )
    assert "is not a BCP 47 language tag" in response.content.decode()
    api = world.client_for("member").post(
        f"/api/terms/concepts/{st36}/proposals",
        {"language": "zz_ZZ!", "text": "x"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert not Designation.objects.filter(text="x").exists()


def test_the_same_term_twice_is_refused(world: World, st36: int) -> None:
    concept = ConceptCode.objects.get(code="ST36").concept
    with pytest.raises(Conflict):
        services.designation_propose(
            actor=world.member, concept=concept, language="zh-Hans", text="足三里", use="synonym"
        )


def test_the_api_reviews_for_editors_only(world: World, st36: int) -> None:
    proposal = world.client_for("member").post(
        f"/api/terms/concepts/{st36}/proposals",
        {"language": "pt-BR", "text": "Três milhas da perna"},
        content_type="application/json",
    )
    assert proposal.status_code == 201
    designation_id = proposal.json()["id"]
    refused = world.client_for("alliance_admin").post(
        f"/api/terms/designations/{designation_id}/review",
        {"approve": True},
        content_type="application/json",
    )
    assert refused.status_code == 403
    editor, _user = editor_client()
    done = editor.post(
        f"/api/terms/designations/{designation_id}/review",
        {"approve": False, "comment": "Use the WHO form."},
        content_type="application/json",
    )
    assert done.json()["status"] == "rejected"
