"""Alumni figures of an edition and across a programme's editions: people by country,
continent, profession, institution and role, acceptance and attendance rates, as tables
and server-drawn charts; public aggregates, names and CSV for organisers only."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from huitong.alliance import services as alliance_services
from huitong.testing import make_institution, make_user
from huitong.training import alumni
from huitong.training.models import Application, ApplicationStatus
from huitong.training.tests.attendance_helpers import accept, present
from huitong.training.tests.conftest import TrainingWorld, make_edition


class Scene:
    """The 6th edition with three participants (Serbia, China, Poland), an invited expert
    from China who was a participant of the 1st edition, and applications rejected, on the
    waiting list, still waiting and withdrawn."""

    def __init__(self, training: TrainingWorld) -> None:
        edition = training.edition
        participant = training.participant
        participant.country_id = "RS"
        participant.professional_role = "physician"
        participant.save(update_fields=["country", "professional_role"])
        self.li = accept(edition, "li@example.org", name_latin="Li Na", name_native="李娜",
                         country="CN", professional_role="physician")  # fmt: skip
        self.anna = accept(edition, "anna@example.org", name_latin="Anna Kowalska",
                           country="PL", professional_role="researcher")  # fmt: skip
        self.chen = accept(edition, "chen@example.org", name_latin="Chen Jing",
                           name_native="陈静", country="CN", role="expert")  # fmt: skip
        alliance_services.affiliation_grant(
            actor=None, user=self.li.applicant, institution=training.world.institution,
            role="faculty",
        )  # fmt: skip
        alliance_services.affiliation_grant(
            actor=None, user=self.chen.applicant, institution=training.world.institution,
            role="faculty",
        )  # fmt: skip
        for email, status in [
            ("rejected@example.org", ApplicationStatus.REJECTED),
            ("waiting@example.org", ApplicationStatus.WAITLISTED),
            ("pending@example.org", ApplicationStatus.SUBMITTED),
            ("withdrawn@example.org", ApplicationStatus.WITHDRAWN),
        ]:
            Application.objects.create(edition=edition, applicant=make_user(email), status=status)
        lecture, workshop, clinical, ceremony = training.sessions
        present(training.application, lecture, workshop, clinical, ceremony)
        present(self.li, lecture, workshop)
        present(self.chen, lecture)  # experts are not counted in the attendance rate
        self.first = make_edition(
            training.programme, number=1, title="1st International Advanced Training Course",
            translations={}, starts_on=dt.date(2017, 9, 4), ends_on=dt.date(2017, 9, 15),
            city="Beijing", country_id="CN", time_zone="Asia/Shanghai",
        )  # fmt: skip
        accept(self.first, "chen@example.org")
        self.training = training


@pytest.fixture
def scene(training: TrainingWorld) -> Scene:
    return Scene(training)


def rows(breakdown: alumni.Breakdown) -> list[tuple[str, int]]:
    return [(r.label, r.count) for r in breakdown.rows]


def test_edition_figures(scene: Scene) -> None:
    figures = alumni.edition_figures(edition=scene.training.edition)
    row = figures.row
    # People are the participants: the invited expert is a separate figure.
    assert (row.applications, row.people, row.countries, row.invited) == (8, 3, 3, 1)
    # Accepted 3 of 5 decided (rejected and waiting list count; pending, withdrawn and the
    # invited expert do not).
    assert (row.acceptance.numerator, row.acceptance.denominator) == (3, 5)
    assert row.acceptance.percent == 60.0
    # 5 check-ins at required sessions of 3 participants x 3 required sessions.
    assert (row.attendance.numerator, row.attendance.denominator) == (5, 9)
    assert row.attendance.percent == 55.6
    by = {b.dimension: b for b in figures.breakdowns}
    assert rows(by["country"]) == [("China", 1), ("Poland", 1), ("Serbia", 1)]
    assert rows(by["continent"]) == [("Europe", 2), ("Asia", 1)]
    assert rows(by["profession"]) == [("Physician", 2), ("Researcher", 1)]
    assert rows(by["institution"]) == [("Southwest Medical University", 1),
                                       ("No institution given", 2)]  # fmt: skip
    assert rows(by["role"]) == [("Participant", 3), ("Collaborating expert", 1)]


def test_programme_figures_count_people_once_and_find_who_came_back(scene: Scene) -> None:
    figures = alumni.programme_figures(programme=scene.training.programme)
    assert [r.edition.number for r in figures.editions] == [1, 6]
    # Chen was a participant of the 1st edition (so one of the people trained) and an
    # invited expert of the 6th (not a participation).
    assert (figures.people, figures.participations, figures.countries) == (4, 4, 3)
    assert figures.invited == 0
    (back,) = figures.returning
    assert back.person.email == "chen@example.org"
    assert [(e.number, role) for e, role in back.steps] == [
        (1, "Participant"),
        (6, "Collaborating expert"),
    ]
    by = {b.dimension: b for b in figures.breakdowns}
    assert rows(by["edition"]) == [("No. 1 · 2017 Beijing", 1), ("No. 6 · 2025 Belgrade", 3)]
    assert rows(by["country"])[0] == ("China", 2)


def test_draft_editions_are_left_out_for_the_public(scene: Scene) -> None:
    scene.first.status = "draft"
    scene.first.save(update_fields=["status"])
    public = alumni.programme_figures(programme=scene.training.programme)
    assert [r.edition.number for r in public.editions] == [6]
    assert not public.returning
    admin = alumni.programme_figures(programme=scene.training.programme, include_drafts=True)
    assert len(admin.editions) == 2


def test_the_public_pages_show_aggregates_and_charts_without_names(scene: Scene) -> None:
    client = Client()
    edition = client.get(f"/training/{scene.training.edition.pk}/figures/")
    assert edition.status_code == 200
    body = edition.content.decode()
    assert "60.0%" in body
    assert "55.6%" in body
    assert '<svg class="chart"' in body
    assert 'id="chart-country"' in body
    assert "<title>China: 1</title>" in body
    assert "Li Na" not in body
    assert "Chen Jing" not in body
    assert "figures.csv" not in body
    programme = client.get(f"/training/programmes/{scene.training.programme.slug}/figures/")
    body = programme.content.decode()
    assert 'id="chart-edition"' in body
    assert "came back for another edition" in body
    assert "Chen Jing" not in body


def test_organisers_see_who_came_back(scene: Scene) -> None:
    client = Client()
    client.force_login(scene.training.organiser)
    body = client.get(
        f"/training/programmes/{scene.training.programme.slug}/figures/"
    ).content.decode()
    assert "Chen Jing" in body
    assert "陈静" in body
    assert "2017 Participant → 2025 Collaborating expert" in body
    assert f"/training/alumni/{scene.chen.applicant_id}/" in body


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_figures_csv_for_organisers(scene: Scene) -> None:
    evil = make_institution("=HYPERLINK(evil)", country="RS", city="Novi Sad")
    alliance_services.affiliation_grant(
        actor=None, user=scene.anna.applicant, institution=evil, role="faculty"
    )
    client = Client()
    client.force_login(scene.training.organiser)
    response = client.get(f"/training/{scene.training.edition.pk}/figures.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    table = read_csv(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert table[0] == ["dimension", "key", "label", "count"]
    assert ["summary", "acceptance_rate", "acceptance rate (%)", "60.0"] in table
    assert ["country", "CN", "China", "1"] in table
    assert ["summary", "invited", "invited speakers and experts", "1"] in table
    assert ["institution", str(evil.pk), "'=HYPERLINK(evil)", "1"] in table
    programme = client.get(f"/training/programmes/{scene.training.programme.slug}/figures.csv")
    table = read_csv(b"".join(programme.streaming_content))  # type: ignore[attr-defined]
    assert table[1][:4] == ["edition", "1", "1st International Advanced Training Course", "1"]
    outsider = Client()
    outsider.force_login(scene.training.world.member)
    assert outsider.get(f"/training/{scene.training.edition.pk}/figures.csv").status_code == 403
    assert (
        outsider.get(
            f"/training/programmes/{scene.training.programme.slug}/figures.csv"
        ).status_code
        == 403
    )


def test_the_attendance_csv_is_safe_for_spreadsheets(scene: Scene) -> None:
    scene.anna.applicant.name_latin = "=cmd|' /C calc'!A0"
    scene.anna.applicant.save(update_fields=["name_latin"])
    client = Client()
    client.force_login(scene.training.organiser)
    response = client.get(f"/training/{scene.training.edition.pk}/attendance.csv")
    table = read_csv(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert table[0][:3] == ["name (Latin script)", "name (native script)", "e-mail address"]
    by_email = {row[2]: row for row in table[1:]}
    assert by_email["anna@example.org"][0] == "'=cmd|' /C calc'!A0"
    li = by_email["li@example.org"]
    assert li[1] == "李娜"
    assert li[4:12] == ["China", "Southwest Medical University", "2", "2", "3", "66", "3.0", "no"]
    participant = by_email["participant@example.org"]
    assert participant[9:12] == ["100", "6.0", "yes"]


def test_the_figures_page_counts_participants_and_shows_invited_guests_apart(
    scene: Scene,
) -> None:
    body = Client().get(f"/training/{scene.training.edition.pk}/figures/").content.decode()
    headline = body.split('id="headline"', 1)[1].split("</ul>", 1)[0]
    assert "<strong>3</strong> participants took part" in headline
    assert "plus 1 invited speaker or expert" in headline
    programme = scene.training.programme
    body = Client().get(f"/training/programmes/{programme.slug}/figures/").content.decode()
    assert "<strong>4</strong> people trained" in body


def test_attendance_counts_participants_only(scene: Scene) -> None:
    lecture = scene.training.sessions[0]
    presence = alumni.session_presence(session=lecture)
    # The participant and Li Na are checked in; the expert's check-in is not counted.
    assert (presence.present, presence.expected) == (2, 3)
    client = Client()
    client.force_login(scene.training.organiser)
    body = client.get(f"/training/{scene.training.edition.pk}/attendance/").content.decode()
    assert "1 of 3 participants meets the rule." in body
