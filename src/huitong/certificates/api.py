"""Certificate verification through the API (public)."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from huitong.certificates import access
from huitong.core.api import PUBLIC

router = Router(tags=["certificates"])


class VerificationOut(Schema):
    uid: str
    valid: bool
    kind: str
    holder_name_latin: str
    holder_name_native: str
    title: str
    issuer: str
    issued_at: datetime
    hours: Decimal | None
    revoked_at: datetime | None


@router.get("/certificates/{uid}", response=VerificationOut, auth=PUBLIC)
def verify(request: HttpRequest, uid: str) -> Any:
    certificate = access.certificate_for_verification(uid=uid)
    return {
        "uid": certificate.uid,
        "valid": certificate.is_valid,
        "kind": certificate.kind,
        "holder_name_latin": certificate.holder_name_latin,
        "holder_name_native": certificate.holder_name_native,
        "title": certificate.title,
        "issuer": certificate.issuer,
        "issued_at": certificate.issued_at,
        "hours": certificate.hours,
        "revoked_at": certificate.revoked_at,
    }
