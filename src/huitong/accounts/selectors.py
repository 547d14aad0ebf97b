from __future__ import annotations

from django.db.models import QuerySet

from huitong.accounts.models import ApiToken, User


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
