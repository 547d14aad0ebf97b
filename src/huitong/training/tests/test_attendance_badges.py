"""Badges as PDF: the name in Latin and native script (Chinese, Serbian Cyrillic), role,
country, institution, edition and the badge code; one per A6 page or four per A4 page;
a participant downloads their own, organisers everyone's."""

from __future__ import annotations

import io

from django.test import Client
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A6

from huitong.alliance import services as alliance_services
from huitong.training.badges import badges_for, badges_pdf
from huitong.training.models import Application, ApplicationStatus
from huitong.training.tests.attendance_helpers import accept
from huitong.training.tests.conftest import TrainingWorld


def pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def compact(text: str) -> str:
    return "".join(text.split())


def test_badges_carry_chinese_and_serbian_cyrillic_names(training: TrainingWorld) -> None:
    chinese = accept(
        training.edition, "wang@example.org", name_latin="Wang Fang", name_native="王芳",
        country="CN", professional_role="physician",
    )  # fmt: skip
    alliance_services.affiliation_grant(
        actor=None, user=chinese.applicant, institution=training.world.institution, role="faculty"
    )
    serbian = accept(
        training.edition, "jovanovic@example.org", name_latin="Jelena Jovanović",
        name_native="Јелена Јовановић", country="RS", role="expert",
    )  # fmt: skip
    chinese.applicant.refresh_from_db()
    content = badges_pdf(edition=training.edition, badges=badges_for([chinese, serbian]))
    first, second = pages(content)
    assert "Wang Fang" in first
    assert "王芳" in compact(first)
    assert "Participant" in first
    assert "China" in first
    assert "Southwest Medical University" in first
    assert chinese.badge_code in first
    assert "6th International Advanced Training Course" in first
    assert "Belgrade, Serbia" in first
    assert "Jelena Jovanović" in second
    assert "ЈеленаЈовановић" in compact(second)
    assert "Collaborating expert" in second
    assert serbian.badge_code in second
    reader = PdfReader(io.BytesIO(content))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (round(A6[0]), round(A6[1]))


def test_four_badges_per_a4_page(training: TrainingWorld) -> None:
    people = [training.application] + [
        accept(training.edition, f"p{n}@example.org", name_latin=f"Person {n}") for n in range(4)
    ]
    content = badges_pdf(edition=training.edition, badges=badges_for(people), layout="a4")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (round(A4[0]), round(A4[1]))
    text = reader.pages[0].extract_text()
    assert all(f"Person {n}" in text for n in range(3))
    assert "Person 3" in reader.pages[1].extract_text()


def test_the_badge_follows_the_readers_language(training: TrainingWorld) -> None:
    from django.utils import translation

    with translation.override("zh-hans"):
        content = badges_pdf(edition=training.edition, badges=badges_for([training.application]))
    assert "第6届国际高级培训班" in compact(pages(content)[0])


def test_a_participant_downloads_their_own_badge(training: TrainingWorld) -> None:
    client = Client()
    client.force_login(training.participant)
    response = client.get(f"/training/{training.edition.pk}/badge.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pages(response.content)[0]
    assert "Петар" in text
    assert training.application.badge_code in text


def test_organisers_print_every_accepted_participants_badge(training: TrainingWorld) -> None:
    accept(training.edition, "li@example.org", name_latin="Li Na", name_native="李娜")
    waiting = accept(training.edition, "waiting@example.org", name_latin="Waiting Person")
    Application.objects.filter(pk=waiting.pk).update(status=ApplicationStatus.WAITLISTED)
    client = Client()
    client.force_login(training.organiser)
    response = client.get(f"/training/{training.edition.pk}/badges.pdf?layout=a4")
    assert response.status_code == 200
    text = compact("".join(pages(response.content)))
    assert "李娜" in text
    assert "Петар" in text
    assert "Waiting" not in text
    one = client.get(
        f"/training/{training.edition.pk}/attendance/{training.application.pk}/badge.pdf"
    )
    assert training.application.badge_code in pages(one.content)[0]
    assert (
        client.get(f"/training/{training.edition.pk}/attendance/{waiting.pk}/badge.pdf").status_code
        == 404
    )
    # An unknown layout falls back to A6 pages.
    assert client.get(f"/training/{training.edition.pk}/badges.pdf?layout=x").status_code == 200
