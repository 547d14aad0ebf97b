from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huitong.accounts.access import current_user
from huitong.core.errors import ServiceError
from huitong.core.page_cache import cache_public_page
from huitong.core.pagination import paginate
from huitong.terminology import access, selectors, services
from huitong.terminology.forms import (
    CodeForm,
    ConceptForm,
    MappingForm,
    ReviewForm,
    SearchForm,
    TermForm,
)
from huitong.terminology.models import Concept, ConceptKind, DesignationStatus, DesignationUse


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error)


@require_GET
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    result = None
    page = None
    if form.is_valid() and form.cleaned_data["q"]:
        offset = 0
        try:
            number = max(1, min(int(request.GET.get("page", "1")), 1000))
        except ValueError:
            number = 1
        offset = (number - 1) * 20
        result = selectors.search_concepts(
            query=form.cleaned_data["q"], kind=form.cleaned_data["kind"], limit=20, offset=offset
        )
        page = {
            "number": number,
            "has_previous": number > 1,
            "has_next": offset + 20 < result.total,
            "previous": number - 1,
            "next": number + 1,
        }
    counts = dict(Concept.objects.values_list("kind").annotate(n=Count("id")))
    kinds = [(code, label, counts.get(code, 0)) for code, label in ConceptKind.choices]
    context = {
        "form": form,
        "result": result,
        "page": page,
        "kinds": kinds,
        "meridians": selectors.meridians(),
    }
    return render(request, "terminology/home.html", context)


@require_GET
@cache_public_page
def browse(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in ConceptKind.values:
        kind = ""
    meridian = request.GET.get("meridian", "")[:2].upper()
    concepts = selectors.browse(kind=kind, meridian=meridian)
    context = {
        "kind": kind,
        "kind_label": dict(ConceptKind.choices).get(kind, ""),
        "meridian": meridian,
        "meridians": selectors.meridians(),
        "page": paginate(request, concepts, per_page=60),
    }
    return render(request, "terminology/browse.html", context)


@require_GET
def concept_detail(request: HttpRequest, concept_id: int) -> HttpResponse:
    concept = access.concept_for_reader(concept_id=concept_id)
    concept = selectors.with_terms(Concept.objects.filter(pk=concept.pk)).get()
    context = {
        "concept": concept,
        "detail": selectors.concept_detail(concept=concept),
        "can_propose": access.can_propose(request.user),
        "is_editor": access.is_editor(request.user),
        "term_form": TermForm(initial={"language": selectors.reader_tag()}),
        "code_form": CodeForm(),
        "mapping_form": MappingForm(),
        "review_form": ReviewForm(),
    }
    return render(request, "terminology/concept.html", context)


@require_GET
def concept_history(request: HttpRequest, concept_id: int) -> HttpResponse:
    concept = access.concept_for_reader(concept_id=concept_id)
    return render(
        request,
        "terminology/history.html",
        {"concept": concept, "page": paginate(request, selectors.concept_history(concept=concept))},
    )


@login_required
@require_POST
def propose(request: HttpRequest, concept_id: int) -> HttpResponseBase:
    user = current_user(request)
    concept = access.concept_for_proposal(user=user, concept_id=concept_id)
    form = TermForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(concept)
    data = form.cleaned_data
    try:
        if access.is_editor(user):
            services.designation_add(
                actor=user,
                concept=concept,
                term=services.TermSpec(
                    language=data["language"],
                    text=data["text"],
                    use=data["use"],
                    source=data["source"],
                ),
            )
            messages.success(request, _("The term is added."))
        else:
            services.designation_propose(
                actor=user,
                concept=concept,
                language=data["language"],
                text=data["text"],
                use=data["use"],
                source=data["source"],
            )
            messages.success(request, _("Thank you. Your proposal waits for a terminology editor."))
    except (ServiceError, ValidationError) as error:
        messages.error(request, _error_text(error))
    return redirect(concept)


@login_required
@require_GET
def proposals(request: HttpRequest) -> HttpResponse:
    access.require_editor(request.user)
    return render(
        request,
        "terminology/proposals.html",
        {"page": paginate(request, selectors.proposals()), "review_form": ReviewForm()},
    )


@login_required
@require_POST
def review(request: HttpRequest, designation_id: int, decision: str) -> HttpResponseBase:
    user = current_user(request)
    designation = access.designation_for_editor(user=user, designation_id=designation_id)
    form = ReviewForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        if decision == "deprecate":
            services.designation_deprecate(actor=user, designation=designation, comment=comment)
        else:
            services.designation_review(
                actor=user, designation=designation, approve=decision == "approve", comment=comment
            )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The term is updated."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = designation.concept.get_absolute_url()
    return redirect(next_url)


@login_required
@require_POST
def code_add(request: HttpRequest, concept_id: int) -> HttpResponseBase:
    user = current_user(request)
    concept = access.concept_for_editor(user=user, concept_id=concept_id)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            services.code_add(
                actor=user,
                concept=concept,
                system=form.cleaned_data["system"],
                code=form.cleaned_data["code"],
            )
        except (ServiceError, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The code is added."))
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    return redirect(concept)


@login_required
@require_POST
def mapping_add(request: HttpRequest, concept_id: int) -> HttpResponseBase:
    user = current_user(request)
    concept = access.concept_for_editor(user=user, concept_id=concept_id)
    form = MappingForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(concept)
    data = form.cleaned_data
    target = selectors.concept_by_code(system=data["system"], code=data["code"])
    if target is None:
        messages.error(
            request,
            _("No concept has the code %(code)s in %(system)s.")
            % {"code": data["code"], "system": data["system"]},
        )
        return redirect(concept)
    try:
        services.mapping_create(
            actor=user,
            source=concept,
            target=target,
            relationship=data["relationship"],
            comment=data["comment"],
            provenance=data["provenance"],
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The mapping is saved."))
    return redirect(concept)


@login_required
@require_POST
def mapping_delete(request: HttpRequest, mapping_id: int) -> HttpResponseBase:
    user = current_user(request)
    mapping = access.mapping_for_editor(user=user, mapping_id=mapping_id)
    source = mapping.source
    services.mapping_delete(actor=user, mapping=mapping)
    messages.success(request, _("The mapping is removed."))
    return redirect(source)


@login_required
@require_http_methods(["GET", "POST"])
def concept_create(request: HttpRequest) -> HttpResponseBase:
    user = current_user(request)
    access.require_editor(user)
    form = ConceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        terms = []
        if data["term_en"]:
            terms.append(services.TermSpec("en", data["term_en"], DesignationUse.PREFERRED))
        if data["term_zh"]:
            terms.append(services.TermSpec("zh-Hans", data["term_zh"], DesignationUse.PREFERRED))
        codes = [(data["system"], data["code"].strip())] if data["system"] else []
        try:
            concept = services.concept_create(
                actor=user,
                spec=services.ConceptSpec(
                    kind=data["kind"], terms=terms, codes=codes, definition=data["definition"]
                ),
            )
        except (ServiceError, ValidationError) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The concept is created."))
            return redirect(concept)
    return render(request, "terminology/concept_form.html", {"form": form})


__all__ = ["DesignationStatus"]
