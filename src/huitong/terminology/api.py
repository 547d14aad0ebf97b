"""The terminology's HTTP API: search, lookup, translate, proposals and review."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.decorators import decorate_view

from huitong.accounts.access import current_user
from huitong.core.api import PUBLIC
from huitong.core.errors import ServiceError
from huitong.core.page_cache import cache_public_page
from huitong.terminology import access, importers, selectors, services
from huitong.terminology.models import CodeSystem, Concept, Designation, ImportJob

router = Router(tags=["terminology"])


class CodeOut(Schema):
    system: str
    system_url: str
    code: str


class DesignationOut(Schema):
    id: int
    language: str
    text: str
    use: str
    status: str
    source: str


class TermOut(Schema):
    text: str
    language: str
    is_fallback: bool


class ConceptOut(Schema):
    id: int
    kind: str
    label: str
    term: TermOut
    codes: list[CodeOut]
    url: str

    @staticmethod
    def resolve_term(obj: Concept) -> dict[str, Any]:
        value = selectors.display_term(obj)
        return {"text": value.text, "language": value.language, "is_fallback": value.is_fallback}

    @staticmethod
    def resolve_codes(obj: Concept) -> list[dict[str, str]]:
        return [
            {"system": c.system.slug, "system_url": c.system.url, "code": c.code}
            for c in obj.codes.all()
        ]

    @staticmethod
    def resolve_url(obj: Concept) -> str:
        return obj.get_absolute_url()


class ConceptDetailOut(ConceptOut):
    definition: str
    designations: list[DesignationOut]

    @staticmethod
    def resolve_designations(obj: Concept) -> list[Designation]:
        return list(obj.designations.exclude(status="rejected").order_by("language", "use", "text"))


class SearchOut(Schema):
    query: str
    count: int
    items: list[ConceptOut]


class SearchParams(Schema):
    q: str = Field("", description="Chinese characters, pinyin, any language, or a code.")
    kind: str = ""
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10000)


class SystemOut(Schema):
    slug: str
    name: str
    url: str
    reference_prefix: str
    code_example: str
    copyright: str


class TranslationOut(Schema):
    relationship: str
    concept: ConceptOut
    codes: list[CodeOut]

    @staticmethod
    def resolve_codes(obj: selectors.Translation) -> list[dict[str, str]]:
        return [
            {"system": c.system.slug, "system_url": c.system.url, "code": c.code} for c in obj.codes
        ]


class ProposalIn(Schema):
    language: str = Field(..., max_length=35)
    text: str = Field(..., max_length=500)
    use: Literal["preferred", "synonym"] = "synonym"
    source: str = Field("", max_length=300)


class ReviewIn(Schema):
    approve: bool
    comment: str = Field("", max_length=1000)


def _system(slug_or_url: str) -> CodeSystem:
    system = (
        CodeSystem.objects.filter(slug=slug_or_url).first()
        or CodeSystem.objects.filter(url=slug_or_url).first()
        or CodeSystem.objects.filter(reference_prefix__iexact=slug_or_url).first()
    )
    if system is None:
        raise ServiceError(
            _("Unknown code system “%(system)s”.") % {"system": slug_or_url},
            code="unknown_system",
            status=404,
        )
    return system


def _concept(system: str, code: str) -> Concept:
    concept = selectors.concept_by_code(system=_system(system) if system else None, code=code)
    if concept is None:
        raise ServiceError(
            _("No concept has the code “%(code)s”.") % {"code": code},
            code="unknown_code",
            status=404,
        )
    return selectors.with_terms(Concept.objects.filter(pk=concept.pk)).get()


@router.get("/terms/systems", response=list[SystemOut], auth=PUBLIC)
@decorate_view(cache_public_page)
def list_systems(request: HttpRequest) -> Any:
    return CodeSystem.objects.order_by("name")


@router.get("/terms/search", response=SearchOut, auth=PUBLIC)
@decorate_view(cache_public_page)
def search_terms(request: HttpRequest, params: Query[SearchParams]) -> Any:
    """One call for every script: 足三里, 足三裏, zusanli, zu san li, zúsānlǐ, ST36, st-36…"""
    result = selectors.search_concepts(
        query=params.q, kind=params.kind, limit=params.limit, offset=params.offset
    )
    return {"query": params.q, "count": result.total, "items": result.concepts}


@router.get("/terms/lookup", response=ConceptDetailOut, auth=PUBLIC)
@decorate_view(cache_public_page)
def lookup(request: HttpRequest, code: str, system: str = "") -> Any:
    """A concept by code (``system`` is a slug, URL or reference prefix; optional)."""
    return _concept(system, code)


@router.get("/terms/translate", response=list[TranslationOut], auth=PUBLIC)
@decorate_view(cache_public_page)
def translate(request: HttpRequest, code: str, system: str = "", target: str = "") -> Any:
    """The codes mapped to a code, optionally only those of the ``target`` system."""
    concept = _concept(system, code)
    return selectors.translate(concept=concept, target_system=_system(target) if target else None)


@router.get("/terms/concepts/{concept_id}", response=ConceptDetailOut, auth=PUBLIC)
@decorate_view(cache_public_page)
def get_concept(request: HttpRequest, concept_id: int) -> Any:
    concept = access.concept_for_reader(concept_id=concept_id)
    return selectors.with_terms(Concept.objects.filter(pk=concept.pk)).get()


@router.post("/terms/concepts/{concept_id}/proposals", response={201: DesignationOut})
def propose(request: HttpRequest, concept_id: int, payload: ProposalIn) -> Any:
    user = current_user(request)
    concept = access.concept_for_proposal(user=user, concept_id=concept_id)
    designation = services.designation_propose(
        actor=user,
        concept=concept,
        language=payload.language,
        text=payload.text,
        use=payload.use,
        source=payload.source,
    )
    return Status(201, designation)


@router.post("/terms/designations/{designation_id}/review", response=DesignationOut)
def review(request: HttpRequest, designation_id: int, payload: ReviewIn) -> Any:
    user = current_user(request)
    designation = access.designation_for_editor(user=user, designation_id=designation_id)
    return services.designation_review(
        actor=user, designation=designation, approve=payload.approve, comment=payload.comment
    )


# --- Exports (exporters.py, docs/terminology-export.md) ---------------------------------


@router.get("/terms/export/fhir/CodeSystem/{slug}", response=dict[str, Any], auth=PUBLIC)
def export_fhir_code_system(request: HttpRequest, slug: str) -> Any:
    """A FHIR R5 CodeSystem with every concept of a code system (slug, URL or prefix)."""
    from huitong.terminology import exporters

    return exporters.fhir_code_system(_system(slug))


@router.get("/terms/export/fhir/ConceptMap/{source}/{target}", response=dict[str, Any], auth=PUBLIC)
def export_fhir_concept_map(request: HttpRequest, source: str, target: str) -> Any:
    """A FHIR R5 ConceptMap of the mappings between two code systems, both directions."""
    from huitong.terminology import exporters

    return exporters.fhir_concept_map(_system(source), _system(target))


# --- Imports (importers.py, docs/terminology-import.md) --------------------------------


class ImportJobOut(Schema):
    id: int
    format: str
    file_name: str
    dry_run: bool
    status: str
    finished: bool
    progress_done: int
    progress_total: int
    report: dict[str, Any]
    created_at: datetime
    finished_at: datetime | None
    url: str

    @staticmethod
    def resolve_finished(obj: ImportJob) -> bool:
        return obj.is_finished

    @staticmethod
    def resolve_progress_done(obj: ImportJob) -> int:
        return importers.job_progress(obj)[0]

    @staticmethod
    def resolve_progress_total(obj: ImportJob) -> int:
        return importers.job_progress(obj)[1]

    @staticmethod
    def resolve_url(obj: ImportJob) -> str:
        return obj.get_absolute_url()


ImportFormatIn = Literal["icd11", "csv", "fhir-codesystem", "fhir-conceptmap"]


@router.post("/terms/imports", response={202: ImportJobOut})
def create_import(
    request: HttpRequest,
    file: File[UploadedFile],
    format: Form[ImportFormatIn],
    dry_run: Form[bool] = False,
) -> Any:
    """Queue an import of a file (terminology editors). The import runs in the background:
    follow it with GET /api/terms/imports/{id}; ``report.errors`` names row and column."""
    user = current_user(request)
    access.require_editor(user)
    name = file.name or "upload"
    importers.check_upload(
        format=format, file_name=name, size=file.size or 0, head=importers.read_upload_head(file)
    )
    job = importers.job_create(
        actor=user, format=format, file_name=name, dry_run=dry_run, upload=file
    )
    job.refresh_from_db()
    return Status(202, job)


@router.get("/terms/imports/{job_id}", response=ImportJobOut)
def get_import(request: HttpRequest, job_id: int) -> Any:
    """An import's status, progress and report (its owner and terminology editors)."""
    return access.import_job_for_viewer(user=current_user(request), job_id=job_id)
