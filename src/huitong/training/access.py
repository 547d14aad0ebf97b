"""Fetch-and-authorize helpers for training courses.

Every view and API endpoint that reads a programme, edition, session, application or file
by its identifier goes through one of these: they return the object only if the user may
use it that way, and raise ``Http404`` (the user may not know it exists) or
``PermissionDenied`` (they may see it, not do this) otherwise.

Who is who for an edition:

- its **organisers** (chair, organisers, secretariat) and the **admins of the programme's
  alliance** edit it, build its form and timetable, review applications, check people in
  and issue certificates;
- **participants** (accepted applications, invited speakers and experts included) see the
  materials of the sessions and check themselves in;
- **anyone** sees a published edition, and its timetable once the organisers publish it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from huitong.alliance.access import is_alliance_admin
from huitong.training.models import (
    Application,
    ApplicationStatus,
    Edition,
    EditionOrganiser,
    Programme,
    Session,
)


def _authenticated(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


# --- Roles ----------------------------------------------------------------------------


def is_programme_admin(user: Any, programme: Programme) -> bool:
    """The admins of the programme's alliance (and superusers)."""
    if not _authenticated(user):
        return False
    cache: dict[int, bool] = programme.__dict__.setdefault("_admins", {})
    if user.pk not in cache:
        cache[user.pk] = is_alliance_admin(user, programme.alliance)
    return cache[user.pk]


def is_organiser(user: Any, edition: Edition) -> bool:
    """The edition's organiser team, or an admin of the programme's alliance."""
    if not _authenticated(user):
        return False
    cache: dict[int, bool] = edition.__dict__.setdefault("_organisers", {})
    if user.pk not in cache:
        cache[user.pk] = EditionOrganiser.objects.filter(
            edition=edition, user=user
        ).exists() or is_programme_admin(user, edition.programme)
    return cache[user.pk]


def participation(user: Any, edition: Edition) -> Application | None:
    """The user's accepted application to the edition (their participation), if any."""
    if not _authenticated(user):
        return None
    return Application.objects.filter(
        edition=edition, applicant=user, status=ApplicationStatus.ACCEPTED
    ).first()


# --- Programmes and editions ----------------------------------------------------------


def programme_for_viewer(*, user: Any, slug: str) -> Programme:
    programme = Programme.objects.select_related("alliance", "organiser").filter(slug=slug).first()
    if programme is None:
        raise Http404
    return programme


def programme_for_admin(*, user: Any, slug: str) -> Programme:
    programme = programme_for_viewer(user=user, slug=slug)
    if not is_programme_admin(user, programme):
        raise PermissionDenied(_("Only the alliance's admins may do this."))
    return programme


def _edition(edition_id: int) -> Edition:
    edition = (
        Edition.objects.select_related(
            "programme", "programme__alliance", "programme__organiser", "country"
        )
        .filter(pk=edition_id)
        .first()
    )
    if edition is None:
        raise Http404
    return edition


def edition_for_viewer(*, user: Any, edition_id: int) -> Edition:
    """A published (or cancelled) edition, or a draft for its organisers."""
    edition = _edition(edition_id)
    if edition.status != "draft" or is_organiser(user, edition):
        return edition
    raise Http404


def edition_for_organiser(*, user: Any, edition_id: int) -> Edition:
    edition = edition_for_viewer(user=user, edition_id=edition_id)
    if not is_organiser(user, edition):
        raise PermissionDenied(_("Only the edition's organisers may do this."))
    return edition


def edition_for_applicant(*, user: Any, edition_id: int) -> Edition:
    """An edition the user may apply to, or look at their application for."""
    if not _authenticated(user):
        raise PermissionDenied(_("Log in first."))
    return edition_for_viewer(user=user, edition_id=edition_id)


def timetable_visible(user: Any, edition: Edition) -> bool:
    return edition.timetable_published or is_organiser(user, edition)


def session_for_viewer(*, user: Any, edition_id: int, session_id: int) -> Session:
    edition = edition_for_viewer(user=user, edition_id=edition_id)
    if not timetable_visible(user, edition):
        raise Http404
    session = Session.objects.filter(pk=session_id, edition=edition).first()
    if session is None:
        raise Http404
    session.edition = edition
    return session


def session_for_organiser(*, user: Any, edition_id: int, session_id: int) -> Session:
    edition = edition_for_organiser(user=user, edition_id=edition_id)
    session = Session.objects.filter(pk=session_id, edition=edition).first()
    if session is None:
        raise Http404
    session.edition = edition
    return session


def application_for_applicant(*, user: Any, edition_id: int) -> Application:
    """The user's own application to an edition."""
    edition = edition_for_applicant(user=user, edition_id=edition_id)
    application = Application.objects.filter(edition=edition, applicant=user).first()
    if application is None:
        raise Http404
    application.edition = edition
    return application


def application_for_organiser(*, user: Any, edition_id: int, application_id: int) -> Application:
    edition = edition_for_organiser(user=user, edition_id=edition_id)
    application = (
        Application.objects.select_related("applicant", "applicant__country")
        .filter(pk=application_id, edition=edition)
        .first()
    )
    if application is None:
        raise Http404
    application.edition = edition
    return application
