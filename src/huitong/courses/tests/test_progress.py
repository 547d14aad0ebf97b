"""A lesson is complete when read or when its video was watched to the end; the course
progress is counted over the required published lessons; the learner resumes where they
left off; "My learning" lists their courses with progress."""

from __future__ import annotations

from typing import Any

import pytest

from huitong.core.errors import Conflict, ServiceError
from huitong.core.models import AuditEntry
from huitong.courses import services
from huitong.courses.models import Enrolment, LessonProgress
from huitong.courses.tests.helpers import Built, enrol, make_course, video_upload
from huitong.testing import World


def with_video(world: World, **fields: Any) -> tuple[Built, Any]:
    built = make_course(world)
    video = services.lesson_create(
        actor=built.teacher, module=built.module, title="Lecture", kind="video",
        video_file=video_upload(), is_published=True, **fields,
    )  # fmt: skip
    return built, video


def test_reading_a_text_lesson_completes_it(world: World) -> None:
    built = make_course(world)
    enrolment = enrol(built.course, world.member)
    client = world.client_for("member")
    url = f"/courses/{built.course.pk}/lessons/{built.lesson.pk}/"
    response = client.post(url + "complete/", follow=True)
    assert "You have completed the course. Congratulations!" in response.content.decode()
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=built.lesson)
    assert progress.completed_at is not None
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None  # the draft lesson does not count
    assert AuditEntry.objects.filter(action="enrolment.complete").count() == 1
    client.post(url + "complete/")
    assert LessonProgress.objects.count() == 1


def test_a_video_is_complete_when_watched_to_95_percent(world: World) -> None:
    built, video = with_video(world)
    enrolment = enrol(built.course, world.member)
    client = world.client_for("member")
    url = f"/courses/{built.course.pk}/lessons/{video.pk}/progress/"
    half = client.post(url, {"position": "300", "duration": "600"})
    assert half.json() == {"position": 300.0, "completed": False, "course_completed": False}
    almost = client.post(url, {"position": "569", "duration": "600"})
    assert almost.json()["completed"] is False
    end = client.post(url, {"position": "571", "duration": "600"})
    assert end.json()["completed"] is True
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=video)
    assert progress.video_position == 571.0
    back = client.post(url, {"position": "10", "duration": "600"})
    assert back.json()["completed"] is True  # stays complete; the position is kept to resume


def test_the_lessons_own_length_wins_over_the_players(world: World) -> None:
    built, video = with_video(world, video_duration=1200)
    enrol(built.course, world.member)
    url = f"/courses/{built.course.pk}/lessons/{video.pk}/progress/"
    response = world.client_for("member").post(url, {"position": "10", "duration": "10"})
    assert response.json()["completed"] is False


@pytest.mark.parametrize(
    "data",
    [
        {"position": "-1", "duration": "600"},
        {"position": "700", "duration": "600"},
        {"position": "nan", "duration": "600"},
        {"position": "10", "duration": "0"},
        {"position": "ten", "duration": "600"},
        {},
    ],
)
def test_an_invalid_video_position_is_refused(world: World, data: dict[str, str]) -> None:
    built, video = with_video(world)
    enrol(built.course, world.member)
    url = f"/courses/{built.course.pk}/lessons/{video.pk}/progress/"
    response = world.client_for("member").post(url, data)
    assert response.status_code == 400
    assert response.json()["detail"] == "The position in the video is not valid."
    assert not LessonProgress.objects.exists()


def test_an_uploaded_video_cannot_just_be_marked_as_done(world: World) -> None:
    built, video = with_video(world)
    enrolment = enrol(built.course, world.member)
    with pytest.raises(Conflict) as error:
        services.lesson_complete(enrolment=enrolment, lesson=video)
    assert error.value.code == "watch_video"
    with pytest.raises(ServiceError):
        services.video_progress(enrolment=enrolment, lesson=built.lesson, position=1, duration=2)


def test_a_linked_video_is_marked_as_done(world: World) -> None:
    built = make_course(world)
    linked = services.lesson_create(
        actor=built.teacher, module=built.module, title="On a video site", kind="video",
        video_url="https://video.example.org/zusanli", is_published=True,
    )  # fmt: skip
    enrolment = enrol(built.course, world.member)
    services.lesson_complete(enrolment=enrolment, lesson=linked)
    assert LessonProgress.objects.get(lesson=linked).completed_at is not None


def test_progress_counts_required_published_lessons_only(world: World) -> None:
    built = make_course(world)
    services.lesson_create(
        actor=built.teacher, module=built.module, title="Optional", kind="text", body="More.",
        is_published=True, required=False,
    )  # fmt: skip
    second = services.lesson_create(
        actor=built.teacher, module=built.module, title="Second", kind="text", body="Text.",
        is_published=True,
    )  # fmt: skip
    enrolment = enrol(built.course, world.member)
    services.lesson_complete(enrolment=enrolment, lesson=built.lesson)
    client = world.client_for("member")
    mine = client.get("/courses/mine/")
    (row,) = mine.context["rows"]
    assert (row.required_done, row.required_total, row.percent) == (1, 2, 50)
    assert "50%" in mine.content.decode()
    services.lesson_complete(enrolment=enrolment, lesson=second)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert client.get("/courses/mine/").context["rows"][0].percent == 100


def test_a_learner_resumes_where_they_left_off(world: World) -> None:
    built = make_course(world)
    second = services.lesson_create(
        actor=built.teacher, module=built.module, title="Second", kind="text", body="Text.",
        is_published=True,
    )  # fmt: skip
    enrolment = enrol(built.course, world.member)
    client = world.client_for("member")
    resume = f"/courses/{built.course.pk}/resume/"
    assert client.get(resume)["Location"].endswith(f"/lessons/{built.lesson.pk}/")
    client.get(f"/courses/{built.course.pk}/lessons/{second.pk}/")
    enrolment.refresh_from_db()
    assert enrolment.last_lesson == second
    assert client.get(resume)["Location"].endswith(f"/lessons/{second.pk}/")
    mine = client.get("/courses/mine/").content.decode()
    assert f'href="{resume}"' in mine


def test_the_page_marks_complete_lessons_and_the_next_one(world: World) -> None:
    built = make_course(world)
    second = services.lesson_create(
        actor=built.teacher, module=built.module, title="Second", kind="text", body="Text.",
        is_published=True,
    )  # fmt: skip
    enrol(built.course, world.member)
    client = world.client_for("member")
    first_url = f"/courses/{built.course.pk}/lessons/{built.lesson.pk}/"
    response = client.post(first_url + "complete/")
    assert response["Location"] == f"/courses/{built.course.pk}/lessons/{second.pk}/"
    page = client.get(first_url).content.decode()
    assert "You have completed this lesson." in page
    course_page = client.get(f"/courses/{built.course.pk}/").context
    assert course_page["progress"].percent == 50


def test_the_team_cannot_record_progress_without_enrolling(world: World) -> None:
    built = make_course(world)
    from django.test import Client

    client = Client()
    client.force_login(built.teacher)
    url = f"/courses/{built.course.pk}/lessons/{built.lesson.pk}/complete/"
    assert client.post(url).status_code == 403
    assert not Enrolment.objects.exists()
