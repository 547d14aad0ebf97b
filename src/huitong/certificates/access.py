"""Fetch-and-authorize helpers for certificates.

Anyone may verify a certificate by its number. Its holder may download it. Revoking (and
downloading another person's certificate) is for whoever manages its source: the source
model answers ``can_manage_certificate(user)`` (a course team, the organisers of a
training edition), and superusers may always.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from huitong.certificates.models import Certificate


def normalise_uid(uid: str) -> str:
    compact = re.sub(r"[^0-9A-Za-z]", "", uid).upper()[:12]
    return f"{compact[:4]}-{compact[4:8]}-{compact[8:]}" if len(compact) == 12 else ""


def certificate_for_verification(*, uid: str) -> Certificate:
    certificate = Certificate.objects.filter(uid=normalise_uid(uid)).first()
    if certificate is None:
        raise Http404
    return certificate


def certificate_exists(*, uid: str) -> bool:
    return Certificate.objects.filter(uid=normalise_uid(uid)).exists()


def can_manage(user: Any, certificate: Certificate) -> bool:
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    source = certificate.source
    check = getattr(source, "can_manage_certificate", None)
    return bool(check is not None and check(user))


def certificate_for_download(*, user: Any, uid: str) -> Certificate:
    certificate = certificate_for_verification(uid=uid)
    if user.is_authenticated and (
        certificate.holder_id == user.pk or can_manage(user, certificate)
    ):
        return certificate
    raise PermissionDenied(_("Only the holder and the issuers may download this certificate."))


def certificate_for_revocation(*, user: Any, uid: str) -> Certificate:
    certificate = certificate_for_verification(uid=uid)
    if not can_manage(user, certificate):
        raise PermissionDenied(_("Only the issuers may revoke this certificate."))
    return certificate
