"""The pages of applications: apply, the applicant's status with withdraw / confirm /
decline, "my applications"; for the organisers the review list, an application with its
answers, files and the decision form, the form builder and the invitations; and the page
an invitation link opens."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from huitong.accounts.access import current_user
from huitong.core.errors import ServiceError
from huitong.core.forms import (
    TRANSLATIONS_HELP,
    form_saved,
    put_errors,
    report_error,
    service_done,
)
from huitong.core.i18n import language_name
from huitong.core.pagination import paginate
from huitong.courses import media
from huitong.training import access
from huitong.training import application_selectors as selectors
from huitong.training import applications as services
from huitong.training.alumni import certificates_of
from huitong.training.application_forms import (
    ApplicationForm,
    DecisionForm,
    FormFieldForm,
    InvitationForm,
    ReviewFilterForm,
)
from huitong.training.models import OPEN_STATUSES, ApplicationStatus, Edition, FieldKind

REVIEW_PAGE_SIZE = 50


# --- The applicant --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    user = current_user(request)
    edition = access.edition_for_applicant(user=user, edition_id=edition_id)
    if selectors.my_application(user, edition) is not None:
        return redirect("training:application", edition_id=edition.pk)
    window = services.application_window(edition)
    form = ApplicationForm(
        request.POST or None, request.FILES or None, fields=selectors.form_fields(edition)
    )
    if request.method == "POST" and window.is_open and form.is_valid():
        try:
            services.application_submit(
                applicant=user, edition=edition, answers=form.answers(), files=form.uploads()
            )
        except ValidationError as error:
            put_errors(form, error, form.error_names())
        except ServiceError as error:
            if error.code == "already_applied":
                messages.info(request, str(error))
                return redirect("training:application", edition_id=edition.pk)
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your application is submitted. We sent you an e-mail to confirm it.")
            )
            return redirect("training:application", edition_id=edition.pk)
    elif request.method == "POST" and not window.is_open:
        form.add_error(None, window.message)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "training/application_form.html",
        {"edition": edition, "form": form, "window": window},
        status=status,
    )


@login_required
@require_GET
def application_status(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    user = current_user(request)
    edition = access.edition_for_applicant(user=user, edition_id=edition_id)
    application = selectors.my_application(user, edition)
    if application is None:
        return redirect("training:apply", edition_id=edition.pk)
    ended = services.edition_ended(edition)
    return render(
        request,
        "training/application_status.html",
        {
            "edition": edition,
            "application": application,
            "answers": selectors.answer_rows(application),
            "position": selectors.waiting_position(application),
            "ended": ended,
            "may_withdraw": application.status in OPEN_STATUSES and not ended,
            "certificate": certificates_of([application]).get(application.pk),
            "window": services.application_window(edition),
        },
    )


def _applicant_action(request: HttpRequest, edition_id: int, action: str) -> HttpResponseBase:
    user = current_user(request)
    application = access.application_for_applicant(user=user, edition_id=edition_id)
    try:
        if action == "withdraw":
            services.application_withdraw(user=user, application=application)
            messages.success(request, _("Your application is withdrawn."))
        elif action == "confirm":
            services.offer_confirm(user=user, application=application)
            messages.success(request, _("Your place is confirmed. See you there!"))
        else:
            services.offer_decline(user=user, application=application)
            messages.success(request, _("You declined the place. Thank you for telling us."))
    except ServiceError as error:
        report_error(request, error)
    return redirect("training:application", edition_id=edition_id)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    return _applicant_action(request, edition_id, "withdraw")


@login_required
@require_POST
def offer_confirm(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    return _applicant_action(request, edition_id, "confirm")


@login_required
@require_POST
def offer_decline(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    return _applicant_action(request, edition_id, "decline")


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    return render(
        request,
        "training/application_mine.html",
        {"applications": list(selectors.my_applications(user))},
    )


@login_required
@require_safe
def application_file(request: HttpRequest, edition_id: int, file_id: int) -> HttpResponseBase:
    record = access.application_file_for_viewer(
        user=current_user(request), edition_id=edition_id, file_id=file_id
    )
    suffix = PurePath(record.original_name or record.file.name or "").suffix.lower()
    return media.file_response(
        request,
        record.file,
        content_type=services.application_file_content_type(record.file.name or ""),
        download_name=record.original_name or f"application-{record.application_id}{suffix}",
    )


# --- Review ---------------------------------------------------------------------------


@login_required
@require_GET
def review_list(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access.edition_for_organiser(user=current_user(request), edition_id=edition_id)
    form = ReviewFilterForm(request.GET or None)
    status, q = "", ""
    if form.is_bound and form.is_valid():
        status, q = form.cleaned_data["status"], form.cleaned_data["q"]
    page = paginate(request, selectors.review_list(edition, status=status, q=q), REVIEW_PAGE_SIZE)
    edition.refresh_from_db(fields=["places_taken"])
    return render(
        request,
        "training/application_review.html",
        {
            "edition": edition,
            "form": form,
            "page": page,
            "counts": selectors.status_counts(edition),
            "statuses": ApplicationStatus.choices,
            "invited": selectors.invited_count(edition),
        },
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, edition_id: int, application_id: int) -> HttpResponse:
    user = current_user(request)
    application = access.application_for_organiser(
        user=user, edition_id=edition_id, application_id=application_id
    )
    return _detail(request, application, DecisionForm())


def _detail(
    request: HttpRequest, application: Any, form: DecisionForm, status: int = 200
) -> HttpResponse:
    edition: Edition = application.edition
    return render(
        request,
        "training/application_detail.html",
        {
            "edition": edition,
            "application": application,
            "answers": selectors.answer_rows(application),
            "position": selectors.waiting_position(application),
            "form": form,
            "ended": services.edition_ended(edition),
            "language": language_name(application.language),
        },
        status=status,
    )


@login_required
@require_POST
def application_decide(
    request: HttpRequest, edition_id: int, application_id: int
) -> HttpResponseBase:
    user = current_user(request)
    application = access.application_for_organiser(
        user=user, edition_id=edition_id, application_id=application_id
    )
    form = DecisionForm(request.POST)
    done = form_saved(
        request,
        form,
        lambda: services.application_decide(
            actor=user,
            application=application,
            decision=form.cleaned_data["decision"],
            message=form.cleaned_data["message"],
        ),
        success=_("The decision is saved and the applicant is told."),
        then=lambda _decided: redirect("training:review", edition_id=edition_id),
    )
    if done is not None:
        return done
    application.refresh_from_db()
    return _detail(request, application, form, status=400)


@login_required
@require_POST
def waiting_list_fill(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    offered = services.waiting_list_fill(actor=user, edition=edition)
    if offered:
        messages.success(
            request,
            _("%(count)d places were offered to the waiting list.") % {"count": len(offered)},
        )
    else:
        messages.info(request, _("No place is free, or nobody is waiting."))
    return redirect("training:review", edition_id=edition_id)


# --- The form builder -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def form_builder(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    form = FormFieldForm(request.POST or None, initial={"original_language": "en"})
    done = form_saved(
        request,
        form,
        lambda: services.form_field_create(
            actor=user, edition=edition, choices=form.service_choices(), **form.service_fields()
        ),
        success=_("The question is added to the form."),
        then=lambda _field: redirect("training:form_builder", edition_id=edition.pk),
        names={"choices": "choices_text"},
    )
    if done is not None:
        return done
    return render(
        request,
        "training/application_form_builder.html",
        {
            "edition": edition,
            "fields": selectors.form_fields(edition),
            "form": form,
            "translations_help": TRANSLATIONS_HELP,
            "file_kind": FieldKind.FILE,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def form_field_edit(request: HttpRequest, edition_id: int, field_id: int) -> HttpResponseBase:
    user = current_user(request)
    field = access.form_field_for_organiser(user=user, edition_id=edition_id, field_id=field_id)
    form = FormFieldForm(request.POST or None, instance=field)
    done = form_saved(
        request,
        form,
        lambda: services.form_field_update(
            actor=user, field=field, choices=form.service_choices(), **form.service_fields()
        ),
        success=_("The question is saved."),
        then=lambda _field: redirect("training:form_builder", edition_id=edition_id),
        names={"choices": "choices_text"},
    )
    if done is not None:
        return done
    return render(
        request,
        "training/application_field_form.html",
        {
            "edition": field.edition,
            "field": field,
            "form": form,
            "translations_help": TRANSLATIONS_HELP,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def form_field_delete(request: HttpRequest, edition_id: int, field_id: int) -> HttpResponseBase:
    user = current_user(request)
    field = access.form_field_for_organiser(user=user, edition_id=edition_id, field_id=field_id)
    service_done(
        request,
        lambda: services.form_field_delete(actor=user, field=field),
        success=_("The question is deleted."),
    )
    return redirect("training:form_builder", edition_id=edition_id)


@login_required
@require_POST
def form_field_move(request: HttpRequest, edition_id: int, field_id: int) -> HttpResponseBase:
    user = current_user(request)
    field = access.form_field_for_organiser(user=user, edition_id=edition_id, field_id=field_id)
    up = request.POST.get("direction") == "up"
    services.form_field_move(actor=user, field=field, direction="up" if up else "down")
    return redirect("training:form_builder", edition_id=edition_id)


# --- Invitations ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    user = current_user(request)
    edition = access.edition_for_organiser(user=user, edition_id=edition_id)
    form = InvitationForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    done = form_saved(
        request,
        form,
        lambda: services.invitation_create(
            actor=user,
            edition=edition,
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            expires_at=form.expires_at(),
            language=form.cleaned_data["language"],
        ),
        success=_("The invitation is sent."),
        then=lambda _invitation: redirect("training:invitations", edition_id=edition.pk),
        names={"expires_at": "expires_on"},
    )
    if done is not None:
        return done
    rows = [
        (invitation, services.invitation_state(invitation))
        for invitation in selectors.invitations(edition)
    ]
    return render(
        request,
        "training/application_invitations.html",
        {"edition": edition, "form": form, "rows": rows},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def invitation_revoke(
    request: HttpRequest, edition_id: int, invitation_id: int
) -> HttpResponseBase:
    user = current_user(request)
    invitation = access.invitation_for_organiser(
        user=user, edition_id=edition_id, invitation_id=invitation_id
    )
    service_done(
        request,
        lambda: services.invitation_revoke(actor=user, invitation=invitation),
        success=_("The invitation is withdrawn: its link no longer works."),
    )
    return redirect("training:invitations", edition_id=edition_id)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponseBase:
    """The page an invitation link opens: anyone with the link sees it; a signed-in
    person accepts it (after logging in or signing up, they come back here)."""
    found = access.invitation_by_token(token=token)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
        user = current_user(request)
        if service_done(
            request,
            lambda: services.invitation_accept(user=user, invitation=found),
            success=_("Welcome! Your participation is confirmed."),
        ):
            return redirect("training:my_applications")
        found.refresh_from_db()
    return render(
        request,
        "training/application_invitation.html",
        {
            "invitation": found,
            "edition": found.edition,
            "state": services.invitation_state(found),
        },
    )
