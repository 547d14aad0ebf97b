"""Pages run a fixed number of queries, whatever the number of courses, lessons,
learners or team members."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from huitong.alliance import services as alliance_services
from huitong.courses import services
from huitong.courses.tests.helpers import Built, enrol, make_course, make_teacher
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
