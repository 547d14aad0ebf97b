"""The attendance API: check-in (by badge code or application for the organisers, by the
session code for the participant), a session's attendance, an edition's attendance with
the certificate rule, and an edition's aggregate figures. Every endpoint goes through
``access`` and writes through ``attendance``."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from huitong.accounts.access import current_user
from huitong.core.api import PUBLIC
from huitong.core.errors import ServiceError
from huitong.training import access, alumni, attendance
from huitong.training.api import router
from huitong.training.models import CheckIn, CheckInMethod

SESSION = "/training/editions/{edition_id}/sessions/{session_id}"


class CheckInIn(Schema):
    badge_code: str = Field("", max_length=40, description="The code on the badge (scanned).")
    application_id: int | None = Field(None, description="Or the participant's application.")


class CodeIn(Schema):
    code: str = Field(..., max_length=40, description="The code shown in the room.")


class CheckInOut(Schema):
    id: int
    session_id: int
    application_id: int
    name_latin: str
    name_native: str
    role: str
    method: str
    checked_in_at: datetime
    created: bool = Field(..., description="False when the person was already checked in.")
    message: str


class SessionAttendanceOut(Schema):
    session_id: int
    expected: int
    present: int
    code_valid_from: datetime
    code_valid_until: datetime
    check_ins: list[CheckInOut]


class AttendanceOut(Schema):
    application_id: int
    name_latin: str
    name_native: str
    role: str
    sessions_attended: int
    required_attended: int
    required_total: int
    share: int | None = Field(..., description="Per cent of the required sessions attended.")
    hours: Decimal
    eligible: bool
    certificate: str | None = Field(..., description="The certificate's number, if issued.")
    certificate_valid: bool | None


class CountOut(Schema):
    key: str
    label: str
    count: int


class BreakdownOut(Schema):
    dimension: str
    title: str
    rows: list[CountOut]


class FiguresOut(Schema):
    edition_id: int
    applications: int
    people: int  # accepted participants (role participant)
    invited: int  # accepted speakers and experts
    countries: int  # of the participants
    acceptance_rate: float | None
    attendance_rate: float | None
    certificates: int
    breakdowns: list[BreakdownOut]


def _checkin_out(checkin: CheckIn, *, created: bool, message: str = "") -> dict[str, Any]:
    application = checkin.application
    person = application.applicant
    return {
        "id": checkin.pk,
        "session_id": checkin.session_id,
        "application_id": application.pk,
        "name_latin": person.name_latin,
        "name_native": person.name_native,
        "role": application.role,
        "method": checkin.method,
        "checked_in_at": checkin.checked_in_at,
        "created": created,
        "message": message,
    }


def _result_out(result: attendance.CheckInResult) -> Any:
    body = _checkin_out(result.checkin, created=result.created, message=result.message())
    return Status(201 if result.created else 200, body)


@router.post(f"{SESSION}/check-ins", response={200: CheckInOut, 201: CheckInOut})
def check_in(request: HttpRequest, edition_id: int, session_id: int, payload: CheckInIn) -> Any:
    """Check a participant in (organisers): by ``badge_code`` or by ``application_id``.
    201 when recorded, 200 when the person was already checked in; 404 ``unknown_badge``,
    409 ``not_participant`` for an application that is not accepted."""
    user = current_user(request)
    session = access.session_for_organiser(user=user, edition_id=edition_id, session_id=session_id)
    if bool(payload.badge_code.strip()) == (payload.application_id is not None):
        raise ServiceError(_("Send either a badge code or an application id."), code="invalid")
    if payload.application_id is not None:
        application = access.application_for_organiser(
            user=user, edition_id=edition_id, application_id=payload.application_id
        )
        result = attendance.check_in(
            session=session, application=application, method=CheckInMethod.LIST, by=user
        )
    else:
        result = attendance.check_in_by_badge(
            session=session, badge_code=payload.badge_code, by=user
        )
    return _result_out(result)


@router.delete(f"{SESSION}/check-ins/{{application_id}}", response={204: None})
def undo_check_in(
    request: HttpRequest, edition_id: int, session_id: int, application_id: int
) -> Any:
    """Undo a check-in recorded by mistake (organisers)."""
    user = current_user(request)
    checkin = access.checkin_for_organiser(
        user=user, edition_id=edition_id, session_id=session_id, application_id=application_id
    )
    attendance.check_in_undo(checkin=checkin, by=user)
    return Status(204, None)


@router.get(f"{SESSION}/attendance", response=SessionAttendanceOut)
def session_attendance(request: HttpRequest, edition_id: int, session_id: int) -> dict[str, Any]:
    """Who is checked in to a session (organisers), first first."""
    session = access.session_for_organiser(
        user=current_user(request), edition_id=edition_id, session_id=session_id
    )
    presence = alumni.session_presence(session=session)
    opens, closes = attendance.code_window(session)
    return {
        "session_id": session.pk,
        "expected": presence.expected,
        "present": presence.present,
        "code_valid_from": opens,
        "code_valid_until": closes,
        "check_ins": [
            _checkin_out(c, created=False) for c in alumni.session_checkins(session=session)
        ],
    }


@router.post(
    "/training/editions/{edition_id}/check-in", response={200: CheckInOut, 201: CheckInOut}
)
def self_check_in(request: HttpRequest, edition_id: int, payload: CodeIn) -> Any:
    """Check yourself in with the code shown in the room (accepted participants). Refused
    with 400 ``wrong_code``, ``not_open`` or ``expired``, and 429 ``throttled`` after too
    many wrong codes."""
    application = access.participation_for_user(user=current_user(request), edition_id=edition_id)
    return _result_out(attendance.self_check_in(application=application, code=payload.code))


@router.get("/training/editions/{edition_id}/attendance", response=list[AttendanceOut])
@paginate(LimitOffsetPagination)
def edition_attendance(request: HttpRequest, edition_id: int) -> list[dict[str, Any]]:
    """Each accepted participant's attendance against the certificate rule (organisers)."""
    edition = access.edition_for_organiser(user=current_user(request), edition_id=edition_id)
    rows = []
    for a in alumni.attendance_of(edition=edition):
        person = a.application.applicant
        rows.append(
            {
                "application_id": a.application.pk,
                "name_latin": person.name_latin,
                "name_native": person.name_native,
                "role": a.application.role,
                "sessions_attended": a.attended,
                "required_attended": a.required_attended,
                "required_total": a.required_total,
                "share": a.share,
                "hours": a.hours,
                "eligible": a.eligible,
                "certificate": a.certificate.uid if a.certificate else None,
                "certificate_valid": a.certificate.is_valid if a.certificate else None,
            }
        )
    return rows


@router.get("/training/editions/{edition_id}/figures", response=FiguresOut, auth=PUBLIC)
def edition_figures(request: HttpRequest, edition_id: int) -> dict[str, Any]:
    """Aggregate figures of an edition (no names): people by country, continent,
    profession, institution and role; acceptance and attendance rates."""
    edition = access.edition_for_viewer(user=request.user, edition_id=edition_id)
    figures = alumni.edition_figures(edition=edition)
    row = figures.row
    return {
        "edition_id": edition.pk,
        "applications": row.applications,
        "people": row.people,
        "invited": row.invited,
        "countries": row.countries,
        "acceptance_rate": row.acceptance.percent,
        "attendance_rate": row.attendance.percent,
        "certificates": row.certificates,
        "breakdowns": [
            {
                "dimension": b.dimension,
                "title": b.title,
                "rows": [{"key": r.key, "label": r.label, "count": r.count} for r in b.rows],
            }
            for b in figures.breakdowns
        ],
    }
