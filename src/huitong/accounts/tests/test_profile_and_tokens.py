from __future__ import annotations

import json

from django.test import Client

from huitong.accounts.models import ApiToken
from huitong.testing import make_user


def test_the_profile_saves_native_name_time_zone_and_language(client: Client, db: None) -> None:
    user = make_user("zhao@example.cn")
    client.force_login(user)
    response = client.post(
        "/accounts/profile/",
        {
            "name_latin": "Zhao Min",
            "name_native": "赵敏",
            "country": "CN",
            "professional_role": "researcher",
            "preferred_language": "zh-hans",
            "time_zone": "Asia/Shanghai",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name_native, user.time_zone, user.preferred_language) == (
        "赵敏",
        "Asia/Shanghai",
        "zh-hans",
    )
    assert client.get("/accounts/profile/")["Content-Language"] == "zh-hans"


def test_a_token_authenticates_api_calls_until_revoked(client: Client, db: None) -> None:
    user = make_user("api@example.org")
    client.force_login(user)
    response = client.post("/accounts/tokens/", {"name": "statistics script"})
    key = response.context["new_key"]
    assert key.startswith("ht_")
    token = ApiToken.objects.get(user=user)
    assert key not in (token.digest, token.prefix)

    api = Client()
    me = api.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert me.status_code == 200
    assert me.json()["email"] == "api@example.org"

    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_someone_elses_token_cannot_be_revoked(client: Client, db: None) -> None:
    owner = make_user("owner@example.org")
    client.force_login(owner)
    client.post("/accounts/tokens/", {"name": "mine"})
    token = ApiToken.objects.get()
    intruder = Client()
    intruder.force_login(make_user("intruder@example.org"))
    assert intruder.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_api_updates_the_profile_and_explains_bad_input(client: Client, db: None) -> None:
    client.force_login(make_user("me@example.org"))
    ok = client.patch(
        "/api/accounts/me",
        json.dumps({"country": "br", "time_zone": "America/Sao_Paulo"}),
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["country"] == "BR"
    bad = client.patch(
        "/api/accounts/me",
        json.dumps({"time_zone": "Nowhere/City"}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"]["time_zone"] == ["“Nowhere/City” is not a known time zone."]
    unknown = client.patch(
        "/api/accounts/me", json.dumps({"country": "XX"}), content_type="application/json"
    )
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "unknown_country"
