from __future__ import annotations

import pytest
from django.core import mail

from huitong.alliance import services
from huitong.alliance.models import Affiliation
from huitong.core.errors import Conflict
from huitong.testing import World, make_user


@pytest.mark.django_db(transaction=True)
def test_a_person_requests_and_the_institution_admin_approves(world: World) -> None:
    person = make_user("new.physician@example.rs", preferred_language="sr-latn")
    client = world.client_for("outsider")
    client.force_login(person)
    response = client.post(
        f"/institutions/{world.institution.pk}/affiliate/",
        {"role": "clinician", "message": "I work in the acupuncture clinic."},
    )
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(user=person)
    assert affiliation.status == "pending"
    assert [m.to for m in mail.outbox] == [[world.institution_admin.email]]

    admin = world.client_for("institution_admin")
    page = admin.get(f"/institutions/{world.institution.pk}/manage/")
    assert "I work in the acupuncture clinic." in page.content.decode()
    admin.post(f"/affiliations/{affiliation.pk}/approve/")
    affiliation.refresh_from_db()
    assert affiliation.status == "approved"
    assert affiliation.decided_by == world.institution_admin
    assert mail.outbox[-1].to == [person.email]


def test_a_second_open_request_for_the_same_role_is_refused(world: World) -> None:
    with pytest.raises(Conflict) as error:
        services.affiliation_request(
            user=world.member, institution=world.institution, role="faculty"
        )
    assert error.value.code == "affiliation_exists"
    client = world.client_for("member")
    response = client.post(f"/institutions/{world.institution.pk}/affiliate/", {"role": "faculty"})
    assert "You already have or have asked for this role" in response.content.decode()
    assert Affiliation.objects.filter(user=world.member, role="faculty").count() == 1


def test_a_decided_request_cannot_be_decided_again(world: World) -> None:
    pending = services.affiliation_request(
        user=world.outsider, institution=world.institution, role="student"
    )
    services.affiliation_decide(actor=world.institution_admin, affiliation=pending, approve=False)
    with pytest.raises(Conflict):
        services.affiliation_decide(
            actor=world.institution_admin, affiliation=pending, approve=True
        )
    pending.refresh_from_db()
    assert pending.status == "rejected"


def test_an_institution_keeps_its_last_admin(world: World) -> None:
    admin_role = Affiliation.objects.get(user=world.institution_admin, role="institution_admin")
    client = world.client_for("institution_admin")
    response = client.post(f"/affiliations/{admin_role.pk}/end/", follow=True)
    assert "keeps at least one admin" in response.content.decode()
    admin_role.refresh_from_db()
    assert admin_role.status == "approved"


def test_a_person_ends_their_own_affiliation(world: World) -> None:
    affiliation = Affiliation.objects.get(user=world.member)
    world.client_for("member").post(f"/affiliations/{affiliation.pk}/end/")
    affiliation.refresh_from_db()
    assert affiliation.status == "ended"


def test_a_member_cannot_approve_requests(world: World) -> None:
    pending = services.affiliation_request(
        user=world.outsider, institution=world.institution, role="student"
    )
    response = world.client_for("member").post(f"/affiliations/{pending.pk}/approve/")
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_the_api_rejects_an_unknown_role_with_a_field_message(world: World) -> None:
    response = world.client_for("outsider").post(
        "/api/affiliations",
        {"institution_id": world.institution.pk, "role": "dean"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["role"] == ["Select a valid choice."]
    assert not Affiliation.objects.filter(user=world.outsider).exists()


def test_the_role_must_be_chosen_and_admin_is_never_preselected(world: World) -> None:
    client = world.client_for("outsider")
    form = client.get(f"/institutions/{world.institution.pk}/affiliate/").content.decode()
    assert '<option value="" selected>' in form
    response = client.post(f"/institutions/{world.institution.pk}/affiliate/", {"role": ""})
    assert "This field is required." in response.content.decode()
    assert not Affiliation.objects.filter(user=world.outsider).exists()
