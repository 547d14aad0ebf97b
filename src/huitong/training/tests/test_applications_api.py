"""The applications API: the form, applying with JSON answers, the caller's status,
withdraw / confirm / decline, and the organisers' list and decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from huitong.training import applications as services
from huitong.training.models import Application, Edition, FieldKind
from huitong.training.tests.application_helpers import applicant, make_form, open_edition
from huitong.training.tests.conftest import TrainingWorld


def api(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def form(training: TrainingWorld) -> Any:
    open_edition(training.edition)
    return make_form(training, cv_required=False)


def base(training: TrainingWorld) -> str:
    return f"/api/training/editions/{training.edition.pk}"


def test_the_form_describes_the_questions(training: TrainingWorld, form: Any) -> None:
    with translation.override("pl"):
        response = Client().get(f"{base(training)}/application-form", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 200
    data = response.json()
    assert data["open"] is True
    assert data["state"] == "open"
    assert data["places_left"] == 2
    kinds = [q["kind"] for q in data["questions"]]
    assert kinds == ["long_text", "choice", "date", "number", "file", "text"]
    profession = data["questions"][1]
    assert profession["choices"][0]["value"] == "c1"
    assert profession["choices"][0]["label"] == "Physician"
    assert profession["choices"][0]["localized_label"] == "Lekarz"


def test_applying_and_following_the_status(training: TrainingWorld, form: Any) -> None:
    person = applicant("api@example.rs", preferred_language="sr-latn")
    client = api(person)
    response = client.post(
        f"{base(training)}/application",
        {"answers": form.answers()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "submitted"
    assert data["language"] == "sr-latn"
    assert data["answers"][str(form.years.pk)] == 12
    mine = client.get(f"{base(training)}/application").json()
    assert mine["id"] == data["id"]
    listed = client.get("/api/training/applications").json()
    assert [row["id"] for row in listed] == [data["id"]]
    assert listed[0]["edition"]["id"] == training.edition.pk

    again = client.post(
        f"{base(training)}/application",
        {"answers": form.answers()},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert again.json()["code"] == "already_applied"

    withdrawn = client.post(f"{base(training)}/application/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"


def test_invalid_answers_get_errors_by_question(training: TrainingWorld, form: Any) -> None:
    client = api(applicant("typo@example.org"))
    response = client.post(
        f"{base(training)}/application",
        {"answers": form.answers(years="many", motivation=None)},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[str(form.years.pk)] == ["Enter a number."]
    assert errors[str(form.motivation.pk)] == ["This field is required."]
    assert not Application.objects.filter(applicant__email="typo@example.org").exists()


def test_a_body_that_is_not_an_object_is_refused(training: TrainingWorld, form: Any) -> None:
    client = api(applicant("json@example.org"))
    response = client.post(
        f"{base(training)}/application", {"answers": ["a"]}, content_type="application/json"
    )
    assert response.status_code == 422


def test_a_late_application_is_refused(training: TrainingWorld, form: Any) -> None:
    Edition.objects.filter(pk=training.edition.pk).update(
        application_deadline=timezone.now() - dt.timedelta(seconds=1)
    )
    response = api(applicant("late@example.org")).post(
        f"{base(training)}/application",
        {"answers": form.answers()},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "deadline_passed"


def test_a_required_file_sends_the_applicant_to_the_page(training: TrainingWorld) -> None:
    open_edition(training.edition)
    services.form_field_create(
        actor=training.organiser, edition=training.edition, kind=FieldKind.FILE, label="CV"
    )
    response = api(applicant("cv@example.org")).post(
        f"{base(training)}/application", {"answers": {}}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "files_on_page"
    assert f"/training/{training.edition.pk}/apply/" in response.json()["detail"]


def test_organisers_list_and_decide(training: TrainingWorld, form: Any) -> None:
    people = [applicant(f"p{n}@example.org") for n in range(3)]
    ids = []
    for person in people:
        response = api(person).post(
            f"{base(training)}/application",
            {"answers": form.answers()},
            content_type="application/json",
        )
        ids.append(response.json()["id"])
    organiser = api(training.organiser)
    listed = organiser.get(f"{base(training)}/applications", {"status": "submitted"}).json()
    assert listed["count"] == 3
    assert [row["applicant"]["email"] for row in listed["items"]] == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
    ]
    bad = organiser.get(f"{base(training)}/applications", {"status": "maybe"})
    assert bad.status_code == 422

    decision = f"{base(training)}/applications/{{}}/decision"
    ok = organiser.post(
        decision.format(ids[0]),
        {"decision": "accept", "message": "Welcome"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["status"] == "accepted"
    organiser.post(decision.format(ids[1]), {"decision": "accept"}, content_type="application/json")
    full = organiser.post(
        decision.format(ids[2]), {"decision": "accept"}, content_type="application/json"
    )
    assert full.status_code == 409
    assert full.json()["code"] == "edition_full"
    waitlisted = organiser.post(
        decision.format(ids[2]), {"decision": "waitlist"}, content_type="application/json"
    )
    assert waitlisted.json()["waiting_position"] == 1
    summary = organiser.get(f"{base(training)}/applications/summary").json()
    assert summary["places_left"] == 0
    assert summary["counts"]["accepted"] == 3
    assert summary["counts"]["waitlisted"] == 1

    # A withdrawal offers the place; the waiting person confirms through the API.
    api(people[0]).post(f"{base(training)}/application/withdraw")
    offered = api(people[2]).get(f"{base(training)}/application").json()
    assert offered["status"] == "offered"
    assert offered["offer_expires_at"] is not None
    confirmed = api(people[2]).post(f"{base(training)}/application/confirm")
    assert confirmed.json()["status"] == "accepted"
    declined = api(people[1]).post(f"{base(training)}/application/decline")
    assert declined.status_code == 409
    assert declined.json()["code"] == "wrong_status"


def test_the_api_is_in_the_openapi_document(training: TrainingWorld) -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/training/applications",
        "/api/training/editions/{edition_id}/application",
        "/api/training/editions/{edition_id}/application-form",
        "/api/training/editions/{edition_id}/application/withdraw",
        "/api/training/editions/{edition_id}/application/confirm",
        "/api/training/editions/{edition_id}/application/decline",
        "/api/training/editions/{edition_id}/applications",
        "/api/training/editions/{edition_id}/applications/{application_id}/decision",
    ):
        assert path in paths, path


def test_the_organisers_list_does_not_grow_with_the_applications(
    training: TrainingWorld, form: Any, django_assert_max_num_queries: Any
) -> None:
    url = f"{base(training)}/applications"
    organiser = api(training.organiser)

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            application = services.application_submit(
                applicant=applicant(f"q{n}@example.org"),
                edition=training.edition,
                answers=form.answers(),
            )
            services.application_decide(
                actor=training.organiser, application=application, decision="waitlist"
            )

    add(2, 0)
    organiser.get(url)
    with django_assert_max_num_queries(12):
        first = organiser.get(url).json()
    add(8, 2)
    with django_assert_max_num_queries(12):
        more = organiser.get(url).json()
    assert first["count"] == 3
    assert more["count"] == 11
    positions = [row["waiting_position"] for row in more["items"] if row["waiting_position"]]
    assert positions == list(range(1, 11))
