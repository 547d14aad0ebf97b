"""Pages and downloads of the exports and the glossary. The terminology is public: anyone
may export it (docs/terminology-export.md)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from huitong.core.page_cache import cache_public_page
from huitong.terminology import access, exporters, selectors
from huitong.terminology.models import CodeSystem, Concept, ConceptKind

FHIR_JSON = "application/fhir+json; charset=utf-8"


class _Echo:
    """A file-like object whose ``write`` returns what it is given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _system_param(request: HttpRequest) -> CodeSystem | None:
    slug = request.GET.get("system", "")
    return access.code_system_for_reader(slug=slug) if slug else None


def _download_name(base: str, system: CodeSystem | None, extension: str) -> str:
    return f"{base}-{system.slug}.{extension}" if system else f"{base}.{extension}"


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'


@require_GET
@cache_public_page
def export_index(request: HttpRequest) -> HttpResponse:
    context = {
        "systems": CodeSystem.objects.order_by("name"),
        "pairs": exporters.mapped_system_pairs(),
        "meridians": selectors.meridians(),
        "kinds": ConceptKind.choices,
        "csv_header": ",".join(exporters.CSV_HEADER),
    }
    return render(request, "terminology/export.html", context)


@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    system = _system_param(request)
    writer = csv.writer(_Echo())
    rows: Iterator[str] = (writer.writerow(row) for row in exporters.csv_rows(system=system))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    _attachment(response, _download_name("huitong-terminology", system, "csv"))
    return response


@require_GET
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    system = _system_param(request)
    chunks: Iterable[str] = exporters.json_chunks(system=system)
    response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    _attachment(response, _download_name("huitong-terminology", system, "json"))
    return response


def _fhir_response(resource: dict[str, Any]) -> JsonResponse:
    return JsonResponse(
        resource,
        content_type=FHIR_JSON,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@require_GET
def fhir_code_system(request: HttpRequest, slug: str) -> JsonResponse:
    system = access.code_system_for_reader(slug=slug)
    return _fhir_response(exporters.fhir_code_system(system))


@require_GET
def fhir_concept_map(request: HttpRequest, source: str, target: str) -> JsonResponse:
    source_system = access.code_system_for_reader(slug=source)
    target_system = access.code_system_for_reader(slug=target)
    return _fhir_response(exporters.fhir_concept_map(source_system, target_system))


# --- The glossary ---------------------------------------------------------------------


def _meridian(code: str) -> Concept | None:
    return (
        selectors.meridians()
        .filter(codes__system__slug="meridian", codes__code=code.upper()[:2])
        .first()
    )


@dataclass
class _GlossaryRequest:
    languages: list[str]
    glossary: exporters.Glossary | None
    content_url: str = ""


def _glossary_request(request: HttpRequest) -> _GlossaryRequest:
    languages = exporters.glossary_languages(request.GET.getlist("languages"))
    reference = request.GET.get("object", "")
    kind = request.GET.get("kind", "")
    kind = kind if kind in ConceptKind.values else ""
    meridian_code = request.GET.get("meridian", "")
    meridian = _meridian(meridian_code) if meridian_code else None
    if meridian_code and meridian is None:
        raise Http404
    if reference:
        use = exporters.content_use(reference)
        if use is None:
            raise Http404(_("This content names no term, or does not exist."))
        title = _("Terms used in “%(title)s”") % {"title": use.title}
        return _GlossaryRequest(
            languages,
            exporters.glossary(
                concepts=use.concepts, title=title, languages=languages, source_url=use.url
            ),
            use.url,
        )
    if kind or meridian is not None:
        code = meridian.codes.all()[0].code if meridian is not None else ""
        return _GlossaryRequest(
            languages,
            exporters.glossary(
                concepts=selectors.browse(kind=kind, meridian=code),
                title=exporters.selection_title(kind=kind, meridian=meridian),
                languages=languages,
                source_url=request.build_absolute_uri(),
            ),
        )
    return _GlossaryRequest(languages, None)


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    """The concepts a content object (``object=alliance.institution.7``) or a selection
    (``meridian=ST``, ``kind=acupoint``) uses, in two languages (``languages=en,zh-Hans``),
    as a page or, with ``format=pdf``, a PDF."""
    if request.GET.get("format") == "pdf":
        return _glossary_pdf(request)
    return _glossary_page(request)


def _glossary_pdf(request: HttpRequest) -> HttpResponse:
    from huitong.terminology.pdf import glossary_pdf

    result = _glossary_request(request).glossary
    if result is None:
        raise Http404(_("Choose what the glossary lists: a content, a kind or a meridian."))
    response = HttpResponse(glossary_pdf(result), content_type="application/pdf")
    name = slugify(result.title) or "glossary"
    response["Content-Disposition"] = f'inline; filename="glossary-{name}.pdf"'
    return response


@cache_public_page
def _glossary_page(request: HttpRequest) -> HttpResponse:
    found = _glossary_request(request)
    query = request.GET.copy()
    query["format"] = "pdf"
    query.setlist("languages", [",".join(found.languages)])
    context = {
        "glossary": found.glossary,
        "languages": found.languages,
        "language_choices": [
            (tag, exporters.language_label(tag))
            for tag in exporters.known_languages(also=found.languages)
        ],
        "selected_kind": request.GET.get("kind", ""),
        "selected_meridian": request.GET.get("meridian", "").upper(),
        "reference": request.GET.get("object", ""),
        "content_url": found.content_url,
        "kinds": ConceptKind.choices,
        "meridians": selectors.meridians(),
        "pdf_url": f"{reverse('terminology:glossary')}?{query.urlencode()}",
    }
    return render(request, "terminology/glossary.html", context)
