from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huitong.accounts import services as account_services
from huitong.alliance import selectors as alliance_selectors
from huitong.core.models import Country


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    alliances = alliance_selectors.alliance_cards()
    return render(request, "core/home.html", {"alliances": alliances})


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """The bench's floor: one indexed query and a tiny response, through the full
    middleware stack, so that every page can be measured as a ratio to it."""
    country = Country.objects.filter(pk="CN").values_list("code", flat=True).first()
    return JsonResponse({"ok": True, "country": country})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    Country.objects.exists()
    return JsonResponse({"status": "ok"})


@require_POST
def set_language(request: HttpRequest) -> HttpResponseBase:
    """The language switcher: remembered in a cookie, and on the profile when signed in."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("That language is not available."))
        return redirect(next_url)
    if request.user.is_authenticated:
        account_services.user_set_language(user=request.user, language=language)
    translation.activate(language)
    return remember_language(redirect(next_url), language)


def remember_language(response: HttpResponseBase, language: str) -> HttpResponseBase:
    """Keep the interface language in the language cookie (secure in production)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
    return response
