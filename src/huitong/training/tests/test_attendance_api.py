"""The attendance API: check-in by badge code or application (organisers) and by session
code (participants), undo, a session's and an edition's attendance, and public figures;
described in the OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from huitong.training import attendance
from huitong.training.models import Application, ApplicationStatus, CheckIn
from huitong.training.tests.attendance_helpers import accept, freeze, present
from huitong.training.tests.conftest import TrainingWorld, at


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def session_api(training: TrainingWorld, tail: str = "check-ins") -> str:
    return f"/api/training/editions/{training.edition.pk}/sessions/{training.lecture.pk}/{tail}"


def test_the_openapi_document_describes_the_attendance_api(client: Client, db: None) -> None:
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert {
        "/api/training/editions/{edition_id}/sessions/{session_id}/check-ins",
        "/api/training/editions/{edition_id}/sessions/{session_id}/check-ins/{application_id}",
        "/api/training/editions/{edition_id}/sessions/{session_id}/attendance",
        "/api/training/editions/{edition_id}/check-in",
        "/api/training/editions/{edition_id}/attendance",
        "/api/training/editions/{edition_id}/figures",
    } <= paths


def test_organisers_check_in_by_badge_code_once(
    training: TrainingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, at(training.edition.starts_on, 9, 3))
    client = login(training.organiser)
    code = training.application.badge_code
    first = post(client, session_api(training), {"badge_code": code.lower()})
    assert first.status_code == 201
    body = first.json()
    assert body["application_id"] == training.application.pk
    assert body["name_native"] == "Петар"
    assert body["method"] == "badge"
    assert body["created"] is True
    assert body["message"] == "Participant (Петар) is checked in."
    again = post(client, session_api(training), {"badge_code": code})
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["message"] == "Participant (Петар) was already checked in at 09:03."
    assert CheckIn.objects.count() == 1


def test_organisers_check_in_by_application(training: TrainingWorld) -> None:
    client = login(training.organiser)
    response = post(client, session_api(training), {"application_id": training.application.pk})
    assert response.status_code == 201
    assert response.json()["method"] == "list"


def test_bad_check_in_requests_get_clear_errors(training: TrainingWorld) -> None:
    client = login(training.organiser)
    both = post(client, session_api(training),
                {"badge_code": "X", "application_id": training.application.pk})  # fmt: skip
    assert both.status_code == 400
    assert both.json() == {
        "detail": "Send either a badge code or an application id.",
        "code": "invalid",
    }
    assert post(client, session_api(training), {}).status_code == 400
    unknown = post(client, session_api(training), {"badge_code": "NOSUCHCODE"})
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "unknown_badge"
    waiting = accept(training.edition, "waiting@example.org")
    Application.objects.filter(pk=waiting.pk).update(status=ApplicationStatus.WAITLISTED)
    refused = post(client, session_api(training), {"badge_code": waiting.badge_code})
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_participant"
    too_long = post(client, session_api(training), {"badge_code": "X" * 41})
    assert too_long.status_code == 422
    assert not CheckIn.objects.exists()


def test_participants_check_themselves_in_with_the_code(
    training: TrainingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login(training.participant)
    url = f"/api/training/editions/{training.edition.pk}/check-in"
    freeze(monkeypatch, at(training.edition.starts_on, 9, 10))
    done = post(client, url, {"code": "LECT23"})
    assert done.status_code == 201
    assert done.json()["method"] == "code"
    assert done.json()["session_id"] == training.lecture.pk
    assert post(client, url, {"code": "LECT23"}).status_code == 200
    wrong = post(client, url, {"code": "NOPE"})
    assert (wrong.status_code, wrong.json()["code"]) == (400, "wrong_code")
    assert wrong.json()["detail"].startswith("This is not the code of a session.")
    early = post(client, url, {"code": "CLIN67"})
    assert (early.status_code, early.json()["code"]) == (400, "not_open")
    freeze(monkeypatch, at(training.edition.starts_on, 12, 45))
    late = post(client, url, {"code": "WORK45"})
    assert (late.status_code, late.json()["code"]) == (400, "expired")
    for n in range(attendance.CODE_FAILURE_LIMIT):
        post(client, url, {"code": f"GUESS{n}"})
    throttled = post(client, url, {"code": "CLIN67"})
    assert (throttled.status_code, throttled.json()["code"]) == (429, "throttled")
    assert CheckIn.objects.count() == 1


def test_only_participants_use_the_code_and_only_organisers_the_badges(
    training: TrainingWorld,
) -> None:
    url = f"/api/training/editions/{training.edition.pk}/check-in"
    assert post(Client(), url, {"code": "LECT23"}).status_code == 401
    assert post(login(training.world.member), url, {"code": "LECT23"}).status_code == 403
    assert post(login(training.organiser), url, {"code": "LECT23"}).status_code == 403
    code = {"badge_code": training.application.badge_code}
    assert post(Client(), session_api(training), code).status_code == 401
    assert post(login(training.participant), session_api(training), code).status_code == 403
    assert (
        post(login(training.world.alliance_admin), session_api(training), code).status_code == 201
    )


def test_a_sessions_attendance_and_undo(training: TrainingWorld) -> None:
    second = accept(training.edition, "li@example.org", name_latin="Li Na", name_native="李娜")
    present(training.application, training.lecture)
    present(second, training.lecture)
    client = login(training.organiser)
    body = client.get(session_api(training, "attendance")).json()
    assert (body["present"], body["expected"]) == (2, 2)
    assert [c["name_native"] for c in body["check_ins"]] == ["Петар", "李娜"]
    assert body["code_valid_from"].startswith("2025-12-06T07:45")  # 08:45 in Belgrade
    undo = client.delete(session_api(training, f"check-ins/{second.pk}"))
    assert undo.status_code == 204
    assert client.delete(session_api(training, f"check-ins/{second.pk}")).status_code == 404
    assert client.get(session_api(training, "attendance")).json()["present"] == 1
    assert login(training.participant).get(session_api(training, "attendance")).status_code == 403


def test_an_editions_attendance_with_the_rule(training: TrainingWorld) -> None:
    present(training.application, *training.sessions[:3])
    attendance.certificate_issue_for(application=training.application, by=training.organiser)
    accept(training.edition, "li@example.org", name_latin="Li Na")
    client = login(training.organiser)
    page = client.get(f"/api/training/editions/{training.edition.pk}/attendance?limit=1").json()
    assert page["count"] == 2
    (first,) = page["items"]
    assert first["name_latin"] == "Li Na"
    assert (first["required_attended"], first["eligible"], first["certificate"]) == (0, False, None)
    rest = client.get(f"/api/training/editions/{training.edition.pk}/attendance?offset=1").json()[
        "items"
    ]
    assert rest[0]["share"] == 100
    assert rest[0]["hours"] == "6.0"
    assert rest[0]["certificate"]
    assert rest[0]["certificate_valid"] is True


def test_public_figures(training: TrainingWorld) -> None:
    response = Client().get(f"/api/training/editions/{training.edition.pk}/figures")
    assert response.status_code == 200
    body = response.json()
    assert (body["people"], body["applications"]) == (1, 1)
    assert body["acceptance_rate"] == 100.0
    assert body["attendance_rate"] == 0.0
    assert [b["dimension"] for b in body["breakdowns"]] == [
        "country", "continent", "profession", "institution", "role",
    ]  # fmt: skip
    draft = training.edition
    draft.status = "draft"
    draft.save(update_fields=["status"])
    assert Client().get(f"/api/training/editions/{draft.pk}/figures").status_code == 404
