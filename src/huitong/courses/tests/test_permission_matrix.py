"""Every page and API endpoint of the courses, for the five kinds of visitor of the
foundation plus a member of the course's team.

200/201 the page or object, 302 a redirect (to the log-in page for anonymous visitors, or
back to a page after an action), 401 the API's "sign in", 403 refused, 404 hidden, 409 a
state that forbids it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from huitong.courses import quizzes, services
from huitong.courses.models import (
    Attempt,
    Choice,
    Course,
    CourseTeamMember,
    Lesson,
    Module,
    Question,
    SubtitleTrack,
)
from huitong.courses.tests.helpers import (
    Built,
    enrol,
    make_course,
    pdf_upload,
    video_upload,
    vtt_upload,
)
from huitong.testing import World, make_user

ACTORS = ("anonymous", "outsider", "member", "institution_admin", "alliance_admin", "team")


@dataclass
class Extra:
    published: Built  # open to the alliance's members; the member is enrolled
    draft: Course
    draft_course_lesson: Lesson
    submitted: Course
    video: Lesson
    reading: Lesson
    track: SubtitleTrack
    empty_module: Module
    assistant: CourseTeamMember
    quiz: Lesson
    question: Question
    choice: Choice
    attempt: Attempt


def extra(world: World) -> Extra:
    published = make_course(world)
    teacher = published.teacher
    video = services.lesson_create(
        actor=teacher, module=published.module, title="Lecture", kind="video",
        video_file=video_upload(), is_published=True,
    )  # fmt: skip
    reading = services.lesson_create(
        actor=teacher, module=published.module, title="Reading", kind="reading",
        reading_file=pdf_upload(), is_published=True,
    )  # fmt: skip
    track = services.subtitle_add(actor=teacher, lesson=video, language="en", file=vtt_upload())
    empty = services.module_create(actor=teacher, course=published.course, title="Empty")
    assistant = services.team_add(
        actor=teacher,
        course=published.course,
        user=make_user("ta@example.org"),
        role="teaching_assistant",
    )
    enrolment = enrol(published.course, world.member)
    quiz_lesson = services.lesson_create(
        actor=teacher, module=published.module, title="Quiz", kind="quiz", is_published=True
    )
    quiz = quizzes.quiz_for_lesson(quiz_lesson)
    question = quizzes.question_create(actor=teacher, quiz=quiz, kind="single", prompt="?")
    choice = quizzes.choice_create(actor=teacher, question=question, text="Yes", is_correct=True)
    attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=quiz)
    draft_built = make_course(world, teacher=teacher, publish=False, title="Draft")
    draft = draft_built.course
    submitted = make_course(world, teacher=teacher, publish=False, title="Submitted").course
    services.course_submit(actor=teacher, course=submitted)
    return Extra(
        published, draft, draft_built.lesson, submitted, video, reading, track, empty, assistant,
        quiz_lesson, question, choice, attempt,
    )  # fmt: skip


@dataclass
class Row:
    name: str
    method: str
    url: Callable[[Extra], str]
    expected: tuple[int, int, int, int, int, int]  # in the order of ACTORS
    data: Callable[[Extra], dict[str, Any]] | None = None
    json: bool = False


ALL_200 = (200,) * 6
ALL_302 = (302,) * 6
STAFF_200 = (302, 403, 403, 403, 200, 200)
STAFF_302 = (302, 403, 403, 403, 302, 302)
DRAFT_STAFF_200 = (302, 404, 404, 404, 200, 200)
DRAFT_STAFF_ONLY = (404, 404, 404, 404, 200, 200)  # pages that anonymous visitors may open
DRAFT_STAFF_302 = (302, 404, 404, 404, 302, 302)
LEARNER_200 = (302, 403, 200, 403, 200, 200)  # staff open lessons without enrolling
ENROLLED_ONLY = (302, 403, 302, 403, 403, 403)


def c(e: Extra) -> int:
    return e.published.course.pk


def q(e: Extra) -> str:
    return f"/courses/{c(e)}/lessons/{e.quiz.pk}/quiz"


def qa(e: Extra) -> str:
    return f"/api/courses/{c(e)}/lessons/{e.quiz.pk}/quiz/attempts"


PAGES = [
    Row("catalogue", "get", lambda e: "/courses/", ALL_200),
    Row("catalogue filtered", "get", lambda e: "/courses/?q=针灸&level=advanced&sort=title",
        ALL_200),
    Row("course page", "get", lambda e: f"/courses/{c(e)}/", ALL_200),
    Row("draft course page", "get", lambda e: f"/courses/{e.draft.pk}/", DRAFT_STAFF_ONLY),
    Row("my learning", "get", lambda e: "/courses/mine/", (302, 200, 200, 200, 200, 200)),
    Row("create a course", "get", lambda e: "/courses/new/", (302, 403, 200, 200, 403, 200)),
    Row("enrol", "post", lambda e: f"/courses/{c(e)}/enrol/", ALL_302),
    Row("resume", "get", lambda e: f"/courses/{c(e)}/resume/", ENROLLED_ONLY),
    Row("lesson", "get", lambda e: e.published.lesson.get_absolute_url(), LEARNER_200),
    Row("draft lesson", "get", lambda e: e.published.draft.get_absolute_url(), DRAFT_STAFF_200),
    Row("lesson of a draft course", "get",
        lambda e: f"/courses/{e.draft.pk}/lessons/{e.draft_course_lesson.pk}/", DRAFT_STAFF_200),
    Row("complete a lesson", "post",
        lambda e: f"/courses/{c(e)}/lessons/{e.published.lesson.pk}/complete/", ENROLLED_ONLY),
    Row("video progress", "post", lambda e: f"/courses/{c(e)}/lessons/{e.video.pk}/progress/",
        (302, 403, 200, 403, 403, 403), data=lambda e: {"position": "5", "duration": "60"}),
    Row("video file", "get", lambda e: f"/courses/{c(e)}/lessons/{e.video.pk}/video/", LEARNER_200),
    Row("reading file", "get", lambda e: f"/courses/{c(e)}/lessons/{e.reading.pk}/reading/",
        LEARNER_200),
    Row("subtitles", "get", lambda e: f"/courses/{c(e)}/subtitles/{e.track.pk}.vtt", LEARNER_200),
    Row("manage", "get", lambda e: f"/courses/{c(e)}/manage/", STAFF_200),
    Row("manage a draft", "get", lambda e: f"/courses/{e.draft.pk}/manage/", DRAFT_STAFF_200),
    Row("edit", "get", lambda e: f"/courses/{c(e)}/edit/", STAFF_200),
    Row("history", "get", lambda e: f"/courses/{c(e)}/history/", STAFF_200),
    Row("submit", "post", lambda e: f"/courses/{e.draft.pk}/submit/", DRAFT_STAFF_302),
    Row("add to the team", "post", lambda e: f"/courses/{c(e)}/team/add/", STAFF_302,
        data=lambda e: {"email": "outsider@example.org", "role": "instructor"}),
    Row("remove from the team", "post",
        lambda e: f"/courses/{c(e)}/team/{e.assistant.pk}/remove/", STAFF_302),
    Row("add a module", "get", lambda e: f"/courses/{c(e)}/modules/new/", STAFF_200),
    Row("edit a module", "get", lambda e: f"/courses/{c(e)}/modules/{e.published.module.pk}/edit/",
        STAFF_200),
    Row("delete a module", "post",
        lambda e: f"/courses/{c(e)}/modules/{e.empty_module.pk}/delete/", STAFF_302),
    Row("add a lesson", "get",
        lambda e: f"/courses/{c(e)}/modules/{e.published.module.pk}/lessons/new/", STAFF_200),
    Row("edit a lesson", "get", lambda e: f"/courses/{c(e)}/lessons/{e.published.lesson.pk}/edit/",
        STAFF_200),
    Row("delete a lesson", "post",
        lambda e: f"/courses/{c(e)}/lessons/{e.published.draft.pk}/delete/", STAFF_302),
    Row("add subtitles", "post", lambda e: f"/courses/{c(e)}/lessons/{e.video.pk}/subtitles/add/",
        STAFF_302, data=lambda e: {"language": "zh-hans", "file": vtt_upload()}),
    Row("remove subtitles", "post", lambda e: f"/courses/{c(e)}/subtitles/{e.track.pk}/delete/",
        STAFF_302),
    Row("quiz", "get", lambda e: f"{q(e)}/", LEARNER_200),
    Row("start a quiz", "post", lambda e: f"{q(e)}/start/", ENROLLED_ONLY),
    Row("quiz attempt", "get", lambda e: f"{q(e)}/attempts/{e.attempt.pk}/",
        (302, 403, 200, 403, 403, 403)),
    Row("save quiz answers", "post", lambda e: f"{q(e)}/attempts/{e.attempt.pk}/save/",
        ENROLLED_ONLY, data=lambda e: {"answers": "1", f"q{e.question.pk}": str(e.choice.pk)}),
    Row("submit a quiz", "post", lambda e: f"{q(e)}/attempts/{e.attempt.pk}/submit/",
        ENROLLED_ONLY),
    Row("edit a quiz", "get", lambda e: f"{q(e)}/edit/", STAFF_200),
    Row("save a quiz", "post", lambda e: f"{q(e)}/edit/", STAFF_302,
        data=lambda e: {"pass_mark": "50", "attempt_limit": "2"}),
    Row("add a question", "get", lambda e: f"{q(e)}/questions/new/", STAFF_200),
    Row("edit a question", "get", lambda e: f"{q(e)}/questions/{e.question.pk}/edit/", STAFF_200),
    Row("delete a question", "post", lambda e: f"{q(e)}/questions/{e.question.pk}/delete/",
        STAFF_302),
    Row("add a choice", "get", lambda e: f"{q(e)}/questions/{e.question.pk}/choices/new/",
        STAFF_200),
    Row("edit a choice", "get", lambda e: f"{q(e)}/choices/{e.choice.pk}/edit/", STAFF_200),
    Row("delete a choice", "post", lambda e: f"{q(e)}/choices/{e.choice.pk}/delete/", STAFF_302),
    Row("roster", "get", lambda e: f"/courses/{c(e)}/roster/", STAFF_200),
    Row("roster filtered", "get", lambda e: f"/courses/{c(e)}/roster/?q=Li&state=completed",
        STAFF_200),
    Row("roster of a draft", "get", lambda e: f"/courses/{e.draft.pk}/roster/", DRAFT_STAFF_200),
    Row("roster as CSV", "get", lambda e: f"/courses/{c(e)}/roster.csv", STAFF_200),
    Row("roster of a draft as CSV", "get", lambda e: f"/courses/{e.draft.pk}/roster.csv",
        DRAFT_STAFF_200),
    Row("quiz statistics", "get", lambda e: f"{q(e)}/statistics/", STAFF_200),
    Row("statistics of a text lesson", "get",
        lambda e: f"/courses/{c(e)}/lessons/{e.published.lesson.pk}/quiz/statistics/",
        (302, 403, 403, 403, 404, 404)),
    Row("review queue", "get", lambda e: "/courses/review/", (302, 403, 403, 403, 200, 403)),
    Row("review page", "get", lambda e: f"/courses/{e.submitted.pk}/review/",
        (302, 404, 404, 404, 200, 403)),
    Row("approve", "post", lambda e: f"/courses/{e.submitted.pk}/review/",
        (302, 404, 404, 404, 302, 403), data=lambda e: {"decision": "approve"}),
]  # fmt: skip

API = [
    Row("api catalogue", "get", lambda e: "/api/courses?q=acupuncture", ALL_200),
    Row("api course", "get", lambda e: f"/api/courses/{c(e)}", ALL_200),
    Row("api draft course", "get", lambda e: f"/api/courses/{e.draft.pk}", DRAFT_STAFF_ONLY),
    Row("api my courses", "get", lambda e: "/api/courses/mine", (401, 200, 200, 200, 200, 200)),
    Row("api enrol", "post", lambda e: f"/api/courses/{c(e)}/enrolment",
        (401, 403, 200, 201, 403, 201), data=lambda e: {}, json=True),
    Row("api enrol in a draft", "post", lambda e: f"/api/courses/{e.draft.pk}/enrolment",
        (401, 404, 404, 404, 409, 409), data=lambda e: {}, json=True),
    Row("api progress", "get", lambda e: f"/api/courses/{c(e)}/progress",
        (401, 403, 200, 403, 403, 403)),
    Row("api complete a lesson", "post",
        lambda e: f"/api/courses/{c(e)}/lessons/{e.published.lesson.pk}/complete",
        (401, 403, 200, 403, 403, 403)),
    Row("api start a quiz attempt", "post", qa, (401, 403, 200, 403, 403, 403)),
    Row("api quiz attempt", "get", lambda e: f"{qa(e)}/{e.attempt.pk}",
        (401, 403, 200, 403, 403, 403)),
    Row("api save quiz answers", "put", lambda e: f"{qa(e)}/{e.attempt.pk}/answers",
        (401, 403, 200, 403, 403, 403), data=lambda e: {"answers": {}}, json=True),
    Row("api submit a quiz attempt", "post", lambda e: f"{qa(e)}/{e.attempt.pk}/submit",
        (401, 403, 200, 403, 403, 403), data=lambda e: {}, json=True),
]  # fmt: skip

CASES = [
    pytest.param(row, actor, expected, id=f"{row.name}-{actor}")
    for row in PAGES + API
    for actor, expected in zip(ACTORS, row.expected, strict=True)
]


@pytest.mark.parametrize(("row", "actor", "expected"), CASES)
def test_permission_matrix(world: World, row: Row, actor: str, expected: int) -> None:
    more = extra(world)
    if actor == "team":
        client = Client()
        client.force_login(more.published.teacher)
    else:
        client = world.client_for(actor)
    url = row.url(more)
    data = row.data(more) if row.data else {}
    if row.json:
        response = getattr(client, row.method)(
            url, data=json.dumps(data), content_type="application/json"
        )
    else:
        response = getattr(client, row.method)(url, data=data)
    assert response.status_code == expected, getattr(response, "content", b"")[:300]
    if expected == 302 and actor == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
