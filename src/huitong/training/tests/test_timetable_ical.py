"""The iCalendar feeds (RFC 5545): the whole edition's and a participant's own sessions,
parsed back the way a calendar app reads them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from huitong.testing import make_user
from huitong.training import access, ical, services
from huitong.training.models import Application, ApplicationStatus, CheckIn, CheckInMethod
from huitong.training.services import SpeakerIn
from huitong.training.tests.conftest import TrainingWorld, at, make_session


def unfold(raw: bytes) -> list[str]:
    """Content lines as RFC 5545, 3.1 defines them: CRLF ends a line, and a line that
    starts with a space or a tab continues the one before."""
    text = raw.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "bare line feed"
    assert text.endswith("\r\n")
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]


def unescape(value: str) -> str:
    out = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def events(raw: bytes) -> list[dict[str, str]]:
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines:
        name, _sep, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            found.append(current)
            current = None
        elif current is not None:
            current[name.split(";")[0]] = value
    return found


def stamp(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)


def test_the_edition_feed_parses(training: TrainingWorld) -> None:
    response = Client().get(f"/training/{training.edition.pk}/timetable.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    lines = unfold(raw)
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    for physical in raw.split(b"\r\n"):
        assert len(physical) <= 75
    found = events(raw)
    assert len(found) == 4
    assert len({e["UID"] for e in found}) == 4
    lecture = next(e for e in found if e["SUMMARY"] == "Acupuncture in pain medicine")
    assert stamp(lecture["DTSTART"]) == training.lecture.starts_at
    assert stamp(lecture["DTEND"]) == training.lecture.ends_at
    assert lecture["DTSTART"] == "20251206T080000Z"  # 09:00 in Belgrade
    assert lecture["UID"] == f"training-session-{training.lecture.pk}@127.0.0.1"
    stamp(lecture["DTSTAMP"])
    assert unescape(lecture["LOCATION"]) == "Hall A, Faculty of Medicine, Belgrade"
    assert "李芳" in unescape(lecture["DESCRIPTION"])
    assert lecture["URL"].endswith(training.lecture.get_absolute_url())


def test_text_is_escaped_and_long_lines_folded(training: TrainingWorld) -> None:
    title = "Pain; acupuncture, moxibustion\\cupping — " + "针灸与疼痛医学的临床研究进展" * 6
    session = make_session(
        training.edition,
        at(dt.date(2025, 12, 9), 9),
        title=title,
        description="First line\nSecond line",
        room="Hall, East",
    )
    raw = Client().get(f"/training/{training.edition.pk}/timetable.ics").content
    for physical in raw.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # no character split between two lines
    event = next(e for e in events(raw) if e["UID"].startswith(f"training-session-{session.pk}@"))
    assert "\\;" in event["SUMMARY"]
    assert "\\," in event["SUMMARY"]
    assert "\\\\" in event["SUMMARY"]
    assert unescape(event["SUMMARY"]) == title
    assert unescape(event["DESCRIPTION"]).endswith("First line\nSecond line")
    assert unescape(event["LOCATION"]).startswith("Hall, East, ")


def test_fold_keeps_short_lines_and_splits_at_75_octets() -> None:
    assert ical.fold("SUMMARY:short") == "SUMMARY:short"
    folded = ical.fold("X:" + "é" * 100)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p.removeprefix(" ") if i else p for i, p in enumerate(parts)) == "X:" + "é" * 100


def test_the_feed_follows_the_language(training: TrainingWorld) -> None:
    client = Client(headers={"accept-language": "zh-hans"})
    raw = client.get(f"/training/{training.edition.pk}/timetable.ics").content
    summaries = {unescape(e["SUMMARY"]) for e in events(raw)}
    assert "针灸在疼痛医学中的应用" in summaries


def test_no_feed_for_a_draft_timetable(training: TrainingWorld) -> None:
    services.timetable_unpublish(actor=None, edition=training.edition)
    assert Client().get(f"/training/{training.edition.pk}/timetable.ics").status_code == 404


# --- The participant's own feed -------------------------------------------------------


def feed_url(application: Application) -> str:
    return f"/training/calendar/{access.calendar_token(application)}.ics"


def test_the_personal_feed_holds_the_participants_own_sessions(training: TrainingWorld) -> None:
    application = training.application
    optional = make_session(
        training.edition,
        at(dt.date(2025, 12, 10), 15),
        title="Optional tuina demonstration",
        required=False,
    )
    make_session(
        training.edition,
        at(dt.date(2025, 12, 11), 15),
        title="Optional seminar they skipped",
        required=False,
    )
    spoken = services.session_create(
        actor=None,
        edition=training.edition,
        kind="seminar",
        title="Their own talk",
        room="Room 7",
        required=False,
        starts_at=at(dt.date(2025, 12, 12), 10),
        ends_at=at(dt.date(2025, 12, 12), 11),
        speakers=[SpeakerIn(user=training.participant)],
    )
    CheckIn.objects.create(session=optional, application=application, method=CheckInMethod.CODE)
    response = Client().get(feed_url(application))  # no session: the token is enough
    assert response.status_code == 200
    titles = {unescape(e["SUMMARY"]) for e in events(response.content)}
    assert titles == {
        "Acupuncture in pain medicine",
        "Pulse diagnosis workshop",
        "Clinical practice at the ward",
        "Optional tuina demonstration",
        "Their own talk",
    }
    assert spoken.pk
    (name,) = [line for line in unfold(response.content) if line.startswith("X-WR-CALNAME:")]
    assert name.endswith(": my sessions")


def test_the_personal_feed_refuses_a_wrong_or_stale_token(training: TrainingWorld) -> None:
    url = feed_url(training.application)
    token = access.calendar_token(training.application)
    assert Client().get(f"/training/calendar/{token[:-2]}xx.ics").status_code == 404
    assert (
        Client().get(f"/training/calendar/{training.application.badge_code}.ics").status_code == 404
    )
    # Another participant's badge code signed by someone else is not a token either.
    other = Application.objects.create(
        edition=training.edition,
        applicant=make_user("other@example.org"),
        status=ApplicationStatus.WITHDRAWN,
    )
    assert Client().get(feed_url(other)).status_code == 404
    Application.objects.filter(pk=training.application.pk).update(
        status=ApplicationStatus.WITHDRAWN
    )
    assert Client().get(url).status_code == 404


def test_a_feed_token_is_not_a_badge_code(training: TrainingWorld) -> None:
    token: Any = access.calendar_token(training.application)
    assert token.startswith(training.application.badge_code + ".")
    assert len(token) > len(training.application.badge_code) + 20
