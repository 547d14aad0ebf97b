"""Every write to programmes, editions, their organiser team and their timetable (sessions,
speakers, materials). Pages, the API, commands and the demo data call these, so each rule
and audit record lives in one place. Applications are written in ``applications``,
attendance in ``attendance``.

The timetable's rules: a session lies within the edition's days in the edition's time
zone; no two sessions share a room at the same time; no speaker (the same member, or an
external person of the same name, whatever the case) speaks in two sessions at once.
Writes to one edition's timetable are serialised by a lock of the edition's row, so two
organisers saving at once cannot slip two clashing sessions past each other.
"""

from __future__ import annotations

import functools
import secrets
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huitong.accounts.models import User
from huitong.alliance.models import Alliance, Institution
from huitong.alliance.selectors import is_approved_member
from huitong.core.audit import ACTIONS, audit_record
from huitong.core.errors import Conflict, ServiceError
from huitong.core.i18n import CONTENT_LANGUAGES
from huitong.core.services import audit_diff, audit_value, check_fields, data_changed
from huitong.courses import media
from huitong.training.models import (
    Edition,
    EditionOrganiser,
    EditionStatus,
    OrganiserRole,
    Programme,
    Session,
    SessionMaterial,
    Speaker,
)

ACTIONS.update(
    {
        "training.programme_create": _("created the training programme"),
        "training.programme_update": _("edited the training programme"),
        "training.edition_create": _("created the edition"),
        "training.edition_update": _("edited the edition"),
        "training.edition_publish": _("published the edition"),
        "training.edition_cancel": _("cancelled the edition"),
        "training.organiser_add": _("added someone to the edition's organisers"),
        "training.organiser_remove": _("removed someone from the edition's organisers"),
        "training.session_create": _("added a session to the timetable"),
        "training.session_update": _("edited a session of the timetable"),
        "training.session_delete": _("deleted a session of the timetable"),
        "training.timetable_publish": _("published the timetable"),
        "training.timetable_unpublish": _("took the timetable back to draft"),
        "training.material_add": _("added a session material"),
        "training.material_delete": _("deleted a session material"),
    }
)

PROGRAMME_FIELDS = ("slug", "title", "description", "original_language", "translations")
EDITION_FIELDS = (
    "number",
    "title",
    "description",
    "venue",
    "original_language",
    "translations",
    "starts_on",
    "ends_on",
    "city",
    "country",
    "time_zone",
    "languages",
    "capacity",
    "applications_open",
    "application_deadline",
    "offer_days",
    "attendance_rule",
)
SESSION_FIELDS = (
    "kind",
    "title",
    "description",
    "original_language",
    "translations",
    "room",
    "track",
    "starts_at",
    "ends_at",
    "required",
    "cme_hours",
)
# The session codes shown in the room: no letters or digits that look alike (0/O, 1/I/L).
CHECKIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CHECKIN_CODE_LENGTH = 6
MB = media.MB
# Slides and documents of a session.
MATERIAL_TYPES = {
    suffix: media.READING_TYPES[suffix] for suffix in (".pdf", ".pptx", ".docx", ".odp", ".odt")
}


def material_max_bytes() -> int:
    return int(getattr(settings, "TRAINING_MATERIAL_MAX_BYTES", 50 * MB))


def new_checkin_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_CODE_LENGTH))


def _strip(obj: models.Model, *names: str) -> None:
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, str):
            setattr(obj, name, value.strip())


# --- Time zones and languages ---------------------------------------------------------


@functools.cache
def time_zone_names() -> frozenset[str]:
    """The IANA time zones this machine knows (read once: it scans the zone files)."""
    return frozenset(zoneinfo.available_timezones())


def zone_named(name: str | None) -> zoneinfo.ZoneInfo:
    """The time zone of that name; UTC for no name or a name this machine does not know."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def zone_of(edition: Edition) -> zoneinfo.ZoneInfo:
    return zone_named(edition.time_zone)


def _check_time_zone(name: str) -> None:
    if name not in time_zone_names():
        raise ValidationError(
            {
                "time_zone": _(
                    "“%(zone)s” is not a time zone. Use a name such as Europe/Belgrade or "
                    "Asia/Shanghai."
                )
                % {"zone": name[:64]}
            }
        )


def _clean_languages(languages: Any) -> list[str]:
    if not isinstance(languages, list | tuple) or not languages:
        raise ValidationError({"languages": _("Choose at least one language of the edition.")})
    cleaned: list[str] = []
    for code in languages:
        if code not in CONTENT_LANGUAGES:
            raise ValidationError(
                {
                    "languages": _("“%(code)s” is not one of the platform's languages.")
                    % {"code": str(code)[:16]}
                }
            )
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


# --- Programmes -----------------------------------------------------------------------


# Addresses under /training/programmes/ that a programme's short address cannot take.
RESERVED_SLUGS = frozenset({"new"})


def _check_slug(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            {"slug": _("“%(slug)s” is reserved: choose another short address.") % {"slug": slug}}
        )


def programme_create(
    *, actor: User | None, alliance: Alliance, organiser: Institution, **fields: Any
) -> Programme:
    """A programme of the alliance, run by one of its member institutions."""
    check_fields(fields, PROGRAMME_FIELDS, "programme")
    if not is_approved_member(alliance=alliance, institution=organiser):
        raise ServiceError(
            _("The organising institution must be an approved member of the alliance."),
            code="organiser_not_member",
        )
    programme = Programme(alliance=alliance, organiser=organiser, **fields)
    _strip(programme, "slug", "title", "description")
    _check_slug(programme.slug)
    programme.full_clean()
    with transaction.atomic():
        programme.save()
        audit_record(
            actor=actor,
            action="training.programme_create",
            target=programme,
            alliance=alliance,
            institution=organiser,
        )
    data_changed()
    return programme


def programme_update(
    *,
    actor: User | None,
    programme: Programme,
    organiser: Institution | None = None,
    **fields: Any,
) -> Programme:
    check_fields(fields, PROGRAMME_FIELDS, "programme")
    with transaction.atomic():
        locked = (
            Programme.objects.select_for_update()
            .select_related("alliance", "organiser")
            .get(pk=programme.pk)
        )
        names = [*fields, *(["organiser"] if organiser is not None else [])]
        before = {name: getattr(locked, name) for name in names}
        for name, value in fields.items():
            setattr(locked, name, value)
        if organiser is not None:
            if not is_approved_member(alliance=locked.alliance, institution=organiser):
                raise ServiceError(
                    _("The organising institution must be an approved member of the alliance."),
                    code="organiser_not_member",
                )
            locked.organiser = organiser
        _strip(locked, "slug", "title", "description")
        _check_slug(locked.slug)
        locked.full_clean()
        old, new = audit_diff(before, locked)
        if not old:
            return locked
        locked.save()
        audit_record(
            actor=actor,
            action="training.programme_update",
            target=locked,
            alliance=locked.alliance,
            data={"before": old, "after": new},
        )
    data_changed()
    return locked


# --- Editions -------------------------------------------------------------------------


def _check_institutions(
    edition: Edition,
    organising: list[Institution],
    partners: list[Institution],
) -> None:
    alliance = edition.programme.alliance
    if any(
        not is_approved_member(alliance=alliance, institution=institution)
        for institution in organising
    ):
        raise ValidationError(
            {
                "organising_institutions": _(
                    "Organising institutions must be approved members of the alliance."
                )
            }
        )
    both = {i.pk for i in organising} & {i.pk for i in partners}
    if both:
        raise ValidationError(
            {
                "partner_institutions": _(
                    "An institution is either organising or a partner, not both."
                )
            }
        )


def _session_bounds_problem(edition: Edition, starts_at: datetime, ends_at: datetime) -> bool:
    """True when the session does not lie within the edition's days (in its time zone)."""
    zone = zone_of(edition)
    first = starts_at.astimezone(zone).date()
    # A session that ends at midnight belongs to the day before.
    last = (ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    return first < edition.starts_on or last > edition.ends_on


def _validate_edition(edition: Edition) -> None:
    _strip(edition, "title", "description", "venue", "city", "time_zone")
    _check_time_zone(edition.time_zone)
    edition.languages = _clean_languages(edition.languages)
    errors: dict[str, Any] = {}
    if edition.starts_on and edition.ends_on and edition.ends_on < edition.starts_on:
        errors["ends_on"] = _("The last day cannot be before the first day.")
    elif edition.starts_on and edition.ends_on and edition.days > 366:
        errors["ends_on"] = _("An edition lasts at most a year.")
    if edition.capacity is not None and edition.capacity < edition.places_taken:
        errors["capacity"] = _(
            "%(taken)s places are already taken: the capacity cannot be lower than that."
        ) % {"taken": edition.places_taken}
    if (
        edition.applications_open
        and edition.application_deadline
        and edition.application_deadline <= edition.applications_open
    ):
        errors["application_deadline"] = _(
            "The application deadline must come after applications open."
        )
    if errors:
        raise ValidationError(errors)
    edition.full_clean(exclude=["programme"], validate_unique=False, validate_constraints=False)


def _next_number(programme: Programme) -> int:
    last = programme.editions.aggregate(last=models.Max("number"))["last"]
    return 1 if last is None else last + 1


def edition_create(
    *,
    actor: User | None,
    programme: Programme,
    organising_institutions: Iterable[Institution] = (),
    partner_institutions: Iterable[Institution] = (),
    **fields: Any,
) -> Edition:
    """A draft edition; the person who creates it chairs its organiser team."""
    check_fields(fields, EDITION_FIELDS, "edition")
    if fields.get("number") is None:
        fields["number"] = _next_number(programme)
    edition = Edition(programme=programme, **fields)
    _validate_edition(edition)
    organising = list(organising_institutions)
    partners = list(partner_institutions)
    _check_institutions(edition, organising, partners)
    try:
        with transaction.atomic():
            edition.save()
            edition.organising_institutions.set(organising)
            edition.partner_institutions.set(partners)
            if actor is not None:
                EditionOrganiser.objects.create(
                    edition=edition, user=actor, role=OrganiserRole.CHAIR
                )
            audit_record(
                actor=actor,
                action="training.edition_create",
                target=edition,
                alliance=programme.alliance,
                institution=programme.organiser,
                data={"number": edition.number},
            )
    except IntegrityError:
        raise Conflict(
            _("The programme already has an edition number %(number)s.")
            % {"number": fields["number"]},
            code="duplicate_number",
        ) from None
    data_changed()
    return edition


def _lock_edition(edition: Edition) -> Edition:
    return (
        Edition.objects.select_for_update()
        .select_related("programme", "programme__alliance")
        .get(pk=edition.pk)
    )


def edition_update(
    *,
    actor: User | None,
    edition: Edition,
    organising_institutions: Iterable[Institution] | None = None,
    partner_institutions: Iterable[Institution] | None = None,
    **fields: Any,
) -> Edition:
    """Edit an edition. Its sessions must still lie within its days afterwards, and its
    capacity cannot drop below the places already taken."""
    check_fields(fields, EDITION_FIELDS, "edition")
    try:
        with transaction.atomic():
            locked = _lock_edition(edition)
            before = {name: getattr(locked, name) for name in fields}
            for name, value in fields.items():
                setattr(locked, name, value)
            _validate_edition(locked)
            organising = (
                list(organising_institutions)
                if organising_institutions is not None
                else list(locked.organising_institutions.all())
            )
            partners = (
                list(partner_institutions)
                if partner_institutions is not None
                else list(locked.partner_institutions.all())
            )
            _check_institutions(locked, organising, partners)
            if {"starts_on", "ends_on", "time_zone"} & set(fields):
                outside = [
                    s
                    for s in locked.sessions.only("pk", "title", "starts_at", "ends_at")
                    if _session_bounds_problem(locked, s.starts_at, s.ends_at)
                ]
                if outside:
                    raise ValidationError(
                        {
                            "starts_on": _(
                                "The session “%(title)s” would fall outside the edition's "
                                "days. Move or delete it first."
                            )
                            % {"title": outside[0].title}
                        }
                    )
            old, new = audit_diff(before, locked)
            for name, chosen, final in (
                ("organising_institutions", organising_institutions, organising),
                ("partner_institutions", partner_institutions, partners),
            ):
                if chosen is None:
                    continue
                related = getattr(locked, name)
                was = sorted(related.values_list("pk", flat=True))
                now = sorted(i.pk for i in final)
                if was != now:
                    related.set(final)
                    old[name], new[name] = was, now
            if not old:
                return locked
            locked.save()
            audit_record(
                actor=actor,
                action="training.edition_update",
                target=locked,
                alliance=locked.programme.alliance,
                data={"before": old, "after": new},
            )
    except IntegrityError:
        raise Conflict(
            _("The programme already has an edition number %(number)s.")
            % {"number": fields.get("number")},
            code="duplicate_number",
        ) from None
    data_changed()
    if "capacity" in old and locked.capacity > old["capacity"]:
        # New places go to the waiting list first, as a freed place does.
        from huitong.training.applications import waiting_list_fill

        waiting_list_fill(actor=actor, edition=locked)
    return locked


def edition_publish(*, actor: User | None, edition: Edition) -> Edition:
    """Show a draft edition to everyone (its timetable stays in draft until published)."""
    with transaction.atomic():
        locked = _lock_edition(edition)
        if locked.status != EditionStatus.DRAFT:
            raise Conflict(
                _("Only a draft edition can be published; this one is “%(status)s”.")
                % {"status": locked.get_status_display()},
                code="invalid_transition",
            )
        locked.status = EditionStatus.PUBLISHED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="training.edition_publish",
            target=locked,
            alliance=locked.programme.alliance,
        )
    data_changed()
    return locked


def edition_cancel(*, actor: User | None, edition: Edition, reason: str = "") -> Edition:
    """Cancel an edition: it stays visible, marked as cancelled."""
    reason = reason.strip()
    if len(reason) > 2000:
        raise ServiceError(_("The reason is longer than 2000 characters."), code="invalid")
    with transaction.atomic():
        locked = _lock_edition(edition)
        if locked.status == EditionStatus.CANCELLED:
            raise Conflict(_("The edition is already cancelled."), code="invalid_transition")
        locked.status = EditionStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="training.edition_cancel",
            target=locked,
            alliance=locked.programme.alliance,
            data={"reason": reason} if reason else {},
        )
    data_changed()
    return locked


# --- Organiser team -------------------------------------------------------------------


def organiser_add(
    *, actor: User | None, edition: Edition, user: User, role: str = OrganiserRole.ORGANISER
) -> EditionOrganiser:
    if role not in OrganiserRole.values:
        raise ServiceError(_("Select a valid role."), code="invalid_role")
    if not user.is_active:
        raise ServiceError(_("This account is not active."), code="inactive")
    try:
        with transaction.atomic():
            member = EditionOrganiser.objects.create(edition=edition, user=user, role=role)
            audit_record(
                actor=actor,
                action="training.organiser_add",
                target=edition,
                alliance=edition.programme.alliance,
                data={"user": user.pk, "name": user.display_name, "role": role},
            )
    except IntegrityError:
        raise Conflict(
            _("%(name)s is already one of the edition's organisers.") % {"name": user.display_name},
            code="already_organiser",
        ) from None
    data_changed()
    return member


def organiser_remove(*, actor: User | None, organiser: EditionOrganiser) -> None:
    """Remove someone from the team; the edition keeps at least one organiser."""
    with transaction.atomic():
        edition = _lock_edition(organiser.edition)
        locked = (
            EditionOrganiser.objects.select_related("user")
            .filter(pk=organiser.pk, edition=edition)
            .first()
        )
        if locked is None:
            return
        if not EditionOrganiser.objects.filter(edition=edition).exclude(pk=locked.pk).exists():
            raise Conflict(
                _("An edition keeps at least one organiser. Add another one first."),
                code="last_organiser",
            )
        locked.delete()
        audit_record(
            actor=actor,
            action="training.organiser_remove",
            target=edition,
            alliance=edition.programme.alliance,
            data={"user": locked.user.pk, "name": locked.user.display_name, "role": locked.role},
        )
    data_changed()


# --- Sessions and speakers ------------------------------------------------------------


@dataclass(frozen=True)
class SpeakerIn:
    """A speaker as a form or the API gives it: a member (``user``), whose names are taken
    from their profile when left empty, or an external person known by ``name``."""

    user: User | None = None
    name: str = ""
    name_native: str = ""
    affiliation: str = ""

    def resolved(self) -> SpeakerIn:
        if self.user is None:
            return SpeakerIn(
                name=self.name.strip(),
                name_native=self.name_native.strip(),
                affiliation=self.affiliation.strip(),
            )
        return SpeakerIn(
            user=self.user,
            name=self.name.strip() or self.user.name_latin or self.user.display_name,
            name_native=self.name_native.strip() or self.user.name_native,
            affiliation=self.affiliation.strip(),
        )


def _clean_speakers(speakers: Sequence[SpeakerIn]) -> list[SpeakerIn]:
    cleaned: list[SpeakerIn] = []
    seen: set[tuple[str, Any]] = set()
    for speaker in speakers:
        one = speaker.resolved()
        if not one.name:
            raise ValidationError({"speakers": _("Give each external speaker's name.")})
        for value, limit in ((one.name, 150), (one.name_native, 150), (one.affiliation, 250)):
            if len(value) > limit:
                raise ValidationError(
                    {
                        "speakers": _("“%(text)s…” is longer than %(limit)s characters.")
                        % {"text": value[:30], "limit": limit}
                    }
                )
        key = ("user", one.user.pk) if one.user is not None else ("name", one.name.casefold())
        if key in seen:
            raise ValidationError({"speakers": _("%(name)s is listed twice.") % {"name": one.name}})
        seen.add(key)
        cleaned.append(one)
    if len(cleaned) > 30:
        raise ValidationError({"speakers": _("A session has at most 30 speakers.")})
    return cleaned


def _describe(session: Session, zone: zoneinfo.ZoneInfo) -> dict[str, str]:
    start = session.starts_at.astimezone(zone)
    end = session.ends_at.astimezone(zone)
    return {
        "title": session.title,
        "day": start.strftime("%Y-%m-%d"),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }


def _check_clashes(
    edition: Edition,
    session: Session,
    speakers: list[SpeakerIn],
) -> None:
    """Refuse a session that shares a room or a speaker with another one at the same
    time, naming the clashing session."""
    others = (
        Session.objects.filter(
            edition=edition, starts_at__lt=session.ends_at, ends_at__gt=session.starts_at
        )
        .exclude(pk=session.pk)
        .prefetch_related("speakers")
        .order_by("starts_at", "pk")
    )
    zone = zone_of(edition)
    room = session.room.strip().casefold()
    users = {s.user.pk for s in speakers if s.user is not None}
    names = {s.name.casefold() for s in speakers if s.user is None}
    for other in others:
        if room and other.room.strip().casefold() == room:
            raise ValidationError(
                {
                    "room": _(
                        "%(room)s is taken at that time by “%(title)s” "
                        "(%(day)s, %(start)s–%(end)s)."
                    )
                    % {"room": session.room, **_describe(other, zone)}
                }
            )
        for speaker in other.speakers.all():
            if (speaker.user_id is not None and speaker.user_id in users) or (
                speaker.user_id is None and speaker.name.casefold() in names
            ):
                raise ValidationError(
                    {
                        "speakers": _(
                            "%(name)s already speaks at that time in “%(title)s” "
                            "(%(day)s, %(start)s–%(end)s)."
                        )
                        % {"name": speaker.name, **_describe(other, zone)}
                    }
                )


def _validate_session(edition: Edition, session: Session) -> None:
    _strip(session, "title", "description", "room", "track")
    errors: dict[str, Any] = {}
    if session.starts_at is None:
        errors["starts_at"] = _("Give the session's start.")
    if session.ends_at is None:
        errors["ends_at"] = _("Give the session's end.")
    if errors:
        raise ValidationError(errors)
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("The session must end after it starts.")})
    if session.ends_at - session.starts_at > timedelta(hours=24):
        raise ValidationError({"ends_at": _("A session lasts at most 24 hours.")})
    if _session_bounds_problem(edition, session.starts_at, session.ends_at):
        raise ValidationError(
            {
                "starts_at": _(
                    "The session must lie within the edition's days, %(first)s to %(last)s "
                    "(%(zone)s time)."
                )
                % {
                    "first": edition.starts_on.isoformat(),
                    "last": edition.ends_on.isoformat(),
                    "zone": edition.time_zone,
                }
            }
        )
    session.full_clean(exclude=["edition", "checkin_code"], validate_constraints=False)


def _save_speakers(session: Session, speakers: list[SpeakerIn]) -> None:
    session.speakers.all().delete()
    Speaker.objects.bulk_create(
        [
            Speaker(
                session=session,
                user=s.user,
                name=s.name,
                name_native=s.name_native,
                affiliation=s.affiliation,
                position=position,
            )
            for position, s in enumerate(speakers)
        ]
    )


def _speaker_data(speakers: Iterable[SpeakerIn | Speaker]) -> list[dict[str, Any]]:
    return [
        {"user": getattr(s.user, "pk", None), "name": s.name, "name_native": s.name_native}
        for s in speakers
    ]


def session_create(
    *,
    actor: User | None,
    edition: Edition,
    speakers: Sequence[SpeakerIn] = (),
    **fields: Any,
) -> Session:
    """Add a session to the edition's timetable, with a fresh check-in code."""
    check_fields(fields, SESSION_FIELDS, "session")
    cleaned = _clean_speakers(speakers)
    with transaction.atomic():
        locked = _lock_edition(edition)
        session = Session(edition=locked, checkin_code=new_checkin_code(), **fields)
        _validate_session(locked, session)
        _check_clashes(locked, session, cleaned)
        session.save()
        _save_speakers(session, cleaned)
        audit_record(
            actor=actor,
            action="training.session_create",
            target=locked,
            alliance=locked.programme.alliance,
            data={
                "session": session.pk,
                "title": session.title,
                "starts_at": audit_value(session.starts_at),
                "speakers": _speaker_data(cleaned),
            },
        )
    data_changed()
    return session


def session_update(
    *,
    actor: User | None,
    session: Session,
    speakers: Sequence[SpeakerIn] | None = None,
    **fields: Any,
) -> Session:
    """Edit a session; ``speakers``, when given, replace its speakers."""
    check_fields(fields, SESSION_FIELDS, "session")
    cleaned = _clean_speakers(speakers) if speakers is not None else None
    with transaction.atomic():
        locked_edition = _lock_edition(session.edition)
        locked = Session.objects.get(pk=session.pk, edition=locked_edition)
        locked.edition = locked_edition
        current = list(locked.speakers.select_related("user"))
        before = {name: getattr(locked, name) for name in fields}
        for name, value in fields.items():
            setattr(locked, name, value)
        _validate_session(locked_edition, locked)
        chosen = (
            cleaned
            if cleaned is not None
            else [
                SpeakerIn(
                    user=s.user, name=s.name, name_native=s.name_native, affiliation=s.affiliation
                )
                for s in current
            ]
        )
        _check_clashes(locked_edition, locked, chosen)
        old, new = audit_diff(before, locked)
        if cleaned is not None:
            was = _speaker_data(current)
            now = _speaker_data(cleaned)
            if was != now or [s.affiliation for s in current] != [s.affiliation for s in cleaned]:
                _save_speakers(locked, cleaned)
                old["speakers"], new["speakers"] = was, now
        if not old:
            return locked
        locked.save()
        audit_record(
            actor=actor,
            action="training.session_update",
            target=locked_edition,
            alliance=locked_edition.programme.alliance,
            data={"session": locked.pk, "title": locked.title, "before": old, "after": new},
        )
    data_changed()
    return locked


def session_delete(*, actor: User | None, session: Session) -> None:
    """Delete a session and its materials. A session people were checked in to stays:
    deleting it would lose their attendance."""
    with transaction.atomic():
        edition = _lock_edition(session.edition)
        locked = Session.objects.filter(pk=session.pk, edition=edition).first()
        if locked is None:
            return
        if locked.checkins.exists():
            raise Conflict(
                _(
                    "People were checked in to “%(title)s”: it cannot be deleted without "
                    "losing their attendance."
                )
                % {"title": locked.title},
                code="has_checkins",
            )
        files = [m.file.name for m in locked.materials.all() if m.file]
        audit_record(
            actor=actor,
            action="training.session_delete",
            target=edition,
            alliance=edition.programme.alliance,
            data={
                "session": locked.pk,
                "title": locked.title,
                "starts_at": audit_value(locked.starts_at),
            },
        )
        locked.delete()
        transaction.on_commit(lambda: _delete_files(files))
    data_changed()


def session_new_checkin_code(*, actor: User | None, session: Session) -> Session:
    """Give the session a new check-in code (when the old one went round)."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        locked.checkin_code = new_checkin_code()
        locked.save(update_fields=["checkin_code", "updated_at"])
    return locked


def _delete_files(names: list[str]) -> None:
    from huitong.courses.media import private_storage

    for name in names:
        private_storage.delete(name)


# --- Publishing the timetable ---------------------------------------------------------


def timetable_publish(*, actor: User | None, edition: Edition) -> Edition:
    with transaction.atomic():
        locked = _lock_edition(edition)
        if locked.timetable_published:
            return locked
        if not locked.sessions.exists():
            raise ServiceError(
                _("The timetable has no session yet: add sessions before publishing it."),
                code="empty_timetable",
            )
        locked.timetable_published = True
        locked.save(update_fields=["timetable_published", "updated_at"])
        audit_record(
            actor=actor,
            action="training.timetable_publish",
            target=locked,
            alliance=locked.programme.alliance,
        )
    data_changed()
    return locked


def timetable_unpublish(*, actor: User | None, edition: Edition) -> Edition:
    with transaction.atomic():
        locked = _lock_edition(edition)
        if not locked.timetable_published:
            return locked
        locked.timetable_published = False
        locked.save(update_fields=["timetable_published", "updated_at"])
        audit_record(
            actor=actor,
            action="training.timetable_unpublish",
            target=locked,
            alliance=locked.programme.alliance,
        )
    data_changed()
    return locked


# --- Materials ------------------------------------------------------------------------


def validate_material(file: File[Any]) -> None:
    """A PDF, PowerPoint, Word or OpenDocument file, checked by its extension, first bytes
    and size."""
    media._validate(
        file,
        MATERIAL_TYPES,
        material_max_bytes(),
        gettext(
            "“%(name)s” is not a document this platform takes for session materials. Upload a "
            "PDF, PowerPoint (.pptx), Word (.docx) or OpenDocument (.odp, .odt) file."
        ),
    )


def material_add(
    *, actor: User | None, session: Session, file: File[Any], title: str = ""
) -> SessionMaterial:
    from pathlib import PurePath

    original = PurePath(file.name or "").name[:200]
    validate_material(file)
    title = (title or "").strip() or PurePath(original).stem
    if len(title) > 200:
        raise ValidationError({"title": _("The title is longer than 200 characters.")})
    edition = session.edition
    material = SessionMaterial(
        session=session, title=title, original_name=original, size=file.size or 0
    )
    with transaction.atomic():
        material.file.save(original, file, save=False)
        stored = material.file.name or ""
        try:
            material.save()
            audit_record(
                actor=actor,
                action="training.material_add",
                target=edition,
                alliance=edition.programme.alliance,
                data={"session": session.pk, "material": material.pk, "title": title},
            )
        except Exception:
            _delete_files([stored])
            raise
    data_changed()
    return material


def material_delete(*, actor: User | None, material: SessionMaterial) -> None:
    session = material.session
    edition = session.edition
    name = material.file.name or ""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="training.material_delete",
            target=edition,
            alliance=edition.programme.alliance,
            data={"session": session.pk, "material": material.pk, "title": material.title},
        )
        material.delete()
        transaction.on_commit(lambda: _delete_files([name] if name else []))
    data_changed()
