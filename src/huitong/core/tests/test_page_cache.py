from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from huitong.alliance import services
from huitong.testing import World


def count_queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_anonymous_pages_are_served_from_the_cache_until_the_data_changes(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    url = f"/institutions/{world.institution.pk}/"
    first, _ = count_queries(client, url)
    second, html = count_queries(client, url)
    assert first > 0
    assert second == 0
    assert "Luzhou" in html

    with django_capture_on_commit_callbacks(execute=True):
        services.institution_update(
            actor=None, institution=world.institution, city="Luzhou, Sichuan"
        )
    third, html = count_queries(client, url)
    assert third > 0
    assert "Luzhou, Sichuan" in html


def test_each_language_has_its_own_cached_page(world: World) -> None:
    english = Client()
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    url = f"/institutions/{world.institution.pk}/"
    assert "Southwest Medical University" in english.get(url).content.decode()
    assert "西南医科大学" in chinese.get(url).content.decode()
    assert "西南医科大学" not in english.get(url).content.decode()


def test_signed_in_people_always_get_a_fresh_page(world: World) -> None:
    anonymous = Client()
    anonymous.get("/institutions/")
    member = world.client_for("member")
    queries, html = count_queries(member, "/institutions/")
    assert queries > 0
    assert "Log out" in html
    assert "csrfmiddlewaretoken" in html


def test_cached_pages_carry_no_csrf_token_and_set_no_cookie(world: World) -> None:
    response = Client().get(f"/a/{world.alliance.slug}/")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_a_signed_in_language_switch_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    response = client.post("/language/", {"language": "pl", "next": "/"})
    assert response.status_code == 403
    world.member.refresh_from_db()
    assert world.member.preferred_language == "en"
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post("/language/", {"language": "pl", "next": "/"}).status_code == 302


def test_anonymous_api_reads_are_cached_but_token_reads_are_not(world: World) -> None:
    from huitong.accounts.services import token_create

    client = Client()
    url = "/api/institutions?country=CN"
    first, body = count_queries(client, url)
    second, again = count_queries(client, url)
    assert first > 0
    assert second == 0
    assert again == body
    _token, key = token_create(user=world.alliance_admin, name="script")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert len(captured) > 0
