"""Bad answers get a clear, translated message and write nothing."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from huitong.core.errors import ServiceError
from huitong.courses import quizzes
from huitong.courses.tests.helpers import enrol, make_course
from huitong.courses.tests.quiz_helpers import BuiltQuiz, make_quiz
from huitong.testing import World

CASES = [
    ("single", "unknown_choice", "Choose one of the answers shown."),
    ("single", "not_a_number", "Choose one of the answers shown."),
    ("multiple", "unknown_choice_list", "Choose among the answers shown."),
    ("numeric", "abc", "Enter a number, such as 3 or 2.5."),
    ("numeric", "nan", "Enter a number, such as 3 or 2.5."),
    ("text", "x" * 501, "An answer may be at most 500 characters long."),
]


def _value(bq: BuiltQuiz, value: str) -> object:
    return {
        "unknown_choice": bq.multiple_wrong.pk,  # a choice of another question
        "not_a_number": "first",
        "unknown_choice_list": [bq.multiple_right[0].pk, 999999],
    }.get(value, value)


@pytest.mark.parametrize(("question", "value", "message"), CASES)
def test_a_bad_answer_is_refused_and_nothing_is_saved(
    world: World, question: str, value: str, message: str
) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    attempt, _created = quizzes.attempt_start(
        enrolment=enrol(built.course, world.member), quiz=bq.quiz
    )
    answers = bq.right_answers()
    answers[str(getattr(bq, question).pk)] = _value(bq, value)
    with pytest.raises(ServiceError) as caught:
        quizzes.attempt_save_answers(attempt=attempt, answers=answers)
    assert caught.value.code == "invalid_answer"
    assert str(caught.value) == message
    with pytest.raises(ServiceError):
        quizzes.attempt_submit(attempt=attempt, answers=answers)
    attempt.refresh_from_db()
    assert attempt.answers == {}
    assert attempt.is_open


def test_a_question_outside_the_attempt_is_refused(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    attempt, _created = quizzes.attempt_start(
        enrolment=enrol(built.course, world.member), quiz=bq.quiz
    )
    with pytest.raises(ServiceError) as caught:
        quizzes.attempt_save_answers(attempt=attempt, answers={"999999": "1"})
    assert caught.value.code == "invalid_answer"


def test_the_page_shows_the_message_and_the_api_answers_400(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    attempt, _created = quizzes.attempt_start(
        enrolment=enrol(built.course, world.member), quiz=bq.quiz
    )
    client = world.client_for("member")
    base = f"/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/attempts/{attempt.pk}/"
    response = client.post(
        base + "save/",
        {
            "answers": "1",
            f"q{bq.numeric.pk}": "thirty",
            f"q{bq.single.pk}": str(bq.single_right.pk),
        },
        follow=True,
    )
    assert "Enter a number, such as 3 or 2.5." in response.content.decode()
    api = (
        f"/api/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/attempts/{attempt.pk}/answers"
    )
    response = client.put(
        api, json.dumps({"answers": {str(bq.single.pk): 123456}}), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_answer"
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_the_message_is_translated(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    with translation.override("zh-hans"), pytest.raises(ServiceError) as caught:
        quizzes.parse_answer(bq.numeric, "abc", set())
    assert caught.value.code == "invalid_answer"
    assert str(caught.value)
