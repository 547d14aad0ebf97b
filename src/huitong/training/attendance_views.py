"""The attendance pages: check-in by the organisers (a searchable list, a badge scan page,
the session code shown in the room), the participants' self check-in, badges as PDF,
the attendance overview with the certificates of attendance, and the alumni figures and
journeys. Every view goes through ``access``; every write through ``attendance``."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huitong.accounts.access import current_user
from huitong.accounts.models import User
from huitong.core.errors import ServiceError
from huitong.core.forms import service_done
from huitong.core.pagination import paginate
from huitong.training import access, alumni, attendance
from huitong.training.attendance_forms import (
    BadgeLayoutForm,
    BadgeScanForm,
    RosterSearchForm,
    SessionCodeForm,
)
from huitong.training.badges import badges_for, badges_pdf
from huitong.training.models import (
    ApplicationStatus,
    CheckIn,
    CheckInMethod,
    Edition,
    EditionOrganiser,
    ParticipantRole,
    Programme,
    Session,
)

ROSTER_PAGE_SIZE = 100

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A cell as written to a CSV file: text that a spreadsheet would run as a formula is
    prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose ``write`` returns what it is given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _csv_response(filename: str, header: list[str], rows: Iterable[list[Any]]) -> HttpResponseBase:
    """UTF-8 with a byte order mark, so that spreadsheets read names in every script."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# --- Participants: self check-in, own badge -------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def self_checkin(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    """The participant types the code shown in the room."""
    user = current_user(request)
    application = access.participation_for_user(user=user, edition_id=edition_id)
    edition = application.edition
    form = SessionCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = attendance.self_check_in(
                application=application, code=form.cleaned_data["code"]
            )
        except ServiceError as error:
            form.add_error("code", str(error))
            status = error.status if error.status == 429 else 400
        else:
            title = result.checkin.session.translated("title").text
            if result.created:
                messages.success(
                    request, _("You are checked in to “%(title)s”.") % {"title": title}
                )
            else:
                messages.info(
                    request,
                    _("You were already checked in to “%(title)s” at %(time)s.")
                    % {
                        "title": title,
                        "time": attendance.local_time(result.checkin.checked_in_at, edition),
                    },
                )
            return redirect("training:self_checkin", edition_id=edition.pk)
    elif request.method == "POST":
        status = 400
    now = timezone.now()
    sessions = Session.objects.filter(
        edition=edition,
        starts_at__lte=now + attendance.CODE_OPENS_BEFORE,
        ends_at__gte=now,
    ).order_by("starts_at", "room", "pk")
    mine = (
        CheckIn.objects.filter(application=application)
        .select_related("session")
        .order_by("-session__starts_at")
    )
    return render(
        request,
        "training/attendance_self.html",
        {
            "edition": edition,
            "application": application,
            "form": form,
            "open_sessions": sessions,
            "checkins": mine,
            "minutes_before": attendance.CODE_OPENS_BEFORE.seconds // 60,
        },
        status=status,
    )


@login_required
@require_GET
def own_badge(request: HttpRequest, edition_id: int) -> HttpResponse:
    user = current_user(request)
    application = access.participation_for_user(user=user, edition_id=edition_id)
    application.applicant = User.objects.select_related("country").get(pk=user.pk)
    pdf = badges_pdf(edition=application.edition, badges=badges_for([application]))
    return _pdf_response(pdf, f"badge-{application.edition_id}.pdf")


# --- Organisers: check-in list, scan, code --------------------------------------------


def _roster_url(session: Session, query: str = "", page: str = "") -> str:
    url = reverse(
        "training:session_checkin",
        kwargs={"edition_id": session.edition_id, "session_id": session.pk},
    )
    params = {k: v for k, v in (("q", query), ("page", page)) if v}
    return f"{url}?{urlencode(params)}" if params else url


@login_required
@require_GET
def session_checkin(request: HttpRequest, edition_id: int, session_id: int) -> HttpResponse:
    """The organisers' check-in list of a session: every accepted participant, searchable,
    with a button each."""
    session = access.session_for_organiser(
        user=current_user(request), edition_id=edition_id, session_id=session_id
    )
    form = RosterSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = paginate(
        request,
        alumni.search_participants(edition=session.edition, query=query),
        per_page=ROSTER_PAGE_SIZE,
    )
    return render(
        request,
        "training/attendance_checkin.html",
        {
            "edition": session.edition,
            "session": session,
            "form": form,
            "query": query,
            "page": page,
            "rows": alumni.session_roster(session=session, applications=list(page)),
            "presence": alumni.session_presence(session=session),
        },
    )


def _checkin_answer(
    request: HttpRequest, session: Session, *, ok: bool, message: str, extra: dict[str, Any]
) -> HttpResponseBase:
    """JSON for the page's script, or a message and the list again without one."""
    if _wants_json(request):
        presence = alumni.session_presence(session=session)
        return JsonResponse(
            {
                "ok": ok,
                "message": message,
                "present": presence.present,
                "expected": presence.expected,
                **extra,
            },
            status=200 if ok else 400,
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect(
        _roster_url(session, request.POST.get("q", "")[:100], request.POST.get("page", "")[:6])
    )


@login_required
@require_POST
def checkin_create(
    request: HttpRequest, edition_id: int, session_id: int, application_id: int
) -> HttpResponseBase:
    user = current_user(request)
    session = access.session_for_organiser(user=user, edition_id=edition_id, session_id=session_id)
    application = access.application_for_organiser(
        user=user, edition_id=edition_id, application_id=application_id
    )
    try:
        result = attendance.check_in(
            session=session, application=application, method=CheckInMethod.LIST, by=user
        )
    except ServiceError as error:
        return _checkin_answer(request, session, ok=False, message=str(error), extra={})
    return _checkin_answer(
        request,
        session,
        ok=True,
        message=result.message(),
        extra={
            "created": result.created,
            "time": attendance.local_time(result.checkin.checked_in_at, session.edition),
        },
    )


@login_required
@require_POST
def checkin_undo(
    request: HttpRequest, edition_id: int, session_id: int, application_id: int
) -> HttpResponseBase:
    user = current_user(request)
    checkin = access.checkin_for_organiser(
        user=user, edition_id=edition_id, session_id=session_id, application_id=application_id
    )
    attendance.check_in_undo(checkin=checkin, by=user)
    message = _("The check-in of %(name)s is undone.") % {
        "name": checkin.application.applicant.display_name
    }
    return _checkin_answer(request, checkin.session, ok=True, message=message, extra={})


@login_required
@require_http_methods(["GET", "POST"])
def session_scan(request: HttpRequest, edition_id: int, session_id: int) -> HttpResponse:
    """A page that reads a typed or scanned badge code (a scanner types it followed by
    Enter) and checks the person in."""
    user = current_user(request)
    session = access.session_for_organiser(user=user, edition_id=edition_id, session_id=session_id)
    form = BadgeScanForm(request.POST or None)
    result = None
    error = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = attendance.check_in_by_badge(
                    session=session, badge_code=form.cleaned_data["badge_code"], by=user
                )
            except ServiceError as failure:
                error = str(failure)
                status = 400
        else:
            error = "; ".join(str(e) for e in form.errors.get("badge_code", []))
            status = 400
        form = BadgeScanForm()  # empty again for the next badge
    return render(
        request,
        "training/attendance_scan.html",
        {
            "edition": session.edition,
            "session": session,
            "form": form,
            "result": result,
            "error": error,
            "presence": alumni.session_presence(session=session),
        },
        status=status,
    )


@login_required
@require_GET
def session_code(request: HttpRequest, edition_id: int, session_id: int) -> HttpResponse:
    """The session's code, big, to show in the room: only while it is valid."""
    session = access.session_for_organiser(
        user=current_user(request), edition_id=edition_id, session_id=session_id
    )
    opens, closes = attendance.code_window(session)
    is_open = attendance.code_is_open(session)
    code = attendance.session_code_ensure(session=session) if is_open else ""
    return render(
        request,
        "training/attendance_code.html",
        {
            "edition": session.edition,
            "session": session,
            "is_open": is_open,
            "code": code,
            "opens": attendance.local_time(opens, session.edition),
            "closes": attendance.local_time(closes, session.edition),
            "opens_at": opens,
            "checkin_url": request.build_absolute_uri(
                reverse("training:self_checkin", kwargs={"edition_id": session.edition_id})
            ),
            "presence": alumni.session_presence(session=session),
        },
    )


@login_required
@require_POST
def session_code_renew(request: HttpRequest, edition_id: int, session_id: int) -> HttpResponseBase:
    user = current_user(request)
    session = access.session_for_organiser(user=user, edition_id=edition_id, session_id=session_id)
    attendance.session_code_renew(session=session, by=user)
    messages.success(request, _("The session has a new code; the old one no longer works."))
    return redirect("training:session_code", edition_id=edition_id, session_id=session_id)


# --- Organisers: badges, attendance overview, certificates ----------------------------


@login_required
@require_GET
def all_badges(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access.edition_for_organiser(user=current_user(request), edition_id=edition_id)
    layout = BadgeLayoutForm(request.GET).layout_or_default()
    pdf = badges_pdf(
        edition=edition, badges=badges_for(alumni.participants(edition)), layout=layout
    )
    return _pdf_response(pdf, f"badges-{edition.pk}-{layout}.pdf")


@login_required
@require_GET
def participant_badge(request: HttpRequest, edition_id: int, application_id: int) -> HttpResponse:
    application = access.application_for_organiser(
        user=current_user(request), edition_id=edition_id, application_id=application_id
    )
    if application.status != ApplicationStatus.ACCEPTED:
        raise Http404
    pdf = badges_pdf(edition=application.edition, badges=badges_for([application]))
    return _pdf_response(pdf, f"badge-{edition_id}-{application.pk}.pdf")


def _session_counts(edition: Edition) -> list[Session]:
    sessions: list[Session] = list(
        Session.objects.filter(edition=edition)
        .annotate(present=Count("checkins"))
        .order_by("starts_at", "room", "pk")
    )
    for session in sessions:
        session.edition = edition
    return sessions


@login_required
@require_GET
def attendance_overview(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access.edition_for_organiser(user=current_user(request), edition_id=edition_id)
    rows = alumni.attendance_overview(edition=edition)
    learners = [r for r in rows if r.application.role == ParticipantRole.PARTICIPANT]
    return render(
        request,
        "training/attendance_overview.html",
        {
            "edition": edition,
            "rows": rows,
            "participants": len(learners),
            "eligible_participants": sum(1 for r in learners if r.attendance.eligible),
            "sessions": _session_counts(edition),
            "required_total": rows[0].attendance.required_total
            if rows
            else Session.objects.filter(edition=edition, required=True).count(),
            "eligible": sum(1 for r in rows if r.attendance.eligible),
            "to_issue": sum(
                1 for r in rows if r.attendance.eligible and r.attendance.certificate is None
            ),
        },
    )


@login_required
@require_GET
def attendance_csv(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    edition = access.edition_for_organiser(user=current_user(request), edition_id=edition_id)
    rows = alumni.attendance_overview(edition=edition)
    header = [
        _("name (Latin script)"),
        _("name (native script)"),
        _("e-mail address"),
        _("role"),
        _("country"),
        _("institution"),
        _("sessions attended"),
        _("required sessions attended"),
        _("required sessions"),
        _("share of required sessions (%)"),
        _("CME/CPD hours"),
        _("eligible"),
        _("certificate"),
        _("badge code"),
    ]
    yes, no = _("yes"), _("no")

    def cells(row: alumni.OverviewRow) -> list[Any]:
        a = row.attendance
        person = row.person
        certificate = a.certificate
        return [
            person.name_latin,
            person.name_native,
            person.email,
            row.application.get_role_display(),
            person.country.name if person.country else "",
            "; ".join(i.name for i in row.institutions),
            a.attended,
            a.required_attended,
            a.required_total,
            "" if a.share is None else a.share,
            str(a.hours),
            yes if a.eligible else no,
            (certificate.uid + ("" if certificate.is_valid else f" ({_('revoked')})"))
            if certificate
            else "",
            row.application.badge_code,
        ]

    return _csv_response(
        f"edition-{edition.pk}-attendance.csv", header, (cells(row) for row in rows)
    )


@login_required
@require_POST
def certificates_issue(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    """Issue the certificates of every eligible participant who has none yet."""
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    summary = attendance.certificates_issue_eligible(edition=edition, by=user)
    if summary.issued:
        messages.success(
            request,
            translation.ngettext(
                "%(count)d certificate of attendance issued.",
                "%(count)d certificates of attendance issued.",
                summary.issued,
            )
            % {"count": summary.issued},
        )
    else:
        messages.info(request, _("No new certificate to issue: nobody else meets the rule yet."))
    return redirect("training:attendance", edition_id=edition.pk)


@login_required
@require_POST
def certificate_issue(
    request: HttpRequest, edition_id: int, application_id: int
) -> HttpResponseBase:
    user = current_user(request)
    application = access.application_for_organiser(
        user=user, edition_id=edition_id, application_id=application_id
    )
    service_done(
        request,
        lambda: attendance.certificate_issue_for(application=application, by=user),
        success=lambda certificate: (
            _("Certificate %(uid)s issued to %(name)s.")
            % {"uid": certificate.uid, "name": application.applicant.display_name}
        ),
    )
    return redirect("training:attendance", edition_id=edition_id)


# --- Alumni ---------------------------------------------------------------------------


def _charts(breakdowns: list[alumni.Breakdown]) -> list[tuple[alumni.Breakdown, alumni.Chart]]:
    return [(b, alumni.chart(b)) for b in breakdowns if b.rows]


@require_GET
def edition_figures(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Aggregate figures of an edition: public wherever the edition is."""
    edition = access.edition_for_viewer(user=request.user, edition_id=edition_id)
    figures = alumni.edition_figures(edition=edition)
    return render(
        request,
        "training/alumni_edition.html",
        {
            "edition": edition,
            "figures": figures,
            "charts": _charts(figures.breakdowns),
            "is_organiser": access.is_organiser(request.user, edition),
        },
    )


@login_required
@require_GET
def edition_figures_csv(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    edition = access.edition_for_organiser(user=current_user(request), edition_id=edition_id)
    figures = alumni.edition_figures(edition=edition)
    row = figures.row
    headline: list[list[Any]] = [
        ["summary", "applications", _("applications"), row.applications],
        ["summary", "people", _("participants"), row.people],
        ["summary", "invited", _("invited speakers and experts"), row.invited],
        ["summary", "countries", _("countries"), row.countries],
        ["summary", "acceptance_rate", _("acceptance rate (%)"), row.acceptance.percent],
        ["summary", "attendance_rate", _("attendance rate (%)"), row.attendance.percent],
        ["summary", "certificates", _("certificates issued"), row.certificates],
    ]
    return _csv_response(
        f"edition-{edition.pk}-figures.csv",
        [_("dimension"), _("key"), _("label"), _("count")],
        [*headline, *alumni.figures_csv_rows(figures.breakdowns)],
    )


def _programme_for_figures(request: HttpRequest, slug: str) -> tuple[Programme, bool, bool]:
    programme = access.programme_for_viewer(user=request.user, slug=slug)
    admin = access.is_programme_admin(request.user, programme)
    organiser = admin or bool(
        request.user.is_authenticated
        and EditionOrganiser.objects.filter(
            user=request.user, edition__programme=programme
        ).exists()
    )
    return programme, admin, organiser


@require_GET
def programme_figures(request: HttpRequest, slug: str) -> HttpResponse:
    """Figures across a programme's editions; the names of returning alumni only for the
    programme's organisers."""
    programme, admin, organiser = _programme_for_figures(request, slug)
    figures = alumni.programme_figures(programme=programme, include_drafts=admin)
    return render(
        request,
        "training/alumni_programme.html",
        {
            "programme": programme,
            "figures": figures,
            "charts": _charts(figures.breakdowns),
            "is_organiser": organiser,
        },
    )


@login_required
@require_GET
def programme_figures_csv(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme, admin, organiser = _programme_for_figures(request, slug)
    if not organiser:
        raise PermissionDenied(_("Only the programme's organisers may download its figures."))
    figures = alumni.programme_figures(programme=programme, include_drafts=admin)
    rows: list[list[Any]] = [
        [
            "edition",
            str(r.edition.number),
            r.edition.title,
            r.people,
            r.applications,
            r.countries,
            r.acceptance.percent,
            r.attendance.percent,
            r.certificates,
        ]
        for r in figures.editions
    ]
    rows += [[*cells, "", "", "", "", ""] for cells in alumni.figures_csv_rows(figures.breakdowns)]
    return _csv_response(
        f"programme-{programme.slug}-figures.csv",
        [
            _("dimension"),
            _("key"),
            _("label"),
            _("count"),
            _("applications"),
            _("countries"),
            _("acceptance rate (%)"),
            _("attendance rate (%)"),
            _("certificates issued"),
        ],
        rows,
    )


@login_required
@require_GET
def person_journey(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's editions and roles: for the person and the organisers of their
    editions."""
    person = access.person_for_journey(user=current_user(request), person_id=person_id)
    return render(
        request,
        "training/alumni_person.html",
        {"person": person, "steps": alumni.journey(person=person)},
    )
