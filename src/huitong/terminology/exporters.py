"""Exports of the terminology and the bilingual glossary (see docs/terminology-export.md).

- CSV in the import format (one row per designation), so that an export imports back;
- JSON with concepts, codes, designations, relations and mappings;
- FHIR R5 ``CodeSystem`` for one code system and ``ConceptMap`` between two;
- the glossary of the concepts a content object names (through ``TermUsage``) or a
  selection (a kind, a meridian) uses, in two languages the reader chooses; ``pdf.py``
  prints it.

Each export reads a fixed number of queries, whatever the number of concepts: concepts
come in chunks with their designations prefetched, codes, relations and mappings in one
query each.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huitong.terminology import selectors
from huitong.terminology.models import (
    ACCEPTED_STATUSES,
    BCP47,
    INVERSE_RELATIONSHIP,
    CodeSystem,
    Concept,
    ConceptCode,
    ConceptKind,
    Designation,
    DesignationStatus,
    DesignationUse,
    Mapping,
    MappingRelationship,
    Relation,
    RelationType,
    TermUsage,
)

CHUNK = 1000

# --- CSV (the import format) ----------------------------------------------------------

CSV_HEADER = ("system", "code", "kind", "language", "term", "use", "status", "source", "definition")
# Proposed and rejected terms are review work, not terminology: they are not exported.
EXPORTED_STATUSES = (*ACCEPTED_STATUSES, DesignationStatus.DEPRECATED)


def _export_concepts(system: CodeSystem | None) -> QuerySet[Concept]:
    concepts = Concept.objects.all()
    if system is not None:
        concepts = concepts.filter(
            pk__in=ConceptCode.objects.filter(system=system).values("concept_id")
        )
    return concepts.order_by("kind", "sort_key", "label", "pk").prefetch_related(
        Prefetch(
            "designations",
            queryset=Designation.objects.filter(status__in=EXPORTED_STATUSES).order_by(
                "language", "use", "text"
            ),
        ),
        Prefetch("codes", queryset=ConceptCode.objects.select_related("system")),
    )


def _tag(content_language: str) -> str:
    """A content language code (zh-hans) as the BCP 47 tag of designations (zh-Hans)."""
    return selectors.INTERFACE_TO_TAG.get(content_language.lower(), content_language)


def definitions_by_tag(concept: Concept) -> dict[str, str]:
    """The concept's definition in each language it has one, keyed by language tag."""
    found: dict[str, str] = {}
    if concept.definition:
        found[_tag(concept.original_language)] = concept.definition
    for language, texts in (concept.translations or {}).items():
        text = (texts or {}).get("definition", "")
        if text:
            found[_tag(language)] = text
    return found


def _code_for(concept: Concept, system: CodeSystem | None) -> ConceptCode | None:
    for code in concept.codes.all():
        if system is None or code.system_id == system.pk:
            return code
    return None


def csv_rows(*, system: CodeSystem | None = None) -> Iterator[tuple[str, ...]]:
    """The header, then one row per designation of each concept that has a code (under its
    first code, or its code in ``system``, then only the concepts with one). A definition
    goes on the rows of its language, or on a row of its own without a term when the
    concept has no term in that language."""
    yield CSV_HEADER
    for concept in _export_concepts(system).iterator(chunk_size=CHUNK):
        code = _code_for(concept, system)
        if code is None:
            continue  # the import format names a concept by its code
        head = (code.system.slug, code.code, concept.kind)
        definitions = {
            tag.lower(): (tag, text) for tag, text in definitions_by_tag(concept).items()
        }
        placed: set[str] = set()
        for designation in concept.designations.all():
            language = designation.language.lower()
            definition = definitions.get(language, ("", ""))[1]
            if definition:
                placed.add(language)
            yield (
                *head,
                designation.language,
                designation.text,
                designation.use,
                designation.status,
                designation.source,
                definition,
            )
        for language, (tag, text) in definitions.items():
            if language not in placed:
                yield (*head, tag, "", "", "", "", text)


# --- JSON -----------------------------------------------------------------------------


def _system_json(system: CodeSystem) -> dict[str, str]:
    return {
        "slug": system.slug,
        "name": system.name,
        "url": system.url,
        "version": system.version,
        "reference_prefix": system.reference_prefix,
        "code_pattern": system.code_pattern,
        "copyright": system.copyright,
    }


def json_chunks(*, system: CodeSystem | None = None) -> Iterator[str]:
    """A JSON document, in pieces to stream: the code systems, then every concept with its
    codes, accepted and deprecated designations, outgoing relations and mappings (another
    concept is named by id and codes)."""
    codes: dict[int, list[dict[str, str]]] = defaultdict(list)
    for concept_id, slug, code in ConceptCode.objects.order_by("system__slug", "code").values_list(
        "concept_id", "system__slug", "code"
    ):
        codes[concept_id].append({"system": slug, "code": code})
    relations: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for source_id, type_, target_id in Relation.objects.order_by("pk").values_list(
        "source_id", "type", "target_id"
    ):
        relations[source_id].append((type_, target_id))
    mappings: dict[int, list[tuple[str, int, str, str]]] = defaultdict(list)
    for source_id, relationship, target_id, comment, provenance in Mapping.objects.order_by(
        "pk"
    ).values_list("source_id", "relationship", "target_id", "comment", "provenance"):
        mappings[source_id].append((relationship, target_id, comment, provenance))

    def ref(concept_id: int) -> dict[str, Any]:
        return {"id": concept_id, "codes": codes.get(concept_id, [])}

    systems = CodeSystem.objects.order_by("slug") if system is None else [system]
    yield (
        '{"format": "huitong-terminology", "version": 1, "systems": '
        + json.dumps([_system_json(s) for s in systems], ensure_ascii=False)
        + ', "concepts": ['
    )
    separator = ""
    for concept in _export_concepts(system).iterator(chunk_size=CHUNK):
        entry = {
            "id": concept.pk,
            "uri": concept.uri,
            "kind": concept.kind,
            "label": concept.label,
            "definition": concept.definition,
            "original_language": concept.original_language,
            "translations": concept.translations or {},
            "source": concept.source,
            "codes": codes.get(concept.pk, []),
            "designations": [
                {
                    "language": d.language,
                    "text": d.text,
                    "use": d.use,
                    "status": d.status,
                    "source": d.source,
                }
                for d in concept.designations.all()
            ],
            "relations": [
                {"type": type_, "target": ref(target)} for type_, target in relations[concept.pk]
            ],
            "mappings": [
                {
                    "relationship": relationship,
                    "target": ref(target),
                    "comment": comment,
                    "provenance": provenance,
                }
                for relationship, target, comment, provenance in mappings[concept.pk]
            ],
        }
        yield separator + json.dumps(entry, ensure_ascii=False)
        separator = ", "
    yield "]}"


# --- FHIR R5 --------------------------------------------------------------------------

HL7_TERM_MAINT = "http://terminology.hl7.org/CodeSystem/hl7TermMaintInfra"
SNOMED = "http://snomed.info/sct"
PREFERRED_USE = {
    "system": HL7_TERM_MAINT,
    "code": "preferredForLanguage",
    "display": "Preferred For Language",
}
SYNONYM_USE = {"system": SNOMED, "code": "900000000000013009", "display": "Synonym"}
PARENT_PROPERTY = {
    "code": "parent",
    "uri": "http://hl7.org/fhir/concept-properties#parent",
    "description": "The concept is a kind of (is-a) the parent concept.",
    "type": "code",
}
# Our mapping relationship ("the source is <relationship> the target") in FHIR R5.
FHIR_RELATIONSHIP = {
    MappingRelationship.EQUIVALENT: "equivalent",
    MappingRelationship.NARROWER: "source-is-narrower-than-target",
    MappingRelationship.BROADER: "source-is-broader-than-target",
    MappingRelationship.RELATED: "related-to",
}
PUBLISHER = "Huitong"


def fhir_id(text: str) -> str:
    """A FHIR resource id: letters, digits, '-' and '.', at most 64 characters."""
    return re.sub(r"[^A-Za-z0-9\-.]", "-", text)[:64]


def fhir_name(text: str) -> str:
    """A computable name (``[A-Z][A-Za-z0-9_]*``) from a slug or title."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(word[:1].upper() + word[1:] for word in words) or "Unnamed"
    return name if name[0].isalpha() else f"N{name}"


def english_display(concept: Concept) -> str:
    """The English preferred term (designations must be prefetched), else the label."""
    for designation in concept.designations.all():
        if (
            designation.language == "en"
            and designation.use == DesignationUse.PREFERRED
            and designation.status in ACCEPTED_STATUSES
        ):
            return designation.text
    return concept.label


def english_definition(concept: Concept) -> str:
    return definitions_by_tag(concept).get("en", "")


# The code systems whose every concept lives here (standard.py): their FHIR CodeSystem is
# "complete"; the others (ICD-11, ICD-10, the WHO terminologies, a member's system) are
# present only in part, a "fragment".
COMPLETE_SYSTEMS = frozenset({"acupoint", "meridian", "huitong"})


def is_platform_system(system: CodeSystem) -> bool:
    return system.slug in COMPLETE_SYSTEMS


def fhir_code_system(system: CodeSystem) -> dict[str, Any]:
    """An R5 CodeSystem with every concept that has a code in ``system``: the English
    display, the English definition, every accepted designation, and ``parent`` for
    is-a relations to concepts of the same system."""
    entries = list(
        ConceptCode.objects.filter(system=system)
        .order_by("concept__kind", "concept__sort_key", "concept__label", "code")
        .values_list("concept_id", "code")
    )
    code_of: dict[int, list[str]] = defaultdict(list)
    for concept_id, code in entries:
        code_of[concept_id].append(code)
    in_system = ConceptCode.objects.filter(system=system).values("concept_id")
    concepts = {
        c.pk: c
        for c in Concept.objects.filter(pk__in=in_system).prefetch_related(
            selectors.accepted_designations()
        )
    }
    parents: dict[int, list[str]] = defaultdict(list)
    for source_id, target_id in Relation.objects.filter(
        type=RelationType.IS_A, source_id__in=in_system, target_id__in=in_system
    ).values_list("source_id", "target_id"):
        parents[source_id].extend(code_of[target_id])
    resource_concepts = []
    for concept_id, code in entries:
        concept = concepts[concept_id]
        item: dict[str, Any] = {"code": code, "display": english_display(concept)}
        definition = english_definition(concept)
        if definition:
            item["definition"] = definition
        designations = [
            {
                "language": d.language,
                "use": PREFERRED_USE if d.use == DesignationUse.PREFERRED else SYNONYM_USE,
                "value": d.text,
            }
            for d in concept.designations.all()
        ]
        if designations:
            item["designation"] = designations
        if parents.get(concept_id):
            item["property"] = [
                {"code": "parent", "valueCode": parent} for parent in sorted(parents[concept_id])
            ]
        resource_concepts.append(item)
    resource: dict[str, Any] = {
        "resourceType": "CodeSystem",
        "id": fhir_id(system.slug),
        "url": system.url,
    }
    if system.version:
        resource["version"] = system.version
    resource.update(
        {
            "name": fhir_name(system.slug),
            "title": system.name,
            "status": "active",
            "experimental": False,
            "publisher": PUBLISHER,
        }
    )
    if system.copyright:
        resource["copyright"] = system.copyright
    resource["caseSensitive"] = True
    if parents:
        resource["hierarchyMeaning"] = "is-a"
    resource["content"] = "complete" if is_platform_system(system) else "fragment"
    resource["count"] = len(resource_concepts)
    if parents:
        resource["property"] = [PARENT_PROPERTY]
    resource["concept"] = resource_concepts
    return resource


@dataclass
class _MapTarget:
    code: str
    display: str
    relationship: str
    comment: str


def _map_comment(mapping: Mapping, relationship: str) -> str:
    parts = [mapping.comment]
    if mapping.provenance:
        parts.append(f"Provenance: {mapping.provenance}")
    text = " — ".join(p for p in parts if p)
    if not text and relationship == "source-is-broader-than-target":
        # R5 invariant cmd-1: a broader map says something about what it loses.
        text = "The source concept is broader than the target concept."
    return text


def fhir_concept_map(source: CodeSystem, target: CodeSystem) -> dict[str, Any]:
    """An R5 ConceptMap from ``source`` to ``target``: every mapping between a concept with
    a code in one and a concept with a code in the other, the reverse ones with the
    inverse relationship."""
    in_source = ConceptCode.objects.filter(system=source).values("concept_id")
    in_target = ConceptCode.objects.filter(system=target).values("concept_id")
    condition = Q(source_id__in=in_source, target_id__in=in_target)
    if source.pk != target.pk:
        condition |= Q(source_id__in=in_target, target_id__in=in_source)
    mappings = list(Mapping.objects.filter(condition).order_by("pk"))
    ids = {m.source_id for m in mappings} | {m.target_id for m in mappings}
    codes: dict[tuple[int, int], list[str]] = {}
    for concept_id, system_id, code in (
        ConceptCode.objects.filter(concept_id__in=ids, system__in=[source, target])
        .order_by("code")
        .values_list("concept_id", "system_id", "code")
    ):
        codes.setdefault((concept_id, system_id), []).append(code)
    concepts = {
        c.pk: c
        for c in Concept.objects.filter(pk__in=ids).prefetch_related(
            selectors.accepted_designations()
        )
    }
    elements: dict[str, list[_MapTarget]] = defaultdict(list)
    displays: dict[str, str] = {}

    def add(from_id: int, to_id: int, relationship: str, mapping: Mapping) -> None:
        for from_code in codes.get((from_id, source.pk), []):
            displays[from_code] = english_display(concepts[from_id])
            for to_code in codes.get((to_id, target.pk), []):
                fhir_relationship = FHIR_RELATIONSHIP[MappingRelationship(relationship)]
                elements[from_code].append(
                    _MapTarget(
                        to_code,
                        english_display(concepts[to_id]),
                        fhir_relationship,
                        _map_comment(mapping, fhir_relationship),
                    )
                )

    for mapping in mappings:
        forward = (mapping.source_id, source.pk) in codes and (
            mapping.target_id,
            target.pk,
        ) in codes
        if forward:
            add(mapping.source_id, mapping.target_id, mapping.relationship, mapping)
        elif source.pk != target.pk:
            inverse = INVERSE_RELATIONSHIP[MappingRelationship(mapping.relationship)]
            add(mapping.target_id, mapping.source_id, inverse, mapping)

    resource: dict[str, Any] = {
        "resourceType": "ConceptMap",
        "id": fhir_id(f"{source.slug}-to-{target.slug}"),
        "url": f"urn:huitong:conceptmap:{source.slug}:{target.slug}",
        "name": fhir_name(f"{source.slug} to {target.slug}"),
        "title": f"{source.name} → {target.name}",
        "status": "active",
        "experimental": False,
        "publisher": PUBLISHER,
    }
    if elements:
        resource["group"] = [
            {
                "source": source.url,
                "target": target.url,
                "element": [
                    {
                        "code": code,
                        "display": displays[code],
                        "target": [
                            {
                                "code": t.code,
                                "display": t.display,
                                "relationship": t.relationship,
                                **({"comment": t.comment} if t.comment else {}),
                            }
                            for t in targets
                        ],
                    }
                    for code, targets in sorted(elements.items())
                ],
            }
        ]
    return resource


def mapped_system_pairs() -> list[tuple[CodeSystem, CodeSystem, int]]:
    """Pairs of code systems with mappings between them (each pair once), and how many."""
    rows = Mapping.objects.values_list(
        "pk", "source__codes__system_id", "target__codes__system_id"
    ).distinct()
    counted: dict[tuple[int, int], set[int]] = defaultdict(set)
    for mapping_id, a, b in rows:
        if a is not None and b is not None:
            counted[(min(a, b), max(a, b))].add(mapping_id)
    systems = CodeSystem.objects.in_bulk({pk for pair in counted for pk in pair})
    pairs = [(systems[a], systems[b], len(ids)) for (a, b), ids in counted.items()]
    return sorted(pairs, key=lambda p: (p[0].name, p[1].name))


# --- The glossary ---------------------------------------------------------------------

GLOSSARY_LIMIT = 2000
PINYIN = "zh-Latn-pinyin"
LANGUAGE_NAMES = {
    "en": gettext_lazy("English"),
    "zh-Hans": gettext_lazy("Chinese (simplified)"),
    "zh-Hant": gettext_lazy("Chinese (traditional)"),
    PINYIN: gettext_lazy("Pinyin"),
    "sr-Latn": gettext_lazy("Serbian (Latin script)"),
    "pl": gettext_lazy("Polish"),
    "pt-BR": gettext_lazy("Portuguese (Brazil)"),
}
_CANONICAL = {tag.lower(): tag for tag in LANGUAGE_NAMES}


def language_label(tag: str) -> str:
    name = LANGUAGE_NAMES.get(tag)
    return f"{name} ({tag})" if name is not None else tag


def is_chinese(tag: str) -> bool:
    parts = tag.lower().split("-")
    return parts[0] == "zh" and "latn" not in parts


def glossary_languages(requested: Iterable[str], reader: str | None = None) -> list[str]:
    """Two distinct language tags: the valid requested ones, completed by the reader's
    interface language and English (English and Chinese for an English reader)."""
    chosen: list[str] = []
    for value in requested:
        for part in value.split(","):
            tag = part.strip()
            tag = _CANONICAL.get(tag.lower(), tag)
            if (
                tag
                and len(tag) <= 35
                and BCP47.match(tag)
                and tag.lower() not in map(str.lower, chosen)
            ):
                chosen.append(tag)
    home = selectors.reader_tag(reader)
    for tag in (home, "en", "zh-Hans"):
        if len(chosen) >= 2:
            break
        if tag.lower() not in map(str.lower, chosen):
            chosen.append(tag)
    return chosen[:2]


@dataclass
class GlossaryTerm:
    text: str
    language: str
    synonyms: list[str] = field(default_factory=list)


@dataclass
class GlossaryRow:
    concept: Concept
    codes: list[str]
    terms: list[GlossaryTerm | None]
    pinyin: str


@dataclass
class Glossary:
    title: str
    languages: list[str]
    rows: list[GlossaryRow]
    show_pinyin: bool
    truncated: bool = False
    source_url: str = ""

    @property
    def language_labels(self) -> list[str]:
        return [language_label(tag) for tag in self.languages]

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(heading, lang attribute) of each language column."""
        return [(language_label(tag), tag) for tag in self.languages]


def _term_in(concept: Concept, tag: str) -> GlossaryTerm | None:
    wanted = tag.lower()
    matches = [
        d
        for d in concept.designations.all()
        if d.language.lower() == wanted and d.status in ACCEPTED_STATUSES
    ]
    if not matches:
        return None
    preferred = [d for d in matches if d.use == DesignationUse.PREFERRED] or matches
    main = preferred[0]
    return GlossaryTerm(
        main.text, main.language, [d.text for d in matches if d.pk != main.pk and d.text]
    )


def glossary(
    *, concepts: QuerySet[Concept], title: str, languages: list[str], source_url: str = ""
) -> Glossary:
    """The rows of a glossary: codes, the term in each language (None when there is none),
    and pinyin when one of the languages is Chinese."""
    selected = list(selectors.with_terms(concepts.prefetch_related(None))[: GLOSSARY_LIMIT + 1])
    show_pinyin = any(is_chinese(tag) for tag in languages) and PINYIN not in languages
    rows = []
    for concept in selected[:GLOSSARY_LIMIT]:
        pinyin = _term_in(concept, PINYIN) if show_pinyin else None
        rows.append(
            GlossaryRow(
                concept=concept,
                codes=[code.code for code in concept.codes.all()],
                terms=[_term_in(concept, tag) for tag in languages],
                pinyin=pinyin.text if pinyin else "",
            )
        )
    return Glossary(
        title=title,
        languages=languages,
        rows=rows,
        show_pinyin=show_pinyin,
        truncated=len(selected) > GLOSSARY_LIMIT,
        source_url=source_url,
    )


@dataclass
class ContentUse:
    title: str
    url: str
    concepts: QuerySet[Concept]


def content_use(reference: str) -> ContentUse | None:
    """The concepts a content object names, from ``<app_label>.<model>.<pk>``; None if the
    reference is malformed or the object names no concept. Only what ``TermUsage``
    recorded is read (the concept pages list it publicly), never the object itself."""
    parts = reference.split(".", 2)
    if len(parts) != 3 or not all(parts):
        return None
    app_label, model, object_id = parts
    content_type = ContentType.objects.filter(app_label=app_label, model=model.lower()).first()
    if content_type is None:
        return None
    own = TermUsage.objects.filter(content_type=content_type, object_id=object_id[:64])
    usages = TermUsage.objects.filter(
        Q(pk__in=own.values("pk")) | Q(group=f"{app_label}.{model.lower()}.{object_id[:64]}")
    )
    first = own.order_by("-updated_at").first() or usages.order_by("-updated_at").first()
    if first is None:
        return None
    concepts = Concept.objects.filter(pk__in=usages.values("concept_id")).order_by(
        "kind", "sort_key", "label", "pk"
    )
    return ContentUse(title=first.title, url=first.url, concepts=concepts)


def selection_title(*, kind: str, meridian: Concept | None) -> str:
    if meridian is not None:
        code = next((c.code for c in meridian.codes.all()), "")
        return _("Points of the meridian %(code)s (%(name)s)") % {
            "code": code,
            "name": selectors.display_term(meridian).text,
        }
    if kind:
        return str(dict(ConceptKind.choices).get(kind, kind))
    return _("All concepts")


def known_languages(also: Iterable[str] = ()) -> list[str]:
    """The languages of accepted terms (and ``also``), the platform's languages first."""
    present = set(
        Designation.objects.filter(status__in=ACCEPTED_STATUSES)
        .values_list("language", flat=True)
        .distinct()
    ) | set(also)
    ordered = [tag for tag in LANGUAGE_NAMES if tag in present or tag in ("en", "zh-Hans")]
    return ordered + sorted(present - set(ordered))
