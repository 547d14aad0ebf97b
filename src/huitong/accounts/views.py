from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huitong.accounts import access, services
from huitong.accounts.forms import (
    HuitongPasswordResetForm,
    LoginForm,
    ProfileForm,
    ResendVerificationForm,
    SignupForm,
    TokenForm,
)
from huitong.accounts.models import User
from huitong.alliance import selectors as alliance_selectors
from huitong.core.errors import ServiceError
from huitong.core.views import remember_language
from huitong.courses.selectors import teaches_any


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    language = translation.get_language() or settings.LANGUAGE_CODE
    form = SignupForm(request.POST or None, initial={"preferred_language": language})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password1")
        data.pop("password2")
        email = data.pop("email")
        try:
            services.user_signup(email=email, password=password, **data)
        except ServiceError as error:
            form.add_error("email", str(error))
        else:
            request.session["signup_email"] = email
            return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET"])
def signup_done(request: HttpRequest) -> HttpResponseBase:
    email = request.session.get("signup_email")
    if not email:
        return redirect("accounts:signup")
    return render(request, "accounts/signup_done.html", {"email": email})


@require_http_methods(["GET"])
def verify(request: HttpRequest, token: str) -> HttpResponseBase:
    try:
        user, confirmed_now = services.email_verify(token=token)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("accounts:resend")
    translation.activate(user.preferred_language)
    if not confirmed_now:
        messages.info(request, _("Your e-mail address is already confirmed. Log in."))
        return redirect("accounts:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your e-mail address is confirmed. Welcome to Huitong."))
    return remember_language(redirect("accounts:profile"), user.preferred_language)


@require_http_methods(["GET", "POST"])
def resend(request: HttpRequest) -> HttpResponseBase:
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(
            email__iexact=form.cleaned_data["email"], email_verified_at__isnull=True
        ).first()
        if user is not None:
            services.verification_send(user=user)
        # The same answer whether or not the address has an account.
        messages.info(
            request, _("If that address is waiting for confirmation, a new link is on its way.")
        )
        return redirect("accounts:login")
    return render(request, "accounts/resend.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        user = form.get_user()
        remember_language(response, user.preferred_language)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.login_lock_clear(email=form.user.email)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = HuitongPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponseBase:
    user = access.current_user(request)
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=user.pk))
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, **{f: form.cleaned_data[f] for f in form.Meta.fields})
        messages.success(request, _("Your profile is saved."))
        return remember_language(redirect("accounts:profile"), user.preferred_language)
    context = {
        "form": form,
        "affiliations": alliance_selectors.affiliations_of_user(user=user),
        "administered": alliance_selectors.institutions_administered_by(user=user),
        "alliances_administered": alliance_selectors.alliances_administered_by(user=user),
        "teaches": teaches_any(user=user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponseBase:
    user = access.current_user(request)
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.token_create(user=user, name=form.cleaned_data["name"])
        except ServiceError as error:
            form.add_error("name", str(error))
        else:
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": user.api_tokens.all(), "new_key": new_key},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponseBase:
    user = access.current_user(request)
    token = access.token_for_owner(user=user, token_id=token_id)
    services.token_revoke(token=token, actor=user)
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:tokens")
