"""A person's journey across editions and roles: on their own profile, and on a page for
the organisers of the editions they took part in (nobody else)."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from huitong.accounts.models import User
from huitong.testing import make_user
from huitong.training import alumni, attendance
from huitong.training.models import Application, EditionOrganiser, Speaker
from huitong.training.tests.attendance_helpers import accept, present
from huitong.training.tests.conftest import (
    TrainingWorld,
    at,
    make_edition,
    make_programme,
    make_session,
)


def came_back(training: TrainingWorld) -> tuple[Application, Application]:
    """Chen Jing: participant of the 1st edition (2017, certificate), collaborating expert
    and speaker of the 6th."""
    first = make_edition(
        training.programme, number=1, title="1st International Advanced Training Course",
        translations={}, starts_on=dt.date(2017, 9, 4), ends_on=dt.date(2017, 9, 15),
        city="Beijing", country_id="CN", time_zone="Asia/Shanghai",
    )  # fmt: skip
    session = make_session(first, at(first.starts_on, 9), title="Tongue diagnosis")
    participation = accept(
        first, "chen@example.org", name_latin="Chen Jing", name_native="陈静", country="CN"
    )
    present(participation, session)
    attendance.certificate_issue_for(application=participation, by=training.organiser)
    expert = accept(training.edition, "chen@example.org", role="expert")
    Speaker.objects.create(
        session=training.workshop, user=expert.applicant, name="Chen Jing", position=1
    )
    return participation, expert


def test_the_journey_goes_from_participant_to_expert(training: TrainingWorld) -> None:
    _participation, expert = came_back(training)
    steps = alumni.journey(person=expert.applicant)
    assert [s.edition.number for s in steps] == [1, 6]
    assert steps[0].roles == ["Participant"]
    assert steps[0].attended == 1
    assert steps[0].certificate is not None
    assert steps[1].roles == ["Collaborating expert", "Speaker"]
    assert steps[1].spoke == 1


def test_organisers_appear_with_their_role(training: TrainingWorld) -> None:
    steps = alumni.journey(person=training.organiser)
    assert [(s.edition.number, s.roles) for s in steps] == [(6, ["Chair"])]


def test_the_profile_shows_ones_own_journey(training: TrainingWorld) -> None:
    _participation, expert = came_back(training)
    client = Client()
    client.force_login(expert.applicant)
    body = client.get("/accounts/profile/").content.decode()
    assert "My training courses" in body
    assert "1st International Advanced Training Course" in body
    assert "Collaborating expert" in body
    assert "spoke at 1 session" in body
    assert "certificate" in body
    nobody = Client()
    nobody.force_login(training.world.outsider)
    assert "My training courses" not in nobody.get("/accounts/profile/").content.decode()


def test_the_journey_page_is_for_the_person_and_their_organisers(
    training: TrainingWorld,
) -> None:
    _participation, expert = came_back(training)
    url = f"/training/alumni/{expert.applicant_id}/"
    other_programme = make_programme(training.world, slug="other")
    other_edition = make_edition(other_programme, number=1)
    stranger = make_user("stranger-organiser@example.org")
    EditionOrganiser.objects.create(edition=other_edition, user=stranger, role="organiser")

    def status(user: User | None) -> int:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client.get(url).status_code

    assert status(None) == 302
    assert status(training.world.outsider) == 404
    assert status(training.world.member) == 404
    assert status(stranger) == 404  # organises an edition the person was not at
    assert status(training.organiser) == 200
    assert status(training.world.alliance_admin) == 200
    assert status(expert.applicant) == 200
    client = Client()
    client.force_login(training.organiser)
    body = client.get(url).content.decode()
    assert "Chen Jing" in body
    assert "陈静" in body
    assert "2017" in body
