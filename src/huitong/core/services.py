"""Plumbing the apps' services share: telling the caches that data changed, refusing
unknown fields, and the before/after record of an edit for the audit log."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from huitong.core import cache as data_cache


def data_changed() -> None:
    """Cached pages and figures show the change once the transaction commits."""
    transaction.on_commit(data_cache.bump)


def check_fields(fields: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    """Refuse (a programming error, not the user's) fields a service does not take."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown {what} fields: {sorted(unknown)}")


def audit_value(value: Any) -> Any:
    """A value as the audit log's JSON can hold it."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, models.Model):
        return value.pk
    return value


def audit_diff(before: dict[str, Any], obj: models.Model) -> tuple[dict[str, Any], dict[str, Any]]:
    """What an edit changed: the fields of ``before`` (name → value before the edit) whose
    value on ``obj`` differs, as (old values, new values); both empty when nothing did."""
    changed = {
        k: audit_value(v)
        for k, v in before.items()
        if audit_value(getattr(obj, k)) != audit_value(v)
    }
    return changed, {k: audit_value(getattr(obj, k)) for k in changed}


def site_url(path: str) -> str:
    """The absolute address of a path on the site (for e-mails and calendar feeds)."""
    return str(settings.SITE_URL).rstrip("/") + path
