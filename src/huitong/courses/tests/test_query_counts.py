"""Pages run a fixed number of queries, whatever the number of courses, lessons,
learners or team members."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from huitong.alliance import services as alliance_services
from huitong.courses import quizzes, services
from huitong.courses.tests.helpers import Built, enrol, make_course, make_teacher
from huitong.courses.tests.quiz_helpers import make_quiz
from huitong.testing import World, make_user


def count(client: Client, url: str) -> int:
    client.get(url)  # a first visit may write (the lesson to resume at)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(world: World, built: Built, n: int) -> None:
    """More courses, lessons, team members and learners."""
    teacher = make_teacher(world)
    for i in range(n):
        make_course(world, teacher=teacher, title=f"More {i} {built.course.pk}")
        services.lesson_create(
            actor=teacher, module=built.module, title=f"Lesson {i}", kind="text", body="Text.",
            is_published=True,
        )  # fmt: skip
        module = services.module_create(actor=teacher, course=built.course, title=f"Module {i}")
        services.lesson_create(
            actor=teacher, module=module, title=f"In module {i}", kind="text", body="Text.",
            is_published=True,
        )  # fmt: skip
        colleague = make_user(f"colleague{i}-{built.course.pk}@example.org")
        services.team_add(actor=None, course=built.course, user=colleague, role="instructor")
        learner = make_user(f"learner{i}-{built.course.pk}@example.org")
        alliance_services.affiliation_grant(
            actor=None, user=learner, institution=world.institution, role="student"
        )
        enrol(built.course, learner)
        other = make_course(world, teacher=teacher, title=f"Enrolled {i} {built.course.pk}")
        enrol(other.course, world.member)
        services.lesson_complete(
            enrolment=other.course.enrolments.get(learner=world.member), lesson=other.lesson
        )


def test_course_pages_run_a_fixed_number_of_queries(world: World) -> None:
    built = make_course(world)
    enrolment = enrol(built.course, world.member)
    services.lesson_complete(enrolment=enrolment, lesson=built.lesson)
    member = world.client_for("member")
    team = Client()
    team.force_login(built.teacher)
    c = built.course.pk
    pages = [
        (Client(), "/courses/"),
        (member, "/courses/"),
        (member, "/courses/?q=science&language=en&sort=popular"),
        (Client(), f"/courses/{c}/"),
        (member, f"/courses/{c}/"),
        (member, built.lesson.get_absolute_url()),
        (member, "/courses/mine/"),
        (team, f"/courses/{c}/manage/"),
        (Client(), "/api/courses"),
        (member, f"/api/courses/{c}"),
        (member, "/api/courses/mine"),
        (member, f"/api/courses/{c}/progress"),
    ]
    few = [count(client, url) for client, url in pages]
    grow(world, built, 3)
    many = [count(client, url) for client, url in pages]
    assert few == many, list(zip([u for _c, u in pages], few, many, strict=True))
    assert max(many) <= 20


def test_teaching_pages_run_a_fixed_number_of_queries(world: World) -> None:
    """The roster (page and CSV) and a quiz's item statistics, whatever the number of
    learners, attempts and certificates."""
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    team = Client()
    team.force_login(built.teacher)
    c = built.course.pk
    quiz = f"/courses/{c}/lessons/{bq.lesson.pk}/quiz/statistics/"
    added = 0

    def add_learners(n: int) -> None:
        nonlocal added
        for _ in range(n):
            added += 1
            learner = make_user(f"student{added}@example.org", name_native=f"学生{added}")
            alliance_services.affiliation_grant(
                actor=None, user=learner, institution=world.institution, role="student"
            )
            enrolment = enrol(built.course, learner)
            services.lesson_complete(enrolment=enrolment, lesson=built.lesson)
            attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=bq.quiz)
            answers = bq.right_answers() if added % 2 else {}
            quizzes.attempt_submit(attempt=attempt, answers=answers)  # half pass, certified

    def csv_count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = team.get(f"/courses/{c}/roster.csv")
            assert isinstance(response, StreamingHttpResponse)
            b"".join(response.streaming_content)
        return len(captured)

    add_learners(2)
    pages = [f"/courses/{c}/roster/", f"/courses/{c}/roster/?sort=-progress&q=学生", quiz]
    few = [count(team, url) for url in pages] + [csv_count()]
    add_learners(5)
    many = [count(team, url) for url in pages] + [csv_count()]
    assert few == many, list(zip([*pages, "csv"], few, many, strict=True))
    assert max(many) <= 20, many


# --- With the benchmark's generated volumes, and the quiz burst's requests ------------


def test_learner_pages_run_as_many_queries_among_generated_courses(world: World) -> None:
    """The catalogue (more courses than a page holds, searched in Chinese), a course page
    and a lesson page run as many queries among forty generated courses with their
    enrolments and progress as among a handful."""
    import io

    from huitong.courses.generate import scale_courses

    built = make_course(world)
    services.lesson_complete(enrolment=enrol(built.course, world.member), lesson=built.lesson)
    member = world.client_for("member")
    c = built.course.pk
    pages = [
        (Client(), "/courses/"),
        (member, "/courses/"),
        (member, "/courses/?q=针灸&sort=popular"),
        (Client(), f"/courses/{c}/"),
        (member, f"/courses/{c}/"),
        (member, built.lesson.get_absolute_url()),
    ]
    few = [count(client, url) for client, url in pages]
    learners = [make_user(f"generated{n}@example.org").pk for n in range(20)]
    learners.append(world.member.pk)
    figures = scale_courses(
        count=40,
        enrolments=300,
        learners=learners,
        seed=3,
        institutions=[world.other_institution],
        stream=io.StringIO(),
    )
    assert figures.courses == 40
    many = [count(client, url) for client, url in pages]
    assert few == many, list(zip([u for _c, u in pages], few, many, strict=True))


def test_quiz_start_and_submit_run_a_fixed_number_of_queries(world: World) -> None:
    """Starting and submitting an attempt (the quiz burst's requests) run as many queries
    with five questions drawn as with twenty-five: the questions are read once."""
    import json

    built = make_course(world, access_policy="open")
    bq = make_quiz(built.teacher, built.module, attempt_limit=5)
    base = f"/api/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/attempts"

    def take(email: str) -> tuple[int, int]:
        learner = make_user(email)
        enrol(built.course, learner)
        client = Client()
        client.force_login(learner)
        client.post(base)  # a first request may write (the session's last use)
        attempt = learner.quiz_attempts.get()
        attempt.delete()
        with CaptureQueriesContext(connection) as started:
            response = client.post(base)
        assert response.status_code == 201
        body = response.json()
        # Every answer right (the added questions' first choice is), so both pass.
        right = bq.right_answers()
        answers = {
            str(q["id"]): right.get(str(q["id"]), q["choices"][0]["id"] if q["choices"] else "")
            for q in body["questions"]
        }
        cache.clear()  # measured cold, as the pages above
        with CaptureQueriesContext(connection) as submitted:
            response = client.post(
                f"{base}/{body['id']}/submit",
                json.dumps({"answers": answers}),
                content_type="application/json",
            )
        assert response.status_code == 200
        assert response.json()["passed"] is True
        assert len(response.json()["questions"]) == bq.quiz.questions.count()
        # Checking, grading and the answer share one read of the questions.
        for captured in (started, submitted):
            reads = [
                q
                for q in captured.captured_queries
                if q["sql"].startswith('SELECT "courses_question"."id", ')
            ]
            assert len(reads) == 1, [q["sql"][:80] for q in reads]
        return len(started), len(submitted)

    few = take("quiz-few@example.org")
    for n in range(20):
        question = quizzes.question_create(
            actor=built.teacher, quiz=bq.quiz, kind="single", prompt=f"More {n}?"
        )
        for text, right in (("Yes", True), ("No", False), ("Maybe", False)):
            quizzes.choice_create(
                actor=built.teacher, question=question, text=text, is_correct=right
            )
    many = take("quiz-many@example.org")
    assert few == many
