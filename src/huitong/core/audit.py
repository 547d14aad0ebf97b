"""The audit log: every service that changes shared data records one entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from huitong.core.models import AuditEntry

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

    from huitong.accounts.models import User
    from huitong.alliance.models import Alliance, Institution

# Each action code with the sentence the log page shows for it.
ACTIONS: dict[str, _StrOrPromise] = {
    "user.signup": _("signed up"),
    "user.verify_email": _("confirmed their e-mail address"),
    "user.profile_update": _("updated their profile"),
    "user.password_change": _("changed their password"),
    "token.create": _("created an API token"),
    "token.revoke": _("revoked an API token"),
    "institution.create": _("registered the institution"),
    "institution.update": _("edited the institution"),
    "alliance.create": _("created the alliance"),
    "alliance.admin_add": _("made someone an alliance admin"),
    "membership.apply": _("applied for membership"),
    "membership.approve": _("approved the membership"),
    "membership.reject": _("rejected the membership"),
    "membership.suspend": _("suspended the membership"),
    "membership.reinstate": _("reinstated the membership"),
    "membership.leave": _("ended the membership"),
    "affiliation.request": _("requested an affiliation"),
    "affiliation.approve": _("approved the affiliation"),
    "affiliation.reject": _("rejected the affiliation"),
    "affiliation.end": _("ended the affiliation"),
}


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    alliance: Alliance | None = None,
    institution: Institution | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    with translation.override("en"):  # one language for the record, whoever acted
        target_repr = str(target)[:300]
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=target_repr,
        alliance=alliance,
        institution=institution,
        data=data or {},
    )


def describe(entry: AuditEntry) -> _StrOrPromise:
    return ACTIONS.get(entry.action, entry.action)
