from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation

from huitong.core import cache as data_cache


class DataVersionMiddleware:
    """Reads the cached data's version once per request (see ``huitong.core.cache``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with data_cache.request_scope():
            return self.get_response(request)


class UserLanguageMiddleware(LocaleMiddleware):
    """Choose the interface language: the signed-in user's choice, then the cookie set by
    the language switcher, then the browser's Accept-Language. Times are shown in the
    signed-in user's time zone (UTC for anonymous visitors)."""

    def process_request(self, request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user is not None else ""
        if user is not None and user.is_authenticated:
            zone = getattr(user, "time_zone", "") or "UTC"
            try:
                timezone.activate(zoneinfo.ZoneInfo(zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        if user is not None and user.is_authenticated and language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        response.headers.setdefault("Content-Language", translation.get_language() or "en")
        return response
