"""A submission sent twice is counted once: the second returns the first's result."""

from __future__ import annotations

import pytest

from huitong.alliance.tests.test_concurrency import together
from huitong.core.models import AuditEntry
from huitong.courses import quizzes
from huitong.courses.models import Attempt, LessonProgress
from huitong.courses.tests.helpers import enrol, make_course
from huitong.courses.tests.quiz_helpers import make_quiz
from huitong.testing import World, build_world


def test_a_second_submit_returns_the_same_result(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    attempt, _created = quizzes.attempt_start(
        enrolment=enrol(built.course, world.member), quiz=bq.quiz
    )
    first = quizzes.attempt_submit(attempt=attempt, answers=bq.right_answers())
    second = quizzes.attempt_submit(attempt=attempt, answers={})
    assert (first.score, first.submitted_at) == (second.score, second.submitted_at)
    assert AuditEntry.objects.filter(action="quiz.attempt_submit").count() == 1


def test_a_double_clicked_submit_page_post_counts_once(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    attempt, _created = quizzes.attempt_start(
        enrolment=enrol(built.course, world.member), quiz=bq.quiz
    )
    client = world.client_for("member")
    url = f"/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/attempts/{attempt.pk}/submit/"
    data = {"answers": "1", f"q{bq.single.pk}": str(bq.single_right.pk)}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {"answers": "1"}).status_code == 302
    attempt.refresh_from_db()
    assert str(attempt.score) == "20.00"
    assert AuditEntry.objects.filter(action="quiz.attempt_submit").count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_are_graded_once() -> None:
    world = build_world()
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    enrolment = enrol(built.course, world.member)
    attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    results, errors = together(
        4, lambda n: quizzes.attempt_submit(attempt=attempt, answers=bq.right_answers())
    )
    assert not errors
    assert len({(r.score, r.submitted_at) for r in results}) == 1
    assert AuditEntry.objects.filter(action="quiz.attempt_submit").count() == 1
    assert LessonProgress.objects.filter(enrolment=enrolment, lesson=bq.lesson).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_starts_never_exceed_the_attempt_limit() -> None:
    world = build_world()
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, attempt_limit=2)
    enrolment = enrol(built.course, world.member)
    first, _created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    quizzes.attempt_submit(attempt=first)

    def start_and_submit(n: int) -> Attempt:
        attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
        return attempt

    results, errors = together(6, start_and_submit)
    assert not errors  # all got the one open attempt
    assert len({a.pk for a in results}) == 1
    assert Attempt.objects.filter(quiz=bq.quiz, learner=world.member).count() == 2
