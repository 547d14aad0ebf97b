"""The timetable's services: programmes, editions, organisers, sessions (with their clash
rules), publishing and materials."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from huitong.core.errors import Conflict, ServiceError
from huitong.core.models import AuditEntry, Country
from huitong.courses.media import private_storage
from huitong.testing import World, make_institution, make_user
from huitong.training import services
from huitong.training.models import (
    CheckIn,
    CheckInMethod,
    Edition,
    EditionOrganiser,
    EditionStatus,
    Session,
    SessionMaterial,
)
from huitong.training.services import SpeakerIn
from huitong.training.tests.conftest import BELGRADE, TrainingWorld, at

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
ZIP = b"PK\x03\x04" + b"\x00" * 60


def edition_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "7th International Advanced Training Course",
        "starts_on": dt.date(2026, 9, 7),
        "ends_on": dt.date(2026, 9, 19),
        "city": "Warsaw",
        "country": Country.objects.get(pk="PL"),
        "time_zone": "Europe/Warsaw",
        "languages": ["en", "pl"],
        "capacity": 120,
    }
    fields.update(overrides)
    return fields


def session_fields(start: dt.datetime, hours: float = 1, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": "lecture",
        "title": "A new lecture",
        "room": "Hall A",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=hours),
    }
    fields.update(overrides)
    return fields


def message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


# --- Programmes -----------------------------------------------------------------------


def test_a_programme_is_run_by_a_member_institution(world: World) -> None:
    programme = services.programme_create(
        actor=world.alliance_admin,
        alliance=world.alliance,
        organiser=world.institution,
        slug="acupuncture",
        title="  Acupuncture course ",
        translations={"zh-hans": {"title": "针灸课程"}},
    )
    assert programme.title == "Acupuncture course"
    assert AuditEntry.objects.filter(action="training.programme_create").count() == 1

    outside = make_institution("Clinic outside the alliance", country="DE")
    with pytest.raises(ServiceError, match="approved member"):
        services.programme_create(
            actor=world.alliance_admin,
            alliance=world.alliance,
            organiser=outside,
            slug="other",
            title="Other",
        )
    updated = services.programme_update(
        actor=world.alliance_admin, programme=programme, title="Acupuncture and moxibustion"
    )
    assert updated.title == "Acupuncture and moxibustion"
    entry = AuditEntry.objects.get(action="training.programme_update")
    assert entry.data["before"] == {"title": "Acupuncture course"}


# --- Editions -------------------------------------------------------------------------


def test_an_edition_is_created_as_a_draft_chaired_by_its_creator(training: TrainingWorld) -> None:
    world = training.world
    edition = services.edition_create(
        actor=world.alliance_admin,
        programme=training.programme,
        organising_institutions=[world.institution],
        partner_institutions=[make_institution("Medical University of Warsaw", country="PL")],
        **edition_fields(),
    )
    assert edition.status == EditionStatus.DRAFT
    assert edition.number == 7  # the next number after the 6th
    assert edition.languages == ["en", "pl"]
    chair = EditionOrganiser.objects.get(edition=edition)
    assert chair.user == world.alliance_admin
    assert chair.role == "chair"
    assert [i.name for i in edition.partner_institutions.all()] == ["Medical University of Warsaw"]


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"time_zone": "Europe/Atlantis"}, "time_zone", "is not a time zone"),
        ({"languages": []}, "languages", "at least one language"),
        ({"languages": ["en", "klingon"]}, "languages", "not one of the platform's languages"),
        ({"ends_on": dt.date(2026, 9, 1)}, "ends_on", "cannot be before the first day"),
        ({"capacity": 0}, "capacity", ""),
        (
            {
                "applications_open": dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
                "application_deadline": dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
            },
            "application_deadline",
            "must come after applications open",
        ),
    ],
)
def test_an_invalid_edition_is_refused_with_a_reason(
    training: TrainingWorld, overrides: dict[str, Any], field: str, text: str
) -> None:
    before = Edition.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.edition_create(
            actor=training.organiser, programme=training.programme, **edition_fields(**overrides)
        )
    assert field in caught.value.message_dict
    assert text in " ".join(caught.value.message_dict[field])
    assert Edition.objects.count() == before
    assert not EditionOrganiser.objects.filter(edition__number=7).exists()


def test_institutions_of_an_edition_are_checked(training: TrainingWorld) -> None:
    world = training.world
    outside = make_institution("Clinic outside the alliance", country="DE")
    with pytest.raises(ValidationError, match="approved members"):
        services.edition_create(
            actor=None,
            programme=training.programme,
            organising_institutions=[outside],
            **edition_fields(),
        )
    with pytest.raises(ValidationError, match="either organising or a partner"):
        services.edition_update(
            actor=None,
            edition=training.edition,
            partner_institutions=[world.institution],
        )
    assert list(training.edition.partner_institutions.all()) == [world.other_institution]


def test_a_duplicate_edition_number_is_a_conflict(training: TrainingWorld) -> None:
    with pytest.raises(Conflict, match="already has an edition number 6"):
        services.edition_create(
            actor=None, programme=training.programme, **edition_fields(number=6)
        )


def test_capacity_cannot_drop_below_the_places_taken(training: TrainingWorld) -> None:
    Edition.objects.filter(pk=training.edition.pk).update(places_taken=2)
    with pytest.raises(ValidationError) as caught:
        services.edition_update(actor=training.organiser, edition=training.edition, capacity=1)
    assert "2 places are already taken" in message(caught.value)
    assert Edition.objects.get(pk=training.edition.pk).capacity == 3
    edition = services.edition_update(
        actor=training.organiser, edition=training.edition, capacity=2
    )
    assert edition.capacity == 2


def test_new_dates_must_keep_the_sessions_inside(training: TrainingWorld) -> None:
    with pytest.raises(ValidationError) as caught:
        services.edition_update(
            actor=training.organiser, edition=training.edition, ends_on=dt.date(2025, 12, 17)
        )
    assert "Closing ceremony" in message(caught.value)
    assert Edition.objects.get(pk=training.edition.pk).ends_on == dt.date(2025, 12, 18)
    # Moving the time zone far west pushes the 09:00 lecture of the first day... still in.
    edition = services.edition_update(
        actor=training.organiser, edition=training.edition, venue="Sava Centre"
    )
    assert edition.venue == "Sava Centre"
    entry = AuditEntry.objects.get(action="training.edition_update")
    assert entry.data["after"] == {"venue": "Sava Centre"}


def test_publish_and_cancel(training: TrainingWorld) -> None:
    draft = services.edition_create(
        actor=training.organiser, programme=training.programme, **edition_fields()
    )
    published = services.edition_publish(actor=training.organiser, edition=draft)
    assert published.status == EditionStatus.PUBLISHED
    with pytest.raises(Conflict, match="Only a draft edition"):
        services.edition_publish(actor=training.organiser, edition=draft)
    cancelled = services.edition_cancel(
        actor=training.organiser, edition=draft, reason="The venue is closed."
    )
    assert cancelled.status == EditionStatus.CANCELLED
    with pytest.raises(Conflict, match="already cancelled"):
        services.edition_cancel(actor=training.organiser, edition=draft)
    entry = AuditEntry.objects.get(action="training.edition_cancel")
    assert entry.data == {"reason": "The venue is closed."}


# --- Organisers -----------------------------------------------------------------------


def test_the_team_keeps_at_least_one_organiser(training: TrainingWorld) -> None:
    edition = training.edition
    colleague = make_user("colleague@example.org")
    added = services.organiser_add(
        actor=training.organiser, edition=edition, user=colleague, role="secretariat"
    )
    with pytest.raises(Conflict, match="already one of the edition's organisers"):
        services.organiser_add(actor=training.organiser, edition=edition, user=colleague)
    with pytest.raises(ServiceError, match="valid role"):
        services.organiser_add(
            actor=training.organiser, edition=edition, user=training.participant, role="boss"
        )
    chair = EditionOrganiser.objects.get(edition=edition, user=training.organiser)
    services.organiser_remove(actor=training.organiser, organiser=chair)
    with pytest.raises(Conflict, match="at least one organiser"):
        services.organiser_remove(actor=colleague, organiser=added)
    assert list(EditionOrganiser.objects.filter(edition=edition)) == [added]


# --- Sessions -------------------------------------------------------------------------


def test_a_session_gets_a_checkin_code_and_its_speakers(training: TrainingWorld) -> None:
    world = training.world
    session = services.session_create(
        actor=training.organiser,
        edition=training.edition,
        speakers=[
            SpeakerIn(user=world.member),
            SpeakerIn(name=" Ana Jovanović ", name_native="Ана Јовановић", affiliation="KCS"),
        ],
        **session_fields(at(dt.date(2025, 12, 7), 9), room="Hall B"),
    )
    assert len(session.checkin_code) == 6
    assert set(session.checkin_code) <= set(services.CHECKIN_ALPHABET)
    assert not set(session.checkin_code) & set("01OIL")
    speakers = list(session.speakers.order_by("position"))
    assert [(s.user, s.name, s.name_native) for s in speakers] == [
        (world.member, "Member", "李芳"),
        (None, "Ana Jovanović", "Ана Јовановић"),
    ]
    entry = AuditEntry.objects.get(action="training.session_create")
    assert entry.data["session"] == session.pk
    codes = {
        services.session_create(
            actor=None,
            edition=training.edition,
            **session_fields(at(dt.date(2025, 12, 8), 8 + i), room=f"Room {i}"),
        ).checkin_code
        for i in range(5)
    }
    assert len(codes) == 5


def test_a_room_holds_one_session_at_a_time(training: TrainingWorld) -> None:
    count = Session.objects.count()
    day = training.edition.starts_on
    with pytest.raises(ValidationError) as caught:
        # The lecture is in Hall A from 09:00 to 10:30; "hall a " is the same room.
        services.session_create(
            actor=training.organiser,
            edition=training.edition,
            **session_fields(at(day, 10), room="hall a "),
        )
    assert "room" in caught.value.message_dict
    text = message(caught.value)
    assert "Acupuncture in pain medicine" in text
    assert "2025-12-06, 09:00–10:30" in text  # in the edition's time zone
    assert Session.objects.count() == count
    # Right after it, or at the same time in another room: fine.
    services.session_create(
        actor=None, edition=training.edition, **session_fields(at(day, 10, 30), room="Hall A")
    )
    services.session_create(
        actor=None, edition=training.edition, **session_fields(at(day, 9), room="Hall C")
    )


def test_a_speaker_speaks_in_one_session_at_a_time(training: TrainingWorld) -> None:
    world = training.world
    day = training.edition.starts_on
    count = Session.objects.count()
    # The member speaks at the lecture (09:00-10:30): not again at 10:00 in another room.
    with pytest.raises(ValidationError) as caught:
        services.session_create(
            actor=None,
            edition=training.edition,
            speakers=[SpeakerIn(user=world.member)],
            **session_fields(at(day, 10), room="Room 9"),
        )
    assert "speakers" in caught.value.message_dict
    assert "Acupuncture in pain medicine" in message(caught.value)
    # Milan Petrović leads the workshop (11:00-12:30), whatever the case of his name.
    with pytest.raises(ValidationError) as caught:
        services.session_create(
            actor=None,
            edition=training.edition,
            speakers=[SpeakerIn(name="MILAN PETROVIĆ")],
            **session_fields(at(day, 12), room="Room 9"),
        )
    assert "Pulse diagnosis workshop" in message(caught.value)
    assert "Milan Petrović already speaks" in message(caught.value)
    assert Session.objects.count() == count
    # Another person of another name at the same time: fine.
    services.session_create(
        actor=None,
        edition=training.edition,
        speakers=[SpeakerIn(name="Milan Petrovski")],
        **session_fields(at(day, 12), room="Room 9"),
    )


def test_one_speaker_is_not_listed_twice(training: TrainingWorld) -> None:
    with pytest.raises(ValidationError, match="listed twice"):
        services.session_create(
            actor=None,
            edition=training.edition,
            speakers=[SpeakerIn(name="Ana"), SpeakerIn(name="ana")],
            **session_fields(at(dt.date(2025, 12, 9), 9)),
        )
    with pytest.raises(ValidationError, match="external speaker's name"):
        services.session_create(
            actor=None,
            edition=training.edition,
            speakers=[SpeakerIn(name="  ")],
            **session_fields(at(dt.date(2025, 12, 9), 9)),
        )


def test_sessions_lie_within_the_edition_days_in_its_time_zone(training: TrainingWorld) -> None:
    edition = training.edition  # 6 to 18 December 2025, Europe/Belgrade (UTC+1)
    # 00:30 in Belgrade on the 6th is still the 5th in UTC: inside.
    early = services.session_create(
        actor=None,
        edition=edition,
        **session_fields(at(dt.date(2025, 12, 6), 0, 30), room="Night"),
    )
    assert early.starts_at.astimezone(dt.UTC).date() == dt.date(2025, 12, 5)
    # 23:30 in Belgrade on the 5th is the 5th: outside, though 22:30 UTC is too.
    with pytest.raises(ValidationError) as caught:
        services.session_create(
            actor=None, edition=edition, **session_fields(at(dt.date(2025, 12, 5), 23, 30))
        )
    assert "2025-12-06 to 2025-12-18 (Europe/Belgrade time)" in message(caught.value)
    # 23:30 UTC on the 18th is already the 19th in Belgrade: outside.
    late = dt.datetime(2025, 12, 18, 23, 30, tzinfo=dt.UTC)
    with pytest.raises(ValidationError):
        services.session_create(actor=None, edition=edition, **session_fields(late))
    # Ending at midnight belongs to the day before: inside.
    services.session_create(
        actor=None,
        edition=edition,
        **session_fields(at(dt.date(2025, 12, 18), 22), hours=2, room="Night"),
    )


@pytest.mark.parametrize(
    ("start_hour", "hours", "field", "text"),
    [
        (9, 0, "ends_at", "end after it starts"),
        (9, -1, "ends_at", "end after it starts"),
        (0, 25, "ends_at", "at most 24 hours"),
    ],
)
def test_a_session_ends_after_it_starts(
    training: TrainingWorld, start_hour: int, hours: float, field: str, text: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.session_create(
            actor=None,
            edition=training.edition,
            **session_fields(at(dt.date(2025, 12, 10), start_hour), hours=hours),
        )
    assert text in " ".join(caught.value.message_dict[field])


def test_updating_a_session_keeps_the_rules(training: TrainingWorld) -> None:
    workshop = training.workshop  # Room 2, 11:00-12:30, Milan Petrović
    day = training.edition.starts_on
    # Moving it onto the lecture's room and time is refused; nothing changes.
    with pytest.raises(ValidationError, match="taken at that time"):
        services.session_update(
            actor=None, session=workshop, room="Hall A", starts_at=at(day, 9), ends_at=at(day, 10)
        )
    workshop.refresh_from_db()
    assert (workshop.room, workshop.starts_at) == ("Room 2", at(day, 11))
    # Its own time does not clash with itself.
    moved = services.session_update(
        actor=None, session=workshop, starts_at=at(day, 11, 15), ends_at=at(day, 12, 45)
    )
    assert moved.starts_at == at(day, 11, 15)
    # Replacing the speakers by the lecture's speaker clashes only if the times overlap.
    updated = services.session_update(
        actor=None,
        session=workshop,
        speakers=[SpeakerIn(user=training.world.member), SpeakerIn(name="Milan Petrović")],
    )
    assert [s.name for s in updated.speakers.order_by("position")] == ["Member", "Milan Petrović"]
    entry = AuditEntry.objects.filter(action="training.session_update").latest("pk")
    assert entry.data["after"]["speakers"][0]["user"] == training.world.member.pk


def test_a_session_with_checkins_is_not_deleted(training: TrainingWorld) -> None:
    CheckIn.objects.create(
        session=training.lecture, application=training.application, method=CheckInMethod.LIST
    )
    with pytest.raises(Conflict, match="losing their attendance"):
        services.session_delete(actor=None, session=training.lecture)
    assert Session.objects.filter(pk=training.lecture.pk).exists()
    services.session_delete(actor=training.organiser, session=training.workshop)
    assert not Session.objects.filter(pk=training.workshop.pk).exists()
    assert AuditEntry.objects.filter(action="training.session_delete").count() == 1


def test_publishing_the_timetable(training: TrainingWorld) -> None:
    draft = services.edition_create(
        actor=training.organiser, programme=training.programme, **edition_fields()
    )
    with pytest.raises(ServiceError, match="no session yet"):
        services.timetable_publish(actor=training.organiser, edition=draft)
    services.session_create(
        actor=None,
        edition=draft,
        **session_fields(dt.datetime(2026, 9, 7, 9, tzinfo=dt.UTC)),
    )
    assert services.timetable_publish(actor=training.organiser, edition=draft).timetable_published
    assert not services.timetable_unpublish(
        actor=training.organiser, edition=draft
    ).timetable_published
    assert AuditEntry.objects.filter(action__startswith="training.timetable_").count() == 2


# --- Materials ------------------------------------------------------------------------


def test_materials_are_checked_and_stored_privately(
    training: TrainingWorld, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    material = services.material_add(
        actor=training.organiser,
        session=training.lecture,
        file=SimpleUploadedFile("slides.pdf", PDF),
        title="",
    )
    assert material.title == "slides"
    assert material.size == len(PDF)
    stored = Path(private_storage.path(material.file.name))
    assert stored.read_bytes() == PDF
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    services.material_add(
        actor=None, session=training.lecture, file=SimpleUploadedFile("deck.pptx", ZIP)
    )
    for name, content, text in [
        ("virus.exe", b"MZ" + b"\x00" * 10, "not a document this platform takes"),
        ("notes.xlsx", ZIP, "not a document this platform takes"),
        ("fake.pdf", b"just text", "not a real .pdf file"),
        ("empty.pdf", b"", "is empty"),
    ]:
        with pytest.raises(ValidationError, match=text):
            services.material_add(
                actor=None, session=training.lecture, file=SimpleUploadedFile(name, content)
            )
    settings.TRAINING_MATERIAL_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="larger than"):
        services.material_add(
            actor=None, session=training.lecture, file=SimpleUploadedFile("big.pdf", PDF)
        )
    assert SessionMaterial.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.material_delete(actor=training.organiser, material=material)
    assert not stored.exists()
    assert SessionMaterial.objects.count() == 1


def test_the_default_material_limit_is_50_mb() -> None:
    assert services.material_max_bytes() == 50 * 1024 * 1024


def test_fixture_times_are_in_belgrade(training: TrainingWorld) -> None:
    assert training.lecture.starts_at.astimezone(BELGRADE).hour == 9
