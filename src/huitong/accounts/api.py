"""The signed-in person's own account through the API."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from huitong.accounts import services
from huitong.accounts.access import current_user
from huitong.accounts.models import User
from huitong.alliance.api import _country

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    email: str
    name_latin: str
    name_native: str
    country: str | None
    preferred_language: str
    time_zone: str
    professional_role: str
    email_verified: bool

    @staticmethod
    def resolve_country(obj: User) -> str | None:
        return obj.country_id


class MePatch(Schema):
    name_latin: str | None = None
    name_native: str | None = None
    country: str | None = None
    preferred_language: str | None = None
    time_zone: str | None = None
    professional_role: str | None = None


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> User:
    return current_user(request)


@router.patch("/me", response=MeOut)
def update_me(request: HttpRequest, payload: MePatch) -> User:
    user = current_user(request)
    fields: dict[str, Any] = {
        k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None
    }
    if "country" in fields:
        fields["country"] = _country(fields["country"])
    return services.profile_update(user=user, **fields)
