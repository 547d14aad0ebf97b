"""Attempts: a random draw from the bank per attempt, the open attempt found again after a
reload, the attempt limit."""

from __future__ import annotations

import random

import pytest

from huitong.core.errors import Conflict
from huitong.courses import quizzes
from huitong.courses.models import Attempt
from huitong.courses.tests.helpers import enrol, make_course
from huitong.courses.tests.quiz_helpers import make_quiz
from huitong.testing import World


def test_each_attempt_draws_its_questions_from_the_bank(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, questions_per_attempt=2, attempt_limit=5)
    enrolment = enrol(built.course, world.member)
    bank = {q.pk for q in bq.questions}
    draws = []
    for _n in range(4):
        attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
        assert len(attempt.question_ids) == 2
        assert set(attempt.question_ids) <= bank
        draws.append(tuple(attempt.question_ids))
        quizzes.attempt_submit(attempt=attempt)
    calls: list[int] = []
    real = random.sample

    def spy(population: list[int], k: int) -> list[int]:
        calls.append(k)
        drawn: list[int] = real(population, k)
        return drawn

    monkeypatch.setattr(random, "sample", spy)
    quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    assert calls == [2]


def test_starting_again_returns_the_open_attempt_with_its_saved_answers(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    enrolment = enrol(built.course, world.member)
    first, created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    quizzes.attempt_save_answers(attempt=first, answers={str(bq.single.pk): bq.single_right.pk})
    again, created_again = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert again.answers == {str(bq.single.pk): bq.single_right.pk}
    quizzes.attempt_save_answers(attempt=first, answers={str(bq.single.pk): ""})
    first.refresh_from_db()
    assert first.answers == {}


def test_the_attempt_limit_is_enforced(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, attempt_limit=2)
    enrolment = enrol(built.course, world.member)
    for _n in range(2):
        attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
        quizzes.attempt_submit(attempt=attempt)
    with pytest.raises(Conflict) as caught:
        quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    assert caught.value.code == "no_attempts_left"
    assert Attempt.objects.filter(learner=world.member).count() == 2


def test_a_quiz_without_questions_cannot_be_started(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    for question in bq.questions:
        quizzes.question_delete(actor=built.teacher, question=question)
    enrolment = enrol(built.course, world.member)
    with pytest.raises(Conflict) as caught:
        quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    assert caught.value.code == "no_questions"
