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

from typing import Any, TypeVar

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from huitong.alliance.access import is_alliance_admin
from huitong.alliance.models import Alliance
from huitong.training.models import (
    Application,
    ApplicationFile,
    ApplicationStatus,
    CheckIn,
    Edition,
    EditionOrganiser,
    FormField,
    Invitation,
    Programme,
    Session,
    SessionMaterial,
)

M = TypeVar("M", bound=models.Model)


def _authenticated(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _found(queryset: QuerySet[M]) -> M:
    """The object the query finds, or 404."""
    found = queryset.first()
    if found is None:
        raise Http404
    return found


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
    return _found(Programme.objects.select_related("alliance", "organiser").filter(slug=slug))


def programme_for_admin(*, user: Any, slug: str) -> Programme:
    programme = programme_for_viewer(user=user, slug=slug)
    if not is_programme_admin(user, programme):
        raise PermissionDenied(_("Only the alliance's admins may do this."))
    return programme


def _edition(edition_id: int) -> Edition:
    return _found(
        Edition.objects.select_related(
            "programme", "programme__alliance", "programme__organiser", "country"
        ).filter(pk=edition_id)
    )


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
    session = _found(Session.objects.filter(pk=session_id, edition=edition))
    session.edition = edition
    return session


def session_for_organiser(*, user: Any, edition_id: int, session_id: int) -> Session:
    edition = edition_for_organiser(user=user, edition_id=edition_id)
    session = _found(Session.objects.filter(pk=session_id, edition=edition))
    session.edition = edition
    return session


def application_for_applicant(*, user: Any, edition_id: int) -> Application:
    """The user's own application to an edition."""
    edition = edition_for_applicant(user=user, edition_id=edition_id)
    application = _found(Application.objects.filter(edition=edition, applicant=user))
    application.edition = edition
    return application


def application_for_organiser(*, user: Any, edition_id: int, application_id: int) -> Application:
    edition = edition_for_organiser(user=user, edition_id=edition_id)
    application = _found(
        Application.objects.select_related("applicant", "applicant__country").filter(
            pk=application_id, edition=edition
        )
    )
    application.edition = edition
    return application


# --- Timetable: programmes, editions, sessions, materials, calendar feeds -------------


def may_see_materials(user: Any, session: Session) -> bool:
    """Session materials are for the edition's participants and organisers, and for the
    session's own speakers."""
    from huitong.training.models import Speaker

    if not _authenticated(user):
        return False
    if is_organiser(user, session.edition) or participation(user, session.edition):
        return True
    return Speaker.objects.filter(session=session, user=user).exists()


def material_for_viewer(
    *, user: Any, edition_id: int, session_id: int, material_id: int
) -> SessionMaterial:
    session = session_for_viewer(user=user, edition_id=edition_id, session_id=session_id)
    material = _found(SessionMaterial.objects.filter(pk=material_id, session=session))
    if not may_see_materials(user, session):
        raise PermissionDenied(
            _("Session materials are for the edition's participants and organisers.")
        )
    material.session = session
    return material


def material_for_organiser(
    *, user: Any, edition_id: int, session_id: int, material_id: int
) -> SessionMaterial:
    session = session_for_organiser(user=user, edition_id=edition_id, session_id=session_id)
    material = _found(SessionMaterial.objects.filter(pk=material_id, session=session))
    material.session = session
    return material


def organiser_for_organiser(*, user: Any, edition_id: int, organiser_id: int) -> EditionOrganiser:
    """A member of the edition's organiser team, for another organiser to remove."""
    edition = edition_for_organiser(user=user, edition_id=edition_id)
    member = _found(
        EditionOrganiser.objects.select_related("user").filter(pk=organiser_id, edition=edition)
    )
    member.edition = edition
    return member


CALENDAR_SALT = "huitong.training.calendar"


def calendar_token(application: Application) -> str:
    """The secret of a participant's personal calendar feed: their badge code, signed (a
    calendar app subscribes with it, without a session)."""
    return signing.Signer(salt=CALENDAR_SALT, sep=".").sign(application.badge_code)


def application_for_calendar(*, token: str) -> Application:
    """The participation a calendar feed's token stands for, while it is accepted and
    the timetable published; 404 for anything else (a feed says nothing more)."""
    try:
        badge_code = signing.Signer(salt=CALENDAR_SALT, sep=".").unsign(token)
    except signing.BadSignature:
        raise Http404 from None
    application = (
        Application.objects.select_related("edition", "edition__programme", "applicant")
        .filter(badge_code=badge_code, status=ApplicationStatus.ACCEPTED)
        .first()
    )
    if application is None or not application.edition.timetable_published:
        raise Http404
    if application.edition.status == "draft":
        raise Http404
    return application


def alliances_for_programme_creator(*, user: Any) -> Any:
    """The alliances in which the user may create a programme (those they administer);
    refused for everyone else."""
    from huitong.alliance.models import Alliance

    if not _authenticated(user):
        raise PermissionDenied(_("Log in first."))
    alliances = (
        Alliance.objects.all() if user.is_superuser else Alliance.objects.filter(admins=user)
    )
    if not alliances.exists():
        raise PermissionDenied(_("Only the alliance's admins may do this."))
    return alliances.order_by("name")


# --- Attendance, badges, certificates and alumni (attendance part) --------------------


def participation_for_user(*, user: Any, edition_id: int) -> Application:
    """The user's own accepted application to the edition (self check-in, own badge)."""
    edition = edition_for_applicant(user=user, edition_id=edition_id)
    application = participation(user, edition)
    if application is None:
        raise PermissionDenied(_("Only the edition's accepted participants may do this."))
    application.edition = edition
    application.applicant = user
    return application


def checkin_for_organiser(
    *, user: Any, edition_id: int, session_id: int, application_id: int
) -> CheckIn:
    """A check-in of a session of an edition the user organises."""
    session = session_for_organiser(user=user, edition_id=edition_id, session_id=session_id)
    checkin = _found(
        CheckIn.objects.select_related("application__applicant").filter(
            session=session, application_id=application_id
        )
    )
    checkin.session = session
    checkin.application.edition = session.edition
    return checkin


def may_see_journey(user: Any, person: Any) -> bool:
    """A person's journey across editions is for the person, and for the organisers (and
    alliance admins) of an edition the person took part in."""
    if not _authenticated(user):
        return False
    if user.pk == person.pk or user.is_superuser:
        return True
    editions = Edition.objects.filter(
        Q(applications__applicant=person, applications__status=ApplicationStatus.ACCEPTED)
        | Q(sessions__speakers__user=person)
        | Q(organisers__user=person)
    )
    return (
        EditionOrganiser.objects.filter(user=user, edition__in=editions).exists()
        or Alliance.objects.filter(admins=user, programmes__editions__in=editions).exists()
    )


def person_for_journey(*, user: Any, person_id: int) -> Any:
    from huitong.accounts.models import User

    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None or not may_see_journey(user, person):
        raise Http404
    return person


# --- Applications (form builder, files, invitations) ----------------------------------


def form_field_for_organiser(*, user: Any, edition_id: int, field_id: int) -> FormField:
    """A question of the application form of an edition the user organises."""
    edition = edition_for_organiser(user=user, edition_id=edition_id)
    field = _found(FormField.objects.filter(pk=field_id, edition=edition))
    field.edition = edition
    return field


def application_file_for_viewer(*, user: Any, edition_id: int, file_id: int) -> ApplicationFile:
    """A file of an application: for the applicant and the edition's organisers only."""
    if not _authenticated(user):
        raise PermissionDenied(_("Log in first."))
    edition = edition_for_viewer(user=user, edition_id=edition_id)
    record = _found(
        ApplicationFile.objects.select_related("application").filter(
            pk=file_id, application__edition=edition
        )
    )
    if record.application.applicant_id != user.pk and not is_organiser(user, edition):
        raise Http404
    return record


def invitation_for_organiser(*, user: Any, edition_id: int, invitation_id: int) -> Invitation:
    edition = edition_for_organiser(user=user, edition_id=edition_id)
    invitation = _found(Invitation.objects.filter(pk=invitation_id, edition=edition))
    invitation.edition = edition
    return invitation


def invitation_by_token(*, token: str) -> Invitation:
    """The invitation of a link: whoever holds the link may see it (it is the secret)."""
    return _found(
        Invitation.objects.select_related(
            "edition",
            "edition__programme",
            "edition__programme__alliance",
            "edition__programme__organiser",
            "edition__country",
        ).filter(token=token)
    )
