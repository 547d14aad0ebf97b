"""Reads of programmes, editions and the timetable, shared by pages, the API and the
iCalendar feeds. Each runs a fixed number of queries whatever the number of editions,
sessions or speakers.

Times: a session is stored in UTC; the timetable shows it in a chosen time zone (the
edition's or the viewer's) and, where the other one's clock differs at that moment, in the
other one too. Days are the days of the chosen zone.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from huitong.alliance.models import Institution
from huitong.training.access import is_programme_admin
from huitong.training.applications import application_window
from huitong.training.models import (
    Application,
    Edition,
    EditionOrganiser,
    EditionStatus,
    OrganiserRole,
    Programme,
    Session,
    SessionKind,
    SessionMaterial,
    Speaker,
)
from huitong.training.services import time_zone_names, zone_named, zone_of

PUBLIC_STATUSES = (EditionStatus.PUBLISHED, EditionStatus.CANCELLED)
ROLE_ORDER: dict[str, int] = {
    OrganiserRole.CHAIR: 0,
    OrganiserRole.ORGANISER: 1,
    OrganiserRole.SECRETARIAT: 2,
}


def requested_zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The IANA time zone named in the query string (``?tz=Europe/Belgrade``); None for
    no name or one that is not a time zone (ignored, no error)."""
    if not name or name not in time_zone_names():
        return None
    return zoneinfo.ZoneInfo(name)


def known_viewer_zone(user: Any, requested: str | None = "") -> zoneinfo.ZoneInfo | None:
    """The time zone of the person's profile; for an anonymous visitor the one their
    browser told us (``?tz=``), None when unknown."""
    if getattr(user, "is_authenticated", False):
        return zone_named(getattr(user, "time_zone", ""))
    return requested_zone(requested)


def viewer_zone(user: Any, requested: str | None = "") -> zoneinfo.ZoneInfo:
    """The time zone of the person's profile; for anonymous visitors the one given in
    ``?tz=`` (see ``requested_zone``), else UTC."""
    return known_viewer_zone(user, requested) or zoneinfo.ZoneInfo("UTC")


# --- Programmes and editions ----------------------------------------------------------


def _public_editions() -> QuerySet[Edition]:
    return (
        Edition.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("country")
        .order_by("-starts_on", "pk")
    )


def programme_list() -> list[Programme]:
    """Every programme, each with ``public_editions`` (published or cancelled, newest
    first)."""
    return list(
        Programme.objects.select_related("alliance", "organiser", "organiser__country")
        .prefetch_related(Prefetch("editions", _public_editions(), to_attr="public_editions"))
        .order_by("title", "pk")
    )


@dataclass
class Phase:
    """Where an edition stands: upcoming, open for applications, in progress, ended,
    cancelled (or draft), with its label and the CSS class of its status badge."""

    code: str
    label: str
    css: str


def edition_phase(edition: Edition, now: datetime | None = None) -> Phase:
    """The edition's phase now, by the days of its own time zone (no query)."""
    now = now or timezone.now()
    if edition.status == EditionStatus.CANCELLED:
        return Phase("cancelled", _("cancelled"), "status-rejected")
    if edition.status != EditionStatus.PUBLISHED:
        return Phase("draft", str(edition.get_status_display()), "status-pending")
    today = timezone.localdate(now, zone_of(edition))
    if edition.ends_on < today:
        return Phase("ended", _("ended"), "")
    if edition.starts_on <= today:
        return Phase("in_progress", _("in progress"), "status-approved")
    if application_window(edition, now).is_open:
        return Phase("open", _("open for applications"), "status-approved")
    return Phase("upcoming", _("upcoming"), "status-pending")


def programme_editions(*, programme: Programme, user: Any) -> list[Edition]:
    """The programme's editions the user may see: published and cancelled ones, and the
    drafts they organise (all drafts for the alliance's admins); each with its ``phase``
    (``edition_phase``)."""
    editions = Edition.objects.filter(programme=programme).select_related("country")
    if not is_programme_admin(user, programme):
        visible = Q(status__in=PUBLIC_STATUSES)
        if getattr(user, "is_authenticated", False):
            visible |= Q(pk__in=EditionOrganiser.objects.filter(user=user).values("edition_id"))
        editions = editions.filter(visible)
    rows = list(editions.order_by("-starts_on", "pk"))
    now = timezone.now()
    for edition in rows:
        # For the template (``edition.phase.label``); not a model field.
        setattr(edition, "phase", edition_phase(edition, now))  # noqa: B010
    return rows


@dataclass
class EditionFilters:
    programme: str = ""
    year: int | None = None
    country: str = ""
    language: str = ""
    status: str = ""


def edition_list(filters: EditionFilters) -> QuerySet[Edition]:
    """Published and cancelled editions matching the filters, newest first."""
    editions = Edition.objects.filter(status__in=PUBLIC_STATUSES)
    if filters.programme:
        editions = editions.filter(programme__slug=filters.programme)
    if filters.year:
        editions = editions.filter(
            starts_on__year__lte=filters.year, ends_on__year__gte=filters.year
        )
    if filters.country:
        editions = editions.filter(country_id=filters.country.upper())
    if filters.language:
        # The languages are a JSON list; its text holds each code in quotes.
        editions = editions.filter(languages__icontains=f'"{filters.language}"')
    if filters.status:
        editions = editions.filter(status=filters.status)
    return editions.select_related("programme", "country").order_by("-starts_on", "pk")


def edition_team(*, edition: Edition) -> list[EditionOrganiser]:
    members = list(
        EditionOrganiser.objects.filter(edition=edition).select_related("user", "user__country")
    )
    return sorted(members, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.pk))


@dataclass
class EditionInstitutions:
    organising: list[Institution] = field(default_factory=list)
    partners: list[Institution] = field(default_factory=list)


def edition_institutions(*, edition: Edition) -> EditionInstitutions:
    """The organising and partner institutions (two queries)."""
    return EditionInstitutions(
        organising=list(
            edition.organising_institutions.select_related("country").order_by("name", "pk")
        ),
        partners=list(
            edition.partner_institutions.select_related("country").order_by("name", "pk")
        ),
    )


def application_of(*, user: Any, edition: Edition) -> Application | None:
    """The user's application to the edition, whatever its status."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Application.objects.filter(edition=edition, applicant=user).first()


# --- Timetable ------------------------------------------------------------------------


def edition_sessions(*, edition: Edition) -> list[Session]:
    """The edition's sessions in time order, with their speakers (``speakers.all()``) and
    ``material_count``."""
    sessions = (
        Session.objects.filter(edition=edition)
        .annotate(material_count=Count("materials"))
        .prefetch_related(
            Prefetch("speakers", Speaker.objects.select_related("user").order_by("position", "pk"))
        )
        .order_by("starts_at", "room", "pk")
    )
    rows: list[Session] = list(sessions)
    for session in rows:
        session.edition = edition
    return rows


@dataclass
class Slot:
    """A session's time in one zone: naive local times for the template (so that the
    template does not convert them again) and ISO 8601 for ``<time datetime>``."""

    start: datetime
    end: datetime
    start_iso: str
    end_iso: str
    zone: str
    next_day: bool = False


def slot(session: Session, zone: zoneinfo.ZoneInfo) -> Slot:
    start = session.starts_at.astimezone(zone)
    end = session.ends_at.astimezone(zone)
    return Slot(
        start=start.replace(tzinfo=None),
        end=end.replace(tzinfo=None),
        start_iso=start.isoformat(),
        end_iso=end.isoformat(),
        zone=str(zone),
        next_day=end.date() > start.date(),
    )


@dataclass
class Entry:
    session: Session
    shown: Slot
    other: Slot | None
    speakers: list[Speaker]
    kind_label: str = ""
    url: str = ""


@dataclass
class Day:
    day: date
    entries: list[Entry]

    @property
    def anchor(self) -> str:
        return f"day-{self.day.isoformat()}"


@dataclass
class Timetable:
    days: list[Day]
    zone: str
    other_zone: str | None
    session_count: int


def timetable(
    *, sessions: list[Session], zone: zoneinfo.ZoneInfo, other: zoneinfo.ZoneInfo | None
) -> Timetable:
    """The sessions by day of ``zone``; each also in ``other`` where its clock differs."""
    days: dict[date, list[Entry]] = {}
    differs = False
    labels = {value: str(label) for value, label in SessionKind.choices}
    for session in sessions:
        shown = slot(session, zone)
        other_slot = None
        if (
            other is not None
            and session.starts_at.astimezone(other).utcoffset()
            != session.starts_at.astimezone(zone).utcoffset()
        ):
            other_slot = slot(session, other)
            differs = True
        days.setdefault(shown.start.date(), []).append(
            Entry(
                session,
                shown,
                other_slot,
                list(session.speakers.all()),
                kind_label=labels.get(session.kind, session.kind),
                url=session.get_absolute_url(),
            )
        )
    return Timetable(
        days=[Day(day, entries) for day, entries in sorted(days.items())],
        zone=str(zone),
        other_zone=str(other) if other is not None and differs else None,
        session_count=len(sessions),
    )


def edition_timetable(
    *, edition: Edition, user: Any, show: str = "edition", requested: str | None = ""
) -> Timetable:
    """The timetable as the page shows it: ``show`` is "edition" (the default) or
    "viewer" for the zone the days are in; ``requested`` is an anonymous visitor's
    ``?tz=`` zone."""
    edition_zone = zone_of(edition)
    mine = viewer_zone(user, requested)
    zone, other = (mine, edition_zone) if show == "viewer" else (edition_zone, mine)
    return timetable(sessions=edition_sessions(edition=edition), zone=zone, other=other)


def session_materials(*, session: Session) -> list[SessionMaterial]:
    return list(SessionMaterial.objects.filter(session=session).order_by("pk"))


def session_speakers(*, session: Session) -> list[Speaker]:
    return list(session.speakers.select_related("user").order_by("position", "pk"))


def own_sessions(*, application: Application) -> list[Session]:
    """A participant's "own" sessions, for their personal calendar feed: there is no
    sign-up per session, so these are the sessions that count for their certificate
    (``required``), the ones they speak at, and the others they were checked in to."""
    sessions = (
        Session.objects.filter(edition_id=application.edition_id)
        .filter(
            Q(required=True)
            | Q(speakers__user_id=application.applicant_id)
            | Q(checkins__application=application)
        )
        .distinct()
        .prefetch_related(
            Prefetch("speakers", Speaker.objects.select_related("user").order_by("position", "pk"))
        )
        .order_by("starts_at", "room", "pk")
    )
    rows = list(sessions)
    for session in rows:
        session.edition = application.edition
    return rows
