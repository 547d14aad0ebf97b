"""The API of programmes, editions and the timetable, as a client reads it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from huitong.accounts import services as account_services
from huitong.core.models import Country
from huitong.training import services
from huitong.training.models import EditionStatus
from huitong.training.tests.conftest import TrainingWorld, make_edition, make_programme


def get(client: Client, url: str, **headers: Any) -> Any:
    response = client.get(url, headers=headers)
    return response.status_code, response.json()


def test_programmes_and_a_programme(training: TrainingWorld) -> None:
    make_edition(training.programme, number=7, status=EditionStatus.DRAFT, title="Draft 7th")
    status, body = get(Client(), "/api/training/programmes")
    assert status == 200
    assert body["count"] == 1
    programme = body["items"][0]
    assert programme["slug"] == "tcm-advanced"
    assert programme["alliance"] == "brimea"
    assert programme["organiser"]["name"] == "Southwest Medical University"
    assert programme["url"] == "/training/programmes/tcm-advanced/"

    status, body = get(
        Client(), "/api/training/programmes/tcm-advanced", **{"accept-language": "zh-hans"}
    )
    assert status == 200
    assert body["localized_title"]["text"] == "中医临床实践与研究进展国际高级培训班"
    assert [e["number"] for e in body["editions"]] == [6]
    status, body = get(
        training.world.client_for("alliance_admin"), "/api/training/programmes/tcm-advanced"
    )
    assert sorted(e["number"] for e in body["editions"]) == [6, 7]
    status, body = get(Client(), "/api/training/programmes/nothing")
    assert (status, body["code"]) == (404, "not_found")


def test_editions_with_filters(training: TrainingWorld) -> None:
    other = make_programme(training.world, slug="tuina", title="Tuina course")
    make_edition(
        other,
        number=1,
        title="Tuina in Lisbon",
        starts_on=dt.date(2024, 5, 6),
        ends_on=dt.date(2024, 5, 10),
        city="Lisbon",
        country=Country.objects.get(pk="PT"),
        languages=["en", "pt-br"],
        time_zone="Europe/Lisbon",
    )
    make_edition(other, number=2, status=EditionStatus.DRAFT, title="Tuina draft")
    status, body = get(Client(), "/api/training/editions")
    assert status == 200
    assert [e["title"] for e in body["items"]] == [
        "6th International Advanced Training Course",
        "Tuina in Lisbon",
    ]
    first = body["items"][0]
    assert first["places_left"] == 2
    assert first["capacity"] == 3
    assert first["programme"] == "tcm-advanced"
    assert first["country"] == "RS"
    assert first["time_zone"] == "Europe/Belgrade"

    def titles(query: str) -> list[str]:
        return [e["title"] for e in get(Client(), f"/api/training/editions?{query}")[1]["items"]]

    assert titles("programme=tuina") == ["Tuina in Lisbon"]
    assert titles("year=2024") == ["Tuina in Lisbon"]
    assert titles("country=rs") == ["6th International Advanced Training Course"]
    assert titles("language=pt-br") == ["Tuina in Lisbon"]
    assert titles("language=zh-hans") == ["6th International Advanced Training Course"]
    assert titles("status=cancelled") == []
    status, body = get(Client(), "/api/training/editions?language=klingon")
    assert status == 422
    assert "language" in body["errors"]


def test_an_edition(training: TrainingWorld) -> None:
    status, body = get(Client(), f"/api/training/editions/{training.edition.pk}")
    assert status == 200
    assert body["venue"] == "Faculty of Medicine"
    assert body["languages"] == ["en", "zh-hans", "sr-latn"]
    assert [i["name"] for i in body["organising_institutions"]] == ["Southwest Medical University"]
    assert [i["name"] for i in body["partner_institutions"]] == ["University of Belgrade"]
    assert body["organisers"] == [
        {"name_latin": "Organiser", "name_native": "王伟", "role": "chair"}
    ]
    assert body["starts_on"] == "2025-12-06"
    assert body["ends_on"] == "2025-12-18"
    draft = make_edition(training.programme, number=7, status=EditionStatus.DRAFT)
    assert get(Client(), f"/api/training/editions/{draft.pk}")[0] == 404


def test_the_timetable(training: TrainingWorld) -> None:
    status, body = get(Client(), f"/api/training/editions/{training.edition.pk}/timetable")
    assert status == 200
    assert body["time_zone"] == "Europe/Belgrade"
    assert body["published"] is True
    sessions = body["sessions"]
    assert [s["title"] for s in sessions] == [
        "Acupuncture in pain medicine",
        "Pulse diagnosis workshop",
        "Clinical practice at the ward",
        "Closing ceremony",
    ]
    lecture = sessions[0]
    assert lecture["starts_at"].startswith("2025-12-06T08:00:00")
    assert lecture["local_start"] == "2025-12-06T09:00:00+01:00"
    assert lecture["day"] == "2025-12-06"
    assert lecture["credit_hours"] in ("1.5", 1.5)
    assert lecture["speakers"] == [
        {"name": "Member", "name_native": "李芳", "affiliation": "", "member": True}
    ]
    assert sessions[1]["speakers"][0]["member"] is False
    assert sessions[3]["required"] is False


def test_a_draft_timetable_only_for_organisers(training: TrainingWorld) -> None:
    services.timetable_unpublish(actor=None, edition=training.edition)
    url = f"/api/training/editions/{training.edition.pk}/timetable"
    assert get(Client(), url)[0] == 404
    participant = Client()
    participant.force_login(training.participant)
    assert get(participant, url)[0] == 404
    _token, key = account_services.token_create(user=training.organiser, name="calendar")
    status, body = get(Client(), url, authorization=f"Bearer {key}")
    assert status == 200
    assert body["published"] is False
    assert len(body["sessions"]) == 4


def test_the_endpoints_are_in_the_openapi_document(training: TrainingWorld) -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/training/programmes",
        "/api/training/programmes/{slug}",
        "/api/training/editions",
        "/api/training/editions/{edition_id}",
        "/api/training/editions/{edition_id}/timetable",
    ):
        assert "get" in paths[path], path
