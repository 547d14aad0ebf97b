"""Every write of attendance: check-ins (from the organisers' list, by badge, by the
session code a participant types), undoing a check-in, session codes, and certificates of
attendance. Pages, the API and the demo data call these.

Rules:

- Only **accepted** applications of the session's edition are checked in. A check-in is
  recorded **once** however often it is sent: the unique constraint on (session,
  application) decides, and a request that loses the race gets the existing row back.
- A participant's **self check-in** with the session code is valid from
  ``CODE_OPENS_BEFORE`` (15 minutes) before the session starts until it ends. Wrong codes
  are counted per person in the cache: after ``CODE_FAILURE_LIMIT`` wrong codes within
  ``CODE_FAILURE_WINDOW`` seconds, further codes are refused until the window passes, so a
  code of six characters cannot be guessed by trying.
- Organisers check people in at any time (also after the session, from a paper list).
- The **certificate of attendance** is issued through the certificates app, once per
  application, when the share of the edition's required sessions the person attended
  reaches ``edition.attendance_rule`` per cent. Its CME/CPD hours are the sum of the
  ``credit_hours`` of the sessions attended (required or not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huitong.accounts.models import User
from huitong.certificates.models import Certificate, CertificateKind
from huitong.certificates.services import certificate_issue
from huitong.core.audit import ACTIONS, audit_record
from huitong.core.errors import Conflict, ServiceError
from huitong.training.models import (
    Application,
    ApplicationStatus,
    CheckIn,
    CheckInMethod,
    Edition,
    Session,
)
from huitong.training.services import zone_of

ACTIONS.update(
    {
        "training.checkin": _("checked a participant in to a session"),
        "training.checkin_undo": _("undid a check-in"),
        "training.session_code": _("set a new check-in code for a session"),
        "training.certificates_issue": _("issued certificates of attendance"),
    }
)

# The session code is accepted from this long before the session starts until its end.
CODE_OPENS_BEFORE = timedelta(minutes=15)
# Wrong codes a person may type within the window before codes are refused.
CODE_FAILURE_LIMIT = 10
CODE_FAILURE_WINDOW = 10 * 60


def normalise_code(code: str) -> str:
    """A typed or scanned code as stored: upper case, without spaces or dashes."""
    return re.sub(r"[\s\-]", "", code or "").upper()[:40]


def local_time(moment: datetime, edition: Edition) -> str:
    """``HH:MM`` in the edition's time zone (where the people in the room are)."""
    return timezone.localtime(moment, zone_of(edition)).strftime("%H:%M")


def _audit_scope(edition: Edition) -> dict[str, Any]:
    return {"alliance": edition.programme.alliance}


# --- Check-in -------------------------------------------------------------------------


@dataclass
class CheckInResult:
    checkin: CheckIn
    created: bool

    @property
    def application(self) -> Application:
        return self.checkin.application

    def message(self) -> str:
        """What the person at the door reads."""
        name = self.application.applicant.display_name
        if self.created:
            return str(_("%(name)s is checked in.") % {"name": name})
        edition = self.checkin.session.edition
        return str(
            _("%(name)s was already checked in at %(time)s.")
            % {"name": name, "time": local_time(self.checkin.checked_in_at, edition)}
        )


def check_in(
    *, session: Session, application: Application, method: str, by: User | None
) -> CheckInResult:
    """Record that ``application``'s person is at ``session`` (once)."""
    if application.edition_id != session.edition_id:
        raise ServiceError(
            _("This person does not take part in this session's edition."), code="wrong_edition"
        )
    if application.status != ApplicationStatus.ACCEPTED:
        raise Conflict(
            _("Only accepted participants can be checked in (this application is “%(status)s”).")
            % {"status": application.get_status_display()},
            code="not_participant",
        )
    if method not in CheckInMethod.values:
        raise ServiceError(_("Unknown way of checking in."), code="invalid")
    existing = CheckIn.objects.filter(session=session, application=application).first()
    if existing is None:
        try:
            with transaction.atomic():
                checkin = CheckIn.objects.create(
                    session=session, application=application, method=method, checked_in_by=by
                )
                audit_record(
                    actor=by,
                    action="training.checkin",
                    target=checkin,
                    data={"session": session.pk, "application": application.pk, "method": method},
                    **_audit_scope(session.edition),
                )
        except IntegrityError:
            # Sent twice at once: the other request recorded it first.
            existing = CheckIn.objects.get(session=session, application=application)
        else:
            checkin.session = session
            checkin.application = application
            return CheckInResult(checkin, True)
    existing.session = session
    existing.application = application
    return CheckInResult(existing, False)


def check_in_by_badge(*, session: Session, badge_code: str, by: User) -> CheckInResult:
    """An organiser typed or scanned a badge's code at ``session``."""
    code = normalise_code(badge_code)
    if not code:
        raise ServiceError(_("Type or scan the code on the badge."), code="code_required")
    application = (
        Application.objects.select_related("applicant")
        .filter(edition_id=session.edition_id, badge_code=code)
        .first()
    )
    if application is None:
        raise ServiceError(
            _("No participant of this edition has the badge code “%(code)s”.") % {"code": code},
            code="unknown_badge",
            status=404,
        )
    application.edition = session.edition
    return check_in(session=session, application=application, method=CheckInMethod.BADGE, by=by)


def check_in_undo(*, checkin: CheckIn, by: User) -> None:
    """An organiser removes a check-in recorded by mistake."""
    session = checkin.session
    with transaction.atomic():
        audit_record(
            actor=by,
            action="training.checkin_undo",
            target=checkin.application,
            data={
                "session": session.pk,
                "method": checkin.method,
                "checked_in_at": checkin.checked_in_at.isoformat(),
                "checked_in_by": checkin.checked_in_by_id,
            },
            **_audit_scope(session.edition),
        )
        CheckIn.objects.filter(pk=checkin.pk).delete()


# --- Session codes and self check-in --------------------------------------------------


def code_window(session: Session) -> tuple[datetime, datetime]:
    """When the session's code is accepted: from shortly before its start to its end."""
    return session.starts_at - CODE_OPENS_BEFORE, session.ends_at


def code_is_open(session: Session, now: datetime | None = None) -> bool:
    opens, closes = code_window(session)
    return opens <= (now or timezone.now()) <= closes


def session_code_ensure(*, session: Session) -> str:
    """The session's code. The timetable's services give every new session one; a session
    made otherwise (an import, the admin) gets its code on first use."""
    from huitong.training.services import new_checkin_code

    if session.checkin_code:
        return session.checkin_code
    code = new_checkin_code()
    updated = Session.objects.filter(pk=session.pk, checkin_code="").update(checkin_code=code)
    if not updated:  # someone else made it first
        code = Session.objects.values_list("checkin_code", flat=True).get(pk=session.pk)
    session.checkin_code = code
    return code


def session_code_renew(*, session: Session, by: User) -> str:
    """A new code for the session (the old one went round outside the room): the
    timetable's service makes it; the change is audited here."""
    from huitong.training.services import session_new_checkin_code

    with transaction.atomic():
        renewed = session_new_checkin_code(actor=by, session=session)
        audit_record(
            actor=by,
            action="training.session_code",
            target=session,
            **_audit_scope(session.edition),
        )
    session.checkin_code = renewed.checkin_code
    return session.checkin_code


def _failure_key(user: User) -> str:
    return f"training-code-fail:{user.pk}"


def code_is_throttled(*, user: User) -> bool:
    return int(cache.get(_failure_key(user), 0)) >= CODE_FAILURE_LIMIT


def _code_failed(user: User) -> None:
    key = _failure_key(user)
    cache.add(key, 0, timeout=CODE_FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=CODE_FAILURE_WINDOW)


def self_check_in(
    *, application: Application, code: str, now: datetime | None = None
) -> CheckInResult:
    """The participant typed the code shown in the room: check them in to the session of
    their edition whose code it is, if it is running now."""
    now = now or timezone.now()
    user = application.applicant
    edition = application.edition
    if application.status != ApplicationStatus.ACCEPTED:
        raise Conflict(
            _("Only accepted participants can check in."), code="not_participant", status=403
        )
    if code_is_throttled(user=user):
        raise ServiceError(
            _("Too many wrong codes. Wait a few minutes, or ask an organiser to check you in."),
            code="throttled",
            status=429,
        )
    typed = normalise_code(code)
    if not typed:
        raise ServiceError(_("Type the code shown in the room."), code="code_required")
    # An edition has some hundred sessions: compare the codes as typed, without the
    # spaces or dashes an organiser may have put in them.
    candidates = (
        Session.objects.filter(edition=edition)
        .exclude(checkin_code="")
        .only(
            "edition_id",
            "title",
            "translations",
            "original_language",
            "starts_at",
            "ends_at",
            "checkin_code",
        )
        .order_by("starts_at", "pk")
    )
    matching = [s for s in candidates if normalise_code(s.checkin_code) == typed]
    if not matching:
        _code_failed(user)
        raise ServiceError(
            _("This is not the code of a session. Check the code shown in the room and try again."),
            code="wrong_code",
        )
    current = [s for s in matching if code_is_open(s, now)]
    if not current:
        session = matching[-1]
        for candidate in matching:
            if candidate.ends_at >= now:
                session = candidate
                break
        session.edition = edition
        opens, closes = code_window(session)
        if now < opens:
            raise ServiceError(
                _(
                    "Check-in for “%(title)s” opens at %(time)s, %(minutes)d minutes before "
                    "the session starts."
                )
                % {
                    "title": session.translated("title").text,
                    "time": local_time(opens, edition),
                    "minutes": CODE_OPENS_BEFORE.seconds // 60,
                },
                code="not_open",
            )
        raise ServiceError(
            _(
                "The code of “%(title)s” has expired: the session ended at %(time)s. "
                "Ask an organiser if you were there."
            )
            % {"title": session.translated("title").text, "time": local_time(closes, edition)},
            code="expired",
        )
    session = current[0]
    session.edition = edition
    return check_in(session=session, application=application, method=CheckInMethod.CODE, by=user)


# --- Certificates of attendance -------------------------------------------------------


@dataclass
class Attendance:
    """What a participant attended of an edition, measured against its rule."""

    application: Application
    attended: int  # sessions attended, required or not
    required_attended: int
    required_total: int
    hours: Decimal
    rule: int  # the edition's attendance_rule (%)
    certificate: Certificate | None = None

    @property
    def share(self) -> int | None:
        """Per cent of the required sessions attended (rounded down), if there are any."""
        if not self.required_total:
            return None
        return self.required_attended * 100 // self.required_total

    @property
    def eligible(self) -> bool:
        return bool(
            self.application.status == ApplicationStatus.ACCEPTED
            and self.required_total
            and self.required_attended * 100 >= self.rule * self.required_total
        )


def _certificate_title(edition: Edition) -> tuple[str, dict[str, str]]:
    translations = {
        language: entry["title"]
        for language, entry in (edition.translations or {}).items()
        if entry.get("title")
    }
    return edition.title, translations


def _certificate_details(edition: Edition, attendance: Attendance) -> dict[str, Any]:
    return {
        "edition_id": edition.pk,
        "programme": edition.programme.title,
        "edition_number": edition.number,
        "edition": edition.title,
        "starts_on": edition.starts_on.isoformat(),
        "ends_on": edition.ends_on.isoformat(),
        "city": edition.city,
        "country": edition.country_id,
        "country_name": edition.country.name,
        "hours": str(attendance.hours),
        "sessions_attended": attendance.attended,
        "required_attended": attendance.required_attended,
        "required_total": attendance.required_total,
    }


def not_eligible_reason(attendance: Attendance) -> str:
    if attendance.application.status != ApplicationStatus.ACCEPTED:
        return str(_("Only accepted participants receive a certificate of attendance."))
    if not attendance.required_total:
        return str(
            _("The edition has no required session, so no certificate of attendance is due.")
        )
    return str(
        _(
            "%(name)s attended %(done)d of %(total)d required sessions (%(share)d %%); "
            "the edition asks for %(rule)d %%."
        )
        % {
            "name": attendance.application.applicant.display_name,
            "done": attendance.required_attended,
            "total": attendance.required_total,
            "share": attendance.share or 0,
            "rule": attendance.rule,
        }
    )


def _issue(edition: Edition, attendance: Attendance) -> Certificate:
    title, translations = _certificate_title(edition)
    return certificate_issue(
        source=attendance.application,
        kind=CertificateKind.TRAINING,
        holder=attendance.application.applicant,
        title=title,
        title_translations=translations,
        original_language=edition.original_language,
        issuer=edition.programme.organiser.name,
        hours=attendance.hours,
        details=_certificate_details(edition, attendance),
    )


def certificate_issue_for(*, application: Application, by: User) -> Certificate:
    """Issue ``application``'s certificate of attendance if the edition's rule holds;
    issued once (a second call returns the first certificate)."""
    from huitong.training.alumni import attendance_of

    edition = application.edition
    attendance = attendance_of(edition=edition, applications=[application])[0]
    if attendance.certificate is not None:
        return attendance.certificate
    if not attendance.eligible:
        raise Conflict(not_eligible_reason(attendance), code="not_eligible")
    with transaction.atomic():
        certificate = _issue(edition, attendance)
        audit_record(
            actor=by,
            action="training.certificates_issue",
            target=edition,
            data={"issued": 1, "application": application.pk},
            **_audit_scope(edition),
        )
    return certificate


@dataclass
class IssueSummary:
    issued: int  # new certificates
    already: int  # eligible people who had theirs
    not_eligible: int  # accepted people below the rule


def certificates_issue_eligible(*, edition: Edition, by: User) -> IssueSummary:
    """Issue the certificates of every eligible participant who has none yet.

    Runs in the request: for an edition of a few hundred people it is a few hundred small
    inserts (well under a second on PostgreSQL). Each certificate is its own transaction,
    so that a failure part-way keeps the ones issued (issuing again continues).
    """
    from huitong.training.alumni import attendance_of

    rows = attendance_of(edition=edition)
    summary = IssueSummary(0, 0, 0)
    for attendance in rows:
        if not attendance.eligible:
            summary.not_eligible += 1
        elif attendance.certificate is not None:
            summary.already += 1
        else:
            _issue(edition, attendance)
            summary.issued += 1
    if summary.issued:
        audit_record(
            actor=by,
            action="training.certificates_issue",
            target=edition,
            data={"issued": summary.issued},
            **_audit_scope(edition),
        )
    return summary
