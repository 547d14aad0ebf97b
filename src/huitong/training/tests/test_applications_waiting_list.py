"""The waiting list: a place that frees is offered to the first person waiting, who has
the edition's number of days to confirm; an offer not confirmed in time expires and goes
to the next person. Applicants withdraw, confirm and decline on their status page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from huitong.core.errors import Conflict
from huitong.training import applications as services
from huitong.training.models import Application, ApplicationStatus, Edition
from huitong.training.tests.application_helpers import applicant, open_edition, submit
from huitong.training.tests.conftest import TrainingWorld

S = ApplicationStatus


@dataclass
class Full:
    """A full edition (3 places: the fixture's participant, ``first`` and ``second``)
    with ``waiting`` people on the waiting list, in this order."""

    first: Application
    second: Application
    waiting: list[Application]


def status(application: Application) -> str:
    return Application.objects.get(pk=application.pk).status


def places(training: TrainingWorld) -> int:
    return Edition.objects.get(pk=training.edition.pk).places_taken


@pytest.fixture
def full(training: TrainingWorld) -> Full:
    open_edition(training.edition, offer_days=4)
    people = [submit(training, None, applicant(f"person{n}@example.org")) for n in range(5)]
    decisions: list[services.Decision] = ["accept", "accept", "waitlist", "waitlist", "waitlist"]
    for application, decision in zip(people, decisions, strict=True):
        services.application_decide(
            actor=training.organiser, application=application, decision=decision
        )
    mail.outbox.clear()
    return Full(first=people[0], second=people[1], waiting=people[2:])


def expire_offer(application: Application) -> None:
    Application.objects.filter(pk=application.pk).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )


def test_a_withdrawal_offers_the_place_to_the_first_on_the_list(
    training: TrainingWorld, full: Full, django_capture_on_commit_callbacks: Any
) -> None:
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(user=full.first.applicant, application=full.first)
    assert status(full.first) == S.WITHDRAWN
    offered = Application.objects.get(pk=full.waiting[0].pk)
    assert offered.status == S.OFFERED
    assert offered.offer_expires_at is not None
    assert (
        before + dt.timedelta(days=4)
        <= offered.offer_expires_at
        <= timezone.now() + dt.timedelta(days=4)
    )
    assert status(full.waiting[1]) == S.WAITLISTED
    assert places(training) == 3  # the offered place is held
    recipients = {m.to[0]: m.subject for m in mail.outbox}
    assert recipients["person0@example.org"].startswith("Application withdrawn")
    assert recipients["person2@example.org"].startswith("A place is offered to you")
    offer_mail = next(m for m in mail.outbox if m.to == ["person2@example.org"])
    assert "Confirm it by" in offer_mail.body


def test_confirming_the_offer_accepts(training: TrainingWorld, full: Full) -> None:
    services.application_withdraw(user=full.first.applicant, application=full.first)
    offered = Application.objects.get(pk=full.waiting[0].pk)
    confirmed = services.offer_confirm(user=offered.applicant, application=offered)
    assert confirmed.status == S.ACCEPTED
    assert confirmed.offer_expires_at is None
    assert places(training) == 3


def test_declining_the_offer_passes_it_on(training: TrainingWorld, full: Full) -> None:
    services.application_withdraw(user=full.first.applicant, application=full.first)
    offered = Application.objects.get(pk=full.waiting[0].pk)
    services.offer_decline(user=offered.applicant, application=offered)
    assert status(offered) == S.WITHDRAWN
    assert status(full.waiting[1]) == S.OFFERED
    assert places(training) == 3


def test_an_expired_offer_is_processed_when_the_applications_are_read(
    training: TrainingWorld, full: Full, django_capture_on_commit_callbacks: Any
) -> None:
    services.application_withdraw(user=full.first.applicant, application=full.first)
    expire_offer(full.waiting[0])
    mail.outbox.clear()
    client = Client()
    client.force_login(full.waiting[0].applicant)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(f"/training/{training.edition.pk}/application/")
    assert page.context["application"].status == S.EXPIRED
    assert status(full.waiting[1]) == S.OFFERED
    assert places(training) == 3
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["person2@example.org"].startswith("The offered place has expired")
    assert subjects["person3@example.org"].startswith("A place is offered to you")


def test_confirming_too_late_is_refused_and_the_place_moves_on(
    training: TrainingWorld, full: Full
) -> None:
    services.application_withdraw(user=full.first.applicant, application=full.first)
    expire_offer(full.waiting[0])
    offered = Application.objects.get(pk=full.waiting[0].pk)
    with pytest.raises(Conflict) as error:
        services.offer_confirm(user=offered.applicant, application=offered)
    assert error.value.code == "offer_expired"
    assert status(offered) == S.EXPIRED
    assert status(full.waiting[1]) == S.OFFERED


def test_the_command_expires_offers_for_cron(training: TrainingWorld, full: Full) -> None:
    from io import StringIO

    services.application_withdraw(user=full.first.applicant, application=full.first)
    expire_offer(full.waiting[0])
    out = StringIO()
    call_command("training_offers", stdout=out)
    assert out.getvalue().strip() == "1 offers expired."
    assert status(full.waiting[0]) == S.EXPIRED
    assert status(full.waiting[1]) == S.OFFERED
    out = StringIO()
    call_command("training_offers", f"--edition={training.edition.pk}", stdout=out)
    assert out.getvalue().strip() == "0 offers expired."


def test_the_last_offer_expiring_frees_the_place(training: TrainingWorld, full: Full) -> None:
    services.application_withdraw(user=full.first.applicant, application=full.first)
    for waiting in full.waiting:
        current = Application.objects.get(pk=waiting.pk)
        assert current.status == S.OFFERED
        expire_offer(current)
        services.offers_expire(edition=training.edition)
    assert [status(w) for w in full.waiting] == [S.EXPIRED] * 3
    assert places(training) == 2


def test_rejecting_an_accepted_person_offers_the_place(training: TrainingWorld, full: Full) -> None:
    services.application_decide(
        actor=training.organiser, application=full.second, decision="reject"
    )
    assert status(full.waiting[0]) == S.OFFERED
    assert places(training) == 3


def test_a_raised_capacity_is_offered_to_the_waiting_list(
    training: TrainingWorld, full: Full
) -> None:
    Edition.objects.filter(pk=training.edition.pk).update(capacity=5)
    offered = services.waiting_list_fill(actor=training.organiser, edition=training.edition)
    assert [a.pk for a in offered] == [full.waiting[0].pk, full.waiting[1].pk]
    assert status(full.waiting[2]) == S.WAITLISTED
    assert places(training) == 5


def test_the_waiting_list_is_served_in_order_of_arrival(
    training: TrainingWorld, full: Full
) -> None:
    # Moved to the list again, the first waiting person goes to its end.
    services.application_decide(
        actor=training.organiser, application=full.waiting[0], decision="reject"
    )
    services.application_decide(
        actor=training.organiser, application=full.waiting[0], decision="waitlist"
    )
    services.application_withdraw(user=full.first.applicant, application=full.first)
    assert status(full.waiting[1]) == S.OFFERED
    assert status(full.waiting[0]) == S.WAITLISTED


def test_withdrawing_a_submitted_application_frees_no_place(
    training: TrainingWorld, full: Full
) -> None:
    late = submit(training, None, applicant("late@example.org"))
    services.application_withdraw(user=late.applicant, application=late)
    assert status(late) == S.WITHDRAWN
    assert status(full.waiting[0]) == S.WAITLISTED
    assert places(training) == 3


def test_a_closed_application_cannot_be_withdrawn(training: TrainingWorld, full: Full) -> None:
    services.application_withdraw(user=full.first.applicant, application=full.first)
    with pytest.raises(Conflict) as error:
        services.application_withdraw(user=full.first.applicant, application=full.first)
    assert error.value.code == "wrong_status"


def test_a_participation_cannot_be_withdrawn_after_the_edition(
    training: TrainingWorld, full: Full
) -> None:
    today = timezone.localdate()
    open_edition(
        training.edition,
        starts_on=today - dt.timedelta(days=20),
        ends_on=today - dt.timedelta(days=8),
    )
    with pytest.raises(Conflict) as error:
        services.application_withdraw(user=full.first.applicant, application=full.first)
    assert error.value.code == "edition_over"
    assert status(full.first) == S.ACCEPTED


def test_only_an_offer_can_be_confirmed(training: TrainingWorld, full: Full) -> None:
    with pytest.raises(Conflict):
        services.offer_confirm(user=full.waiting[0].applicant, application=full.waiting[0])
    with pytest.raises(Conflict):
        services.offer_decline(user=full.first.applicant, application=full.first)


# --- The applicant's page -----------------------------------------------------------------


def test_the_applicant_withdraws_and_answers_the_offer_on_the_page(
    training: TrainingWorld, full: Full
) -> None:
    base = f"/training/{training.edition.pk}/application/"
    first = Client()
    first.force_login(full.first.applicant)
    assert "Withdraw my application" in first.get(base).content.decode()
    assert first.post(base + "withdraw/").status_code == 302
    assert status(full.first) == S.WITHDRAWN

    offered = Client()
    offered.force_login(full.waiting[0].applicant)
    page = offered.get(base).content.decode()
    assert "Confirm my place" in page
    assert "Decline the place" in page
    response = offered.post(base + "confirm/")
    assert response.status_code == 302
    assert status(full.waiting[0]) == S.ACCEPTED

    waiting = Client()
    waiting.force_login(full.waiting[1].applicant)
    response = waiting.get(base)
    assert response.context["position"] == 1
    assert "You are number 1 on the waiting list" in response.content.decode()


def test_a_refusal_on_the_page_is_shown_as_a_message(training: TrainingWorld, full: Full) -> None:
    client = Client()
    client.force_login(full.first.applicant)
    response = client.post(f"/training/{training.edition.pk}/application/confirm/", follow=True)
    assert "This cannot be done to an application whose status is" in response.content.decode()
    assert status(full.first) == S.ACCEPTED


def test_my_applications_lists_every_edition(training: TrainingWorld, full: Full) -> None:
    client = Client()
    client.force_login(full.waiting[0].applicant)
    page = client.get("/training/applications/mine/")
    assert page.status_code == 200
    assert [a.pk for a in page.context["applications"]] == [full.waiting[0].pk]
    assert "On the waiting list" in page.content.decode()


def test_raising_the_capacity_offers_the_new_places_to_the_waiting_list(
    training: TrainingWorld, full: Full
) -> None:
    from huitong.training import services as edition_services

    edition_services.edition_update(actor=training.organiser, edition=training.edition, capacity=5)

    assert [status(a) for a in full.waiting] == [S.OFFERED, S.OFFERED, S.WAITLISTED]
    assert places(training) == 5
    assert Application.objects.get(pk=full.waiting[0].pk).offer_expires_at is not None
