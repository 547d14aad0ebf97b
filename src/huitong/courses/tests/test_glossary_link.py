"""The course page links to the glossary of its terms only when it has terms: a course
that names no concept would link to a missing page."""

from __future__ import annotations

from django.test import Client

from huitong.courses import services
from huitong.courses.tests.helpers import make_course
from huitong.testing import World

LINK = "Glossary of the terms this course uses"


def test_a_course_naming_terms_links_to_a_glossary_that_exists(world: World) -> None:
    built = make_course(world)
    page = Client().get(f"/courses/{built.course.pk}/")
    assert LINK in page.content.decode()
    glossary = Client().get(f"/terms/glossary/?object=courses.course.{built.course.pk}")
    assert glossary.status_code == 200
    assert "ST36" in glossary.content.decode()


def test_a_course_without_terms_shows_no_glossary_link(world: World) -> None:
    built = make_course(world, description="Plain words only.", title="No terms")
    services.lesson_update(actor=built.teacher, lesson=built.lesson, body="Nothing coded.")
    services.course_update(actor=built.teacher, course=built.course, title="No terms at all")
    page = Client().get(f"/courses/{built.course.pk}/")
    assert page.status_code == 200
    assert LINK not in page.content.decode()
    glossary = Client().get(f"/terms/glossary/?object=courses.course.{built.course.pk}")
    assert glossary.status_code == 404
