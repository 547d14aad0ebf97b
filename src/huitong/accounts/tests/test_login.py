from __future__ import annotations

import pytest
from django.test import Client

from huitong.accounts.models import User
from huitong.testing import PASSWORD, make_user


def test_it_logs_in_by_email_in_any_case(client: Client, db: None) -> None:
    make_user("li.fang@swmu.example")
    response = client.post(
        "/accounts/login/", {"username": "Li.Fang@SWMU.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_it_throttles_repeated_failures_even_for_the_right_password(
    client: Client, db: None, settings: object
) -> None:
    make_user("target@example.org")
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"username": "target@example.org", "password": "guess"}
        )
        assert "is not right" in response.content.decode()
    response = client.post(
        "/accounts/login/", {"username": "target@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_resets_the_count(client: Client, db: None) -> None:
    make_user("person@example.org")
    for _ in range(4):
        client.post("/accounts/login/", {"username": "person@example.org", "password": "x"})
    assert (
        client.post(
            "/accounts/login/", {"username": "person@example.org", "password": PASSWORD}
        ).status_code
        == 302
    )
    client.logout()
    for _ in range(4):
        client.post("/accounts/login/", {"username": "person@example.org", "password": "x"})
    assert (
        client.post(
            "/accounts/login/", {"username": "person@example.org", "password": PASSWORD}
        ).status_code
        == 302
    )


@pytest.mark.argon2
def test_passwords_are_hashed_with_argon2(db: None) -> None:
    user = make_user("hash@example.org")
    assert User.objects.get(pk=user.pk).password.startswith("argon2")


def test_log_in_applies_the_saved_language(client: Client, db: None) -> None:
    make_user("wang@example.cn", preferred_language="zh-hans")
    response = client.post(
        "/accounts/login/", {"username": "wang@example.cn", "password": PASSWORD}
    )
    assert response.cookies["huitong_language"].value == "zh-hans"
    assert client.get("/accounts/profile/")["Content-Language"] == "zh-hans"


def test_logout_needs_a_post(client: Client, db: None) -> None:
    user = make_user("out@example.org")
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_password_reset_lifts_the_lock(client: Client, db: None) -> None:
    from huitong.accounts import services

    make_user("locked@example.org")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "locked@example.org", "password": "guess"})
    assert services.login_is_throttled(email="locked@example.org", client="127.0.0.1")
    services.login_lock_clear(email="locked@example.org")
    assert not services.login_is_throttled(email="locked@example.org", client="127.0.0.1")


def test_an_empty_form_says_what_is_missing(client: Client, db: None) -> None:
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    assert response.content.decode().count("This field is required.") == 2


def test_times_are_shown_in_the_users_time_zone(client: Client, db: None) -> None:
    import zoneinfo

    from django.utils import timezone
    from django.utils.formats import date_format

    from huitong.accounts.services import token_create

    user = make_user("tz@example.org", time_zone="Asia/Shanghai")
    token, _key = token_create(user=user, name="script")
    client.force_login(user)
    html = client.get("/accounts/tokens/").content.decode()
    shanghai = timezone.localtime(token.created_at, zoneinfo.ZoneInfo("Asia/Shanghai"))
    utc = timezone.localtime(token.created_at, zoneinfo.ZoneInfo("UTC"))
    assert date_format(shanghai, "SHORT_DATETIME_FORMAT") in html
    assert date_format(utc, "SHORT_DATETIME_FORMAT") not in html
