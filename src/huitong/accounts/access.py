"""Fetch-and-authorize helpers for accounts."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from huitong.accounts.models import ApiToken, User


def current_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind ``login_required``."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def token_for_owner(*, user: User, token_id: int) -> ApiToken:
    """A token of ``user``; another person's token is reported as missing."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404
    return token
