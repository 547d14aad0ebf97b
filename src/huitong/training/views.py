"""Pages of programmes, editions and the timetable: the public ones (programmes, an
edition, its timetable by day, a session, the iCalendar feeds) and the organisers' (edit
the edition, its team, its sessions and their materials; publish). Applications are in
``application_views``, attendance in ``attendance_views``.

The public pages are cached for anonymous visitors (``cache_public_page``) and run a fixed
number of queries whatever the number of sessions.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from huitong.accounts.access import current_user
from huitong.accounts.models import User
from huitong.alliance.access import is_any_alliance_admin
from huitong.alliance.models import Institution
from huitong.alliance.selectors import approved_members
from huitong.core.errors import ServiceError
from huitong.core.forms import (
    TRANSLATIONS_HELP,
    form_saved,
    report_error,
    report_form_errors,
    service_done,
)
from huitong.core.i18n import language_name, translated
from huitong.core.page_cache import cache_public_page
from huitong.courses import media
from huitong.training import access, ical, selectors, services
from huitong.training.forms import (
    CancelForm,
    EditionForm,
    MaterialForm,
    OrganiserForm,
    ProgrammeCreateForm,
    ProgrammeForm,
    SessionForm,
)
from huitong.training.models import Edition, Session

# --- Helpers --------------------------------------------------------------------------


def _members(edition: Edition) -> QuerySet[Institution]:
    return approved_members(alliance_id=edition.programme.alliance_id)


def _languages(edition: Edition) -> list[dict[str, str]]:
    return [{"code": code, "name": language_name(code)} for code in edition.languages or []]


# --- Programmes -----------------------------------------------------------------------


@require_GET
@cache_public_page
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/programme_list.html",
        {
            "programmes": selectors.programme_list(),
            "can_create": is_any_alliance_admin(request.user),
        },
    )


@require_GET
@cache_public_page
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.programme_for_viewer(user=request.user, slug=slug)
    return render(
        request,
        "training/programme.html",
        {
            "programme": programme,
            "editions": selectors.programme_editions(programme=programme, user=request.user),
            "is_admin": access.is_programme_admin(request.user, programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponseBase:
    """A new programme, for the admins of an alliance."""
    user = current_user(request)
    alliances = access.alliances_for_programme_creator(user=user)
    form = ProgrammeCreateForm(
        request.POST or None, alliances=alliances, initial={"original_language": "en"}
    )
    done = form_saved(
        request,
        form,
        lambda: services.programme_create(
            actor=user,
            alliance=form.cleaned_data["alliance"],
            organiser=form.cleaned_data["organiser"],
            **form.service_fields(),
        ),
        success=_("The programme is created. Add its first edition."),
        then=redirect,
    )
    if done is not None:
        return done
    return render(
        request,
        "training/programme_form.html",
        {"form": form, "translations_help": TRANSLATIONS_HELP},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    user = current_user(request)
    programme = access.programme_for_admin(user=user, slug=slug)
    members = approved_members(alliance_id=programme.alliance_id)
    form = ProgrammeForm(request.POST or None, instance=programme, members=members)
    done = form_saved(
        request,
        form,
        lambda: services.programme_update(
            actor=user,
            programme=programme,
            organiser=form.cleaned_data["organiser"],
            **form.service_fields(),
        ),
        success=_("The programme is saved."),
        then=redirect,
    )
    if done is not None:
        return done
    return render(
        request,
        "training/programme_form.html",
        {"form": form, "programme": programme, "translations_help": TRANSLATIONS_HELP},
    )


# --- Editions -------------------------------------------------------------------------


@require_GET
@cache_public_page
def edition_detail(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The edition's public page; the applications part fills the ``edition_actions``
    block (apply, or the visitor's application)."""
    edition = access.edition_for_viewer(user=request.user, edition_id=edition_id)
    institutions = selectors.edition_institutions(edition=edition)
    return render(
        request,
        "training/edition.html",
        {
            "edition": edition,
            "programme": edition.programme,
            "languages": _languages(edition),
            "team": selectors.edition_team(edition=edition),
            "organising": institutions.organising,
            "partners": institutions.partners,
            "is_organiser": access.is_organiser(request.user, edition),
            "application": selectors.application_of(user=request.user, edition=edition),
            "timetable_visible": access.timetable_visible(request.user, edition),
        },
    )


# --- Timetable ------------------------------------------------------------------------


def _shown_zone(request: HttpRequest) -> str:
    """ "viewer" for ``?tz=viewer`` or ``?tz=<IANA zone>`` (an anonymous visitor's
    browser zone, set by timetable.js), else "edition"."""
    requested = request.GET.get("tz", "")
    if requested == "viewer" or selectors.requested_zone(requested) is not None:
        return "viewer"
    return "edition"


@require_GET
@cache_public_page
def timetable(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The timetable day by day, in the edition's time zone (``?tz=edition``, the
    default) or the viewer's (``?tz=viewer``, or ``?tz=<IANA zone>`` for an anonymous
    visitor, whose zone we do not otherwise know), each time also in the other zone where
    its clock differs. The page cache keys on the query string, so each zone is its own
    cached page."""
    requested = request.GET.get("tz", "")
    edition = access.edition_for_viewer(user=request.user, edition_id=edition_id)
    visible = access.timetable_visible(request.user, edition)
    shown = _shown_zone(request)
    table = (
        selectors.edition_timetable(
            edition=edition, user=request.user, show=shown, requested=requested
        )
        if visible
        else None
    )
    participation = access.participation(request.user, edition)
    feed = None
    if participation is not None and edition.timetable_published:
        feed = request.build_absolute_uri(
            reverse("training:personal_ics", kwargs={"token": access.calendar_token(participation)})
        )
    viewer_zone = str(selectors.viewer_zone(request.user, requested))
    return render(
        request,
        "training/timetable.html",
        {
            "edition": edition,
            "programme": edition.programme,
            "table": table,
            "visible": visible,
            "shown": shown,
            "edition_zone": edition.time_zone,
            "viewer_zone": viewer_zone,
            "zones_differ": viewer_zone != edition.time_zone,
            "anonymous": not request.user.is_authenticated,
            "is_organiser": access.is_organiser(request.user, edition),
            "personal_feed": feed,
        },
    )


def _ics(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@cache_public_page
def timetable_ics(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The whole edition's published timetable as an iCalendar feed."""
    edition = access.edition_for_viewer(user=request.user, edition_id=edition_id)
    if not edition.timetable_published:
        return HttpResponse(
            _("The timetable is not published yet."), status=404, content_type="text/plain"
        )
    name = translated(edition, "title").text
    sessions = selectors.edition_sessions(edition=edition)
    return _ics(
        ical.calendar(edition=edition, sessions=sessions, name=name), f"edition-{edition.pk}.ics"
    )


@require_safe
def personal_ics(request: HttpRequest, token: str) -> HttpResponse:
    """A participant's own sessions (see ``selectors.own_sessions``), for a calendar app
    to subscribe to with the secret address alone."""
    application = access.application_for_calendar(token=token)
    edition = application.edition
    name = _("%(edition)s: my sessions") % {"edition": translated(edition, "title").text}
    sessions = selectors.own_sessions(application=application)
    response = _ics(ical.calendar(edition=edition, sessions=sessions, name=name), "my-sessions.ics")
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_GET
@cache_public_page
def session_detail(request: HttpRequest, edition_id: int, session_id: int) -> HttpResponse:
    session = access.session_for_viewer(
        user=request.user, edition_id=edition_id, session_id=session_id
    )
    edition = session.edition
    is_organiser = access.is_organiser(request.user, edition)
    may_see = access.may_see_materials(request.user, session)
    materials = selectors.session_materials(session=session)
    zone = services.zone_of(edition)
    viewer = selectors.viewer_zone(request.user, request.GET.get("tz", ""))
    return render(
        request,
        "training/session.html",
        {
            "edition": edition,
            "programme": edition.programme,
            "session": session,
            "shown": selectors.slot(session, zone),
            "other": selectors.slot(session, viewer)
            if session.starts_at.astimezone(viewer).utcoffset()
            != session.starts_at.astimezone(zone).utcoffset()
            else None,
            "speakers": selectors.session_speakers(session=session),
            "materials": materials,
            "may_see_materials": may_see,
            "is_organiser": is_organiser,
            "material_form": MaterialForm() if is_organiser else None,
        },
    )


@login_required
@require_safe
def material_download(
    request: HttpRequest, edition_id: int, session_id: int, material_id: int
) -> HttpResponseBase:
    material = access.material_for_viewer(
        user=current_user(request),
        edition_id=edition_id,
        session_id=session_id,
        material_id=material_id,
    )
    suffix = PurePath(material.file.name or "").suffix.lower()
    file_type = services.MATERIAL_TYPES.get(suffix)
    return media.file_response(
        request,
        material.file,
        content_type=file_type.content_type if file_type else "application/octet-stream",
        download_name=material.original_name or f"material-{material.pk}{suffix}",
    )


# --- The organisers' pages ------------------------------------------------------------


@login_required
@require_GET
def edition_manage(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The organisers' overview: status, timetable, team; the other parts add their links
    through the ``organiser_links`` block."""
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    return render(
        request,
        "training/edition_manage.html",
        {
            "edition": edition,
            "programme": edition.programme,
            "sessions": selectors.edition_sessions(edition=edition),
            "team": selectors.edition_team(edition=edition),
            "cancel_form": CancelForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_create(request: HttpRequest, slug: str) -> HttpResponseBase:
    """A new draft edition of a programme, for the alliance's admins."""
    user = current_user(request)
    programme = access.programme_for_admin(user=user, slug=slug)
    draft = Edition(programme=programme, languages=["en"], time_zone="UTC")
    form = EditionForm(
        request.POST or None,
        instance=draft,
        members=_members(draft),
        institutions=Institution.objects.order_by("name"),
    )
    done = form_saved(
        request,
        form,
        lambda: services.edition_create(
            actor=user, programme=programme, **form.institutions(), **form.service_fields()
        ),
        success=_("The edition is created as a draft."),
        then=lambda edition: redirect("training:edition_manage", edition_id=edition.pk),
    )
    if done is not None:
        return done
    return render(
        request,
        "training/edition_form.html",
        {"form": form, "programme": programme, "translations_help": TRANSLATIONS_HELP},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_edit(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    form = EditionForm(
        request.POST or None,
        instance=edition,
        members=_members(edition),
        institutions=Institution.objects.order_by("name"),
    )
    done = form_saved(
        request,
        form,
        lambda: services.edition_update(
            actor=user, edition=edition, **form.institutions(), **form.service_fields()
        ),
        success=_("The edition is saved."),
        then=lambda _saved: redirect("training:edition_manage", edition_id=edition.pk),
    )
    if done is not None:
        return done
    return render(
        request,
        "training/edition_form.html",
        {
            "form": form,
            "edition": edition,
            "programme": edition.programme,
            "translations_help": TRANSLATIONS_HELP,
        },
    )


@login_required
@require_POST
def edition_publish(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    service_done(
        request,
        lambda: services.edition_publish(actor=user, edition=edition),
        success=_("The edition is published."),
    )
    return redirect("training:edition_manage", edition_id=edition.pk)


@login_required
@require_POST
def edition_cancel(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("training:edition_manage", edition_id=edition.pk)
    service_done(
        request,
        lambda: services.edition_cancel(
            actor=user, edition=edition, reason=form.cleaned_data["reason"]
        ),
        success=_("The edition is cancelled."),
    )
    return redirect("training:edition_manage", edition_id=edition.pk)


@login_required
@require_GET
def organisers(request: HttpRequest, edition_id: int) -> HttpResponse:
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    return render(
        request,
        "training/organisers.html",
        {
            "edition": edition,
            "programme": edition.programme,
            "team": selectors.edition_team(edition=edition),
            "form": OrganiserForm(),
        },
    )


@login_required
@require_POST
def organiser_add(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    form = OrganiserForm(request.POST)
    back = redirect("training:organisers", edition_id=edition.pk)
    if not form.is_valid():
        report_form_errors(request, form)
        return back
    email = form.cleaned_data["email"]
    person = User.objects.filter(email__iexact=email, is_active=True).first()
    if person is None:
        messages.error(
            request,
            _("No one has an account with the e-mail address %(email)s. Ask them to sign up.")
            % {"email": email},
        )
        return back
    service_done(
        request,
        lambda: services.organiser_add(
            actor=user, edition=edition, user=person, role=form.cleaned_data["role"]
        ),
        success=_("%(name)s is one of the edition's organisers.") % {"name": person.display_name},
    )
    return back


@login_required
@require_POST
def organiser_remove(request: HttpRequest, edition_id: int, organiser_id: int) -> HttpResponseBase:
    user = current_user(request)
    member = access.organiser_for_organiser(
        user=user, edition_id=edition_id, organiser_id=organiser_id
    )
    service_done(
        request,
        lambda: services.organiser_remove(actor=user, organiser=member),
        success=_("%(name)s is no longer one of the organisers.")
        % {"name": member.user.display_name},
    )
    return redirect("training:organisers", edition_id=member.edition.pk)


def _session_form_page(
    request: HttpRequest, edition: Edition, form: SessionForm, session: Session | None
) -> HttpResponse:
    return render(
        request,
        "training/session_form.html",
        {
            "form": form,
            "edition": edition,
            "programme": edition.programme,
            "session": session,
            "translations_help": TRANSLATIONS_HELP,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    form = SessionForm(
        request.POST or None,
        instance=Session(edition=edition, original_language=edition.original_language),
        edition=edition,
    )
    next_page = (
        "training:session_create" if "add_another" in request.POST else "training:edition_manage"
    )
    done = form_saved(
        request,
        form,
        lambda: services.session_create(
            actor=user,
            edition=edition,
            speakers=form.cleaned_data["speakers"],
            **form.service_fields(),
        ),
        success=lambda session: _("“%(title)s” is in the timetable.") % {"title": session.title},
        then=lambda _session: redirect(next_page, edition_id=edition.pk),
    )
    if done is not None:
        return done
    return _session_form_page(request, edition, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, edition_id: int, session_id: int) -> HttpResponseBase:
    user = current_user(request)
    session = access.session_for_organiser(user=user, edition_id=edition_id, session_id=session_id)
    edition = session.edition
    form = SessionForm(request.POST or None, instance=session, edition=edition)
    done = form_saved(
        request,
        form,
        lambda: services.session_update(
            actor=user,
            session=session,
            speakers=form.cleaned_data["speakers"],
            **form.service_fields(),
        ),
        success=_("The session is saved."),
        then=lambda _saved: redirect("training:edition_manage", edition_id=edition.pk),
    )
    if done is not None:
        return done
    return _session_form_page(request, edition, form, session)


@login_required
@require_POST
def session_delete(request: HttpRequest, edition_id: int, session_id: int) -> HttpResponseBase:
    user = current_user(request)
    session = access.session_for_organiser(user=user, edition_id=edition_id, session_id=session_id)
    service_done(
        request,
        lambda: services.session_delete(actor=user, session=session),
        success=_("“%(title)s” is deleted.") % {"title": session.title},
    )
    return redirect("training:edition_manage", edition_id=session.edition.pk)


@login_required
@require_POST
def timetable_publish(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    """Publish the timetable (``action=publish``) or take it back to draft
    (``action=unpublish``)."""
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    try:
        if request.POST.get("action") == "unpublish":
            services.timetable_unpublish(actor=user, edition=edition)
            messages.success(request, _("The timetable is back in draft."))
        else:
            services.timetable_publish(actor=user, edition=edition)
            messages.success(request, _("The timetable is published."))
    except ServiceError as error:
        report_error(request, error)
    return redirect("training:edition_manage", edition_id=edition.pk)


@login_required
@require_POST
def material_add(request: HttpRequest, edition_id: int, session_id: int) -> HttpResponseBase:
    user = current_user(request)
    session = access.session_for_organiser(user=user, edition_id=edition_id, session_id=session_id)
    form = MaterialForm(request.POST, request.FILES)
    back = redirect("training:session", edition_id=session.edition.pk, session_id=session.pk)
    if not form.is_valid():
        report_form_errors(request, form)
        return back
    try:
        material = services.material_add(
            actor=user,
            session=session,
            file=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        )
    except (ServiceError, ValidationError) as error:
        report_error(request, error)
    else:
        messages.success(request, _("“%(title)s” is added.") % {"title": material.title})
    return back


@login_required
@require_POST
def material_delete(
    request: HttpRequest, edition_id: int, session_id: int, material_id: int
) -> HttpResponseBase:
    user = current_user(request)
    material = access.material_for_organiser(
        user=user, edition_id=edition_id, session_id=session_id, material_id=material_id
    )
    services.material_delete(actor=user, material=material)
    messages.success(request, _("“%(title)s” is deleted.") % {"title": material.title})
    return redirect(
        "training:session", edition_id=material.session.edition.pk, session_id=material.session.pk
    )
