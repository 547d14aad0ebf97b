"""The catalogue: search in every language of a course, filters, sorting, pagination,
cards with provider and enrolment figures, and a cached page for anonymous visitors."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.test import Client

from huitong.alliance import services as alliance_services
from huitong.courses import services
from huitong.courses.models import Course
from huitong.courses.tests.helpers import enrol, make_course, make_teacher
from huitong.testing import World, make_user


def titles(client: Client, query: str = "") -> list[str]:
    response = client.get(f"/courses/{query}")
    assert response.status_code == 200
    return [course.title for course in response.context["page"]]


def belgrade_course(world: World) -> Course:
    """A second provider in another country, with a Serbian course on tuina."""
    teacher = make_user("petar@example.rs", name_latin="Petar Petrović", name_native="Петар")
    alliance_services.affiliation_grant(
        actor=None, user=teacher, institution=world.other_institution, role="faculty"
    )
    course = services.course_create(
        actor=teacher,
        provider=world.other_institution,
        alliance=world.alliance,
        title="Osnove tuine",
        summary="Tuina za fizioterapeute.",
        discipline="tuina",
        languages=["sr-latn", "en"],
        level="advanced",
        estimated_hours=12,
        recognition=["alliance_recommended"],
        access_policy="open",
        original_language="sr-latn",
        translations={"en": {"title": "Foundations of tuina"}, "zh-hans": {"title": "推拿基础"}},
    )
    module = services.module_create(actor=teacher, course=course, title="Uvod")
    services.lesson_create(
        actor=teacher, module=module, title="Uvod", kind="text", body="Tekst.", is_published=True
    )
    services.course_submit(actor=teacher, course=course)
    return services.course_review(actor=world.alliance_admin, course=course, approve=True)


def test_it_finds_a_course_by_its_title_in_any_language(world: World, client: Client) -> None:
    make_course(world)
    belgrade_course(world)
    assert titles(client, "?q=acupuncture") == ["Science of Acupuncture and Moxibustion"]
    assert titles(client, "?q=ACUPUNCTURE+moxibustion") == [
        "Science of Acupuncture and Moxibustion"
    ]
    assert titles(client, "?q=针灸") == ["Science of Acupuncture and Moxibustion"]
    assert titles(client, "?q=推拿") == ["Osnove tuine"]
    assert titles(client, "?q=foundations") == ["Osnove tuine"]
    assert titles(client, "?q=fizioterapeute") == ["Osnove tuine"]
    assert titles(client, "?q=cardiology") == []


def test_drafts_and_submitted_courses_are_not_listed(world: World, client: Client) -> None:
    make_course(world, publish=False, title="A draft course")
    submitted = make_course(world, publish=False, title="A submitted course")
    services.course_submit(actor=submitted.teacher, course=submitted.course)
    assert titles(client) == []


def test_it_filters_by_discipline_provider_country_language_level_and_label(
    world: World, client: Client
) -> None:
    make_course(world)
    belgrade = belgrade_course(world)
    acupuncture = ["Science of Acupuncture and Moxibustion"]
    assert titles(client, "?discipline=tuina") == ["Osnove tuine"]
    assert titles(client, f"?provider={world.institution.pk}") == acupuncture
    assert titles(client, "?country=RS") == ["Osnove tuine"]
    assert titles(client, "?language=sr-latn") == ["Osnove tuine"]
    assert sorted(titles(client, "?language=en")) == sorted([*acupuncture, belgrade.title])
    assert titles(client, "?level=introductory") == acupuncture
    assert titles(client, "?recognition=provincial_mooc") == acupuncture
    assert titles(client, "?recognition=alliance_recommended&country=RS") == ["Osnove tuine"]
    assert titles(client, "?recognition=national_mooc") == []


def test_an_unknown_filter_value_is_shown_as_an_error_and_ignored(
    world: World, client: Client
) -> None:
    make_course(world)
    response = client.get("/courses/?discipline=astrology&level=introductory")
    assert response.status_code == 200
    assert "discipline" in response.context["form"].errors
    assert [c.title for c in response.context["page"]] == ["Science of Acupuncture and Moxibustion"]


def test_it_sorts_and_paginates(world: World, client: Client) -> None:
    teacher = make_teacher(world)
    for n in range(26):
        make_course(world, teacher=teacher, title=f"Course {n:02d}")
    popular = Course.objects.get(title="Course 07")
    enrol(popular, world.member)
    first = titles(client, "?sort=title")
    assert first[:2] == ["Course 00", "Course 01"]
    assert len(first) == 24
    assert titles(client, "?sort=title&page=2") == ["Course 24", "Course 25"]
    assert titles(client, "?sort=popular")[0] == "Course 07"
    assert titles(client, "?sort=newest")[0] == "Course 25"


def test_cards_show_the_provider_and_the_enrolment_figures(world: World, client: Client) -> None:
    built = make_course(world, capacity=30)
    enrol(built.course, world.member)
    enrol(built.course, world.institution_admin)
    html = client.get("/courses/").content.decode()
    assert "Southwest Medical University" in html
    assert "<strong>2</strong> learners enrolled" in html
    assert "28 places left" in html


def test_a_chinese_reader_sees_the_translated_titles(world: World) -> None:
    make_course(world)
    reader = make_user("reader@example.cn", preferred_language="zh-hans")
    client = Client()
    client.force_login(reader)
    html = client.get("/courses/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert '<span lang="zh-hans">针灸学</span>' in html
    assert '<span lang="zh-hans">西南医科大学</span>' in html


def test_the_anonymous_page_is_cached_until_a_course_changes(world: World) -> None:
    built = make_course(world)
    client = Client()
    assert titles(client) == ["Science of Acupuncture and Moxibustion"]
    Course.objects.filter(pk=built.course.pk).update(title="Changed behind the services' back")
    hit = client.get("/courses/")
    assert hit.context is None  # served from the cache, not rendered
    assert "Science of Acupuncture and Moxibustion" in hit.content.decode()
    cache.clear()  # what a service's after-commit bump of the data version does
    assert titles(client) == ["Changed behind the services' back"]


def test_an_enrolment_refreshes_the_cached_figures(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course(world)
    client = Client()
    assert "<strong>0</strong> learners enrolled" in client.get("/courses/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        enrol(built.course, world.member)
    assert "<strong>1</strong> learner enrolled" in client.get("/courses/").content.decode()


def test_the_provider_filter_lists_the_busiest_providers_and_the_chosen_one(
    world: World, client: Client, monkeypatch: Any
) -> None:
    from huitong.courses import selectors

    make_course(world)
    belgrade_course(world)
    # Two published courses from Belgrade's university, one from the world's institution.
    monkeypatch.setattr(selectors, "PROVIDER_CHOICES", 1)
    Course.objects.create(
        provider=world.other_institution,
        alliance=world.alliance,
        title="Tuina II",
        discipline="tuina",
        languages=["en"],
        level="advanced",
        status="approved",
    )
    cache.clear()

    def offered(query: str = "") -> list[str]:
        form = client.get(f"/courses/{query}").context["form"]
        return [label for value, label in form.fields["provider"].choices if value]

    assert offered() == [world.other_institution.name]
    # The course page's "more from this provider" address still filters and shows it.
    chosen = f"?provider={world.institution.pk}"
    assert sorted(offered(chosen)) == sorted([world.other_institution.name, world.institution.name])
    cache.clear()  # the anonymous page is cached
    assert titles(client, chosen) == ["Science of Acupuncture and Moxibustion"]
