"""The courses' API: catalogue with filters and pagination, course detail, enrolment and
progress, described in the OpenAPI document."""

from __future__ import annotations

import json

from django.test import Client

from huitong.courses import services
from huitong.courses.models import Enrolment
from huitong.courses.tests.helpers import enrol, make_course, make_teacher
from huitong.testing import World


def test_the_openapi_document_describes_the_courses_api(client: Client, db: None) -> None:
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert {
        "/api/courses",
        "/api/courses/mine",
        "/api/courses/{course_id}",
        "/api/courses/{course_id}/enrolment",
        "/api/courses/{course_id}/progress",
        "/api/courses/{course_id}/lessons/{lesson_id}/complete",
    } <= paths


def test_the_catalogue_filters_searches_and_paginates(world: World, client: Client) -> None:
    teacher = make_teacher(world)
    make_course(world, teacher=teacher)
    make_course(world, teacher=teacher, title="Science of Chinese Tuina", discipline="tuina",
                translations={"zh-hans": {"title": "推拿学"}})  # fmt: skip
    page = client.get("/api/courses?limit=1&sort=title").json()
    assert page["count"] == 2
    assert [c["title"] for c in page["items"]] == ["Science of Acupuncture and Moxibustion"]
    card = page["items"][0]
    assert card["provider"]["name"] == "Southwest Medical University"
    assert card["provider"]["country"] == "CN"
    assert card["enrolment_count"] == 0
    assert card["url"].startswith("/courses/")
    found = client.get("/api/courses?q=推拿").json()
    assert [c["title"] for c in found["items"]] == ["Science of Chinese Tuina"]
    assert client.get("/api/courses?discipline=tuina&country=cn").json()["count"] == 1
    assert client.get("/api/courses?recognition=national_mooc").json()["count"] == 0


def test_a_bad_filter_is_answered_with_a_message(world: World, client: Client) -> None:
    response = client.get("/api/courses?discipline=astrology&sort=random")
    assert response.status_code == 422
    assert response.json()["errors"]["discipline"] == ["Select a valid choice."]
    assert response.json()["errors"]["sort"] == ["Select a valid choice."]


def test_the_detail_has_the_team_outline_and_the_reason_to_enrol(
    world: World, client: Client
) -> None:
    built = make_course(world)
    anonymous = client.get(f"/api/courses/{built.course.pk}").json()
    assert anonymous["team"] == [
        {"name_latin": "Wang Li", "name_native": "王丽", "role": "lead_instructor"}
    ]
    assert [lesson["title"] for lesson in anonymous["modules"][0]["lessons"]] == ["Zusanli"]
    assert anonymous["may_enrol"] == {"allowed": False, "reason": "Log in to enrol."}
    member = world.client_for("member").get(f"/api/courses/{built.course.pk}").json()
    assert member["may_enrol"]["allowed"] is True
    assert member["enrolled"] is False
    zh = client.get(f"/api/courses/{built.course.pk}", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert zh["localized_title"] == {"text": "针灸学", "language": "zh-hans", "is_fallback": False}


def test_enrolment_through_the_api(world: World) -> None:
    built = make_course(world)
    client = world.client_for("member")
    url = f"/api/courses/{built.course.pk}/enrolment"
    first = client.post(url, json.dumps({}), content_type="application/json")
    assert first.status_code == 201
    again = client.post(url, json.dumps({}), content_type="application/json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    refused = world.client_for("outsider").post(url, "{}", content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_eligible"
    assert Enrolment.objects.count() == 1


def test_a_full_course_answers_409(world: World) -> None:
    built = make_course(world, capacity=1, access_policy="open")
    enrol(built.course, world.member)
    response = world.client_for("outsider").post(
        f"/api/courses/{built.course.pk}/enrolment", "{}", content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "The course is full.", "code": "course_full"}


def test_progress_through_the_api(world: World) -> None:
    built = make_course(world)
    second = services.lesson_create(
        actor=built.teacher, module=built.module, title="Second", kind="text", body="Text.",
        is_published=True,
    )  # fmt: skip
    enrol(built.course, world.member)
    client = world.client_for("member")
    done = client.post(f"/api/courses/{built.course.pk}/lessons/{built.lesson.pk}/complete")
    assert done.json() == {"lesson_id": built.lesson.pk, "completed": True, "video_position": 0.0}
    progress = client.get(f"/api/courses/{built.course.pk}/progress").json()
    assert progress["percent"] == 50
    assert progress["required_lessons"] == 2
    assert progress["resume_lesson_id"] == second.pk
    assert [(p["lesson_id"], p["completed"]) for p in progress["lessons"]] == [
        (built.lesson.pk, True),
        (second.pk, False),
    ]
    mine = client.get("/api/courses/mine").json()
    assert [(row["course"]["id"], row["percent"]) for row in mine] == [(built.course.pk, 50)]
    outsider = world.client_for("outsider").get(f"/api/courses/{built.course.pk}/progress")
    assert outsider.status_code == 403


def test_the_filters_offer_exactly_the_models_choices() -> None:
    from typing import get_args

    from django.conf import settings

    from huitong.core.api import LanguageFilter
    from huitong.courses import api
    from huitong.courses.models import Discipline, Level, Recognition
    from huitong.courses.selectors import SORTS

    assert get_args(api.DisciplineFilter)[1:] == tuple(Discipline.values)
    assert get_args(api.LevelFilter)[1:] == tuple(Level.values)
    assert get_args(api.RecognitionFilter)[1:] == tuple(Recognition.values)
    assert get_args(LanguageFilter)[1:] == tuple(code for code, _ in settings.LANGUAGES)
    assert get_args(api.SortCode) == tuple(SORTS)
