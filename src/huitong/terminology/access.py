"""Fetch-and-authorize helpers for the terminology.

Everyone may read the terminology. Members of the alliance (people with an approved
affiliation at an approved member institution) may propose terms; terminology editors
(the "Terminology editors" group, and superusers) add, review, map and import.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from huitong.alliance.models import AffiliationStatus, MembershipStatus
from huitong.terminology.models import CodeSystem, Concept, Designation, ImportJob, Mapping

EDITORS_GROUP = "Terminology editors"


def is_editor(user: Any) -> bool:
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    return bool(user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists())


def is_member(user: Any) -> bool:
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    return bool(
        user.affiliations.filter(
            status=AffiliationStatus.APPROVED,
            institution__memberships__status=MembershipStatus.APPROVED,
        ).exists()
    )


def can_propose(user: Any) -> bool:
    return is_editor(user) or is_member(user)


def concept_for_reader(*, concept_id: int) -> Concept:
    concept = Concept.objects.filter(pk=concept_id).first()
    if concept is None:
        raise Http404
    return concept


def concept_for_proposal(*, user: Any, concept_id: int) -> Concept:
    concept = concept_for_reader(concept_id=concept_id)
    if not can_propose(user):
        raise PermissionDenied(_("Only members of the alliance may propose terms."))
    return concept


def concept_for_editor(*, user: Any, concept_id: int) -> Concept:
    concept = concept_for_reader(concept_id=concept_id)
    if not is_editor(user):
        raise PermissionDenied(_("Only terminology editors may do this."))
    return concept


def designation_for_editor(*, user: Any, designation_id: int) -> Designation:
    if not is_editor(user):
        raise PermissionDenied(_("Only terminology editors may do this."))
    designation = Designation.objects.select_related("concept").filter(pk=designation_id).first()
    if designation is None:
        raise Http404
    return designation


def mapping_for_editor(*, user: Any, mapping_id: int) -> Mapping:
    if not is_editor(user):
        raise PermissionDenied(_("Only terminology editors may do this."))
    mapping = Mapping.objects.select_related("source", "target").filter(pk=mapping_id).first()
    if mapping is None:
        raise Http404
    return mapping


def require_editor(user: Any) -> None:
    if not is_editor(user):
        raise PermissionDenied(_("Only terminology editors may do this."))


def code_system_for_reader(*, slug: str) -> CodeSystem:
    system = CodeSystem.objects.filter(slug=slug).first()
    if system is None:
        raise Http404
    return system


def import_job_for_viewer(*, user: Any, job_id: int) -> ImportJob:
    """An import is seen by the person who started it and by terminology editors."""
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None:
        raise Http404
    is_owner = user is not None and user.is_authenticated and job.user_id == user.pk
    if not (is_owner or is_editor(user)):
        raise PermissionDenied(
            _("Only the person who started this import and terminology editors may see it.")
        )
    return job
