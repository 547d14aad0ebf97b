"""The demo's training course: CACMS's programme with five editions in Beijing from 2017 and
the 6th in Belgrade (6 to 18 December 2025), its 13-day timetable, about 200 participants
from 25 countries who applied through the form, were reviewed, checked in and certified
by the services, and the alumni whose journey runs from participant to expert.

The demo's alliances, the demo logins and the training step run once for this module
(inside a transaction rolled back at the end; the other steps of the demo command are
not needed here); each test runs in a savepoint of its own on top of it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import zoneinfo
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from huitong.accounts.models import User
from huitong.alliance.management.commands.demo import Command as DemoCommand
from huitong.alliance.models import Affiliation
from huitong.certificates.models import Certificate
from huitong.core.models import AuditEntry
from huitong.training import alumni
from huitong.training.demo import load_training
from huitong.training.models import (
    PLACE_STATUSES,
    Application,
    ApplicationFile,
    ApplicationStatus,
    CheckIn,
    Edition,
    EditionOrganiser,
    Invitation,
    OrganiserRole,
    ParticipantRole,
    Programme,
    Session,
    SessionMaterial,
)

MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]
BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")
TITLE = "International Advanced Training Course on Clinical Practice and Research Progress of TCM"


def _standard_data() -> None:
    """Countries and the standard terminology, as the root conftest puts them back after
    a transactional test emptied the tables."""
    from django.apps import apps

    from huitong.core.models import Country
    from huitong.terminology.models import CodeSystem

    if not Country.objects.exists():
        importlib.import_module("huitong.core.migrations.0002_load_countries").load_countries(
            apps, None
        )
    if not CodeSystem.objects.exists():
        importlib.import_module("huitong.terminology.migrations.0002_standard_content").load(
            apps, None
        )


@pytest.fixture(scope="module")
def demo_media(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    media = tmp_path_factory.mktemp("training-demo") / "media"
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media,
            PASSWORD_HASHERS=MD5,
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        ),
        transaction.atomic(),
    ):
        _standard_data()
        command = DemoCommand(stdout=StringIO(), stderr=StringIO())
        command.progress_stream = StringIO()
        institutions = command.load_real_alliances()
        command.load_logins(institutions)
        load_training(stream=StringIO())
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_media: Path, db: None, settings: Any) -> Path:
    settings.MEDIA_ROOT = demo_media
    return demo_media


def editions() -> dict[int, Edition]:
    return {e.number: e for e in Edition.objects.filter(programme__slug=PROGRAMME_SLUG)}


PROGRAMME_SLUG = "tcm-clinical-practice-research"


def participants(edition: Edition) -> Any:
    return Application.objects.filter(
        edition=edition, status=ApplicationStatus.ACCEPTED, role=ParticipantRole.PARTICIPANT
    )


def test_the_programme_has_six_editions_five_in_beijing_then_belgrade(demo: Path) -> None:
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    assert programme.title == TITLE
    assert programme.translations["zh-hans"]["title"] == "中医药临床实践与研究进展国际高级培训班"
    assert programme.translations["zh-hans"]["description"]
    assert programme.alliance.slug == "tcm-training"
    assert programme.organiser.name == "China Academy of Chinese Medical Sciences"
    found = editions()
    assert sorted(found) == [1, 2, 3, 4, 5, 6]
    years = [found[n].starts_on.year for n in range(1, 6)]
    assert years == sorted(years)
    assert years[0] == 2017
    for number in range(1, 6):
        edition = found[number]
        assert (edition.city, edition.country_id, edition.time_zone) == (
            "Beijing",
            "CN",
            "Asia/Shanghai",
        )
        assert edition.ends_on < dt.date(2025, 1, 1)
        assert 20 <= participants(edition).count() <= 45
        assert 5 <= edition.sessions.count() <= 10
    sixth = found[6]
    assert (sixth.city, sixth.country_id, sixth.time_zone) == ("Belgrade", "RS", "Europe/Belgrade")
    assert (sixth.starts_on, sixth.ends_on, sixth.days) == (
        dt.date(2025, 12, 6),
        dt.date(2025, 12, 18),
        13,
    )
    assert {"en", "zh-hans", "sr-latn"} <= set(sixth.languages)
    assert sixth.translations["zh-hans"]["title"].startswith("第六届")
    assert sixth.translations["sr-latn"]["title"]
    partners = set(sixth.partner_institutions.values_list("name", flat=True))
    assert {"University of Belgrade", "Jagiellonian University"} <= partners
    for edition in found.values():
        assert edition.is_published
        assert edition.timetable_published
        assert "China Academy of Chinese Medical Sciences" in set(
            edition.organising_institutions.values_list("name", flat=True)
        )
    html = Client().get(programme.get_absolute_url()).content.decode()
    assert "Belgrade" in html
    assert "Beijing" in html


def test_the_sixth_has_a_published_13_day_timetable_of_about_150_sessions(demo: Path) -> None:
    sixth = editions()[6]
    sessions = list(Session.objects.filter(edition=sixth).prefetch_related("speakers__user"))
    assert 140 <= len(sessions) <= 160
    days = {s.starts_at.astimezone(BELGRADE).date() for s in sessions}
    assert len(days) == 13
    assert {s.kind for s in sessions} == {"lecture", "workshop", "seminar", "clinical", "ceremony"}
    assert [s.kind for s in sorted(sessions, key=lambda s: s.starts_at)][:: len(sessions) - 1] == [
        "ceremony",
        "ceremony",
    ]
    assert all(s.translations["zh-hans"]["title"] for s in sessions)
    assert all(s.room and s.speakers.all() for s in sessions)
    # Rooms are never double-booked (the timetable service refuses it).
    by_room: dict[str, list[Session]] = {}
    for session in sessions:
        by_room.setdefault(session.room, []).append(session)
    for booked in by_room.values():
        booked.sort(key=lambda s: s.starts_at)
        assert all(a.ends_at <= b.starts_at for a, b in itertools.pairwise(booked))
    speakers = {sp.user for s in sessions for sp in s.speakers.all() if sp.user}
    chinese = [u for u in speakers if u.country_id == "CN"]
    serbian = [u for u in speakers if u.country_id == "RS"]
    assert len(chinese) >= 10
    assert all(u.name_native and u.name_latin.isascii() for u in chinese)
    assert len(serbian) >= 5
    assert all(u.name_native for u in serbian)
    required = [s for s in sessions if s.required]
    assert required
    assert all(s.kind == "lecture" for s in required)
    assert SessionMaterial.objects.filter(session__edition=sixth).exists()
    page = Client().get(f"/training/{sixth.pk}/timetable/")
    assert page.status_code == 200
    assert "Opening ceremony" in page.content.decode()


def test_about_200_participants_from_25_countries_applied_through_the_form(demo: Path) -> None:
    sixth = editions()[6]
    people = participants(sixth)
    assert 190 <= people.count() <= 210
    countries = set(people.values_list("applicant__country_id", flat=True))
    assert len(countries) == 25
    assert {"RS", "SK", "PL"} <= countries
    by_country = dict(
        people.values_list("applicant__country_id").annotate(n=Count("pk")).order_by()
    )
    assert by_country["RS"] == max(by_country.values())
    professions = set(people.values_list("applicant__professional_role", flat=True))
    assert {"physician", "educator", "researcher"} <= professions
    native = people.exclude(applicant__name_native="").select_related("applicant")
    assert native.filter(applicant__country_id="RS").count() > 30
    assert not native.filter(applicant__country_id__in=["SK", "PL", "DE"]).exists()
    # Through the form: every applicant answered it and sent a CV (a real PDF).
    applied = Application.objects.filter(edition=sixth, invited=False)
    assert all(len(a.answers) >= 4 for a in applied)
    files = ApplicationFile.objects.filter(application__edition=sixth)
    assert files.count() == applied.count()
    cv = files.first()
    assert cv is not None
    assert cv.original_name.endswith(".pdf")
    with cv.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    statuses = dict(applied.values_list("status").annotate(n=Count("pk")).order_by())
    assert statuses[ApplicationStatus.REJECTED] >= 3
    assert statuses[ApplicationStatus.WAITLISTED] >= 3
    assert statuses[ApplicationStatus.WITHDRAWN] == 1
    # The withdrawal freed a place, offered to the first on the waiting list, who took it.
    log = AuditEntry.objects.filter(data__edition=sixth.pk)
    assert log.filter(action="training.application_withdraw").count() == 1
    offered = log.get(action="training.offer_make")
    assert log.filter(action="training.offer_confirm", target_id=offered.target_id).exists()
    # Invited speakers and experts are outside the places; the places add up.
    invited = Application.objects.filter(edition=sixth, invited=True, status="accepted")
    assert invited.filter(role=ParticipantRole.EXPERT).exists()
    assert invited.filter(role=ParticipantRole.SPEAKER).count() >= 10
    assert (
        Invitation.objects.filter(edition=sixth, used_at__isnull=False).count() == invited.count()
    )
    for edition in editions().values():
        holding = Application.objects.filter(
            edition=edition, invited=False, status__in=PLACE_STATUSES
        ).count()
        assert edition.places_taken == holding <= edition.capacity
    assert sixth.places_taken == sixth.capacity


def test_the_history_is_dated_as_it_happened(demo: Path) -> None:
    sixth = editions()[6]
    assert sixth.applications_open is not None
    assert sixth.application_deadline is not None
    submitted = Application.objects.filter(edition=sixth, invited=False).values_list(
        "submitted_at", flat=True
    )
    assert all(sixth.applications_open <= t <= sixth.application_deadline for t in submitted)
    first = dt.datetime(2025, 12, 6, tzinfo=BELGRADE) - dt.timedelta(hours=1)
    times = CheckIn.objects.filter(session__edition=sixth).values_list(
        "checked_in_at", "session__starts_at", "session__ends_at"
    )
    assert all(
        first <= t and start - dt.timedelta(minutes=15) <= t <= end for t, start, end in times
    )
    issued = Certificate.objects.filter(kind="training", details__edition_id=sixth.pk)
    assert all(c.issued_at.date() > sixth.ends_on for c in issued)
    # The clock is the real one again once the demo is loaded.
    assert abs(timezone.now() - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_check_ins_and_certificates_follow_the_attendance_rule(demo: Path) -> None:
    sixth = editions()[6]
    rows = alumni.attendance_of(edition=sixth)
    learners = [r for r in rows if r.application.role == ParticipantRole.PARTICIPANT]
    assert all(r.attended for r in learners)
    shares = [r.share or 0 for r in learners]
    assert sum(1 for s in shares if s >= 80) >= 0.8 * len(learners)
    assert any(s < 80 for s in shares)
    methods = CheckIn.objects.filter(session__edition=sixth).values_list("method", flat=True)
    assert set(methods) == {"badge", "code", "list"}
    for row in rows:
        assert (row.certificate is not None) == row.eligible
    certified = [r for r in learners if r.certificate is not None]
    assert len(certified) >= 150
    certificate = certified[0].certificate
    assert certificate is not None
    assert certificate.hours == certified[0].hours > 20
    page = Client().get(certificate.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Valid certificate" in html
    assert certified[0].application.applicant.name_latin in html
    past = [e for n, e in editions().items() if n < 6]
    with_certificates = [
        e for e in past if Certificate.objects.filter(details__edition_id=e.pk).exists()
    ]
    assert len(with_certificates) >= 2


def test_the_demo_logins_take_part(demo: Path) -> None:
    sixth = editions()[6]
    physician = User.objects.get(email="physician@belgrade.example")
    mine = Application.objects.get(edition=sixth, applicant=physician)
    assert (mine.status, mine.role, mine.language) == ("accepted", "participant", "sr-latn")
    checkins = CheckIn.objects.filter(application=mine)
    assert checkins.count() >= 40
    assert checkins.filter(method="code").exists()
    assert Certificate.objects.filter(holder=physician, source_id=str(mine.pk)).exists()
    chair = User.objects.get(email="training@cacms.example")
    for edition in editions().values():
        assert EditionOrganiser.objects.filter(
            edition=edition, user=chair, role=OrganiserRole.CHAIR
        ).exists()
    client = Client()
    client.force_login(chair)
    assert client.get(f"/training/{sixth.pk}/manage/").status_code == 200


def test_an_alumnus_of_2017_comes_back_as_an_expert_and_speaker(demo: Path) -> None:
    person = User.objects.get(email="dejan.marinkovic@belgrade.example")
    steps = alumni.journey(person=person)
    assert [s.edition.number for s in steps] == [1, 6]
    first, last = steps
    assert first.edition.starts_on.year == 2017
    assert first.roles == ["Participant"]
    assert first.certificate is not None
    assert set(last.roles) == {"Collaborating expert", "Speaker"}
    assert last.spoke >= 1
    brazilian = User.objects.get(country_id="BR", email="rafael.moreira@unifesp.example")
    roles = [s.roles for s in alumni.journey(person=brazilian)]
    assert roles == [["Participant"], ["Speaker"]]
    figures = alumni.programme_figures(programme=Programme.objects.get(slug=PROGRAMME_SLUG))
    returning = {r.person.pk for r in figures.returning}
    assert person.pk in returning
    assert figures.countries >= 25


def test_running_the_demo_again_changes_nothing(demo: Path) -> None:
    def counts() -> list[int]:
        return [
            Programme.objects.count(),
            Edition.objects.count(),
            Session.objects.count(),
            Application.objects.count(),
            ApplicationFile.objects.count(),
            Invitation.objects.count(),
            CheckIn.objects.count(),
            Certificate.objects.count(),
            User.objects.count(),
            Affiliation.objects.count(),
            AuditEntry.objects.count(),
        ]

    before = counts()
    load_training(stream=StringIO())
    assert counts() == before
