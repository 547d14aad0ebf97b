"""Participants check themselves in with the code shown in the room: valid from 15
minutes before the session until its end; a wrong code, a code not open yet and an
expired code each get their own message; wrong codes are throttled per person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from huitong.core.errors import ServiceError
from huitong.core.models import AuditEntry
from huitong.training import attendance, services
from huitong.training.models import CheckIn, CheckInMethod, Session
from huitong.training.tests.attendance_helpers import freeze, session_url
from huitong.training.tests.conftest import TrainingWorld, at


def day(training: TrainingWorld, hour: int, minute: int = 0) -> dt.datetime:
    return at(training.edition.starts_on, hour, minute)


def code_error(training: TrainingWorld, code: str, now: dt.datetime) -> ServiceError:
    with pytest.raises(ServiceError) as raised:
        attendance.self_check_in(application=training.application, code=code, now=now)
    return raised.value


def test_the_code_is_valid_from_15_minutes_before_the_start_to_the_end(
    training: TrainingWorld,
) -> None:
    early = code_error(training, "LECT23", day(training, 8, 44))
    assert early.code == "not_open"
    assert str(early) == (
        "Check-in for “Acupuncture in pain medicine” opens at 08:45, 15 minutes before the "
        "session starts."
    )
    result = attendance.self_check_in(
        application=training.application, code="LECT23", now=day(training, 8, 45)
    )
    assert result.created
    assert result.checkin.session == training.lecture
    assert result.checkin.method == CheckInMethod.CODE
    assert result.checkin.checked_in_by == training.participant
    last = attendance.self_check_in(
        application=training.application, code="WORK45", now=day(training, 12, 30)
    )
    assert last.checkin.session == training.workshop
    late = code_error(training, "CLIN67", day(training, 17, 1))
    assert late.code == "expired"
    assert str(late) == (
        "The code of “Clinical practice at the ward” has expired: the session ended at "
        "17:00. Ask an organiser if you were there."
    )
    assert CheckIn.objects.count() == 2


def test_the_code_is_read_as_people_type_it(
    training: TrainingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, day(training, 9, 30))
    result = attendance.self_check_in(application=training.application, code="  lect-23 ")
    assert result.checkin.session == training.lecture
    freeze(monkeypatch, day(training, 9, 40))
    again = attendance.self_check_in(application=training.application, code="LECT23")
    assert not again.created
    assert again.message() == "Participant (Петар) was already checked in at 09:30."


def test_a_wrong_code_is_refused(training: TrainingWorld) -> None:
    error = code_error(training, "WRONG1", day(training, 9, 30))
    assert error.code == "wrong_code"
    assert str(error) == (
        "This is not the code of a session. Check the code shown in the room and try again."
    )
    empty = code_error(training, " ", day(training, 9, 30))
    assert empty.code == "code_required"
    assert not CheckIn.objects.exists()


def test_wrong_codes_are_throttled_so_codes_cannot_be_guessed(training: TrainingWorld) -> None:
    now = day(training, 9, 30)
    for n in range(attendance.CODE_FAILURE_LIMIT):
        assert code_error(training, f"GUESS{n}", now).code == "wrong_code"
    blocked = code_error(training, "LECT23", now)  # even the right code, for now
    assert blocked.code == "throttled"
    assert blocked.status == 429
    assert "Too many wrong codes" in str(blocked)
    assert not CheckIn.objects.exists()
    # Another participant is not affected.
    from huitong.training.tests.attendance_helpers import accept

    other = accept(training.edition, "other@example.org")
    assert attendance.self_check_in(application=other, code="LECT23", now=now).created


def test_codes_outside_their_session_do_not_count_as_guesses(training: TrainingWorld) -> None:
    for _n in range(attendance.CODE_FAILURE_LIMIT + 2):
        assert code_error(training, "CLIN67", day(training, 8, 0)).code == "not_open"
    assert attendance.self_check_in(
        application=training.application, code="LECT23", now=day(training, 9, 0)
    ).created


def test_the_self_check_in_page(training: TrainingWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    freeze(monkeypatch, day(training, 9, 5))
    client = Client()
    client.force_login(training.participant)
    url = f"/training/{training.edition.pk}/check-in/"
    page = client.get(url).content.decode()
    assert "Acupuncture in pain medicine" in page  # open for check-in now
    assert "Pulse diagnosis workshop" not in page
    assert "LECT23" not in page  # the code is only in the room
    wrong = client.post(url, {"code": "NOPE99"})
    assert wrong.status_code == 400
    assert "This is not the code of a session." in wrong.content.decode()
    expired = client.post(url, {"code": "WORK45"})
    assert "opens at 10:45" in expired.content.decode()
    done = client.post(url, {"code": "lect23"}, follow=True)
    body = done.content.decode()
    assert "You are checked in to “Acupuncture in pain medicine”." in body
    assert 'id="my-checkins"' in body
    assert "09:05" in body
    again = client.post(url, {"code": "LECT23"}, follow=True)
    assert "You were already checked in to “Acupuncture in pain medicine” at 09:05." in (
        again.content.decode()
    )


def test_the_page_speaks_the_participants_language(
    training: TrainingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, day(training, 9, 5))
    training.participant.preferred_language = "zh-hans"
    training.participant.save(update_fields=["preferred_language"])
    client = Client()
    client.force_login(training.participant)
    page = client.get(f"/training/{training.edition.pk}/check-in/")
    assert page["Content-Language"] == "zh-hans"
    assert "针灸在疼痛医学中的应用" in page.content.decode()


def test_throttled_codes_answer_429_on_the_page(
    training: TrainingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, day(training, 9, 5))
    client = Client()
    client.force_login(training.participant)
    url = f"/training/{training.edition.pk}/check-in/"
    for n in range(attendance.CODE_FAILURE_LIMIT):
        client.post(url, {"code": f"GUESS{n}"})
    response = client.post(url, {"code": "LECT23"})
    assert response.status_code == 429
    assert "Too many wrong codes." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_code_is_shown_to_organisers_only_during_the_session(
    training: TrainingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client()
    client.force_login(training.organiser)
    url = session_url(training, training.lecture, "code/")
    freeze(monkeypatch, day(training, 8, 30))
    before = client.get(url).content.decode()
    assert "LECT23" not in before
    assert "The code is shown only during the session, from 08:45 to 10:30" in before
    freeze(monkeypatch, day(training, 8, 50))
    during = client.get(url).content.decode()
    assert 'class="code" lang="en">LECT23<' in during
    assert f"/training/{training.edition.pk}/check-in/" in during
    freeze(monkeypatch, day(training, 10, 31))
    assert "LECT23" not in client.get(url).content.decode()


def test_a_session_without_code_gets_one_and_organisers_can_renew_it(
    training: TrainingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    Session.objects.filter(pk=training.workshop.pk).update(checkin_code="")
    freeze(monkeypatch, day(training, 11, 0))
    client = Client()
    client.force_login(training.organiser)
    url = session_url(training, training.workshop, "code/")
    client.get(url)
    code = Session.objects.get(pk=training.workshop.pk).checkin_code
    assert len(code) == services.CHECKIN_CODE_LENGTH
    assert set(code) <= set(services.CHECKIN_ALPHABET)
    assert code in client.get(url).content.decode()  # the same code on every load
    client.post(session_url(training, training.workshop, "code/renew/"))
    renewed = Session.objects.get(pk=training.workshop.pk).checkin_code
    assert renewed != code
    assert AuditEntry.objects.filter(action="training.session_code").count() == 1
    now = day(training, 11, 5)
    assert code_error(training, code, now).code == "wrong_code"
    assert attendance.self_check_in(application=training.application, code=renewed, now=now)


def test_the_edition_page_leads_participants_to_check_in_and_their_badge(
    training: TrainingWorld,
) -> None:
    edition_url = f"/training/{training.edition.pk}/"
    participant = Client()
    participant.force_login(training.participant)
    body = participant.get(edition_url).content.decode()
    assert f"/training/{training.edition.pk}/check-in/" in body
    assert f"/training/{training.edition.pk}/badge.pdf" in body
    visitor = Client().get(edition_url).content.decode()
    assert f"/training/{training.edition.pk}/check-in/" not in visitor
    assert f"/training/{training.edition.pk}/figures/" in visitor
