"""The time limit is enforced on the server: answers after the deadline do not count, and
an attempt past its deadline is graded with what was saved in time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huitong.courses import quizzes
from huitong.courses.models import Attempt
from huitong.courses.tests.helpers import enrol, make_course
from huitong.courses.tests.quiz_helpers import make_quiz
from huitong.testing import World


def test_the_deadline_follows_the_time_limit(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, time_limit=10)
    attempt, _created = quizzes.attempt_start(
        enrolment=enrol(built.course, world.member), quiz=bq.quiz
    )
    assert attempt.deadline is not None
    assert timedelta(minutes=9) < attempt.deadline - timezone.now() <= timedelta(minutes=10)


def test_answers_after_the_deadline_are_not_counted(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, time_limit=5)
    attempt, _created = quizzes.attempt_start(
        enrolment=enrol(built.course, world.member), quiz=bq.quiz
    )
    right = bq.right_answers()
    quizzes.attempt_save_answers(
        attempt=attempt, answers={str(bq.single.pk): right[str(bq.single.pk)]}
    )
    late = timezone.now() + timedelta(minutes=6)
    with pytest.raises(quizzes.TimeUp):
        quizzes.attempt_save_answers(attempt=attempt, answers=right, now=late)
    attempt.refresh_from_db()
    assert not attempt.is_open
    assert attempt.answers == {str(bq.single.pk): bq.single_right.pk}
    assert str(attempt.score) == "20.00"
    # a submission after the deadline changes nothing
    again = quizzes.attempt_submit(attempt=attempt, answers=right, now=late)
    assert str(again.score) == "20.00"


def test_a_late_submit_grades_only_what_was_saved_in_time(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, time_limit=5)
    attempt, _created = quizzes.attempt_start(
        enrolment=enrol(built.course, world.member), quiz=bq.quiz
    )
    late = timezone.now() + timedelta(minutes=6)
    graded = quizzes.attempt_submit(attempt=attempt, answers=bq.right_answers(), now=late)
    assert graded.answers == {}
    assert str(graded.score) == "0.00"
    assert not graded.passed


def test_an_expired_attempt_is_closed_when_seen_again(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, time_limit=5)
    attempt, _created = quizzes.attempt_start(
        enrolment=enrol(built.course, world.member), quiz=bq.quiz
    )
    quizzes.attempt_save_answers(attempt=attempt, answers=bq.right_answers())
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    client = world.client_for("member")
    url = f"/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/attempts/{attempt.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.passed
    assert "Your score: 100.00%" in response.content.decode()
