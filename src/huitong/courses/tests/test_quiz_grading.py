"""Every kind of question is graded automatically; the score decides the pass; passing
completes the lesson."""

from __future__ import annotations

from decimal import Decimal

import pytest

from huitong.courses import quizzes
from huitong.courses.models import LessonProgress
from huitong.courses.tests.helpers import enrol, make_course
from huitong.courses.tests.quiz_helpers import make_quiz
from huitong.testing import World


def test_all_right_answers_score_100_and_complete_the_lesson(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    enrolment = enrol(built.course, world.member)
    attempt, created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    assert created
    assert sorted(attempt.question_ids) == sorted(q.pk for q in bq.questions)
    graded = quizzes.attempt_submit(attempt=attempt, answers=bq.right_answers())
    assert graded.score == Decimal("100.00")
    assert graded.passed
    assert all(r["correct"] for r in graded.results.values())
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=bq.lesson)
    assert progress.completed_at is not None


@pytest.mark.parametrize(
    ("question", "answer", "correct"),
    [
        ("single", "single_wrong", False),
        ("multiple", "one_of_two", False),
        ("multiple", "all_three", False),
        ("true_false", "false_choice", False),
        ("numeric", "37.5", True),
        ("numeric", "37,4", True),
        ("numeric", "37.6", False),
        ("text", "  zusanli ", True),
        ("text", "ZÚSĀNLǏ", True),
        ("text", "Zusan", False),
    ],
)
def test_each_kind_of_question_is_graded(
    world: World, question: str, answer: str, correct: bool
) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    enrolment = enrol(built.course, world.member)
    attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    given: object = {
        "single_wrong": bq.single_wrong.pk,
        "one_of_two": [bq.multiple_right[0].pk],
        "all_three": [bq.multiple_right[0].pk, bq.multiple_right[1].pk, bq.multiple_wrong.pk],
        "false_choice": bq.false_choice.pk,
    }.get(answer, answer)
    target = getattr(bq, question)
    answers = bq.right_answers()
    answers[str(target.pk)] = given
    graded = quizzes.attempt_submit(attempt=attempt, answers=answers)
    assert graded.results[str(target.pk)]["correct"] is correct
    assert graded.score == (Decimal(100) if correct else Decimal("80.00"))


def test_a_score_below_the_pass_mark_fails_and_leaves_the_lesson_open(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, pass_mark=90)
    enrolment = enrol(built.course, world.member)
    attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    answers = bq.right_answers()
    del answers[str(bq.text.pk)]  # unanswered counts as wrong
    graded = quizzes.attempt_submit(attempt=attempt, answers=answers)
    assert graded.score == Decimal("80.00")
    assert not graded.passed
    assert not LessonProgress.objects.filter(
        enrolment=enrolment, lesson=bq.lesson, completed_at__isnull=False
    ).exists()
