from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class UserLanguageMiddleware(LocaleMiddleware):
    """Choose the interface language: the signed-in user's choice, then the cookie set by
    the language switcher, then the browser's Accept-Language."""

    def process_request(self, request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user is not None else ""
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
