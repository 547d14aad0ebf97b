"""Invitations: organisers invite a speaker or an expert by e-mail; the link admits them,
once, outside the edition's places."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from huitong.core.errors import Conflict
from huitong.training import applications as services
from huitong.training.models import (
    Application,
    ApplicationStatus,
    Edition,
    Invitation,
    ParticipantRole,
)
from huitong.training.tests.application_helpers import applicant, open_edition, submit
from huitong.training.tests.conftest import TrainingWorld


@pytest.fixture
def edition(training: TrainingWorld) -> Edition:
    return open_edition(training.edition)


def invite(training: TrainingWorld, email: str = "expert@example.org", **kw: Any) -> Invitation:
    return services.invitation_create(
        actor=training.organiser, edition=training.edition, email=email, **kw
    )


def test_an_invitation_is_mailed_with_its_link(
    training: TrainingWorld, edition: Edition, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(training, name="Dr. Ana Kovač", role=ParticipantRole.SPEAKER)
    message = mail.outbox[-1]
    assert message.to == ["expert@example.org"]
    assert message.subject.startswith("Invitation:")
    assert f"/training/invitations/{invitation.token}/" in message.body
    assert "Hello Dr. Ana Kovač," in message.body
    assert "Speaker" in message.body


def test_accepting_admits_outside_the_places_and_only_once(
    training: TrainingWorld, edition: Edition
) -> None:
    invitation = invite(training, role=ParticipantRole.SPEAKER)
    expert = applicant("expert@example.org")
    guest = services.invitation_accept(user=expert, invitation=invitation)
    assert guest.invited
    assert guest.role == ParticipantRole.SPEAKER
    assert guest.status == ApplicationStatus.ACCEPTED
    assert Edition.objects.get(pk=edition.pk).places_taken == 1
    invitation.refresh_from_db()
    assert invitation.used_by == expert
    assert invitation.used_at is not None
    # The same person again gets the same participation; anyone else is refused.
    assert services.invitation_accept(user=expert, invitation=invitation).pk == guest.pk
    with pytest.raises(Conflict) as error:
        services.invitation_accept(user=applicant("other@example.org"), invitation=invitation)
    assert error.value.code == "invitation_used"


def test_an_expired_invitation_is_refused(training: TrainingWorld, edition: Edition) -> None:
    invitation = invite(training, expires_at=timezone.now() + dt.timedelta(days=1))
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    invitation.refresh_from_db()
    with pytest.raises(Conflict) as error:
        services.invitation_accept(user=applicant("expert@example.org"), invitation=invitation)
    assert error.value.code == "invitation_expired"
    assert not Application.objects.filter(applicant__email="expert@example.org").exists()


def test_an_applicant_who_is_invited_leaves_the_places(
    training: TrainingWorld, edition: Edition
) -> None:
    person = applicant("alumna@example.org")
    application = submit(training, None, person)
    services.application_decide(
        actor=training.organiser, application=application, decision="accept"
    )
    waiting = submit(training, None, applicant("waiting@example.org"))
    other = submit(training, None, applicant("other@example.org"))
    services.application_decide(actor=training.organiser, application=other, decision="accept")
    services.application_decide(actor=training.organiser, application=waiting, decision="waitlist")
    assert Edition.objects.get(pk=edition.pk).places_taken == 3
    guest = services.invitation_accept(user=person, invitation=invite(training, email=person.email))
    assert guest.pk == application.pk
    assert guest.invited
    assert guest.role == ParticipantRole.EXPERT
    # The place it held went to the waiting list.
    assert Application.objects.get(pk=waiting.pk).status == ApplicationStatus.OFFERED
    assert Edition.objects.get(pk=edition.pk).places_taken == 3


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"email": "not an address"}, "email"),
        ({"role": ParticipantRole.PARTICIPANT}, "role"),
        ({"expires_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}, "expires_at"),
    ],
)
def test_invalid_invitations_are_refused(
    training: TrainingWorld, edition: Edition, fields: dict[str, Any], key: str
) -> None:
    with pytest.raises(ValidationError) as error:
        invite(training, **fields)
    assert key in error.value.message_dict
    assert not Invitation.objects.exists()


def test_a_second_waiting_invitation_to_the_same_address_is_refused(
    training: TrainingWorld, edition: Edition
) -> None:
    invite(training)
    with pytest.raises(Conflict) as error:
        invite(training, email="Expert@Example.org")
    assert error.value.code == "invitation_pending"


def test_a_waiting_invitation_can_be_withdrawn_an_accepted_one_not(
    training: TrainingWorld, edition: Edition
) -> None:
    waiting = invite(training)
    services.invitation_revoke(actor=training.organiser, invitation=waiting)
    assert not Invitation.objects.filter(pk=waiting.pk).exists()
    used = invite(training, email="speaker@example.org")
    services.invitation_accept(user=applicant("speaker@example.org"), invitation=used)
    with pytest.raises(Conflict):
        services.invitation_revoke(actor=training.organiser, invitation=used)


def test_the_invitation_pages(training: TrainingWorld, edition: Edition) -> None:
    organiser = Client()
    organiser.force_login(training.organiser)
    url = f"/training/{edition.pk}/invitations/"
    response = organiser.post(
        url,
        {"email": "guest@example.org", "name": "Guest", "role": "expert", "language": "pl"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="guest@example.org")
    assert "guest@example.org" in organiser.get(url).content.decode()

    link = f"/training/invitations/{invitation.token}/"
    anonymous = Client().get(link)
    assert anonymous.status_code == 200
    assert "Log in to accept it" in anonymous.content.decode()
    assert Client().post(link)["Location"].startswith("/accounts/login/?next=")

    guest = Client()
    guest.force_login(applicant("guest@example.org"))
    assert "Accept the invitation" in guest.get(link).content.decode()
    assert guest.post(link).status_code == 302
    assert Application.objects.get(applicant__email="guest@example.org").invited
    again = guest.get(link)
    assert "already accepted" in again.content.decode()
    assert Client().get("/training/invitations/not-a-token/").status_code == 404


def test_an_invalid_invitation_form_keeps_nothing(
    training: TrainingWorld, edition: Edition
) -> None:
    organiser = Client()
    organiser.force_login(training.organiser)
    response = organiser.post(
        f"/training/{edition.pk}/invitations/",
        {
            "email": "guest@example.org",
            "role": "expert",
            "language": "en",
            "expires_on": "2020-01-01",
        },
    )
    assert response.status_code == 400
    assert "The expiry must be in the future." in response.content.decode()
    assert not Invitation.objects.exists()
