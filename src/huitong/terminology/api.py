"""The terminology's HTTP API: search, lookup, translate, proposals and review."""

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from huitong.accounts.access import current_user
from huitong.core.api import PUBLIC
from huitong.core.errors import ServiceError
from huitong.terminology import access, selectors, services
from huitong.terminology.models import CodeSystem, Concept, Designation

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
def list_systems(request: HttpRequest) -> Any:
    return CodeSystem.objects.order_by("name")


@router.get("/terms/search", response=SearchOut, auth=PUBLIC)
def search_terms(request: HttpRequest, params: Query[SearchParams]) -> Any:
    """One call for every script: 足三里, 足三裏, zusanli, zu san li, zúsānlǐ, ST36, st-36…"""
    result = selectors.search_concepts(
        query=params.q, kind=params.kind, limit=params.limit, offset=params.offset
    )
    return {"query": params.q, "count": result.total, "items": result.concepts}


@router.get("/terms/lookup", response=ConceptDetailOut, auth=PUBLIC)
def lookup(request: HttpRequest, code: str, system: str = "") -> Any:
    """A concept by code (``system`` is a slug, URL or reference prefix; optional)."""
    return _concept(system, code)


@router.get("/terms/translate", response=list[TranslationOut], auth=PUBLIC)
def translate(request: HttpRequest, code: str, system: str = "", target: str = "") -> Any:
    """The codes mapped to a code, optionally only those of the ``target`` system."""
    concept = _concept(system, code)
    return selectors.translate(concept=concept, target_system=_system(target) if target else None)


@router.get("/terms/concepts/{concept_id}", response=ConceptDetailOut, auth=PUBLIC)
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
