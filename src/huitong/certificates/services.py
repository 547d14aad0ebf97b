"""Issue and revoke certificates. Courses and training call these; neither writes its
own certificate logic."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huitong.accounts.models import User
from huitong.certificates.models import Certificate
from huitong.core.audit import ACTIONS, audit_record
from huitong.core.errors import Conflict, ServiceError

ACTIONS.update(
    {
        "certificate.issue": _("issued a certificate"),
        "certificate.revoke": _("revoked a certificate"),
    }
)

# Crockford's base-32 alphabet: no I, L, O or U to misread when typed from paper.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_uid() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{body[:4]}-{body[4:8]}-{body[8:]}"


def certificate_issue(
    *,
    source: models.Model,
    kind: str,
    holder: User,
    title: str,
    issuer: str,
    title_translations: dict[str, str] | None = None,
    original_language: str = "en",
    hours: Decimal | None = None,
    details: dict[str, Any] | None = None,
) -> Certificate:
    """Issue the certificate for ``source`` once; a second call returns the first one."""
    from django.contrib.contenttypes.models import ContentType

    source_type = ContentType.objects.get_for_model(source)
    existing = Certificate.objects.filter(source_type=source_type, source_id=str(source.pk)).first()
    if existing is not None:
        return existing
    certificate = Certificate(
        uid=new_uid(),
        kind=kind,
        holder=holder,
        holder_name_latin=holder.name_latin,
        holder_name_native=holder.name_native,
        title=title,
        issuer=issuer,
        hours=hours,
        details=details or {},
        original_language=original_language,
        translations={lang: {"title": text} for lang, text in (title_translations or {}).items()},
        source_type=source_type,
        source_id=str(source.pk),
    )
    try:
        with transaction.atomic():
            certificate.save()
            audit_record(actor=None, action="certificate.issue", target=certificate)
    except IntegrityError:
        return Certificate.objects.get(source_type=source_type, source_id=str(source.pk))
    return certificate


def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give the reason for revoking."), code="reason_required")
    if len(reason) > 500:
        raise ServiceError(_("The reason is longer than 500 characters."), code="invalid")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise Conflict(_("This certificate is already revoked."), code="already_revoked")
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        audit_record(
            actor=actor, action="certificate.revoke", target=locked, data={"reason": reason}
        )
    return locked
