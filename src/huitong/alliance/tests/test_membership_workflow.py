from __future__ import annotations

import pytest
from django.test import Client

from huitong.alliance import services
from huitong.alliance.models import Membership
from huitong.core.errors import Conflict
from huitong.core.models import AuditEntry
from huitong.testing import World, make_institution


def test_an_application_goes_through_the_whole_workflow(world: World) -> None:
    candidate = make_institution("Jagiellonian University", country="PL", city="Kraków")
    admin = world.alliance_admin
    membership = services.membership_apply(
        actor=world.institution_admin, alliance=world.alliance, institution=candidate
    )
    assert membership.status == "applied"
    for action, status in [
        ("approve", "approved"),
        ("suspend", "suspended"),
        ("reinstate", "approved"),
        ("leave", "left"),
        ("reapply", "applied"),
        ("reject", "rejected"),
    ]:
        membership = services.membership_transition(
            actor=admin, membership=membership, action=action
        )
        assert membership.status == status
    actions = list(
        AuditEntry.objects.filter(target_id=str(membership.pk), target_type="alliance.membership")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "membership.apply",
        "membership.approve",
        "membership.suspend",
        "membership.reinstate",
        "membership.leave",
        "membership.apply",
        "membership.reject",
    ]
    assert AuditEntry.objects.filter(action="membership.approve", actor=admin).exists()


@pytest.mark.parametrize("action", ["approve", "reject", "reinstate", "reapply"])
def test_an_approved_membership_cannot_take_a_wrong_step(world: World, action: str) -> None:
    membership = Membership.objects.get(institution=world.institution)
    with pytest.raises(Conflict) as error:
        services.membership_transition(
            actor=world.alliance_admin, membership=membership, action=action
        )
    assert error.value.code == "invalid_transition"
    assert "cannot be changed that way" in str(error.value)
    membership.refresh_from_db()
    assert membership.status == "approved"


def test_a_second_application_for_the_same_pair_is_refused(world: World) -> None:
    with pytest.raises(Conflict) as error:
        services.membership_apply(
            actor=world.institution_admin, alliance=world.alliance, institution=world.institution
        )
    assert error.value.code == "membership_exists"
    assert Membership.objects.filter(institution=world.institution).count() == 1


def test_the_page_explains_a_second_application(world: World) -> None:
    client = world.client_for("institution_admin")
    response = client.post(
        f"/institutions/{world.institution.pk}/apply/",
        {"alliance": world.alliance.pk},
        follow=True,
    )
    assert "already has a membership or an application in this alliance" in (
        response.content.decode()
    )


def test_the_api_explains_a_second_application_in_the_users_language(world: World) -> None:
    world.institution_admin.preferred_language = "zh-hans"
    world.institution_admin.save()
    client = world.client_for("institution_admin")
    response = client.post(
        f"/api/alliances/{world.alliance.slug}/memberships",
        {"institution_id": world.institution.pk},
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "membership_exists"
    assert "already has a membership" not in body["detail"]
    assert "联盟" in body["detail"]


def test_anonymous_api_errors_follow_accept_language(client: Client, db: None) -> None:
    response = client.get("/api/alliances/nowhere", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["detail"] != "Not found."


def test_alliance_admins_decide_from_their_page(world: World) -> None:
    candidate = make_institution("Semmelweis University", country="HU", city="Budapest")
    membership = services.membership_apply(
        actor=None, alliance=world.alliance, institution=candidate
    )
    client = world.client_for("alliance_admin")
    page = client.get(f"/a/{world.alliance.slug}/manage/")
    assert "Semmelweis University" in page.content.decode()
    response = client.post(f"/memberships/{membership.pk}/approve/", follow=True)
    assert "The membership is updated." in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == "approved"
    assert membership.joined_on is not None


def test_an_admin_of_another_alliance_cannot_decide(world: World, client: Client) -> None:
    other = services.alliance_create(actor=None, slug="hospitals", name="Flagship Hospitals")
    services.alliance_admin_add(actor=None, alliance=other, user=world.outsider)
    membership = Membership.objects.get(institution=world.institution)
    client.force_login(world.outsider)
    assert client.post(f"/memberships/{membership.pk}/suspend/").status_code == 403
    membership.refresh_from_db()
    assert membership.status == "approved"
