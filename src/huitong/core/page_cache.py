"""Whole-page cache for the public pages that anonymous visitors read most.

A page is cached per path, query string and interface language, under the data version
that services bump after every committed change (``alliance.cache``), so an edit shows
at once. Only anonymous requests without a session or an API token are served from or stored in
the cache: such a page carries nothing personal (the language switcher of an anonymous
visitor needs no CSRF token, see ``core.views.set_language``), while a signed-in person
always gets a freshly rendered page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from huitong.core import cache as data_cache

View = Callable[..., HttpResponse]


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{data_cache.version()}:{translation.get_language()}:{path}"


def cache_public_page(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        store = data_cache.versioned_cache()
        hit = store.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies:
                store.set(
                    key, (response.content, response["Content-Type"]), timeout=data_cache.ttl()
                )
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    return wrapper
