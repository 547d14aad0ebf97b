"""Every write to the alliance network. Pages, the API, commands and the demo data all
call these, so that each rule, audit record and e-mail lives in one place."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huitong.accounts.models import User
from huitong.alliance.models import (
    Affiliation,
    AffiliationRole,
    AffiliationStatus,
    Alliance,
    Institution,
    Membership,
    MembershipStatus,
)
from huitong.core import cache as figures_cache
from huitong.core.audit import audit_record
from huitong.core.errors import Conflict, ServiceError
from huitong.core.mail import send_templated_mail
from huitong.core.models import Country

INSTITUTION_FIELDS = (
    "name",
    "kind",
    "country",
    "city",
    "website",
    "description",
    "original_language",
    "translations",
)

DUPLICATE_INSTITUTION = _("An institution with this name already exists in this country.")


def _changed() -> None:
    transaction.on_commit(figures_cache.bump)


def _sync_terms(obj: Institution | Alliance) -> None:
    """Record the concepts the description names (in every language), for the concept's
    "where it is used" list."""
    from huitong.terminology.markup import usage_sync

    texts = [obj.description] + [
        t.get("description", "") for t in (obj.translations or {}).values()
    ]
    usage_sync(
        obj=obj,
        field="description",
        text="\n".join(t for t in texts if t),
        title=obj.name,
        url=obj.get_absolute_url(),
    )


def _duplicate_institution(name: str, country: Country, exclude: int | None = None) -> bool:
    duplicates = Institution.objects.filter(name__iexact=name.strip(), country=country)
    if exclude is not None:
        duplicates = duplicates.exclude(pk=exclude)
    return duplicates.exists()


# --- Institutions ---------------------------------------------------------------------


def institution_create(
    *, actor: User | None, make_admin: bool = True, **fields: Any
) -> Institution:
    """Register an institution; the person who registers it becomes its first admin."""
    unknown = set(fields) - set(INSTITUTION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown institution fields: {sorted(unknown)}")
    institution = Institution(**fields)
    institution.name = institution.name.strip()
    institution.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            if _duplicate_institution(institution.name, institution.country):
                raise IntegrityError
            institution.refresh_search_text()
            institution.save()
            audit_record(
                actor=actor,
                action="institution.create",
                target=institution,
                institution=institution,
            )
            _sync_terms(institution)
            if actor is not None and make_admin:
                Affiliation.objects.create(
                    user=actor,
                    institution=institution,
                    role=AffiliationRole.INSTITUTION_ADMIN,
                    status=AffiliationStatus.APPROVED,
                    decided_at=timezone.now(),
                    decided_by=actor,
                )
    except IntegrityError:
        raise Conflict(DUPLICATE_INSTITUTION, code="duplicate_institution") from None
    _changed()
    return institution


def institution_update(
    *, actor: User | None, institution: Institution, **fields: Any
) -> Institution:
    unknown = set(fields) - set(INSTITUTION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown institution fields: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(institution, name) != value]
    for name, value in fields.items():
        setattr(institution, name, value)
    institution.name = institution.name.strip()
    institution.full_clean(validate_constraints=False)
    if not changed:
        return institution
    try:
        with transaction.atomic():
            if _duplicate_institution(
                institution.name, institution.country, exclude=institution.pk
            ):
                raise IntegrityError
            institution.refresh_search_text()
            institution.save()
            _sync_terms(institution)
            audit_record(
                actor=actor,
                action="institution.update",
                target=institution,
                institution=institution,
                data={"fields": changed},
            )
    except IntegrityError:
        raise Conflict(DUPLICATE_INSTITUTION, code="duplicate_institution") from None
    _changed()
    return institution


# --- Alliances ------------------------------------------------------------------------


def alliance_create(*, actor: User | None, **fields: Any) -> Alliance:
    alliance = Alliance(**fields)
    alliance.full_clean()
    with transaction.atomic():
        alliance.save()
        audit_record(actor=actor, action="alliance.create", target=alliance, alliance=alliance)
        _sync_terms(alliance)
    _changed()
    return alliance


def alliance_admin_add(*, actor: User | None, alliance: Alliance, user: User) -> None:
    with transaction.atomic():
        alliance.admins.add(user)
        audit_record(
            actor=actor,
            action="alliance.admin_add",
            target=alliance,
            alliance=alliance,
            data={"user": user.pk},
        )


# --- Memberships ----------------------------------------------------------------------

# action → (statuses it may start from, status it leads to)
MEMBERSHIP_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve": ((MembershipStatus.APPLIED,), MembershipStatus.APPROVED),
    "reject": ((MembershipStatus.APPLIED,), MembershipStatus.REJECTED),
    "suspend": ((MembershipStatus.APPROVED,), MembershipStatus.SUSPENDED),
    "reinstate": ((MembershipStatus.SUSPENDED,), MembershipStatus.APPROVED),
    "leave": ((MembershipStatus.APPROVED, MembershipStatus.SUSPENDED), MembershipStatus.LEFT),
    "reapply": ((MembershipStatus.REJECTED, MembershipStatus.LEFT), MembershipStatus.APPLIED),
}


def membership_apply(
    *,
    actor: User | None,
    alliance: Alliance,
    institution: Institution,
    note: str = "",
) -> Membership:
    """An institution applies to join an alliance (once per pair)."""
    if len(note) > 500:
        raise ServiceError(_("The note is longer than 500 characters."), code="invalid")
    try:
        with transaction.atomic():
            if Membership.objects.filter(alliance=alliance, institution=institution).exists():
                raise IntegrityError
            membership = Membership.objects.create(
                alliance=alliance,
                institution=institution,
                status=MembershipStatus.APPLIED,
                applied_at=timezone.now(),
                note=note.strip(),
            )
            audit_record(
                actor=actor,
                action="membership.apply",
                target=membership,
                alliance=alliance,
                institution=institution,
            )
    except IntegrityError:
        raise Conflict(
            _("This institution already has a membership or an application in this alliance."),
            code="membership_exists",
        ) from None
    _changed()
    return membership


def membership_transition(
    *, actor: User | None, membership: Membership, action: str, note: str = ""
) -> Membership:
    if action not in MEMBERSHIP_TRANSITIONS:
        raise ServiceError(_("Unknown action."), code="unknown_action")
    sources, target = MEMBERSHIP_TRANSITIONS[action]
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update()
            .select_related("alliance", "institution")
            .get(pk=membership.pk)
        )
        if locked.status not in sources:
            raise Conflict(
                _("A membership that is “%(status)s” cannot be changed that way.")
                % {"status": locked.get_status_display()},
                code="invalid_transition",
            )
        now = timezone.now()
        locked.status = target
        locked.decided_at = now
        if action == "approve" and locked.joined_on is None:
            locked.joined_on = now.date()
        if action == "leave":
            locked.left_on = now.date()
        if action == "reapply":
            locked.applied_at, locked.joined_on, locked.left_on = now, None, None
        if note:
            locked.note = note[:500]
        locked.save()
        audit_record(
            actor=actor,
            action=f"membership.{'apply' if action == 'reapply' else action}",
            target=locked,
            alliance=locked.alliance,
            institution=locked.institution,
            data={"note": note} if note else {},
        )
    _changed()
    return locked


def membership_import(
    *,
    actor: User | None,
    alliance: Alliance,
    institution: Institution,
    status: str,
    is_founding: bool,
    joined_on: Any,
) -> Membership:
    """Record an existing membership (demo data and migrations from other systems)."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            alliance=alliance,
            institution=institution,
            defaults={
                "status": status,
                "is_founding": is_founding,
                "joined_on": joined_on,
                "applied_at": timezone.now(),
            },
        )
        if created:
            audit_record(
                actor=actor,
                action="membership.apply"
                if status == MembershipStatus.APPLIED
                else "membership.approve",
                target=membership,
                alliance=alliance,
                institution=institution,
            )
    _changed()
    return membership


# --- Affiliations ---------------------------------------------------------------------


def affiliation_request(
    *, user: User, institution: Institution, role: str, message: str = ""
) -> Affiliation:
    if role not in AffiliationRole.values:
        raise ServiceError(_("Select a valid role."), code="invalid_role")
    if len(message) > 500:
        raise ServiceError(_("The message is longer than 500 characters."), code="invalid")
    try:
        with transaction.atomic():
            affiliation = Affiliation.objects.create(
                user=user,
                institution=institution,
                role=role,
                status=AffiliationStatus.PENDING,
                message=message.strip(),
            )
            audit_record(
                actor=user,
                action="affiliation.request",
                target=affiliation,
                institution=institution,
                data={"role": role},
            )
    except IntegrityError:
        raise Conflict(
            _("You already have or have asked for this role at this institution."),
            code="affiliation_exists",
        ) from None
    admins = User.objects.filter(
        affiliations__institution=institution,
        affiliations__role=AffiliationRole.INSTITUTION_ADMIN,
        affiliations__status=AffiliationStatus.APPROVED,
    ).distinct()
    for admin in admins:
        send_templated_mail(
            to=admin.email,
            language=admin.preferred_language,
            template="alliance/email/affiliation_requested",
            context={"admin": admin, "affiliation": affiliation},
        )
    return affiliation


def affiliation_grant(
    *, actor: User | None, user: User, institution: Institution, role: str
) -> Affiliation:
    """Record an approved affiliation directly (demo data, an institution's first admin)."""
    with transaction.atomic():
        affiliation, created = Affiliation.objects.get_or_create(
            user=user,
            institution=institution,
            role=role,
            status=AffiliationStatus.APPROVED,
            defaults={"decided_at": timezone.now(), "decided_by": actor},
        )
        if created:
            audit_record(
                actor=actor,
                action="affiliation.approve",
                target=affiliation,
                institution=institution,
            )
    _changed()
    return affiliation


def affiliation_decide(*, actor: User, affiliation: Affiliation, approve: bool) -> Affiliation:
    with transaction.atomic():
        locked = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
        if locked.status != AffiliationStatus.PENDING:
            raise Conflict(_("This request has already been decided."), code="already_decided")
        locked.status = AffiliationStatus.APPROVED if approve else AffiliationStatus.REJECTED
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        audit_record(
            actor=actor,
            action="affiliation.approve" if approve else "affiliation.reject",
            target=locked,
            institution=affiliation.institution,
        )
        send_templated_mail(
            to=affiliation.user.email,
            language=affiliation.user.preferred_language,
            template="alliance/email/affiliation_decided",
            context={"affiliation": locked, "approved": approve},
        )
    _changed()
    return locked


def affiliation_end(*, actor: User, affiliation: Affiliation) -> Affiliation:
    with transaction.atomic():
        locked = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
        if locked.status not in (AffiliationStatus.PENDING, AffiliationStatus.APPROVED):
            raise Conflict(_("This affiliation has already ended."), code="already_ended")
        if (
            locked.role == AffiliationRole.INSTITUTION_ADMIN
            and locked.status == AffiliationStatus.APPROVED
            and not Affiliation.objects.filter(
                institution_id=locked.institution_id,
                role=AffiliationRole.INSTITUTION_ADMIN,
                status=AffiliationStatus.APPROVED,
            )
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise Conflict(
                _("An institution keeps at least one admin. Approve another admin first."),
                code="last_admin",
            )
        locked.status = AffiliationStatus.ENDED
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        audit_record(
            actor=actor,
            action="affiliation.end",
            target=locked,
            institution=affiliation.institution,
        )
    _changed()
    return locked


def validation_message(error: ValidationError) -> str:
    """The first message of a validation error, for places that show one line."""
    return str(error.messages[0]) if error.messages else str(error)
