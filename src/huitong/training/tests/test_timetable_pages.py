"""The public pages (programmes, an edition, its timetable in two time zones, a session)
and the organisers' pages (edit the edition, its team, its sessions and materials)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from huitong.testing import make_user
from huitong.training import services
from huitong.training.models import (
    EditionOrganiser,
    EditionStatus,
    Session,
    SessionMaterial,
)
from huitong.training.tests.conftest import TrainingWorld, at, make_edition

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- Programmes and editions ----------------------------------------------------------


def test_programmes_list_their_published_editions(training: TrainingWorld) -> None:
    make_edition(training.programme, number=7, status=EditionStatus.DRAFT, title="Secret 7th")
    page = text(Client().get("/training/"))
    assert "International Advanced Training Course on Clinical Practice" in page
    assert "6th International Advanced Training Course" in page
    assert "Secret 7th" not in page

    page = text(Client().get(training.programme.get_absolute_url()))
    assert "6th International Advanced Training Course" in page
    assert "Secret 7th" not in page
    admin_page = text(
        training.world.client_for("alliance_admin").get("/training/programmes/tcm-advanced/")
    )
    assert "Secret 7th" in admin_page
    assert "New edition" in admin_page


def test_the_edition_page_says_where_when_and_who(training: TrainingWorld) -> None:
    page = text(Client().get(f"/training/{training.edition.pk}/"))
    assert "6th International Advanced Training Course" in page
    assert "Faculty of Medicine" in page
    assert "Belgrade" in page
    assert "Serbia" in page
    assert "Europe/Belgrade" in page
    assert "2 of 3 places left" in page
    assert "13 days" in page
    for language in ("English", "简体中文"):
        assert language in page
    assert "Southwest Medical University" in page  # organising
    assert "University of Belgrade" in page  # partner
    assert "Organiser" in page
    assert "王伟" in page
    assert f'href="/training/{training.edition.pk}/timetable/"' in page
    assert "Manage the edition" not in page
    organiser_page = text(client_for(training.organiser).get(f"/training/{training.edition.pk}/"))
    assert "Manage the edition" in organiser_page


def test_the_edition_page_in_chinese(training: TrainingWorld) -> None:
    client = Client(headers={"accept-language": "zh-hans"})
    page = text(client.get(f"/training/{training.edition.pk}/"))
    assert "第6届国际高级培训班" in page
    assert 'lang="zh-hans"' in page


def test_a_draft_edition_is_for_its_organisers(training: TrainingWorld) -> None:
    draft = make_edition(training.programme, number=7, status=EditionStatus.DRAFT)
    assert Client().get(f"/training/{draft.pk}/").status_code == 404
    assert client_for(training.participant).get(f"/training/{draft.pk}/").status_code == 404
    page = training.world.client_for("alliance_admin").get(f"/training/{draft.pk}/")
    assert page.status_code == 200
    assert "Only the edition's organisers" in text(page)


# --- Timetable ------------------------------------------------------------------------


def day_sections(page: str) -> list[str]:
    return re.findall(r'<section class="day" id="day-([0-9-]+)"', page)


def test_the_timetable_is_shown_day_by_day_in_the_edition_time(training: TrainingWorld) -> None:
    page = text(Client().get(f"/training/{training.edition.pk}/timetable/"))
    assert day_sections(page) == ["2025-12-06", "2025-12-18"]
    assert "Times in the edition's time zone (Europe/Belgrade)" in page
    # An anonymous visitor's zone is UTC: both times are shown.
    assert '<time datetime="2025-12-06T09:00:00+01:00">09:00</time>' in page
    assert "08:00–09:30 <abbr>UTC</abbr>" in page
    assert "Acupuncture in pain medicine" in page
    assert "Milan Petrović" in page
    assert "Милан Петровић" in page
    assert "李芳" in page
    assert "Workshop" in page
    assert "Room 2" in page
    assert "Practice" in page
    assert "optional" in page  # the ceremony


def test_the_timetable_in_the_viewer_time_zone(training: TrainingWorld) -> None:
    viewer = make_user("viewer@example.org", time_zone="Pacific/Auckland")  # UTC+13 in December
    client = client_for(viewer)
    url = f"/training/{training.edition.pk}/timetable/"
    edition_view = text(client.get(url))
    assert "Times in the edition's time zone (Europe/Belgrade)" in edition_view
    assert 'href="?tz=viewer"' in edition_view
    # The clinical practice starts at 14:00 in Belgrade: 02:00 the next day in Auckland.
    assert "Sun 02:00–05:00 <abbr>Pacific/Auckland</abbr>" in edition_view

    viewer_view = text(client.get(url + "?tz=viewer"))
    assert "Times in your time zone (Pacific/Auckland)" in viewer_view
    assert 'href="?tz=edition"' in viewer_view
    assert day_sections(viewer_view) == ["2025-12-06", "2025-12-07", "2025-12-19"]
    assert '<time datetime="2025-12-06T21:00:00+13:00">21:00</time>' in viewer_view
    assert "Sat 09:00–10:30 <abbr>Europe/Belgrade</abbr>" in viewer_view


def test_no_second_time_when_the_zones_agree(training: TrainingWorld) -> None:
    viewer = make_user("local@example.org", time_zone="Europe/Belgrade")
    page = text(client_for(viewer).get(f"/training/{training.edition.pk}/timetable/"))
    assert "other-zone" not in page
    assert "?tz=viewer" not in page


def test_the_timetable_in_chinese(training: TrainingWorld) -> None:
    viewer = make_user("zh@example.org", preferred_language="zh-hans", time_zone="Asia/Shanghai")
    page = text(client_for(viewer).get(f"/training/{training.edition.pk}/timetable/?tz=viewer"))
    assert "针灸在疼痛医学中的应用" in page
    assert "Asia/Shanghai" in page
    assert '<time datetime="2025-12-06T16:00:00+08:00">16:00</time>' in page
    # Untranslated titles are marked as shown in their original language.
    assert 'class="fallback"' in page


def test_a_draft_timetable_is_for_the_organisers(training: TrainingWorld) -> None:
    services.timetable_unpublish(actor=None, edition=training.edition)
    url = f"/training/{training.edition.pk}/timetable/"
    page = text(client_for(training.participant).get(url))
    assert "The timetable is not published yet." in page
    assert "Acupuncture in pain medicine" not in page
    page = text(client_for(training.organiser).get(url))
    assert "Only the organisers see the timetable" in page
    assert "Acupuncture in pain medicine" in page
    assert Client().get(training.lecture.get_absolute_url()).status_code == 404


def test_participants_see_their_personal_feed(training: TrainingWorld) -> None:
    url = f"/training/{training.edition.pk}/timetable/"
    page = text(client_for(training.participant).get(url))
    assert 'id="personal-feed"' in page
    assert "/training/calendar/" in page
    assert 'id="personal-feed"' not in text(training.world.client_for("member").get(url))


# --- Sessions and materials -----------------------------------------------------------


def test_the_session_page_and_its_materials(training: TrainingWorld) -> None:
    material = services.material_add(
        actor=None, session=training.lecture, file=SimpleUploadedFile("slides.pdf", PDF)
    )
    url = training.lecture.get_absolute_url()
    page = text(Client().get(url))
    assert "Acupuncture in pain medicine" in page
    assert "1.5" in page  # CME hours
    assert "1 document for the edition's participants." in page
    assert "slides</a>" not in page

    participant = client_for(training.participant)
    page = text(participant.get(url))
    download = (
        f"/training/{training.edition.pk}/sessions/{training.lecture.pk}/materials/{material.pk}/"
    )
    assert download in page
    response = participant.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"

    assert training.world.client_for("outsider").get(download).status_code == 403
    # The member speaks at this session: they see its materials, until they no longer do.
    assert training.world.client_for("member").get(download).status_code == 200
    services.session_update(actor=None, session=training.lecture, speakers=[])
    assert training.world.client_for("member").get(download).status_code == 403
    assert Client().get(download).status_code == 302


def test_a_speaker_sees_the_materials_of_their_session(training: TrainingWorld) -> None:
    material = services.material_add(
        actor=None, session=training.lecture, file=SimpleUploadedFile("slides.pdf", PDF)
    )
    download = (
        f"/training/{training.edition.pk}/sessions/{training.lecture.pk}/materials/{material.pk}/"
    )
    assert training.world.client_for("member").get(download).status_code == 200


# --- The organisers' pages ------------------------------------------------------------


def test_an_organiser_adds_a_session_with_speakers(training: TrainingWorld) -> None:
    client = client_for(training.organiser)
    url = f"/training/{training.edition.pk}/sessions/new/"
    assert "Europe/Belgrade" in text(client.get(url))
    response = client.post(
        url,
        {
            "title": "Moxibustion workshop",
            "kind": "workshop",
            "day": "2025-12-08",
            "starts": "14:00",
            "ends": "16:00",
            "room": "Room 5",
            "track": "Practice",
            "required": "on",
            "original_language": "en",
            "speakers": (
                "member@example.org\nAna Jovanović | Ана Јовановић | Clinical Centre of Serbia"
            ),
            "tr__zh-hans__title": "艾灸工作坊",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(title="Moxibustion workshop")
    assert session.starts_at == at(dt.date(2025, 12, 8), 14)
    assert session.translations == {"zh-hans": {"title": "艾灸工作坊"}}
    speakers = list(session.speakers.order_by("position"))
    assert speakers[0].user == training.world.member
    assert (speakers[1].name, speakers[1].name_native, speakers[1].affiliation) == (
        "Ana Jovanović",
        "Ана Јовановић",
        "Clinical Centre of Serbia",
    )
    manage = text(client.get(f"/training/{training.edition.pk}/manage/"))
    assert "Moxibustion workshop" in manage
    assert session.checkin_code in manage


def test_a_clash_is_shown_on_the_session_form(training: TrainingWorld) -> None:
    client = client_for(training.organiser)
    count = Session.objects.count()
    response = client.post(
        f"/training/{training.edition.pk}/sessions/new/",
        {
            "title": "Double booked",
            "kind": "lecture",
            "day": "2025-12-06",
            "starts": "10:00",
            "ends": "11:00",
            "room": "Hall A",
            "original_language": "en",
            "speakers": "nobody@example.org",
        },
    )
    assert response.status_code == 200
    assert "no one has an account with the e-mail address nobody@example.org" in text(response)
    response = client.post(
        f"/training/{training.edition.pk}/sessions/new/",
        {
            "title": "Double booked",
            "kind": "lecture",
            "day": "2025-12-06",
            "starts": "10:00",
            "ends": "11:00",
            "room": "Hall A",
            "original_language": "en",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "Hall A is taken at that time by “Acupuncture in pain medicine”" in page
    assert Session.objects.count() == count


def test_a_clash_message_in_polish(training: TrainingWorld) -> None:
    organiser = training.organiser
    organiser.preferred_language = "pl"
    organiser.save()
    response = client_for(organiser).post(
        f"/training/{training.edition.pk}/sessions/new/",
        {
            "title": "Poza terminem",
            "kind": "lecture",
            "day": "2025-12-30",
            "starts": "10:00",
            "ends": "11:00",
            "original_language": "pl",
        },
    )
    assert response.status_code == 200
    assert "2025-12-06" in text(response)  # the edition's days, named in the message


def test_an_organiser_edits_and_deletes_a_session(training: TrainingWorld) -> None:
    client = client_for(training.organiser)
    edition, workshop = training.edition, training.workshop
    form = text(client.get(f"/training/{edition.pk}/sessions/{workshop.pk}/edit/"))
    assert 'value="11:00"' in form
    assert "Milan Petrović | Милан Петровић" in form
    response = client.post(
        f"/training/{edition.pk}/sessions/{workshop.pk}/edit/",
        {
            "title": "Pulse diagnosis, hands on",
            "kind": "workshop",
            "day": "2025-12-07",
            "starts": "11:00",
            "ends": "12:00",
            "room": "Room 2",
            "original_language": "en",
            "speakers": "Milan Petrović | Милан Петровић",
        },
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Pulse diagnosis, hands on"
    assert workshop.starts_at == at(dt.date(2025, 12, 7), 11)
    assert not workshop.required
    response = client.post(f"/training/{edition.pk}/sessions/{workshop.pk}/delete/")
    assert response.status_code == 302
    assert not Session.objects.filter(pk=workshop.pk).exists()


def test_an_organiser_edits_the_edition(training: TrainingWorld) -> None:
    client = client_for(training.organiser)
    edition = training.edition
    form = client.get(f"/training/{edition.pk}/edit/")
    assert form.status_code == 200
    data = {
        "number": "6",
        "title": "6th International Advanced Training Course",
        "original_language": "en",
        "starts_on": "2025-12-06",
        "ends_on": "2025-12-18",
        "venue": "Sava Centre",
        "city": "Belgrade",
        "country": "RS",
        "time_zone": "Europe/Belgrade",
        "languages": ["en", "sr-latn"],
        "capacity": "0",
        "offer_days": "5",
        "attendance_rule": "80",
        "organising_institutions": [str(training.world.institution.pk)],
        "partner_institutions": [str(training.world.other_institution.pk)],
    }
    response = client.post(f"/training/{edition.pk}/edit/", data)
    assert response.status_code == 200  # capacity 0 is refused
    data["capacity"] = "200"
    data["time_zone"] = "Mars/Olympus"
    response = client.post(f"/training/{edition.pk}/edit/", data)
    assert response.status_code == 200
    data["time_zone"] = "Europe/Belgrade"
    response = client.post(f"/training/{edition.pk}/edit/", data)
    assert response.status_code == 302
    edition.refresh_from_db()
    assert (edition.venue, edition.capacity, edition.languages) == (
        "Sava Centre",
        200,
        ["en", "sr-latn"],
    )


def test_the_organiser_team_page(training: TrainingWorld) -> None:
    client = client_for(training.organiser)
    edition = training.edition
    response = client.post(
        f"/training/{edition.pk}/organisers/add/",
        {"email": "MEMBER@example.org", "role": "secretariat"},
    )
    assert response.status_code == 302
    added = EditionOrganiser.objects.get(edition=edition, user=training.world.member)
    assert added.role == "secretariat"
    response = client.post(
        f"/training/{edition.pk}/organisers/add/", {"email": "ghost@example.org", "role": "chair"}
    )
    page = text(client.get(response["Location"]))
    assert "No one has an account with the e-mail address ghost@example.org" in page
    client.post(f"/training/{edition.pk}/organisers/{added.pk}/remove/")
    chair = EditionOrganiser.objects.get(edition=edition, user=training.organiser)
    response = client.post(f"/training/{edition.pk}/organisers/{chair.pk}/remove/", follow=True)
    assert "at least one organiser" in text(response)
    assert EditionOrganiser.objects.filter(edition=edition).count() == 1


def test_publishing_from_the_manage_page(training: TrainingWorld) -> None:
    client = client_for(training.organiser)
    edition = training.edition
    client.post(f"/training/{edition.pk}/timetable/publish/", {"action": "unpublish"})
    edition.refresh_from_db()
    assert not edition.timetable_published
    client.post(f"/training/{edition.pk}/timetable/publish/", {"action": "publish"})
    edition.refresh_from_db()
    assert edition.timetable_published
    response = client.post(f"/training/{edition.pk}/cancel/", {"reason": "Flood"}, follow=True)
    assert "The edition is cancelled." in text(response)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CANCELLED
    assert "This edition is cancelled." in text(Client().get(f"/training/{edition.pk}/"))


def test_an_alliance_admin_creates_an_edition(training: TrainingWorld) -> None:
    client = training.world.client_for("alliance_admin")
    response = client.post(
        "/training/programmes/tcm-advanced/editions/new/",
        {
            "title": "7th course",
            "original_language": "en",
            "starts_on": "2026-09-07",
            "ends_on": "2026-09-19",
            "city": "Warsaw",
            "country": "PL",
            "time_zone": "Europe/Warsaw",
            "languages": ["en", "pl"],
            "capacity": "150",
            "offer_days": "5",
            "attendance_rule": "80",
        },
    )
    assert response.status_code == 302
    edition = training.programme.editions.get(number=7)
    assert response["Location"] == f"/training/{edition.pk}/manage/"
    publish = client.post(f"/training/{edition.pk}/publish/", follow=True)
    assert "The edition is published." in text(publish)


def test_materials_upload_from_the_session_page(training: TrainingWorld) -> None:
    client = client_for(training.organiser)
    url = f"/training/{training.edition.pk}/sessions/{training.lecture.pk}/materials/add/"
    response = client.post(
        url, {"title": "Slides", "file": SimpleUploadedFile("slides.pdf", PDF)}, follow=True
    )
    assert "“Slides” is added." in text(response)
    response = client.post(
        url, {"title": "", "file": SimpleUploadedFile("slides.pdf", b"plain text")}, follow=True
    )
    assert "not a real .pdf file" in text(response)
    material = SessionMaterial.objects.get()
    response = client.post(
        f"/training/{training.edition.pk}/sessions/{training.lecture.pk}/materials/{material.pk}/delete/"
    )
    assert response.status_code == 302
    assert not SessionMaterial.objects.exists()


# --- Caching --------------------------------------------------------------------------


def test_public_pages_are_cached_for_anonymous_visitors(
    training: TrainingWorld, django_capture_on_commit_callbacks: Any
) -> None:
    url = f"/training/{training.edition.pk}/timetable/"
    client = Client()
    first = client.get(url)
    with CaptureQueriesContext(connection) as captured:
        second = client.get(url)
    assert second.content == first.content
    assert len(captured) == 0
    # A change shows at once.
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(actor=None, session=training.lecture, title="Acupuncture today")
    assert "Acupuncture today" in text(client.get(url))


def test_an_alliance_admin_creates_and_edits_a_programme(training: TrainingWorld) -> None:
    client = training.world.client_for("alliance_admin")
    assert "New training programme" in text(client.get("/training/"))
    assert "New training programme" not in text(client_for(training.organiser).get("/training/"))
    data = {
        "alliance": str(training.world.alliance.pk),
        "organiser": str(training.world.institution.pk),
        "slug": "new",
        "title": "Tuina masterclass",
        "description": "Hands-on tuina.",
        "original_language": "en",
        "tr__zh-hans__title": "推拿大师班",
    }
    response = client.post("/training/programmes/new/", data)
    assert response.status_code == 200
    assert "is reserved" in text(response)
    data["slug"] = "tuina"
    response = client.post("/training/programmes/new/", data)
    assert response.status_code == 302
    assert response["Location"] == "/training/programmes/tuina/"
    page = text(Client(headers={"accept-language": "zh-hans"}).get("/training/programmes/tuina/"))
    assert "推拿大师班" in page
    data["title"] = "Tuina masterclass (advanced)"
    response = client.post("/training/programmes/tuina/edit/", data)
    assert response.status_code == 302
    assert "Tuina masterclass (advanced)" in text(Client().get("/training/"))
