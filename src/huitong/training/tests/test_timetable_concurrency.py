"""Organisers saving clashing sessions at the same moment: the lock of the edition lets
exactly one through."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from huitong.alliance.tests.test_concurrency import together
from huitong.training import services
from huitong.training.models import Session
from huitong.training.services import SpeakerIn
from huitong.training.tests.conftest import TrainingWorld, at


@pytest.mark.django_db(transaction=True)
def test_simultaneous_sessions_in_one_room_are_refused_but_one(training: TrainingWorld) -> None:
    day = training.edition.ends_on
    before = Session.objects.count()

    def create(n: int) -> Session:
        return services.session_create(
            actor=None,
            edition=training.edition,
            kind="lecture",
            title=f"Lecture {n}",
            room="Great Hall",
            starts_at=at(day, 9, 5 * n),
            ends_at=at(day, 10, 5 * n),
        )

    results, errors = together(4, create)
    assert len(results) == 1
    assert len(errors) == 3
    assert all(isinstance(e, ValidationError) and "room" in e.message_dict for e in errors)
    assert Session.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_sessions_of_one_speaker_are_refused_but_one(
    training: TrainingWorld,
) -> None:
    day = training.edition.ends_on

    def create(n: int) -> Session:
        return services.session_create(
            actor=None,
            edition=training.edition,
            kind="seminar",
            title=f"Seminar {n}",
            room=f"Room {n}",
            starts_at=at(day, 9),
            ends_at=at(day, 10),
            speakers=[SpeakerIn(name="Zhang Wei")],
        )

    results, errors = together(3, create)
    assert len(results) == 1
    assert all("speakers" in e.message_dict for e in errors if isinstance(e, ValidationError))
    assert len(errors) == 2
