"""The benchmark's generated courses (``huitong demo --scale``): consistent with what the
services would have written, found by the catalogue's search, and usable by learners."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db.models import Count, Q
from django.test import Client

from huitong.accounts.models import User
from huitong.courses import services
from huitong.courses.generate import QUIZ_BANK, QUIZ_DRAW, scale_courses
from huitong.courses.models import (
    AccessPolicy,
    Course,
    CourseStatus,
    Enrolment,
    Lesson,
    LessonKind,
    LessonProgress,
    Question,
    Quiz,
)
from huitong.courses.selectors import enrolment_counts
from huitong.testing import World, make_user

COURSES = 60
ENROLMENTS = 500


@pytest.fixture
def generated(world: World) -> dict[str, Any]:
    learners = [make_user(f"gen{n}@example.org").pk for n in range(40)]
    figures = scale_courses(
        count=COURSES,
        enrolments=ENROLMENTS,
        learners=learners,
        seed=5,
        institutions=[world.institution, world.other_institution],
        quiz_every=20,
        stream=io.StringIO(),
    )
    return {"figures": figures, "learners": learners}


def test_counts_and_enrolment_counts_match_the_rows(generated: dict[str, Any]) -> None:
    figures = generated["figures"]
    courses = Course.objects.filter(status=CourseStatus.APPROVED)
    assert courses.count() == figures.courses == COURSES
    assert Enrolment.objects.count() == figures.enrolments == ENROLMENTS
    assert Lesson.objects.filter(kind=LessonKind.TEXT).count() == 4 * COURSES
    assert Quiz.objects.count() == figures.quizzes == COURSES // 20
    for quiz in Quiz.objects.annotate(n=Count("questions")):
        assert quiz.n == QUIZ_BANK
        assert quiz.questions_per_attempt == QUIZ_DRAW
    assert LessonProgress.objects.count() == figures.lesson_progress > 0
    # Every learner takes about as many courses; a course's count is its rows'.
    per_learner = Enrolment.objects.values("learner").annotate(n=Count("pk"))
    assert {row["n"] for row in per_learner} <= {12, 13}
    live = enrolment_counts(list(courses.values_list("pk", flat=True)))
    for course in courses:
        assert course.enrolment_count == live.get(course.pk, 0)
        assert course.capacity is None or course.enrolment_count <= course.capacity
        assert course.provider.memberships.filter(alliance=course.alliance).exists()


def test_completed_enrolments_have_done_every_lesson(generated: dict[str, Any]) -> None:
    completed = Enrolment.objects.exclude(completed_at=None)
    assert completed.count() == generated["figures"].completed > 0
    for enrolment in completed.annotate(
        done=Count("progress", filter=Q(progress__completed_at__isnull=False))
    ):
        assert enrolment.done == 4
        assert enrolment.completed_at is not None
        assert enrolment.completed_at >= enrolment.enrolled_at
    # A quiz lesson is never marked done without an attempt, so no course with a quiz
    # is complete.
    assert not completed.filter(course__modules__lessons__kind=LessonKind.QUIZ).exists()


def test_search_columns_are_those_save_computes(generated: dict[str, Any]) -> None:
    for course in Course.objects.all():
        before = (course.search_text, course.language_keys, course.recognition_keys)
        course.save()
        course.refresh_from_db()
        assert (course.search_text, course.language_keys, course.recognition_keys) == before


def test_catalogue_finds_a_generated_course_by_a_chinese_word(generated: dict[str, Any]) -> None:
    course = Course.objects.filter(original_language="en", translations__has_key="zh-hans")
    found = course.first()
    assert found is not None
    word = found.translations["zh-hans"]["title"].split()[0]  # e.g. "针灸进阶"
    assert not any(ord(c) < 128 for c in word)
    response = Client().get("/courses/", {"q": word})
    assert response.status_code == 200
    assert found.title in [c.title for c in response.context["page"]]
    api = Client().get("/api/courses", {"q": word, "limit": 100})
    assert found.pk in [item["id"] for item in api.json()["items"]]
    assert found.pk not in [
        item["id"] for item in Client().get("/api/courses", {"q": "不存在的词"}).json()["items"]
    ]


def test_a_generated_quiz_can_be_taken_and_new_rows_follow(
    generated: dict[str, Any], world: World
) -> None:
    quiz = Quiz.objects.select_related("lesson__module").first()
    assert quiz is not None
    course_id = quiz.lesson.module.course_id
    enrolment = Enrolment.objects.filter(course_id=course_id).select_related("learner").first()
    assert enrolment is not None
    client = Client()
    client.force_login(enrolment.learner)
    base = f"/api/courses/{course_id}/lessons/{quiz.lesson_id}/quiz/attempts"
    started = client.post(base, content_type="application/json")
    assert started.status_code == 201, started.content
    questions = started.json()["questions"]
    assert len(questions) == QUIZ_DRAW
    answers: dict[str, Any] = {}
    for item in questions:
        question = Question.objects.get(pk=item["id"])
        right = [c.pk for c in question.choices.all() if c.is_correct]
        if question.kind == "numeric":
            answers[str(question.pk)] = str(question.numeric_answer)
        elif question.kind == "multiple":
            answers[str(question.pk)] = right
        else:
            assert len(right) == 1
            answers[str(question.pk)] = right[0]
    submitted = client.post(
        f"{base}/{started.json()['id']}/submit",
        {"answers": answers},
        content_type="application/json",
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["score"] == 100
    assert submitted.json()["passed"] is True
    # The quiz lesson is done: a new progress row, after the generated ones.
    assert LessonProgress.objects.filter(enrolment=enrolment, lesson=quiz.lesson).exists()
    # A new enrolment through the service gets a new id and counts.
    course = Course.objects.filter(access_policy=AccessPolicy.OPEN, capacity=None).first()
    assert course is not None
    newcomer = make_user("newcomer@example.org")
    before = course.enrolment_count
    services.enrolment_create(course=course, learner=newcomer)
    course.refresh_from_db()
    assert course.enrolment_count == before + 1 == course.enrolments.count()


def test_generating_again_adds_nothing(generated: dict[str, Any], world: World) -> None:
    again = scale_courses(
        count=COURSES,
        enrolments=ENROLMENTS,
        learners=list(User.objects.values_list("pk", flat=True)),
        seed=5,
        institutions=[world.institution, world.other_institution],
        stream=io.StringIO(),
    )
    assert again.courses == 0
    assert Course.objects.count() == COURSES
    assert Enrolment.objects.count() == ENROLMENTS
