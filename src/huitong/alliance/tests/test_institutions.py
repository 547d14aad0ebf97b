from __future__ import annotations

import json

from huitong.alliance.models import Affiliation, Institution
from huitong.core.models import AuditEntry
from huitong.testing import World

FORM = {
    "name": "Hong Kong Baptist University",
    "kind": "university",
    "country": "HK",
    "city": "Hong Kong",
    "website": "https://www.hkbu.edu.hk",
    "description": "",
    "original_language": "en",
    "tr__zh-hans__name": "香港浸会大学",
}


def test_registering_an_institution_makes_the_person_its_admin(world: World) -> None:
    client = world.client_for("outsider")
    response = client.post("/institutions/new/", FORM)
    institution = Institution.objects.get(name="Hong Kong Baptist University")
    assert response["Location"] == f"/institutions/{institution.pk}/manage/"
    assert institution.translations == {"zh-hans": {"name": "香港浸会大学"}}
    assert Affiliation.objects.get(institution=institution).role == "institution_admin"
    assert AuditEntry.objects.filter(action="institution.create", actor=world.outsider).exists()


def test_a_duplicate_name_in_the_same_country_is_refused(world: World) -> None:
    client = world.client_for("outsider")
    response = client.post(
        "/institutions/new/", {**FORM, "name": "southwest medical UNIVERSITY", "country": "CN"}
    )
    assert response.status_code == 200
    assert "An institution with this name already exists in this country." in (
        response.content.decode()
    )
    assert Institution.objects.filter(name__iexact="southwest medical university").count() == 1
    assert not Affiliation.objects.filter(user=world.outsider).exists()


def test_the_same_name_in_another_country_is_fine(world: World) -> None:
    client = world.client_for("outsider")
    client.post("/institutions/new/", {**FORM, "name": "Southwest Medical University"})
    assert Institution.objects.filter(name="Southwest Medical University").count() == 2


def test_over_long_text_and_unknown_language_are_explained(world: World) -> None:
    client = world.client_for("outsider")
    response = client.post("/institutions/new/", {**FORM, "name": "x" * 201})
    assert "Ensure this value has at most 200 characters" in response.content.decode()
    api = client.post(
        "/api/institutions",
        json.dumps(
            {
                "name": "Universidade de São Paulo",
                "kind": "university",
                "country": "BR",
                "city": "São Paulo",
                "translations": {"xx": {"name": "?"}},
            }
        ),
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["errors"]["translations"] == ["Unknown language “xx”."]
    assert not Institution.objects.filter(country="BR").exists()


def test_the_api_refuses_an_unknown_country_code(world: World) -> None:
    response = world.client_for("outsider").post(
        "/api/institutions",
        json.dumps(
            {"name": "Nowhere University", "kind": "university", "country": "QQ", "city": "X"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "“QQ” is not an ISO 3166-1 country code.",
        "code": "unknown_country",
    }


def test_the_api_refuses_a_duplicate_with_409(world: World) -> None:
    response = world.client_for("outsider").post(
        "/api/institutions",
        json.dumps(
            {
                "name": "Southwest Medical University",
                "kind": "university",
                "country": "cn",
                "city": "Luzhou",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_institution"


def test_an_admin_edits_names_in_several_languages(world: World) -> None:
    client = world.client_for("institution_admin")
    response = client.post(
        f"/institutions/{world.institution.pk}/edit/",
        {
            **FORM,
            "name": "Southwest Medical University",
            "country": "CN",
            "city": "Luzhou",
            "tr__zh-hans__name": "西南医科大学",
            "tr__zh-hans__city": "泸州",
            "tr__sr-latn__name": "Jugozapadni medicinski univerzitet",
        },
    )
    assert response.status_code == 302
    world.institution.refresh_from_db()
    assert world.institution.translations["zh-hans"] == {"name": "西南医科大学", "city": "泸州"}
    assert world.institution.translated("name", "sr-latn").text == (
        "Jugozapadni medicinski univerzitet"
    )
    assert AuditEntry.objects.filter(action="institution.update").exists()


def test_search_finds_names_in_every_language_and_script(world: World) -> None:
    from django.test import Client

    client = Client()
    for query in ["西南医科", "西南醫科", "southwest", "SOUTHWEST medical"]:
        page = client.get("/institutions/", {"q": query})
        names = [i.name for i in page.context["page"]]
        assert names == ["Southwest Medical University"], query
    api = client.get("/api/institutions", {"q": "西南"}).json()
    assert [i["name"] for i in api["items"]] == ["Southwest Medical University"]


def test_a_translation_in_the_original_language_is_refused(world: World) -> None:
    client = world.client_for("institution_admin")
    response = client.post(
        f"/institutions/{world.institution.pk}/edit/",
        {**FORM, "name": "Southwest Medical University", "country": "CN", "city": "Luzhou",
         "original_language": "zh-hans", "tr__zh-hans__name": "西南医科大学"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "original language: write it in the main fields" in response.content.decode()


def test_changing_only_the_city_is_saved(world: World) -> None:
    client = world.client_for("institution_admin")
    response = client.post(
        f"/institutions/{world.institution.pk}/edit/",
        {**FORM, "name": "Southwest Medical University", "country": "CN",
         "city": "Luzhou, Sichuan", "tr__zh-hans__name": "西南医科大学"},
    )  # fmt: skip
    assert response.status_code == 302
    world.institution.refresh_from_db()
    assert world.institution.city == "Luzhou, Sichuan"
    assert AuditEntry.objects.filter(action="institution.update").exists()
