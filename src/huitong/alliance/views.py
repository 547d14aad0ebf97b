from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huitong.accounts.access import current_user
from huitong.alliance import access, selectors, services
from huitong.alliance.forms import (
    AffiliationRequestForm,
    DirectoryFilterForm,
    InstitutionForm,
    MembershipApplicationForm,
    TransitionForm,
)
from huitong.alliance.models import AffiliationStatus, Institution, MembershipStatus
from huitong.core.errors import ServiceError
from huitong.core.forms import TRANSLATIONS_HELP
from huitong.core.page_cache import cache_public_page
from huitong.core.pagination import paginate
from huitong.courses.selectors import waiting_for_review

# --- Public pages ---------------------------------------------------------------------


@require_GET
@cache_public_page
def alliance_home(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = access.alliance_for_public(slug=slug)
    context = {
        "alliance": alliance,
        "figures": selectors.alliance_figures(alliance=alliance),
        "continents": selectors.members_by_country(alliance=alliance),
        "is_admin": access.is_alliance_admin(request.user, alliance),
    }
    return render(request, "alliance/alliance_home.html", context)


@require_GET
@cache_public_page
def directory(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = access.alliance_for_public(slug=slug)
    statuses = access.membership_status_filter_for(request.user, alliance)
    form = DirectoryFilterForm(
        request.GET or None,
        countries=selectors.member_countries(alliance=alliance),
        statuses=statuses,
    )
    filters = form.cleaned_data if form.is_valid() else {}
    memberships = selectors.directory(
        alliance=alliance,
        statuses=statuses,
        country=filters.get("country", ""),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        query=filters.get("q", ""),
    )
    context = {
        "alliance": alliance,
        "form": form,
        "page": paginate(request, memberships),
    }
    return render(request, "alliance/directory.html", context)


@require_GET
@cache_public_page
def world(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = access.alliance_for_public(slug=slug)
    continents = selectors.members_by_country(alliance=alliance)
    bars, height = _chart_bars(continents)
    context = {
        "alliance": alliance,
        "continents": continents,
        "chart_bars": bars,
        "chart_height": height,
        "figures": selectors.alliance_figures(alliance=alliance),
        "is_admin": access.is_alliance_admin(request.user, alliance),
    }
    return render(request, "alliance/world.html", context)


def _chart_bars(continents: list[selectors.ContinentGroup]) -> tuple[list[dict[str, object]], int]:
    """Rows of the server-drawn bar chart (SVG, no script, no network)."""
    largest = max((row.members for g in continents for row in g.countries), default=1)
    bars: list[dict[str, object]] = []
    y = 4
    for group in continents:
        bars.append({"is_heading": True, "label": group.label, "value": group.members, "y": y})
        y += 20
        for row in group.countries:
            width = max(2, round(440 * row.members / largest))
            bars.append(
                {
                    "is_heading": False,
                    "label": str(row.country),
                    "value": row.members,
                    "width": width,
                    "y": y,
                }
            )
            y += 18
        y += 6
    return bars, y


@require_GET
@cache_public_page
def institution_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    institutions = selectors.institutions(query=query)
    return render(
        request,
        "alliance/institution_list.html",
        {"page": paginate(request, institutions), "q": query},
    )


@require_GET
@cache_public_page
def institution_detail(request: HttpRequest, institution_id: int) -> HttpResponse:
    institution = access.institution_for_viewer(user=request.user, institution_id=institution_id)
    is_admin = access.is_institution_admin(request.user, institution)
    context = {
        "institution": institution,
        "profile": selectors.institution_profile(institution=institution, show_all=is_admin),
        "is_admin": is_admin,
    }
    return render(request, "alliance/institution_detail.html", context)


# --- Institutions: registration and management ----------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def institution_create(request: HttpRequest) -> HttpResponseBase:
    user = current_user(request)
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.institution_create(actor=user, **form.service_fields())
        except ServiceError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The institution is registered. You are its admin."))
            return redirect("alliance:institution_manage", institution_id=institution.pk)
    return render(
        request,
        "alliance/institution_form.html",
        {"form": form, "translations_help": TRANSLATIONS_HELP},
    )


@login_required
@require_http_methods(["GET", "POST"])
def institution_edit(request: HttpRequest, institution_id: int) -> HttpResponseBase:
    user = current_user(request)
    institution = access.institution_for_admin(user=user, institution_id=institution_id)
    # The form gets its own copy: validating a ModelForm writes onto its instance, and the
    # service must compare the new values with what is stored.
    form = InstitutionForm(
        request.POST or None, instance=Institution.objects.get(pk=institution.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_update(
                actor=user, institution=institution, **form.service_fields()
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The institution is saved."))
            return redirect(institution)
    return render(
        request,
        "alliance/institution_form.html",
        {"form": form, "institution": institution, "translations_help": TRANSLATIONS_HELP},
    )


@login_required
@require_GET
def institution_manage(request: HttpRequest, institution_id: int) -> HttpResponse:
    user = current_user(request)
    institution = access.institution_for_admin(user=user, institution_id=institution_id)
    context = {
        "institution": institution,
        "pending": selectors.institution_people(
            institution=institution, status=AffiliationStatus.PENDING
        ),
        "people": selectors.institution_people(
            institution=institution, status=AffiliationStatus.APPROVED
        ),
        "profile": selectors.institution_profile(institution=institution, show_all=True),
        "application_form": MembershipApplicationForm(institution=institution),
        "audit": selectors.audit_log(institution=institution)[:50],
    }
    return render(request, "alliance/institution_manage.html", context)


@login_required
@require_POST
def membership_apply(request: HttpRequest, institution_id: int) -> HttpResponseBase:
    user = current_user(request)
    institution = access.institution_for_admin(user=user, institution_id=institution_id)
    form = MembershipApplicationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("alliance:institution_manage", institution_id=institution.pk)
    try:
        services.membership_apply(
            actor=user,
            alliance=form.cleaned_data["alliance"],
            institution=institution,
            note=form.cleaned_data["note"],
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The application is sent to the alliance's admins."))
    return redirect("alliance:institution_manage", institution_id=institution.pk)


# --- Affiliations ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def affiliation_request(request: HttpRequest, institution_id: int) -> HttpResponseBase:
    user = current_user(request)
    institution = access.institution_for_affiliation_request(
        user=user, institution_id=institution_id
    )
    form = AffiliationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.affiliation_request(
                user=user,
                institution=institution,
                role=form.cleaned_data["role"],
                message=form.cleaned_data["message"],
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your request is sent. The institution's admins will decide on it.")
            )
            return redirect("accounts:profile")
    return render(
        request, "alliance/affiliation_request.html", {"institution": institution, "form": form}
    )


@login_required
@require_POST
def affiliation_decide(
    request: HttpRequest, affiliation_id: int, decision: str
) -> HttpResponseBase:
    user = current_user(request)
    affiliation = access.affiliation_for_decision(user=user, affiliation_id=affiliation_id)
    try:
        services.affiliation_decide(
            actor=user, affiliation=affiliation, approve=decision == "approve"
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The decision is saved and the person is told."))
    return redirect("alliance:institution_manage", institution_id=affiliation.institution_id)


@login_required
@require_POST
def affiliation_end(request: HttpRequest, affiliation_id: int) -> HttpResponseBase:
    user = current_user(request)
    affiliation = access.affiliation_for_end(user=user, affiliation_id=affiliation_id)
    try:
        services.affiliation_end(actor=user, affiliation=affiliation)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The affiliation has ended."))
    if affiliation.user_id == user.pk:
        return redirect("accounts:profile")
    return redirect("alliance:institution_manage", institution_id=affiliation.institution_id)


# --- Alliance administration ----------------------------------------------------------


@login_required
@require_GET
def alliance_manage(request: HttpRequest, slug: str) -> HttpResponse:
    user = current_user(request)
    alliance = access.alliance_for_admin(user=user, slug=slug)
    memberships = selectors.applications(alliance=alliance)
    status = request.GET.get("status", MembershipStatus.APPLIED)
    if status in MembershipStatus.values:
        memberships = memberships.filter(status=status)
    context = {
        "alliance": alliance,
        "status": status,
        "statuses": MembershipStatus.choices,
        "page": paginate(request, memberships),
        "audit": selectors.audit_log(alliance=alliance)[:50],
        "figures": selectors.alliance_figures(alliance=alliance),
        "courses_waiting": waiting_for_review(alliance=alliance),
    }
    return render(request, "alliance/alliance_manage.html", context)


@login_required
@require_POST
def membership_transition(
    request: HttpRequest, membership_id: int, action: str
) -> HttpResponseBase:
    user = current_user(request)
    membership = access.membership_for_transition(
        user=user, membership_id=membership_id, action=action
    )
    form = TransitionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.membership_transition(actor=user, membership=membership, action=action, note=note)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The membership is updated."))
    if access.is_alliance_admin(user, membership.alliance):
        tab = request.POST.get("tab", "")
        url = reverse("alliance:manage", kwargs={"slug": membership.alliance.slug})
        return redirect(f"{url}?status={tab}" if tab in MembershipStatus.values else url)
    return redirect("alliance:institution_manage", institution_id=membership.institution_id)
