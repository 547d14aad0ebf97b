from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from huitong.accounts.models import User
from huitong.core.models import AuditEntry

FORM = {
    "email": "Milica.Petrovic@Example.RS",
    "name_latin": "Milica Petrović",
    "name_native": "Милица Петровић",
    "country": "RS",
    "professional_role": "physician",
    "preferred_language": "sr-latn",
    "time_zone": "Europe/Belgrade",
    "password1": "akupunktura-Beograd-2025",
    "password2": "akupunktura-Beograd-2025",
}


@pytest.mark.django_db(transaction=True)
def test_it_signs_up_and_mails_a_link_in_the_persons_language(client: Client) -> None:
    response = client.post("/accounts/signup/", FORM)
    assert response["Location"] == "/accounts/signup/sent/"
    assert "milica.petrovic@example.rs" in client.get("/accounts/signup/sent/").content.decode()
    user = User.objects.get()
    assert user.email == "milica.petrovic@example.rs"
    assert user.name_native == "Милица Петровић"
    assert not user.email_verified
    assert user.password.startswith("md5$") or user.password.startswith("argon2")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["milica.petrovic@example.rs"]
    assert "Huitong" in message.subject
    assert "/accounts/verify/" in message.body


@pytest.mark.django_db(transaction=True)
def test_the_link_confirms_the_address_and_logs_in(client: Client) -> None:
    client.post("/accounts/signup/", FORM)
    path = "/" + mail.outbox[0].body.split("/accounts/verify/", 1)[1].split()[0]
    response = client.get("/accounts/verify/" + path.lstrip("/"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    user = User.objects.get()
    assert user.email_verified
    profile = client.get("/accounts/profile/")
    assert profile.status_code == 200
    assert AuditEntry.objects.filter(action="user.verify_email", target_id=str(user.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_a_used_link_does_not_sign_anyone_in_again(client: Client) -> None:
    client.post("/accounts/signup/", FORM)
    path = "/accounts/verify/" + mail.outbox[0].body.split("/accounts/verify/", 1)[1].split()[0]
    client.get(path)
    stranger = Client()
    response = stranger.get(path, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    english = "Your e-mail address is already confirmed. Log in."
    with translation.override("sr-latn"):  # the person's own language
        serbian = gettext(english)
    assert serbian != english
    assert serbian in response.content.decode()
    assert "_auth_user_id" not in stranger.session


def test_reloading_the_sent_page_does_not_sign_up_again(client: Client, db: None) -> None:
    client.post("/accounts/signup/", FORM)
    again = client.get("/accounts/signup/sent/")
    assert again.status_code == 200
    assert "already exists" not in again.content.decode()


def test_a_forged_link_is_refused(client: Client, db: None) -> None:
    response = client.get("/accounts/verify/not-a-real-token/", follow=True)
    assert "This confirmation link is not valid." in response.content.decode()


def test_an_unconfirmed_address_cannot_log_in(client: Client, db: None) -> None:
    client.post("/accounts/signup/", FORM)
    response = client.post(
        "/accounts/login/", {"username": FORM["email"], "password": FORM["password1"]}
    )
    assert response.status_code == 200
    assert "Confirm your e-mail address first" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"password2": "something else"}, "password2", "The two passwords differ."),
        ({"name_latin": "x" * 151}, "name_latin", "Ensure this value has at most 150"),
        ({"country": "XX"}, "country", "Select a valid choice."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
        ({"password1": "123", "password2": "123"}, "password1", "too short"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(
    client: Client, db: None, change: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/accounts/signup/", {**FORM, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not User.objects.exists()
    assert not mail.outbox


def test_an_address_is_taken_whatever_its_case(client: Client, db: None) -> None:
    client.post("/accounts/signup/", FORM)
    response = client.post("/accounts/signup/", {**FORM, "email": FORM["email"].upper()})
    assert "An account with this e-mail address already exists." in response.content.decode()
    assert User.objects.count() == 1


def test_errors_are_translated(client: Client, db: None) -> None:
    client.cookies["huitong_language"] = "zh-hans"
    response = client.post("/accounts/signup/", {**FORM, "password2": "different"})
    assert response["Content-Language"] == "zh-hans"
    english = "The two passwords differ."
    assert english not in response.content.decode()
