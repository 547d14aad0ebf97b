"""Every non-trivial read of the terminology, shared by pages and the API."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import translation

from huitong.core.i18n import Translated
from huitong.core.models import AuditEntry
from huitong.terminology import search
from huitong.terminology.models import (
    ACCEPTED_STATUSES,
    INVERSE_RELATIONSHIP,
    CodeSystem,
    Concept,
    ConceptCode,
    Designation,
    DesignationStatus,
    DesignationUse,
    Mapping,
    Relation,
    SearchKey,
    TermUsage,
)

# The platform's interface languages as BCP 47 tags of designations.
INTERFACE_TO_TAG = {
    "en": "en",
    "zh-hans": "zh-Hans",
    "sr-latn": "sr-Latn",
    "pl": "pl",
    "pt-br": "pt-BR",
}
FALLBACK_TAGS = ("en", "zh-Hans", "zh-Latn-pinyin")
# How many index rows one key may contribute; the best-weighted come first.
KEY_ROW_LIMIT = 2000


def reader_tag(language: str | None = None) -> str:
    code = (language or translation.get_language() or "en").lower()
    return INTERFACE_TO_TAG.get(code, code)


def accepted_designations() -> Prefetch[str]:
    return Prefetch(
        "designations",
        queryset=Designation.objects.filter(status__in=ACCEPTED_STATUSES).order_by(
            "language", "use", "text"
        ),
    )


def with_terms(concepts: QuerySet[Concept]) -> QuerySet[Concept]:
    return concepts.prefetch_related(
        accepted_designations(),
        Prefetch("codes", queryset=ConceptCode.objects.select_related("system")),
    )


def display_term(concept: Concept, language: str | None = None) -> Translated:
    """The concept's name for a reader: their language, else English, else Chinese."""
    wanted = reader_tag(language)
    accepted = [d for d in concept.designations.all() if d.status in ACCEPTED_STATUSES]

    def preferred_in(tag: str) -> Designation | None:
        matches = [d for d in accepted if d.language.lower() == tag.lower()]
        preferred = [d for d in matches if d.use == DesignationUse.PREFERRED]
        chosen = preferred or matches
        return chosen[0] if chosen else None

    found = preferred_in(wanted)
    if found is not None:
        return Translated(found.text, found.language, False)
    for tag in FALLBACK_TAGS:
        found = preferred_in(tag)
        if found is not None:
            return Translated(found.text, found.language, True)
    return Translated(concept.label, "en", True)


def primary_code(concept: Concept) -> ConceptCode | None:
    codes = list(concept.codes.all())
    return codes[0] if codes else None


# --- Search ---------------------------------------------------------------------------


@dataclass
class SearchResult:
    query: str
    total: int
    concepts: list[Concept]
    scores: dict[int, int] = field(default_factory=dict)


def _best_weights(key: str, kind: str) -> dict[int, int]:
    """The concepts a key matches, each with its best weight (the best-weighted first,
    at most KEY_ROW_LIMIT of them).

    Plain SQL: this runs once or a few times per keystroke of the search box, and the
    ORM's query compilation would cost more than the indexed lookup itself.
    """
    table = SearchKey._meta.db_table
    if kind:
        sql = (
            f"SELECT k.concept_id, k.weight FROM {table} k "  # noqa: S608 - table names only
            f"JOIN {Concept._meta.db_table} c ON c.id = k.concept_id "
            "WHERE k.key = %s AND c.kind = %s ORDER BY k.weight LIMIT %s"
        )
        params: list[str | int] = [key, kind, KEY_ROW_LIMIT]
    else:
        sql = f"SELECT concept_id, weight FROM {table} WHERE key = %s ORDER BY weight LIMIT %s"  # noqa: S608
        params = [key, KEY_ROW_LIMIT]
    best: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for concept_id, weight in cursor.fetchall():
            best.setdefault(concept_id, weight)
    return best


def search_concepts(
    *, query: str, kind: str = "", limit: int = 20, offset: int = 0
) -> SearchResult:
    """Concepts matching ``query`` in any script or as a code, best first.

    The whole query is one key (``zusanli``, ``st36``, ``足三里``); a query of several
    words also matches the concepts that have every word (each word's best weight, the
    worst of them counts).
    """
    whole, tokens = search.query_keys(query)
    if not whole:
        return SearchResult(query=query, total=0, concepts=[])
    scores = _best_weights(whole, kind)
    if len(tokens) > 1:
        per_token = [_best_weights(token, kind) for token in dict.fromkeys(tokens)]
        per_token.sort(key=len)
        common = set(per_token[0])
        for matches in per_token[1:]:
            common &= matches.keys()
        for concept_id in common:
            score = max(matches[concept_id] for matches in per_token) + 1
            scores[concept_id] = min(score, scores.get(concept_id, 10_000))
    ranked = sorted(scores.items(), key=lambda item: (item[1], item[0]))
    page_ids = [concept_id for concept_id, _score in ranked[offset : offset + limit]]
    concepts = {c.pk: c for c in with_terms(Concept.objects.filter(pk__in=page_ids))}
    return SearchResult(
        query=query,
        total=len(ranked),
        concepts=[concepts[i] for i in page_ids if i in concepts],
        scores=dict(ranked),
    )


# --- Concept pages --------------------------------------------------------------------


@dataclass
class MappingRow:
    mapping: Mapping
    other: Concept
    relationship: str  # from this concept's point of view


@dataclass
class ConceptDetail:
    concept: Concept
    designations: dict[str, list[Designation]]
    proposals: list[Designation]
    codes: list[ConceptCode]
    broader: list[Relation]
    narrower: list[Relation]
    mappings: list[MappingRow]
    usages: list[TermUsage]


def concept_detail(*, concept: Concept) -> ConceptDetail:
    # Not concept.designations: a prefetch of accepted terms may sit on that manager.
    designations = list(
        Designation.objects.filter(concept=concept)
        .select_related("proposed_by")
        .order_by("language", "use", "text")
    )
    grouped: dict[str, list[Designation]] = defaultdict(list)
    for designation in designations:
        if designation.status != DesignationStatus.REJECTED:
            grouped[designation.language].append(designation)
    relation_targets = Relation.objects.select_related("target", "source")
    mappings = [
        MappingRow(m, m.target, m.relationship)
        for m in Mapping.objects.filter(source=concept).select_related("target")
    ] + [
        MappingRow(m, m.source, INVERSE_RELATIONSHIP[m.relationship])  # type: ignore[index]
        for m in Mapping.objects.filter(target=concept).select_related("source")
    ]
    others = [row.other for row in mappings]
    for other in with_terms(Concept.objects.filter(pk__in=[o.pk for o in others])):
        for row in mappings:
            if row.other.pk == other.pk:
                row.other = other
    return ConceptDetail(
        concept=concept,
        designations=dict(grouped),
        proposals=[d for d in designations if d.status == DesignationStatus.PROPOSED],
        codes=list(ConceptCode.objects.filter(concept=concept).select_related("system")),
        broader=list(relation_targets.filter(source=concept)),
        narrower=list(relation_targets.filter(target=concept).order_by("source__sort_key")),
        mappings=mappings,
        usages=list(concept.usages.order_by("title")),
    )


def concept_history(*, concept: Concept) -> QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(target_type="terminology.concept", target_id=str(concept.pk))
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def browse(*, kind: str = "", meridian: str = "") -> QuerySet[Concept]:
    concepts = Concept.objects.all()
    if kind:
        concepts = concepts.filter(kind=kind)
    if meridian:
        concepts = concepts.filter(
            relations_out__type="part_of",
            relations_out__target__codes__system__slug="meridian",
            relations_out__target__codes__code=meridian.upper(),
        )
    return with_terms(concepts.order_by("kind", "sort_key", "label", "pk"))


def meridians() -> QuerySet[Concept]:
    return with_terms(Concept.objects.filter(kind="meridian").order_by("sort_key"))


def proposals() -> QuerySet[Designation]:
    return (
        Designation.objects.filter(status=DesignationStatus.PROPOSED)
        .select_related("concept", "proposed_by")
        .order_by("created_at", "pk")
    )


def concept_by_code(*, system: CodeSystem | None, code: str) -> Concept | None:
    """A concept by code, in a system or, without one, in the first system that has it."""
    code = code.strip()
    codes = ConceptCode.objects.select_related("concept")
    if system is not None:
        entry = codes.filter(system=system, code__iexact=code).first()
        return entry.concept if entry else None
    compact = search.compact(code)
    entry = (
        codes.filter(code__iexact=code).order_by("system__slug").first()
        or codes.filter(code__iexact=compact).first()
    )
    if entry is None:
        entry = codes.filter(system__slug="acupoint", code__iexact=compact.upper()).first()
    return entry.concept if entry else None


@dataclass
class Translation:
    relationship: str
    concept: Concept
    codes: list[ConceptCode]


def translate(*, concept: Concept, target_system: CodeSystem | None) -> list[Translation]:
    """The concepts mapped to ``concept`` (optionally those with a code in a system)."""
    rows = [(m.relationship, m.target_id) for m in Mapping.objects.filter(source=concept)] + [
        (INVERSE_RELATIONSHIP[m.relationship], m.source_id)  # type: ignore[index]
        for m in Mapping.objects.filter(target=concept)
    ]
    concepts = {c.pk: c for c in with_terms(Concept.objects.filter(pk__in=[pk for _r, pk in rows]))}
    results = []
    for relationship, pk in rows:
        other = concepts[pk]
        codes = [
            c for c in other.codes.all() if target_system is None or c.system_id == target_system.pk
        ]
        if codes or target_system is None:
            results.append(Translation(str(relationship), other, codes))
    return results
