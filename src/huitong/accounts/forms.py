from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from huitong.accounts import services
from huitong.accounts.models import User
from huitong.core.mail import send_templated_mail
from huitong.core.models import Country


def time_zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone.replace("_", " ")) for zone in sorted(zoneinfo.available_timezones())]


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return "unknown"
    return str(request.META.get("REMOTE_ADDR", "unknown"))


class CountryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Country.objects.all(), **kwargs)


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    time_zone = forms.ChoiceField(label=_("time zone"), choices=time_zone_choices, initial="UTC")
    country = CountryChoiceField(label=_("country"), required=False)

    class Meta:
        model = User
        fields = [
            "name_latin",
            "name_native",
            "country",
            "professional_role",
            "preferred_language",
            "time_zone",
        ]


class SignupForm(ProfileForm):
    email = forms.EmailField(label=_("e-mail address"), max_length=254)
    password1 = forms.CharField(
        label=_("password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta(ProfileForm.Meta):
        fields = ["email", *ProfileForm.Meta.fields]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = kwargs.get("initial", {}).get(
            "preferred_language", settings.LANGUAGE_CODE
        )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(
                email=cleaned.get("email", ""), name_latin=cleaned.get("name_latin", "")
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def validate_unique(self) -> None:
        """Uniqueness is checked in clean_email and again by the service."""


class LoginForm(AuthenticationForm):
    """Log-in by e-mail address, throttled after repeated failures, for confirmed
    addresses only."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is not right."),
        "throttled": _("Too many failed attempts. Wait a few minutes, or reset your password."),
        "unverified": _(
            "Confirm your e-mail address first: follow the link we sent you. "
            "You can ask for a new link below."
        ),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data.get("username") or "").strip().lower()

    def clean(self) -> dict[str, Any]:
        email = (self.data.get("username") or "").strip().lower()
        client = client_address(self.request)
        if services.login_is_throttled(email=email, client=client):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            services.login_failed(email=email, client=client)
            raise
        services.login_succeeded(email=email, client=client)
        return cleaned

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not user.email_verified:
            raise forms.ValidationError(self.error_messages["unverified"], code="unverified")


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("e-mail address"))


class HuitongPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the message written in the person's language and sent by
    the task queue."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        send_templated_mail(
            to=to_email,
            language=user.preferred_language,
            template="accounts/email/password_reset",
            context=context,
        )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
