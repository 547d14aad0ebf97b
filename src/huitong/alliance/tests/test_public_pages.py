"""The alliance's public pages: live figures, directory filters, world view, and a fixed
number of queries per list page whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.test import Client

from huitong.alliance import services
from huitong.testing import World, make_institution, make_user


def add_members(world: World, count: int, country: str = "TH") -> None:
    for n in range(count):
        institution = make_institution(f"Member {country} {n}", country=country, city="Bangkok")
        services.membership_import(
            actor=None,
            alliance=world.alliance,
            institution=institution,
            status="approved",
            is_founding=False,
            joined_on=dt.date(2024, 1, 1),
        )


def test_the_figures_are_computed_from_the_data(world: World, client: Client) -> None:
    page = client.get(f"/a/{world.alliance.slug}/")
    figures = page.context["figures"]
    assert (figures.members, figures.countries, figures.continents) == (2, 2, 2)
    assert figures.people_by_role == {"faculty": 1, "institution_admin": 1}

    add_members(world, 1, country="BR")
    cache.clear()  # what the service's after-commit bump does in production
    figures = client.get(f"/a/{world.alliance.slug}/").context["figures"]
    assert (figures.members, figures.countries, figures.continents) == (3, 3, 3)


def test_suspended_and_applied_members_do_not_count(world: World, client: Client) -> None:
    membership = world.institution.memberships.get()
    services.membership_transition(
        actor=world.alliance_admin, membership=membership, action="suspend"
    )
    cache.clear()
    figures = client.get(f"/a/{world.alliance.slug}/").context["figures"]
    assert figures.members == 1


def test_the_directory_filters_by_country_kind_and_status(world: World, client: Client) -> None:
    hospital = make_institution("Clinical Center of Serbia", country="RS", kind="hospital")
    services.membership_import(
        actor=None,
        alliance=world.alliance,
        institution=hospital,
        status="approved",
        is_founding=False,
        joined_on=None,
    )
    page = client.get(f"/a/{world.alliance.slug}/members/?country=RS&kind=hospital")
    names = [m.institution.name for m in page.context["page"]]
    assert names == ["Clinical Center of Serbia"]
    page = client.get(f"/a/{world.alliance.slug}/members/?status=applied")
    assert "status" in page.context["form"].errors  # the public cannot list applications


def test_applications_are_listed_for_alliance_admins_only(world: World) -> None:
    candidate = make_institution("Kathmandu University", country="NP")
    services.membership_apply(actor=None, alliance=world.alliance, institution=candidate)
    url = f"/a/{world.alliance.slug}/members/?status=applied"
    admin_page = world.client_for("alliance_admin").get(url)
    assert [m.institution.name for m in admin_page.context["page"]] == ["Kathmandu University"]
    public_page = Client().get(f"/a/{world.alliance.slug}/members/")
    assert "Kathmandu University" not in public_page.content.decode()


def test_the_world_view_groups_countries_by_continent(world: World, client: Client) -> None:
    add_members(world, 2, country="TH")
    page = client.get(f"/a/{world.alliance.slug}/world/")
    groups = {
        g.code: [(str(r.country), r.members) for r in g.countries]
        for g in page.context["continents"]
    }
    assert groups["AS"][0] == ("Thailand", 2)
    assert groups["EU"] == [("Serbia", 1)]
    html = page.content.decode()
    assert "<svg" in html
    assert "Thailand: 2" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def queries(client: Client, url: str, django_assert_max_num_queries: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


LIST_PAGES = [
    "/",
    "/a/{slug}/",
    "/a/{slug}/members/",
    "/a/{slug}/members/?country=TH",
    "/a/{slug}/world/",
    "/institutions/",
    "/api/alliances",
    "/api/institutions",
    "/api/alliances/{slug}/memberships",
]


def test_list_pages_run_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(make_user("reader@example.org"))
    urls = [u.format(slug=world.alliance.slug) for u in LIST_PAGES]
    add_members(world, 3)
    few = {url: queries(client, url, django_assert_max_num_queries) for url in urls}
    add_members(world, 30, country="KZ")
    many = {url: queries(client, url, django_assert_max_num_queries) for url in urls}
    assert few == many
    assert max(many.values()) <= 16
