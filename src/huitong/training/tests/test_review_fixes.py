"""Findings of the new-user review: deadlines in the edition's time zone, the visitor's
own zone from the browser, ended editions, the programme page's status column, localized
day buttons and the application detail's wording."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from huitong.core.errors import Conflict
from huitong.training import applications as services
from huitong.training import selectors
from huitong.training.models import Application, ApplicationStatus, Edition
from huitong.training.tests.application_helpers import applicant, make_form, open_edition, submit
from huitong.training.tests.conftest import TrainingWorld, make_edition

DEADLINE = dt.datetime(2025, 10, 15, 21, 59, tzinfo=dt.UTC)  # 23:59 in Belgrade


def set_deadline(edition: Edition) -> None:
    Edition.objects.filter(pk=edition.pk).update(application_deadline=DEADLINE)
    edition.refresh_from_db()


# --- 1. Deadlines in the edition's time zone ------------------------------------------


def test_the_deadline_is_shown_in_the_editions_zone_and_named(training: TrainingWorld) -> None:
    set_deadline(training.edition)
    body = Client().get(f"/training/{training.edition.pk}/").content.decode()
    deadline = body.split('id="deadline"', 1)[1].split("</dd>", 1)[0]
    assert "Oct. 15, 2025, 23:59 (Europe/Belgrade)" in deadline
    # An anonymous visitor's zone is unknown: no second clock.
    assert "your time" not in deadline


def test_the_deadline_is_also_in_the_viewers_zone_when_it_differs(
    training: TrainingWorld,
) -> None:
    set_deadline(training.edition)
    person = training.participant
    person.time_zone = "Asia/Shanghai"
    person.save(update_fields=["time_zone"])
    client = Client()
    client.force_login(person)
    body = client.get(f"/training/{training.edition.pk}/").content.decode()
    deadline = body.split('id="deadline"', 1)[1].split("</dd>", 1)[0]
    assert "Oct. 15, 2025, 23:59 (Europe/Belgrade)" in deadline
    assert "your time: Oct. 16, 2025, 05:59 (Asia/Shanghai)" in deadline
    anonymous = Client().get(f"/training/{training.edition.pk}/?tz=America/New_York")
    deadline = anonymous.content.decode().split('id="deadline"', 1)[1].split("</dd>", 1)[0]
    assert "your time: Oct. 15, 2025, 17:59 (America/New_York)" in deadline


def test_the_offer_email_names_the_editions_zone_and_the_recipients(
    training: TrainingWorld, django_capture_on_commit_callbacks: Any
) -> None:
    edition = open_edition(training.edition, capacity=1)
    person = applicant("waiting@example.org", time_zone="Asia/Shanghai")
    application = Application.objects.create(
        edition=edition,
        applicant=person,
        status=ApplicationStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
        language="en",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(user=training.participant, application=training.application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.OFFERED
    (offer,) = [m for m in mail.outbox if m.to == ["waiting@example.org"]]
    assert "(Europe/Belgrade) · your time:" in offer.body
    assert "(Asia/Shanghai)" in offer.body


# --- 2. The visitor's own zone from the browser ---------------------------------------


def test_requested_zone_accepts_iana_names_only() -> None:
    assert str(selectors.requested_zone("Asia/Tokyo")) == "Asia/Tokyo"
    for bad in ("", "viewer", "Not/AZone", "../../etc/passwd", "x" * 300):
        assert selectors.requested_zone(bad) is None
    assert str(selectors.viewer_zone(None, "Not/AZone")) == "UTC"


def test_the_timetable_shows_an_anonymous_visitors_browser_zone(
    training: TrainingWorld,
) -> None:
    url = f"/training/{training.edition.pk}/timetable/"
    plain = Client().get(url).content.decode()
    assert "training/timetable.js" in plain
    assert 'data-browser-zone data-edition-zone="Europe/Belgrade"' in plain
    tokyo = Client().get(url + "?tz=Asia/Tokyo").content.decode()
    assert "Times in your time zone (Asia/Tokyo)." in tokyo
    assert "17:00" in tokyo  # the 09:00 lecture in Belgrade (UTC+1) is 17:00 in Tokyo
    # An invalid zone is ignored, without an error.
    invalid = Client().get(url + "?tz=Mars/Olympus")
    assert invalid.status_code == 200
    assert "Times in the edition's time zone (Europe/Belgrade)." in invalid.content.decode()


def test_each_zone_is_its_own_cached_page(training: TrainingWorld) -> None:
    cache.clear()
    url = f"/training/{training.edition.pk}/timetable/"
    Client().get(url + "?tz=Asia/Tokyo")
    lima = Client().get(url + "?tz=America/Lima").content.decode()
    assert "Times in your time zone (America/Lima)." in lima


def test_the_browser_zone_script_has_no_text_to_translate() -> None:
    script = Path(__file__).parents[1] / "static" / "training" / "timetable.js"
    code = "\n".join(
        line for line in script.read_text().splitlines() if not line.strip().startswith("//")
    )
    assert "resolvedOptions().timeZone" in code
    assert "textContent = zone" in code
    assert "gettext" not in code


# --- 5. Ended editions ----------------------------------------------------------------


def test_after_the_edition_the_participant_is_not_offered_a_withdrawal(
    training: TrainingWorld,
) -> None:
    assert services.edition_ended(training.edition)  # 2025 is past
    client = Client()
    client.force_login(training.participant)
    body = client.get(f"/training/{training.edition.pk}/application/").content.decode()
    assert "See you at the course!" not in body
    assert "The edition has ended." in body
    assert 'id="withdraw"' not in body


def test_after_the_edition_the_waiting_list_is_told_no_place_was_offered(
    training: TrainingWorld,
) -> None:
    person = applicant("waiting@example.org")
    Application.objects.create(
        edition=training.edition,
        applicant=person,
        status=ApplicationStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    client = Client()
    client.force_login(person)
    body = client.get(f"/training/{training.edition.pk}/application/").content.decode()
    assert "no place was offered to you" in body
    assert "on the waiting list. If a place frees" not in body
    assert 'id="withdraw"' not in body


def test_after_the_edition_organisers_cannot_decide(training: TrainingWorld) -> None:
    person = applicant("late@example.org")
    late = Application.objects.create(
        edition=training.edition, applicant=person, status=ApplicationStatus.SUBMITTED
    )
    client = Client()
    client.force_login(training.organiser)
    body = client.get(f"/training/{training.edition.pk}/applications/{late.pk}/").content.decode()
    assert 'id="decision"' not in body
    assert "The edition has ended" in body
    with pytest.raises(Conflict):
        services.application_decide(actor=training.organiser, application=late, decision="accept")
    late.refresh_from_db()
    assert late.status == ApplicationStatus.SUBMITTED


# --- 6. The programme page ------------------------------------------------------------


def test_the_programme_page_gives_each_editions_status_and_links_its_figures(
    training: TrainingWorld,
) -> None:
    programme = training.programme
    today = timezone.localdate()
    open_one = make_edition(
        programme,
        number=7,
        starts_on=today + dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=70),
        application_deadline=timezone.now() + dt.timedelta(days=30),
    )
    closed = make_edition(
        programme,
        number=8,
        starts_on=today + dt.timedelta(days=400),
        ends_on=today + dt.timedelta(days=410),
        application_deadline=timezone.now() - dt.timedelta(days=1),
    )
    running = make_edition(
        programme,
        number=9,
        starts_on=today - dt.timedelta(days=2),
        ends_on=today + dt.timedelta(days=2),
    )
    cancelled = make_edition(programme, number=5, status="cancelled")
    phases = {e.number: selectors.edition_phase(e).code for e in selectors.programme_editions(
        programme=programme, user=None)}  # fmt: skip
    assert phases == {
        training.edition.number: "ended",
        open_one.number: "open",
        closed.number: "upcoming",
        running.number: "in_progress",
        cancelled.number: "cancelled",
    }
    body = Client().get(f"/training/programmes/{programme.slug}/").content.decode()
    for label in ("ended", "open for applications", "upcoming", "in progress", "cancelled"):
        assert f">{label}</span>" in body
    assert f'href="/training/programmes/{programme.slug}/figures/"' in body
    listing = Client().get("/training/").content.decode()
    assert f'<a href="/training/programmes/{programme.slug}/" class="all-editions">' in listing


# --- 7. Localized day buttons ---------------------------------------------------------


def test_the_day_buttons_use_the_languages_month_day_format(training: TrainingWorld) -> None:
    url = f"/training/{training.edition.pk}/timetable/"
    english = Client().get(url).content.decode()
    assert ">Sat December 6</a>" in english
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(url).content.decode()
    days = chinese.split('class="days"', 1)[1].split("</nav>", 1)[0]
    assert "12月6日" in days
    assert "6 十二月" not in days


# --- 8. The application detail --------------------------------------------------------


def test_the_application_detail_reads_well(training: TrainingWorld) -> None:
    edition = open_edition(training.edition)
    form = make_form(training)
    person = applicant("serbian@example.org")
    application = submit(training, form, person, language="sr-latn")
    client = Client()
    client.force_login(training.organiser)
    body = client.get(f"/training/{edition.pk}/applications/{application.pk}/").content.decode()
    assert ".." not in body.split('id="application-status"', 1)[1].split("</section>", 1)[0]
    assert "E-mails in: Serbian" in body or "E-mails in: srpski" in body
    assert "June 30, 2012" in body  # the graduation date, in the reader's DATE_FORMAT
    assert "2012-06-30" not in body
    organiser = training.organiser
    organiser.preferred_language = "sr-latn"
    organiser.save(update_fields=["preferred_language"])
    serbian = Client()
    serbian.force_login(organiser)
    body = serbian.get(f"/training/{edition.pk}/applications/{application.pk}/").content.decode()
    assert "30. jun 2012." in body
