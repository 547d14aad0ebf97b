from __future__ import annotations

from django.test import Client


def test_the_openapi_document_describes_the_api(client: Client, db: None) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    paths = set(document["paths"])
    for path in [
        "/api/alliances",
        "/api/alliances/{slug}/memberships",
        "/api/institutions",
        "/api/institutions/{institution_id}",
        "/api/memberships/{membership_id}/{action}",
        "/api/affiliations",
        "/api/accounts/me",
    ]:
        assert path in paths
    schemes = document["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} >= {"http", "apiKey"}


def test_the_api_paginates_and_filters(client: Client, db: None) -> None:
    from huitong.testing import build_world

    world = build_world()
    everything = client.get(f"/api/alliances/{world.alliance.slug}/memberships?limit=1")
    assert everything.json()["count"] == 2
    assert len(everything.json()["items"]) == 1
    serbian = client.get(f"/api/alliances/{world.alliance.slug}/memberships?country=rs")
    assert [m["institution"]["name"] for m in serbian.json()["items"]] == ["University of Belgrade"]
    assert client.get("/api/institutions?kind=hospital").json()["count"] == 0


def test_session_writes_need_the_csrf_token(db: None) -> None:
    from huitong.testing import build_world

    world = build_world()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.institution_admin)
    response = client.patch(
        f"/api/institutions/{world.institution.pk}",
        '{"city": "Luzhou"}',
        content_type="application/json",
    )
    assert response.status_code == 403


def test_an_anonymous_write_is_told_to_sign_in(client: Client, db: None) -> None:
    response = client.post("/api/institutions", '{"name": "X"}', content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
