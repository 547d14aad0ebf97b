"""Fetch-and-authorize helpers for the alliance network.

Every view and API endpoint that reads an alliance, institution, membership or
affiliation by its identifier goes through one of these: they return the object only if
the user may use it that way, and raise ``Http404`` or ``PermissionDenied`` otherwise.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from huitong.alliance.models import (
    PUBLIC_MEMBERSHIP_STATUSES,
    Affiliation,
    AffiliationRole,
    AffiliationStatus,
    Alliance,
    Institution,
    Membership,
    MembershipStatus,
)


def _authenticated(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_alliance_admin(user: Any, alliance: Alliance) -> bool:
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return alliance.admins.filter(pk=user.pk).exists()


def is_any_alliance_admin(user: Any) -> bool:
    if not _authenticated(user):
        return False
    return bool(user.is_superuser or Alliance.objects.filter(admins=user).exists())


def is_institution_admin(user: Any, institution: Institution) -> bool:
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return Affiliation.objects.filter(
        user=user,
        institution=institution,
        role=AffiliationRole.INSTITUTION_ADMIN,
        status=AffiliationStatus.APPROVED,
    ).exists()


def _denied(message: str | None = None) -> PermissionDenied:
    return PermissionDenied(message or _("You are not allowed to do this."))


# --- Alliances ------------------------------------------------------------------------


def alliance_for_public(*, slug: str) -> Alliance:
    alliance = Alliance.objects.filter(slug=slug).first()
    if alliance is None:
        raise Http404
    return alliance


def alliance_for_admin(*, user: Any, slug: str) -> Alliance:
    alliance = alliance_for_public(slug=slug)
    if not is_alliance_admin(user, alliance):
        raise _denied(_("Only the alliance's admins may do this."))
    return alliance


# --- Institutions ---------------------------------------------------------------------


def can_view_institution(user: Any, institution: Institution) -> bool:
    """Public once it is or was a member of an alliance; before that, only its own people
    and the admins of an alliance it applied to may see it."""
    if institution.memberships.filter(status__in=PUBLIC_MEMBERSHIP_STATUSES).exists():
        return True
    if not _authenticated(user):
        return False
    if user.is_superuser or institution.affiliations.filter(user=user).exists():
        return True
    return Alliance.objects.filter(admins=user, memberships__institution=institution).exists()


def institution_for_viewer(*, user: Any, institution_id: int) -> Institution:
    institution = Institution.objects.select_related("country").filter(pk=institution_id).first()
    if institution is None or not can_view_institution(user, institution):
        raise Http404
    return institution


def institution_for_admin(*, user: Any, institution_id: int) -> Institution:
    institution = institution_for_viewer(user=user, institution_id=institution_id)
    if not is_institution_admin(user, institution):
        raise _denied(_("Only the institution's admins may do this."))
    return institution


def institution_for_affiliation_request(*, user: Any, institution_id: int) -> Institution:
    """Anyone signed in may ask to be affiliated with an institution they can see."""
    if not _authenticated(user):
        raise _denied(_("Sign in first."))
    return institution_for_viewer(user=user, institution_id=institution_id)


# --- Memberships ----------------------------------------------------------------------


def can_view_membership(user: Any, membership: Membership) -> bool:
    if membership.status in PUBLIC_MEMBERSHIP_STATUSES:
        return True
    return is_alliance_admin(user, membership.alliance) or is_institution_admin(
        user, membership.institution
    )


def membership_for_viewer(*, user: Any, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("alliance", "institution", "institution__country")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None or not can_view_membership(user, membership):
        raise Http404
    return membership


def membership_for_transition(*, user: Any, membership_id: int, action: str) -> Membership:
    """Alliance admins decide (approve, reject, suspend, reinstate, leave); the
    institution's admins may withdraw it from the alliance (leave) or apply again."""
    membership = membership_for_viewer(user=user, membership_id=membership_id)
    if is_alliance_admin(user, membership.alliance):
        return membership
    if action in {"leave", "reapply"} and is_institution_admin(user, membership.institution):
        return membership
    raise _denied(_("Only the alliance's admins may decide on memberships."))


def membership_status_filter_for(user: Any, alliance: Alliance) -> tuple[str, ...]:
    if is_alliance_admin(user, alliance):
        return tuple(MembershipStatus.values)
    return tuple(PUBLIC_MEMBERSHIP_STATUSES)


# --- Affiliations ---------------------------------------------------------------------


def affiliation_for_viewer(*, user: Any, affiliation_id: int) -> Affiliation:
    affiliation = (
        Affiliation.objects.select_related("user", "institution").filter(pk=affiliation_id).first()
    )
    if affiliation is None or not _authenticated(user):
        raise Http404
    if affiliation.user_id == user.pk or is_institution_admin(user, affiliation.institution):
        return affiliation
    raise Http404


def affiliation_for_decision(*, user: Any, affiliation_id: int) -> Affiliation:
    affiliation = affiliation_for_viewer(user=user, affiliation_id=affiliation_id)
    if not is_institution_admin(user, affiliation.institution):
        raise _denied(_("Only the institution's admins may decide on affiliations."))
    return affiliation


def affiliation_for_end(*, user: Any, affiliation_id: int) -> Affiliation:
    """The person may end (or withdraw) their own affiliation; the admins may end any."""
    return affiliation_for_viewer(user=user, affiliation_id=affiliation_id)
