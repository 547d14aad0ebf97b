"""The HTTP API under /api/, with its OpenAPI 3 document at /api/openapi.json.

Authentication: a session cookie (with the CSRF token for writes) or an API token sent as
``Authorization: Bearer <token>``. Read endpoints of public data also answer anonymous
clients. Errors are JSON ``{"detail": <translated message>, "code": <stable code>}``,
plus ``"errors": {field: [messages]}`` for invalid input.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from huitong.core.errors import ServiceError
from huitong.core.i18n import translated


class TokenAuth(HttpBearer):
    openapi_description = "An API token created on the profile page (Authorization: Bearer …)."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from huitong.accounts.services import token_authenticate

        user = token_authenticate(key=token)
        if user is None:
            return None
        request.user = user
        if user.preferred_language:
            translation.activate(user.preferred_language)
        return user


class SessionAuthWithCSRF(SessionAuth):
    """The session cookie, with the CSRF check for writes; an anonymous client falls
    through to the next method (and finally gets "sign in", not a CSRF error)."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


def anonymous(request: HttpRequest) -> bool:
    """Let anonymous clients through to endpoints that serve public data."""
    return True


AUTHENTICATED = [TokenAuth(), SessionAuthWithCSRF()]
PUBLIC = [TokenAuth(), SessionAuthWithCSRF(), anonymous]


# --- Pieces the apps' schemas share ---------------------------------------------------


class LocalizedText(Schema):
    text: str
    language: str
    is_fallback: bool


def localized(obj: Any, field: str) -> dict[str, Any]:
    """A translatable field in the client's language (see ``core.i18n.translated``)."""
    value = translated(obj, field)
    return {"text": value.text, "language": value.language, "is_fallback": value.is_fallback}


# A filter by one of the platform's languages, "" for any.
LanguageFilter = Literal["", "en", "zh-hans", "sr-latn", "pl", "pt-br"]

api = NinjaAPI(
    title="Huitong API",
    version="1",
    description=__doc__ or "",
    urls_namespace="api",
    auth=AUTHENTICATED,
    openapi_url="/openapi.json",
    docs_url="/docs",
)

_PYDANTIC_MESSAGES = {
    "missing": "This field is required.",
    "string_too_long": "The text is too long.",
    "string_type": "Enter text.",
    "int_parsing": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "bool_parsing": "Enter true or false.",
    "date_from_datetime_parsing": "Enter a valid date.",
    "date_parsing": "Enter a valid date.",
    "literal_error": "Select a valid choice.",
    "enum": "Select a valid choice.",
    "json_invalid": "The request body is not valid JSON.",
    "model_attributes_type": "The request body must be a JSON object.",
    "dict_type": "The request body must be a JSON object.",
}


def _error(request: HttpRequest, status: int, detail: str, code: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return _error(request, exc.status, str(exc.message), exc.code)


@api.exception_handler(ValidationError)
def django_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    first = next(iter(errors.values()))[0]
    return _error(request, 400, str(first), "invalid", errors=errors)


@api.exception_handler(NinjaValidationError)
def request_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        field = ".".join(location[-1:]) or "__all__"
        english = _PYDANTIC_MESSAGES.get(str(error.get("type")), "")
        # The English source strings above are in the catalogue (see core/api_messages.py).
        message = _(english) if english else str(error.get("msg", ""))
        errors.setdefault(field, []).append(message)
    return _error(request, 422, _("The request is not valid."), "invalid", errors=errors)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or _("You are not allowed to do this."), "forbidden")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found."), "not_found")


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, _("Sign in or send an API token."), "unauthenticated")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc), "error")


def _register_routers() -> None:
    from huitong.accounts.api import router as accounts_router
    from huitong.alliance.api import router as alliance_router
    from huitong.certificates.api import router as certificates_router
    from huitong.courses.api import router as courses_router
    from huitong.terminology.api import router as terminology_router
    from huitong.training.api import router as training_router

    api.add_router("/accounts", accounts_router)
    api.add_router("", alliance_router)
    api.add_router("", terminology_router)
    api.add_router("", certificates_router)
    api.add_router("", courses_router)
    api.add_router("", training_router)


_register_routers()
