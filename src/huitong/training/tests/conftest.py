"""Shared fixtures of the training app's tests (every part uses them; add, don't change).

The ``training`` fixture builds, in the ``world``'s alliance:

- a programme organised by ``world.institution``;
- its 6th edition, published, in Belgrade (Europe/Belgrade), 6 to 18 December 2025, capacity 3,
  languages en / zh-hans / sr-latn, application deadline 1 November 2025, timetable
  published;
- an organiser (``training.organiser``, chair of the edition's team), who is neither an
  alliance admin nor a participant;
- three required sessions on the first day (a lecture with a member speaker, a workshop
  with an external speaker, a clinical practice) and a ceremony on the last day
  (not required);
- a participant (``training.participant``) with an accepted application that holds one of
  the three places (``places_taken`` = 1).

Everything is written with the ORM, so that fixtures don't depend on the services under
test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from huitong.accounts.models import User
from huitong.core.models import Country
from huitong.testing import World, make_user
from huitong.training.models import (
    Application,
    ApplicationStatus,
    Edition,
    EditionOrganiser,
    EditionStatus,
    OrganiserRole,
    Programme,
    Session,
    SessionKind,
    Speaker,
)

BELGRADE = ZoneInfo("Europe/Belgrade")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Uploaded files (materials, CVs) go to a temporary folder (``<MEDIA_ROOT>-private``)."""
    settings.MEDIA_ROOT = tmp_path / "media"


def at(day: dt.date, hour: int, minute: int = 0, tz: ZoneInfo = BELGRADE) -> dt.datetime:
    """An aware datetime on ``day`` at ``hour:minute`` in ``tz`` (Belgrade by default)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)


@dataclass
class TrainingWorld:
    world: World
    programme: Programme
    edition: Edition
    organiser: User
    participant: User
    application: Application
    sessions: list[Session] = field(default_factory=list)

    @property
    def lecture(self) -> Session:
        return self.sessions[0]

    @property
    def workshop(self) -> Session:
        return self.sessions[1]


def make_programme(world: World, slug: str = "tcm-advanced", **fields: object) -> Programme:
    fields.setdefault(
        "title",
        "International Advanced Training Course on Clinical Practice and Research Progress of TCM",
    )
    fields.setdefault("description", "Lectures and practical workshops.")
    fields.setdefault(
        "translations", {"zh-hans": {"title": "中医临床实践与研究进展国际高级培训班"}}
    )
    return Programme.objects.create(
        slug=slug, alliance=world.alliance, organiser=world.institution, **fields
    )


def make_edition(programme: Programme, number: int = 6, **fields: object) -> Edition:
    fields.setdefault("title", f"{number}th International Advanced Training Course")
    fields.setdefault("translations", {"zh-hans": {"title": f"第{number}届国际高级培训班"}})
    fields.setdefault("starts_on", dt.date(2025, 12, 6))
    fields.setdefault("ends_on", dt.date(2025, 12, 18))
    fields.setdefault("venue", "Faculty of Medicine")
    fields.setdefault("city", "Belgrade")
    fields.setdefault("country", Country.objects.get(pk="RS"))
    fields.setdefault("time_zone", "Europe/Belgrade")
    fields.setdefault("languages", ["en", "zh-hans", "sr-latn"])
    fields.setdefault("capacity", 3)
    fields.setdefault("status", EditionStatus.PUBLISHED)
    fields.setdefault("timetable_published", True)
    fields.setdefault("application_deadline", dt.datetime(2025, 11, 1, 12, tzinfo=dt.UTC))
    return Edition.objects.create(programme=programme, number=number, **fields)


def make_session(
    edition: Edition, starts_at: dt.datetime, hours: float = 1.5, **fields: object
) -> Session:
    fields.setdefault("kind", SessionKind.LECTURE)
    fields.setdefault("title", "Session")
    fields.setdefault("room", "Hall A")
    fields.setdefault("checkin_code", "ABC234")
    return Session.objects.create(
        edition=edition,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        **fields,
    )


@pytest.fixture
def training(world: World) -> TrainingWorld:
    programme = make_programme(world)
    edition = make_edition(programme)
    edition.organising_institutions.add(world.institution)
    edition.partner_institutions.add(world.other_institution)
    organiser = make_user("organiser@example.org", name_native="王伟")
    EditionOrganiser.objects.create(edition=edition, user=organiser, role=OrganiserRole.CHAIR)
    participant = make_user("participant@example.org", name_native="Петар")
    application = Application.objects.create(
        edition=edition,
        applicant=participant,
        status=ApplicationStatus.ACCEPTED,
        language="en",
    )
    Edition.objects.filter(pk=edition.pk).update(places_taken=1)
    edition.refresh_from_db()

    first = edition.starts_on
    lecture = make_session(
        edition,
        at(first, 9),
        title="Acupuncture in pain medicine",
        translations={"zh-hans": {"title": "针灸在疼痛医学中的应用"}},
        track="Clinical",
        checkin_code="LECT23",
    )
    Speaker.objects.create(
        session=lecture, user=world.member, name=world.member.name_latin, name_native="李芳"
    )
    workshop = make_session(
        edition,
        at(first, 11),
        kind=SessionKind.WORKSHOP,
        title="Pulse diagnosis workshop",
        room="Room 2",
        track="Practice",
        checkin_code="WORK45",
    )
    Speaker.objects.create(
        session=workshop, name="Milan Petrović", name_native="Милан Петровић", position=0
    )
    clinical = make_session(
        edition,
        at(first, 14),
        kind=SessionKind.CLINICAL,
        title="Clinical practice at the ward",
        room="Ward 3",
        checkin_code="CLIN67",
        hours=3,
    )
    ceremony = make_session(
        edition,
        at(edition.ends_on, 17),
        kind=SessionKind.CEREMONY,
        title="Closing ceremony",
        required=False,
        checkin_code="CERE89",
    )
    return TrainingWorld(
        world=world,
        programme=programme,
        edition=edition,
        organiser=organiser,
        participant=participant,
        application=application,
        sessions=[lecture, workshop, clinical, ceremony],
    )
