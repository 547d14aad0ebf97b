"""Every write to accounts: sign-up, e-mail confirmation, profile, language, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huitong.accounts.models import ApiToken, User
from huitong.core.audit import audit_record
from huitong.core.errors import Conflict, ServiceError
from huitong.core.mail import send_templated_mail
from huitong.core.services import data_changed

VERIFY_SALT = "huitong.accounts.verify-email"

PROFILE_FIELDS = (
    "name_latin",
    "name_native",
    "country",
    "preferred_language",
    "time_zone",
    "professional_role",
)


def user_signup(*, email: str, password: str, **profile: Any) -> User:
    """Create an account whose e-mail address still has to be confirmed."""
    email = User.objects.normalize_email(email).strip().lower()
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
    user = User(email=email, **profile)
    user.set_password(password)
    user.full_clean(exclude=["password"], validate_unique=False)
    try:
        with transaction.atomic():
            if User.objects.filter(email__iexact=email).exists():
                raise IntegrityError
            user.save()
            audit_record(actor=user, action="user.signup", target=user)
            verification_send(user=user)
    except IntegrityError:
        raise Conflict(
            _("An account with this e-mail address already exists."), code="email_taken"
        ) from None
    return user


def user_create_confirmed(
    *, email: str, password: str | None, actor: User | None = None, **profile: Any
) -> User:
    """Create an account whose address is already confirmed (admins, demo data)."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User(email=email, email_verified_at=timezone.now(), **profile)
    user.set_password(password)
    user.full_clean(exclude=["password"], validate_unique=False)
    try:
        with transaction.atomic():
            user.save()
            audit_record(actor=actor, action="user.signup", target=user)
    except IntegrityError:
        raise Conflict(
            _("An account with this e-mail address already exists."), code="email_taken"
        ) from None
    return user


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


def verification_send(*, user: User) -> None:
    url = settings.SITE_URL.rstrip("/") + reverse(
        "accounts:verify", kwargs={"token": verification_token(user)}
    )
    send_templated_mail(
        to=user.email,
        language=user.preferred_language,
        template="accounts/email/verify",
        context={"user": user, "url": url},
    )


def email_verify(*, token: str) -> tuple[User, bool]:
    """Confirm the e-mail address named in a signed token.

    Returns the user and whether this call confirmed it: a link that was already used
    confirms nothing and must not sign anyone in again.
    """
    try:
        payload = signing.loads(
            token, salt=VERIFY_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise ServiceError(
            _("This confirmation link has expired. Ask for a new one below."), code="expired"
        ) from None
    except signing.BadSignature:
        raise ServiceError(_("This confirmation link is not valid."), code="invalid") from None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload.get("u")).first()
        if user is None or user.email != payload.get("e"):
            raise ServiceError(_("This confirmation link is not valid."), code="invalid")
        if user.email_verified_at is not None:
            return user, False
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        audit_record(actor=user, action="user.verify_email", target=user)
    return user, True


def profile_update(*, user: User, **fields: Any) -> User:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(user, name) != value]
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    if changed:
        with transaction.atomic():
            user.save(update_fields=changed)
            audit_record(
                actor=user, action="user.profile_update", target=user, data={"fields": changed}
            )
            # Names and countries show in cached parts of pages (a course's team).
            data_changed()
    return user


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ServiceError(_("That language is not available."), code="invalid_language")
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


# --- Log-in throttling ----------------------------------------------------------------


def _throttle_keys(email: str, client: str) -> list[str]:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:email:{digest}", f"login-fail:ip:{client}"]


def login_is_throttled(*, email: str, client: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    email_key, ip_key = _throttle_keys(email, client)
    counts = cache.get_many([email_key, ip_key])
    # A client address may try several accounts; give it more room than one address.
    return bool(counts.get(email_key, 0) >= limit or counts.get(ip_key, 0) >= limit * 4)


def login_failed(*, email: str, client: str) -> None:
    for key in _throttle_keys(email, client):
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)


def login_succeeded(*, email: str, client: str) -> None:
    cache.delete(_throttle_keys(email, client)[0])


def login_lock_clear(*, email: str) -> None:
    """A new password chosen through the reset link lifts the lock on the address."""
    cache.delete(_throttle_keys(email, "")[0])


# --- API tokens -----------------------------------------------------------------------


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the token a name."), code="invalid")
    if len(name) > 100:
        raise ServiceError(_("The name is longer than 100 characters."), code="invalid")
    key = "ht_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=key[3:11], digest=_digest(key))
        audit_record(actor=user, action="token.create", target=token)
    return token, key


def token_revoke(*, token: ApiToken, actor: User) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="token.revoke", target=token)
        token.delete()


def token_authenticate(*, key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
