from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from huitong.accounts import services as account_services
from huitong.alliance import selectors as alliance_selectors
from huitong.core.models import Country
from huitong.core.page_cache import cache_public_page


@require_GET
@cache_public_page
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


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponseBase:
    """The language switcher: remembered in a cookie, and on the profile when signed in.

    For an anonymous visitor it only sets a cookie, so it needs no CSRF token (and public
    pages carry nothing personal and can be cached whole); a signed-in person's choice is
    saved on their profile, so for them the CSRF check applies as usual.
    """
    if request.user.is_authenticated:
        rejected = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
            request, _protected, (), {}
        )
        if rejected is not None:
            return rejected
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


def _protected(request: HttpRequest) -> HttpResponse:
    """A stand-in view without ``csrf_exempt``, for the explicit CSRF check above."""
    return HttpResponse()


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
