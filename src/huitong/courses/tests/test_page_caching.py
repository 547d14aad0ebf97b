"""What the course pages keep in the cache shows every change at once: the outline, the
team and the texts are kept under the course's content version, which the services raise
in the change's own transaction; the catalogue's listing under the data version, which
they raise when the change commits."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from huitong.accounts import services as account_services
from huitong.certificates.models import Certificate
from huitong.core import cache as data_cache
from huitong.courses import selectors, services
from huitong.courses.tests.helpers import enrol, make_course, make_teacher
from huitong.terminology.markup import render_cached
from huitong.testing import World, make_user


def test_a_lesson_published_after_a_visit_shows_on_the_next_one(world: World) -> None:
    built = make_course(world)
    enrol(built.course, world.member)
    member = world.client_for("member")
    url = built.course.get_absolute_url()
    assert "Chapter two" not in member.get(url).content.decode()

    services.lesson_create(
        actor=built.teacher, module=built.module, title="Chapter two", kind="text",
        body="More.", is_published=True,
    )  # fmt: skip

    assert "Chapter two" in member.get(url).content.decode()
    lesson_page = member.get(built.lesson.get_absolute_url()).content.decode()
    assert "Chapter two" in lesson_page  # the outline beside the lesson too


def test_an_unpublished_lesson_leaves_the_learners_outline(world: World) -> None:
    built = make_course(world)
    enrol(built.course, world.member)
    member = world.client_for("member")
    url = built.course.get_absolute_url()
    assert built.lesson.title in member.get(url).content.decode()

    services.lesson_update(actor=built.teacher, lesson=built.lesson, is_published=False)

    assert built.lesson.title not in member.get(url).content.decode()


def test_a_team_member_added_shows_at_once(world: World) -> None:
    built = make_course(world)
    client = world.client_for("member")
    url = built.course.get_absolute_url()
    client.get(url)

    colleague = make_user("colleague@example.org", name_latin="Ana Petrović")
    services.team_add(actor=built.teacher, course=built.course, user=colleague, role="instructor")

    assert "Ana Petrović" in client.get(url).content.decode()


def test_an_edited_description_shows_at_once(world: World) -> None:
    built = make_course(world)
    client = world.client_for("member")
    url = built.course.get_absolute_url()
    client.get(url)

    services.course_update(
        actor=built.teacher, course=built.course, description="Palpate before needling."
    )

    assert "Palpate before needling." in client.get(url).content.decode()


def test_a_renamed_team_member_shows_once_the_change_commits(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course(world)
    client = world.client_for("member")
    url = built.course.get_absolute_url()
    assert "Wang Li" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        account_services.profile_update(user=built.teacher, name_latin="Zhang Wei")

    page = client.get(url).content.decode()
    assert "Zhang Wei" in page
    assert "Wang Li" not in page


def test_the_enrolment_count_on_the_course_page_follows_enrolments(world: World) -> None:
    built = make_course(world, access_policy="open")
    client = world.client_for("outsider")
    url = built.course.get_absolute_url()
    assert "<strong>0</strong> enrolled" in client.get(url).content.decode()

    enrol(built.course, world.member)

    assert "<strong>1</strong> enrolled" in client.get(url).content.decode()


def test_a_learner_revisiting_a_course_page_costs_a_few_queries(world: World) -> None:
    built = make_course(world)
    teacher = make_teacher(world)
    for i in range(6):
        services.lesson_create(
            actor=teacher, module=built.module, title=f"Lesson {i}", kind="text",
            body=f"Text [[ST36]] {i}.", is_published=True,
        )  # fmt: skip
    enrol(built.course, world.member)
    member = world.client_for("member")
    member.get(built.course.get_absolute_url())
    member.get(built.lesson.get_absolute_url())

    with CaptureQueriesContext(connection) as course_page:
        assert member.get(built.course.get_absolute_url()).status_code == 200
    with CaptureQueriesContext(connection) as lesson_page:
        assert member.get(built.lesson.get_absolute_url()).status_code == 200

    def app_queries(captured: CaptureQueriesContext) -> list[str]:
        # The session is read from the database, or from Redis when there is one.
        return [q["sql"] for q in captured if "django_session" not in q["sql"]]

    # User, course, the viewer's roles, enrolment, progress; the outline, team and
    # rendered texts come from the cache.
    assert len(app_queries(course_page)) == 5, app_queries(course_page)
    # The same, and the lesson.
    assert len(app_queries(lesson_page)) == 6, app_queries(lesson_page)


def test_the_catalogue_listing_follows_the_data_version(world: World) -> None:
    make_course(world)
    member = world.client_for("member")
    assert "Clinical Tuina" not in member.get("/courses/").content.decode()

    make_course(world, title="Clinical Tuina")
    data_cache.bump()  # what the services do once their change commits

    assert "Clinical Tuina" in member.get("/courses/").content.decode()


def test_rendered_term_links_are_kept_per_reading_language(world: World) -> None:
    text = "Needle [[ST36]] first."
    with translation.override("en"):
        english = render_cached(text)
    with translation.override("zh-hans"):
        chinese = render_cached(text)
    assert "Leg Three Li" in english
    assert "足三里" in chinese
    with translation.override("en"), CaptureQueriesContext(connection) as again:
        assert render_cached(text) == english
    assert len(again) == 0  # from the cache: the concept is not looked up again


def test_completion_checks_the_database_before_completing_a_course(world: World) -> None:
    """A required lesson published while a request runs on the course version it read
    (and on that version's cached outline) still counts before the course completes."""
    built = make_course(world)
    enrolment = enrol(built.course, world.member)
    selectors.course_outline(course=enrolment.course, include_drafts=False)  # cached
    services.lesson_update(actor=built.teacher, lesson=built.draft, is_published=True)

    services.lesson_complete(enrolment=enrolment, lesson=built.lesson)

    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # the lesson published since is not done
    assert not Certificate.objects.filter(holder=world.member).exists()
