from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from huitong.accounts.models import User
from huitong.testing import PASSWORD, make_user


@pytest.mark.django_db(transaction=True)
def test_a_reset_link_lets_the_person_choose_a_new_password(client: Client) -> None:
    make_user("forgot@example.org", preferred_language="pl")
    response = client.post("/accounts/password/reset/", {"email": "forgot@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "nowe-haslo-Krakow-2025", "new_password2": "nowe-haslo-Krakow-2025"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="forgot@example.org").check_password("nowe-haslo-Krakow-2025")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client: Client, db: None) -> None:
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert not mail.outbox


def test_the_password_can_be_changed(client: Client, db: None) -> None:
    user = make_user("change@example.org")
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password-2026",
            "new_password2": "a-new-long-password-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-password-2026")
