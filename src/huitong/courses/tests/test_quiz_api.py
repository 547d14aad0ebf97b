"""The quiz API: start an attempt, save answers, submit (idempotent), read the result."""

from __future__ import annotations

import json
from typing import Any

from huitong.courses.models import Attempt, LessonProgress
from huitong.courses.tests.helpers import enrol, make_course
from huitong.courses.tests.quiz_helpers import make_quiz
from huitong.testing import World


def test_a_learner_takes_the_quiz_through_the_api(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    enrolment = enrol(built.course, world.member)
    client = world.client_for("member")
    base = f"/api/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/attempts"
    response = client.post(base)
    assert response.status_code == 201
    body = response.json()
    assert len(body["questions"]) == 5
    assert all(c["is_correct"] is None for q in body["questions"] for c in q["choices"])
    assert client.post(base).status_code == 200  # the open attempt again
    attempt = f"{base}/{body['id']}"
    right = bq.right_answers()
    response = client.put(
        f"{attempt}/answers",
        json.dumps({"answers": {str(bq.single.pk): right[str(bq.single.pk)]}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert Attempt.objects.get(pk=body["id"]).answers == {str(bq.single.pk): bq.single_right.pk}
    response = client.post(
        f"{attempt}/submit", json.dumps({"answers": right}), content_type="application/json"
    )
    assert response.status_code == 200
    result = response.json()
    assert (result["score"], result["passed"]) == (100.0, True)
    assert all(q["correct"] for q in result["questions"])
    assert result["questions"][0]["feedback"]["text"].startswith("About:")
    again = client.post(f"{attempt}/submit", json.dumps({}), content_type="application/json")
    assert again.json()["submitted_at"] == result["submitted_at"]
    assert client.get(attempt).json()["score"] == 100.0
    assert LessonProgress.objects.get(enrolment=enrolment, lesson=bq.lesson).completed_at
    response = client.put(
        f"{attempt}/answers", json.dumps({"answers": {}}), content_type="application/json"
    )
    assert response.status_code == 409


def test_another_learners_attempt_is_hidden(world: World) -> None:
    built = make_course(world, access_policy="open")
    bq = make_quiz(built.teacher, built.module)
    enrol(built.course, world.member)
    enrol(built.course, world.outsider)
    member = world.client_for("member")
    base = f"/api/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/attempts"
    attempt_id = member.post(base).json()["id"]
    outsider = world.client_for("outsider")
    assert outsider.get(f"{base}/{attempt_id}").status_code == 404
    assert (
        outsider.post(
            f"{base}/{attempt_id}/submit", "{}", content_type="application/json"
        ).status_code
        == 404
    )


def test_the_api_shows_the_right_answers_only_once_passed_or_out_of_attempts(
    world: World,
) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, attempt_limit=2)
    enrol(built.course, world.member)
    client = world.client_for("member")
    base = f"/api/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/attempts"
    wrong: dict[str, Any] = {str(bq.single.pk): bq.single_wrong.pk}

    def attempt(answers: dict[str, Any]) -> dict[str, Any]:
        started = client.post(base).json()
        result: dict[str, Any] = client.post(
            f"{base}/{started['id']}/submit",
            json.dumps({"answers": answers}),
            content_type="application/json",
        ).json()
        return result

    failed: dict[str, Any] = attempt(wrong)
    assert failed["passed"] is False
    single = next(q for q in failed["questions"] if q["id"] == bq.single.pk)
    assert single["correct"] is False  # which questions were wrong …
    assert all(c["is_correct"] is None for q in failed["questions"] for c in q["choices"])
    assert all(q["feedback"] is None for q in failed["questions"])  # … not the answers
    passed: dict[str, Any] = attempt(bq.right_answers())
    assert passed["passed"] is True
    single = next(q for q in passed["questions"] if q["id"] == bq.single.pk)
    assert {c["id"] for c in single["choices"] if c["is_correct"]} == {bq.single_right.pk}
    assert single["feedback"]["text"] == "About: Where is ST36?"
    # The failed attempt, read again now that the quiz is passed, shows them too.
    again = client.get(f"{base}/{failed['id']}").json()
    assert any(c["is_correct"] for q in again["questions"] for c in q["choices"])
