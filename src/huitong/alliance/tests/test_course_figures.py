"""The alliance's page counts its cloud course platform: published courses, learners,
completions and the countries learners come from, with the ten largest; the figures
change as soon as someone enrols or completes a course."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from huitong.accounts.models import User
from huitong.alliance import selectors
from huitong.alliance import services as alliance_services
from huitong.core.models import Country
from huitong.courses import services
from huitong.courses.tests.helpers import Built, make_course
from huitong.testing import World, make_user


def learner(world: World, email: str, country: str | None) -> User:
    user = make_user(email, country=Country.objects.get(pk=country) if country else None)
    alliance_services.affiliation_grant(
        actor=None, user=user, institution=world.other_institution, role="student"
    )
    return user


def enrol(built: Built, user: User) -> Any:
    enrolment, _created = services.enrolment_create(course=built.course, learner=user)
    return enrolment


def test_the_figures_count_courses_learners_completions_and_countries(world: World) -> None:
    acupuncture = make_course(world)
    tuina = make_course(world, title="Science of Chinese Tuina", discipline="tuina")
    make_course(world, title="A draft", publish=False)
    serbian = learner(world, "milica@example.rs", "RS")
    polish = learner(world, "anna@example.pl", "PL")
    other_pole = learner(world, "piotr@example.pl", "PL")
    nowhere = learner(world, "someone@example.org", None)
    first = enrol(acupuncture, serbian)
    enrol(tuina, serbian)  # one learner in two courses counts once
    enrol(acupuncture, polish)
    enrol(tuina, other_pole)
    enrol(tuina, nowhere)  # no country on the profile: a learner, in no country
    services.lesson_complete(enrolment=first, lesson=acupuncture.lesson)

    figures = selectors.alliance_figures(alliance=world.alliance)
    assert figures.courses == 2
    assert figures.learners == 4
    assert figures.completions == 1
    assert figures.learner_countries == 2
    assert figures.learners_by_country == [("PL", 2), ("RS", 1)]
    assert [(str(c), n) for c, n in figures.learner_country_rows()] == [
        ("Poland", 2),
        ("Serbia", 1),
    ]

    html = Client().get(f"/a/{world.alliance.slug}/").content.decode()
    block = html.split('id="course-figures"', 1)[1].split("</ul>", 1)[0]
    assert "<strong>2</strong> published courses" in block
    assert "<strong>4</strong> learners" in block
    assert "<strong>1</strong> course completion" in block
    assert "<strong>2</strong> countries learners come from" in block
    table = html.split('id="learners-by-country"', 1)[1].split("</section>", 1)[0]
    assert table.index("Poland") < table.index("Serbia")
    assert '<td class="num">2</td>' in table


def test_an_alliance_without_any_course_hides_the_course_figures(world: World) -> None:
    html = Client().get(f"/a/{world.alliance.slug}/").content.decode()
    assert 'id="course-figures"' not in html
    assert 'id="learners-by-country"' not in html
    assert 'id="training-figures"' not in html


def test_an_alliance_whose_courses_are_drafts_says_none_is_published(world: World) -> None:
    make_course(world, title="A draft", publish=False)
    html = Client().get(f"/a/{world.alliance.slug}/").content.decode()
    assert "<strong>0</strong> published courses" in html
    assert "No learner yet." in html


def test_the_table_lists_the_ten_countries_with_most_learners(world: World) -> None:
    built = make_course(world)
    codes = ["RS", "PL", "CZ", "HU", "TH", "VN", "NP", "PK", "KZ", "UZ", "BY", "MN"]
    for rank, code in enumerate(codes):
        for n in range(len(codes) - rank):  # RS has the most learners, MN the fewest
            enrol(built, learner(world, f"{code.lower()}{n}@example.org", code))
    figures = selectors.alliance_figures(alliance=world.alliance)
    assert figures.learner_countries == 12
    assert [code for code, _n in figures.learners_by_country] == codes[:10]
    html = Client().get(f"/a/{world.alliance.slug}/").content.decode()
    table = html.split('id="learners-by-country"', 1)[1].split("</section>", 1)[0]
    assert table.count("<tr>") == 10
    assert "Mongolia" not in table


def test_enrolling_and_completing_update_the_cached_figures(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course(world)
    user = learner(world, "milica@example.rs", "RS")
    url = f"/a/{world.alliance.slug}/"
    assert "<strong>0</strong> learners" in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrol(built, user)
    html = Client().get(url).content.decode()
    assert "<strong>1</strong> learner" in html
    assert "<strong>0</strong> course completions" in html
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_complete(enrolment=enrolment, lesson=built.lesson)
    assert "<strong>1</strong> course completion" in Client().get(url).content.decode()


def test_the_page_runs_as_many_queries_with_many_learners_as_with_few(world: World) -> None:
    from django.core.cache import cache

    built = make_course(world)
    url = f"/a/{world.alliance.slug}/"

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        return len(captured)

    enrol(built, learner(world, "one@example.rs", "RS"))
    few = count()
    for n, code in enumerate(["PL", "CZ", "HU", "TH", "VN", "NP", "PK", "KZ"] * 2):
        enrol(built, learner(world, f"many{n}@example.org", code))
    assert count() == few
