"""Organisers check participants in from the list or by badge; a check-in is recorded
once however often it is sent, also when the requests arrive together; only accepted
participants of the session's edition are checked in; a check-in can be undone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from huitong.alliance.tests.test_concurrency import together
from huitong.core.errors import Conflict, ServiceError
from huitong.core.models import AuditEntry
from huitong.testing import build_world
from huitong.training import attendance
from huitong.training.models import Application, ApplicationStatus, CheckIn, CheckInMethod
from huitong.training.tests.attendance_helpers import accept, freeze, session_url
from huitong.training.tests.conftest import (
    BELGRADE,
    TrainingWorld,
    at,
    make_edition,
    make_programme,
    make_session,
)


def organiser_client(training: TrainingWorld) -> Client:
    client = Client()
    client.force_login(training.organiser)
    return client


def test_a_check_in_sent_twice_is_recorded_once(
    training: TrainingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, at(training.edition.starts_on, 9, 4))
    first = attendance.check_in(
        session=training.lecture,
        application=training.application,
        method=CheckInMethod.LIST,
        by=training.organiser,
    )
    freeze(monkeypatch, at(training.edition.starts_on, 9, 30))
    again = attendance.check_in(
        session=training.lecture,
        application=training.application,
        method=CheckInMethod.BADGE,
        by=training.organiser,
    )
    assert first.created
    assert not again.created
    assert again.checkin.pk == first.checkin.pk
    assert again.checkin.method == CheckInMethod.LIST  # the first one stays
    assert CheckIn.objects.count() == 1
    assert first.message() == "Participant (Петар) is checked in."
    assert again.message() == "Participant (Петар) was already checked in at 09:04."
    assert AuditEntry.objects.filter(action="training.checkin").count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_check_ins_of_one_person_are_recorded_once() -> None:
    world = build_world()
    edition = make_edition(make_programme(world))
    session = make_session(edition, at(edition.starts_on, 9))
    application = accept(edition, "doctor@example.org")
    results, errors = together(
        6,
        lambda n: attendance.check_in(
            session=session, application=application, method=CheckInMethod.BADGE, by=None
        ),
    )
    assert not errors
    assert sorted(r.created for r in results) == [False] * 5 + [True]
    assert len({r.checkin.pk for r in results}) == 1
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    "status",
    [ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED, ApplicationStatus.WITHDRAWN],
)
def test_only_accepted_participants_are_checked_in(training: TrainingWorld, status: str) -> None:
    Application.objects.filter(pk=training.application.pk).update(status=status)
    training.application.refresh_from_db()
    with pytest.raises(Conflict) as raised:
        attendance.check_in(
            session=training.lecture,
            application=training.application,
            method=CheckInMethod.LIST,
            by=training.organiser,
        )
    assert raised.value.code == "not_participant"
    assert "Only accepted participants can be checked in" in str(raised.value)
    assert not CheckIn.objects.exists()


def test_a_participant_of_another_edition_is_refused(training: TrainingWorld) -> None:
    other = make_edition(training.programme, number=5, starts_on=dt.date(2024, 10, 1),
                         ends_on=dt.date(2024, 10, 10))  # fmt: skip
    stranger = accept(other, "stranger@example.org")
    with pytest.raises(ServiceError) as raised:
        attendance.check_in(
            session=training.lecture, application=stranger, method="list", by=training.organiser
        )
    assert raised.value.code == "wrong_edition"
    assert not CheckIn.objects.exists()


def test_the_organisers_list_checks_in_without_script(training: TrainingWorld) -> None:
    client = organiser_client(training)
    url = session_url(training, training.lecture, "check-in/")
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Participant" in body
    assert "Петар" in body
    assert 'id="present-count">0<' in body
    assert 'id="expected-count">1<' in body
    response = client.post(
        f"{url}{training.application.pk}/", {"q": "Петар", "page": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith(
        "check-in/?q=%D0%9F%D0%B5%D1%82%D0%B0%D1%80&page=1"
    )
    body = response.content.decode()
    assert "Participant (Петар) is checked in." in body
    assert 'id="present-count">1<' in body
    assert CheckIn.objects.get().checked_in_by == training.organiser


def test_the_organisers_list_answers_the_script_in_json(
    training: TrainingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, dt.datetime(2025, 12, 6, 8, 2, tzinfo=dt.UTC))  # 09:02 in Belgrade
    client = organiser_client(training)
    url = session_url(training, training.lecture, f"check-in/{training.application.pk}/")
    first = client.post(url, HTTP_ACCEPT="application/json")
    again = client.post(url, HTTP_ACCEPT="application/json")
    assert first.json() == {
        "ok": True,
        "message": "Participant (Петар) is checked in.",
        "present": 1,
        "expected": 1,
        "created": True,
        "time": "09:02",
    }
    assert again.json()["created"] is False
    assert again.json()["message"] == "Participant (Петар) was already checked in at 09:02."
    assert CheckIn.objects.count() == 1


def test_the_list_searches_names_in_both_scripts_countries_and_institutions(
    training: TrainingWorld,
) -> None:
    accept(training.edition, "li@example.org", name_latin="Li Na", name_native="李娜", country="CN")
    accept(training.edition, "kowalska@example.org", name_latin="Anna Kowalska", country="PL")
    client = organiser_client(training)
    url = session_url(training, training.lecture, "check-in/")

    def names(query: str) -> list[str]:
        body = client.get(url, {"q": query}).content.decode()
        return [n for n in ("Li Na", "Anna Kowalska", "Петар") if n in body]

    assert names("李娜") == ["Li Na"]
    assert names("kowal") == ["Anna Kowalska"]
    assert names("Poland") == ["Anna Kowalska"]
    assert names("Петар") == ["Петар"]
    assert names("nobody") == []
    assert "No participant matches." in client.get(url, {"q": "nobody"}).content.decode()


def test_the_list_searches_institutions(training: TrainingWorld) -> None:
    from huitong.alliance import services as alliance_services

    person = accept(training.edition, "faculty@example.org", name_latin="Zhang San")
    alliance_services.affiliation_grant(
        actor=None, user=person.applicant, institution=training.world.institution, role="faculty"
    )
    client = organiser_client(training)
    body = client.get(session_url(training, training.lecture, "check-in/"), {"q": "西南医科"})
    assert "Zhang San" in body.content.decode()
    assert "Петар" not in body.content.decode()


def test_a_check_in_can_be_undone_and_the_undo_is_audited(training: TrainingWorld) -> None:
    attendance.check_in(
        session=training.lecture,
        application=training.application,
        method=CheckInMethod.LIST,
        by=training.organiser,
    )
    client = organiser_client(training)
    url = session_url(training, training.lecture, f"check-in/{training.application.pk}/undo/")
    response = client.post(url, follow=True)
    assert "The check-in of Participant (Петар) is undone." in response.content.decode()
    assert not CheckIn.objects.exists()
    entry = AuditEntry.objects.get(action="training.checkin_undo")
    assert entry.actor == training.organiser
    assert entry.data["session"] == training.lecture.pk
    assert entry.data["method"] == "list"
    assert client.post(url).status_code == 404  # nothing left to undo


def test_a_scanned_badge_checks_the_person_in(
    training: TrainingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, dt.datetime(2025, 12, 6, 10, 15, tzinfo=BELGRADE))
    client = organiser_client(training)
    url = session_url(training, training.workshop, "scan/")
    page = client.get(url).content.decode()
    assert "autofocus" in page
    code = training.application.badge_code
    # A scanner types the code and Enter; a person may type it in lower case with spaces.
    first = client.post(url, {"badge_code": f" {code[:5].lower()} {code[5:]} "})
    assert first.status_code == 200
    body = first.content.decode()
    assert "Participant" in body
    assert "Петар" in body
    assert "Checked in" in body
    again = client.post(url, {"badge_code": code}).content.decode()
    assert "Already checked in at 10:15" in again
    checkin = CheckIn.objects.get()
    assert checkin.method == CheckInMethod.BADGE
    assert checkin.session == training.workshop


def test_an_unknown_badge_is_refused_clearly(training: TrainingWorld) -> None:
    client = organiser_client(training)
    url = session_url(training, training.lecture, "scan/")
    response = client.post(url, {"badge_code": "ZZZZ99ZZZZ"})
    assert response.status_code == 400
    assert "No participant of this edition has the badge code “ZZZZ99ZZZZ”." in (
        response.content.decode()
    )
    empty = client.post(url, {"badge_code": ""})
    assert "Type or scan the code on the badge." in empty.content.decode()
    assert not CheckIn.objects.exists()


def test_a_badge_of_another_edition_is_unknown_here(training: TrainingWorld) -> None:
    other = make_edition(training.programme, number=5, starts_on=dt.date(2024, 10, 1),
                         ends_on=dt.date(2024, 10, 10))  # fmt: skip
    stranger = accept(other, "stranger@example.org")
    with pytest.raises(ServiceError) as raised:
        attendance.check_in_by_badge(
            session=training.lecture, badge_code=stranger.badge_code, by=training.organiser
        )
    assert raised.value.code == "unknown_badge"
