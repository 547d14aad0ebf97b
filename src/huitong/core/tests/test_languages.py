from __future__ import annotations

from django.test import Client

from huitong.core.i18n import translated
from huitong.testing import World, make_user


def test_the_switcher_remembers_the_choice_in_a_cookie(client: Client, db: None) -> None:
    response = client.post("/language/", {"language": "zh-hans", "next": "/institutions/"})
    assert response.status_code == 302
    assert response["Location"] == "/institutions/"
    assert response.cookies["huitong_language"].value == "zh-hans"
    page = client.get("/institutions/")
    assert page["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in page.content.decode()


def test_the_switcher_saves_the_choice_on_the_profile(client: Client, db: None) -> None:
    user = make_user("polyglot@example.org")
    client.force_login(user)
    client.post("/language/", {"language": "pl", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "pl"


def test_the_switcher_refuses_unknown_languages_and_foreign_redirects(
    client: Client, db: None
) -> None:
    response = client.post("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert "huitong_language" not in response.cookies


def test_a_missing_translation_falls_back_to_the_original_and_says_so(world: World) -> None:
    chinese = translated(world.institution, "name", "zh-hans")
    assert (chinese.text, chinese.is_fallback) == ("西南医科大学", False)
    serbian = translated(world.institution, "name", "sr-latn")
    assert (serbian.text, serbian.language, serbian.is_fallback) == (
        "Southwest Medical University",
        "en",
        True,
    )
    client = Client()
    client.cookies["huitong_language"] = "zh-hans"
    page = client.get(f"/institutions/{world.other_institution.pk}/").content.decode()
    assert '<span lang="en">University of Belgrade</span> <abbr class="fallback"' in page
    page = client.get(f"/institutions/{world.institution.pk}/").content.decode()
    assert '<span lang="zh-hans">西南医科大学</span>' in page


def test_country_names_come_in_every_language(client: Client, db: None) -> None:
    response = client.get("/api/countries?continent=EU", HTTP_ACCEPT_LANGUAGE="zh-hans")
    serbia = next(c for c in response.json() if c["code"] == "RS")
    assert serbia["localized_name"] == {
        "text": "塞尔维亚",
        "language": "zh-hans",
        "is_fallback": False,
    }
    assert len(Client().get("/api/countries").json()) == 249
