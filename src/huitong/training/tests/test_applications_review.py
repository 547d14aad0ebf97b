"""Review by the organisers: accept, reject, waitlist with a message; accepted places
never exceed the capacity; invited guests don't count."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from huitong.core.errors import Conflict
from huitong.core.models import AuditEntry
from huitong.training import applications as services
from huitong.training.models import Application, ApplicationStatus, Edition
from huitong.training.tests.application_helpers import applicant, open_edition, submit
from huitong.training.tests.conftest import TrainingWorld


@pytest.fixture
def applied(training: TrainingWorld) -> list[Application]:
    """Three applications to the edition (capacity 3, one place already taken)."""
    open_edition(training.edition)
    return [submit(training, None, applicant(f"applicant{n}@example.org")) for n in range(3)]


def places(training: TrainingWorld) -> int:
    return Edition.objects.get(pk=training.edition.pk).places_taken


def decide(training: TrainingWorld, application: Application, decision: Any, **kw: Any) -> Any:
    return services.application_decide(
        actor=training.organiser, application=application, decision=decision, **kw
    )


def test_accepting_takes_a_place_and_tells_the_applicant(
    training: TrainingWorld, applied: list[Application], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        accepted = decide(training, applied[0], "accept", message="Welcome to Belgrade!")
    assert accepted.status == ApplicationStatus.ACCEPTED
    assert accepted.decided_by == training.organiser
    assert accepted.message == "Welcome to Belgrade!"
    assert places(training) == 2
    assert mail.outbox[-1].to == ["applicant0@example.org"]
    assert "Welcome to Belgrade!" in mail.outbox[-1].body
    assert "is accepted" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="training.application_accept").count() == 1


def test_accepting_when_full_is_refused_with_a_hint_at_the_waiting_list(
    training: TrainingWorld, applied: list[Application]
) -> None:
    decide(training, applied[0], "accept")
    decide(training, applied[1], "accept")
    with pytest.raises(Conflict) as error:
        decide(training, applied[2], "accept")
    assert error.value.code == "edition_full"
    assert "waiting list" in str(error.value)
    assert places(training) == 3
    assert Application.objects.get(pk=applied[2].pk).status == ApplicationStatus.SUBMITTED


def test_the_database_refuses_an_overbooking_even_from_a_buggy_caller(
    training: TrainingWorld,
) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.filter(pk=training.edition.pk).update(places_taken=4)


def test_rejecting_and_waitlisting_take_no_place(
    training: TrainingWorld, applied: list[Application], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        rejected = decide(training, applied[0], "reject", message="Not this year.")
        waiting = decide(training, applied[1], "waitlist")
    assert rejected.status == ApplicationStatus.REJECTED
    assert waiting.status == ApplicationStatus.WAITLISTED
    assert waiting.waitlisted_at is not None
    assert places(training) == 1
    subjects = [m.subject for m in mail.outbox]
    assert any(s.startswith("Your application to") for s in subjects)
    assert any(s.startswith("On the waiting list") for s in subjects)


def test_a_decision_can_be_changed_and_the_places_follow(
    training: TrainingWorld, applied: list[Application]
) -> None:
    decide(training, applied[0], "reject")
    decide(training, applied[0], "accept")
    assert places(training) == 2
    decide(training, applied[0], "reject")
    assert places(training) == 1
    decide(training, applied[0], "waitlist")
    assert places(training) == 1


def test_deciding_twice_the_same_is_refused(
    training: TrainingWorld, applied: list[Application]
) -> None:
    decide(training, applied[0], "accept")
    with pytest.raises(Conflict) as error:
        decide(training, applied[0], "accept")
    assert error.value.code == "wrong_status"
    assert places(training) == 2


def test_a_withdrawn_application_cannot_be_decided(
    training: TrainingWorld, applied: list[Application]
) -> None:
    services.application_withdraw(user=applied[0].applicant, application=applied[0])
    for decision in ("accept", "reject", "waitlist"):
        with pytest.raises(Conflict):
            decide(training, applied[0], decision)


def test_a_message_too_long_is_refused(training: TrainingWorld, applied: list[Application]) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        decide(training, applied[0], "reject", message="x" * 5001)
    assert Application.objects.get(pk=applied[0].pk).status == ApplicationStatus.SUBMITTED


def test_invited_applications_are_outside_the_capacity(
    training: TrainingWorld, applied: list[Application]
) -> None:
    invitation = services.invitation_create(
        actor=training.organiser, edition=training.edition, email="expert@example.org"
    )
    guest = services.invitation_accept(user=applicant("expert@example.org"), invitation=invitation)
    assert guest.invited
    assert guest.status == ApplicationStatus.ACCEPTED
    assert places(training) == 1
    decide(training, applied[0], "accept")
    decide(training, applied[1], "accept")
    assert places(training) == 3
    with pytest.raises(Conflict):
        decide(training, guest, "waitlist")
    decide(training, guest, "reject")
    assert places(training) == 3


# --- Pages --------------------------------------------------------------------------------


def test_the_review_list_filters_searches_and_counts(
    training: TrainingWorld, applied: list[Application]
) -> None:
    decide(training, applied[0], "accept")
    decide(training, applied[1], "waitlist")
    client = Client()
    client.force_login(training.organiser)
    url = f"/training/{training.edition.pk}/applications/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["counts"]["submitted"] == 1
    assert page.context["counts"]["accepted"] == 2  # with the fixture's participant
    assert page.context["counts"]["waitlisted"] == 1
    assert page.context["edition"].places_left == 1
    waiting = client.get(url, {"status": "waitlisted"})
    assert [a.pk for a in waiting.context["page"]] == [applied[1].pk]
    found = client.get(url, {"q": "applicant2"})
    assert [a.pk for a in found.context["page"]] == [applied[2].pk]


def test_the_review_list_searches_by_country(
    training: TrainingWorld, applied: list[Application]
) -> None:
    from huitong.core.models import Country

    person = applied[0].applicant
    person.country = Country.objects.get(pk="PL")
    person.save()
    client = Client()
    client.force_login(training.organiser)
    url = f"/training/{training.edition.pk}/applications/"
    for q in ("PL", "Poland"):
        found = client.get(url, {"q": q})
        assert [a.pk for a in found.context["page"]] == [applied[0].pk]


def test_the_review_list_does_not_grow_with_the_applications(
    training: TrainingWorld, applied: list[Application], django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(training.organiser)
    url = f"/training/{training.edition.pk}/applications/"
    client.get(url)
    with django_assert_max_num_queries(16):
        client.get(url)
    for n in range(10):
        submit(training, None, applicant(f"more{n}@example.org"))
    with django_assert_max_num_queries(16):
        client.get(url)


def test_deciding_on_the_page(
    training: TrainingWorld, applied: list[Application], django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(training.organiser)
    base = f"/training/{training.edition.pk}/applications/{applied[0].pk}/"
    detail = client.get(base)
    assert detail.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            base + "decide/", {"decision": "accept", "message": "See you in December."}
        )
    assert response.status_code == 302
    assert Application.objects.get(pk=applied[0].pk).status == ApplicationStatus.ACCEPTED
    assert "See you in December." in mail.outbox[-1].body


def test_accepting_on_the_page_when_full_shows_why(
    training: TrainingWorld, applied: list[Application]
) -> None:
    decide(training, applied[0], "accept")
    decide(training, applied[1], "accept")
    client = Client()
    client.force_login(training.organiser)
    response = client.post(
        f"/training/{training.edition.pk}/applications/{applied[2].pk}/decide/",
        {"decision": "accept"},
    )
    assert response.status_code == 400
    assert "All 3 places are taken" in response.content.decode()
    assert Application.objects.get(pk=applied[2].pk).status == ApplicationStatus.SUBMITTED


def test_the_detail_shows_the_answers_and_the_file(training: TrainingWorld) -> None:
    from huitong.training.tests.application_helpers import make_form

    open_edition(training.edition)
    form = make_form(training)
    application = submit(training, form, applicant("answers@example.org"))
    client = Client()
    client.force_login(training.organiser)
    training.organiser.preferred_language = "pl"
    training.organiser.save()
    page = client.get(f"/training/{training.edition.pk}/applications/{application.pk}/")
    html = page.content.decode()
    assert "I treat chronic pain with acupuncture." in html
    assert "Lekarz" in html  # the choice in the reader's language
    file_id = application.files.get().pk
    assert f"/training/{training.edition.pk}/application-files/{file_id}/" in html
