"""When the course's completion rule holds (every required published lesson done, every
required quiz passed), the course certificate is issued once; the learner finds it on
"My learning" and the course page; the course's team can revoke it."""

from __future__ import annotations

from django.test import Client

from huitong.certificates.models import Certificate
from huitong.courses import quizzes, services
from huitong.courses.tests.helpers import enrol, make_course
from huitong.courses.tests.quiz_helpers import make_quiz
from huitong.testing import World


def test_passing_the_required_quiz_completes_the_course_and_issues_the_certificate(
    world: World,
) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    enrolment = enrol(built.course, world.member)
    services.lesson_complete(enrolment=enrolment, lesson=built.lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # the quiz is not passed yet
    assert not Certificate.objects.exists()
    attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    answers = bq.right_answers()
    del answers[str(bq.text.pk)]
    quizzes.attempt_submit(attempt=attempt, answers=answers)  # 80%: passed
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get()
    assert certificate.holder == world.member
    assert certificate.kind == "course"
    assert certificate.title == built.course.title
    assert certificate.translations == {"zh-hans": {"title": "针灸学"}}
    assert certificate.issuer == "Southwest Medical University"
    assert certificate.details == {"course_id": built.course.pk, "score": "80.00"}
    assert certificate.source == enrolment


def test_the_certificate_is_issued_once(world: World) -> None:
    from huitong.courses.completion import course_certificate_issue

    built = make_course(world)
    enrolment = enrol(built.course, world.member)
    services.lesson_complete(enrolment=enrolment, lesson=built.lesson)
    enrolment.refresh_from_db()
    first = Certificate.objects.get()
    assert course_certificate_issue(enrolment=enrolment) == first
    assert Certificate.objects.count() == 1
    assert first.details == {"course_id": built.course.pk, "score": None}


def test_a_failed_quiz_issues_nothing(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    enrolment = enrol(built.course, world.member)
    services.lesson_complete(enrolment=enrolment, lesson=built.lesson)
    attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
    quizzes.attempt_submit(attempt=attempt, answers={})
    assert not Certificate.objects.exists()


def test_the_learner_finds_the_certificate_and_the_team_can_revoke_it(world: World) -> None:
    built = make_course(world)
    enrolment = enrol(built.course, world.member)
    services.lesson_complete(enrolment=enrolment, lesson=built.lesson)
    certificate = Certificate.objects.get()
    member = world.client_for("member")
    assert certificate.get_absolute_url() in member.get("/courses/mine/").content.decode()
    course_page = member.get(f"/courses/{built.course.pk}/").content.decode()
    assert certificate.get_absolute_url() in course_page
    assert member.get(f"/verify/{certificate.uid}/pdf/").status_code == 200
    # the learner cannot revoke; the team can, from the verification page
    revoke = f"/verify/{certificate.uid}/revoke/"
    assert member.post(revoke, {"reason": "mine"}).status_code == 403
    team = Client()
    team.force_login(built.teacher)
    assert team.post(revoke, {"reason": "Plagiarised quiz answers."}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert "revoked" in member.get("/courses/mine/").content.decode()
