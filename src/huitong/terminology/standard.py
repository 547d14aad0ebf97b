"""Content that comes with the project: the built-in code systems, the 14 meridians and
the 361 standard acupuncture points (facts: codes and names, no WHO location texts).

``load_standard`` takes the model classes as arguments so that the data migration can
pass its historical models and the tests the real ones.
"""

from __future__ import annotations

from typing import Any

from huitong.terminology import search
from huitong.terminology.data.acupoints import MERIDIANS, POINTS

MERIDIAN_CODES = "|".join(m["code"] for m in MERIDIANS)

CODE_SYSTEMS: list[dict[str, str]] = [
    {
        "slug": "icd11-mms",
        "name": "ICD-11 MMS",
        "url": "http://id.who.int/icd/release/11/mms",
        "reference_prefix": "ICD11",
        # Stem codes (8A80, ME84.2, SF57) and chapter X extension codes (XA0060, XM28X5).
        "code_pattern": (
            r"[0-9A-HJ-NP-Z][A-HJ-NP-Z][0-9][0-9A-HJ-NP-Z](\.[0-9A-HJ-NP-Z]{1,2}){0,2}"
            r"|X[A-HJ-NP-Z][0-9A-HJ-NP-Z]{2,4}"
        ),
        "code_example": "SF57",
        "copyright": (
            "ICD-11 © World Health Organization, licensed under CC BY-ND 3.0 IGO. Huitong "
            "ships an importer and a small attributed demo subset, never a full copy."
        ),
    },
    {
        "slug": "icd10",
        "name": "ICD-10",
        "url": "http://hl7.org/fhir/sid/icd-10",
        "reference_prefix": "ICD10",
        "code_pattern": r"[A-TV-Z][0-9][0-9AB](\.[0-9A-Z]{1,4})?",
        "code_example": "M54.5",
        "copyright": "ICD-10 © World Health Organization.",
    },
    {
        "slug": "who-ist-tcm",
        "name": "WHO International Standard Terminologies on Traditional Chinese Medicine (2022)",
        "url": "urn:huitong:codesystem:who-ist-tcm-2022",
        "reference_prefix": "WHOIST",
        "code_pattern": r"[0-9]{1,2}(\.[0-9]{1,3}){1,4}",
        "code_example": "4.2.15",
        "copyright": (
            "© World Health Organization 2022. Members load the terminologies with the "
            "CSV importer; Huitong does not ship them."
        ),
    },
    {
        "slug": "acupoint",
        "name": "Standard acupuncture point codes (WHO)",
        "url": "urn:huitong:codesystem:acupoint",
        "reference_prefix": "POINT",
        "code_pattern": rf"({MERIDIAN_CODES})[1-9][0-9]?",
        "code_example": "ST36",
        "copyright": (
            "Point codes and names are facts of the WHO Standard Acupuncture Nomenclature."
        ),
    },
    {
        "slug": "meridian",
        "name": "Meridians",
        "url": "urn:huitong:codesystem:meridian",
        "reference_prefix": "MERIDIAN",
        "code_pattern": rf"({MERIDIAN_CODES})",
        "code_example": "ST",
        "copyright": "",
    },
    {
        "slug": "huitong",
        "name": "Huitong local concepts",
        "url": "urn:huitong:codesystem:local",
        "reference_prefix": "HUITONG",
        "code_pattern": r"[a-z0-9][a-z0-9-]{1,63}",
        "code_example": "spleen-qi-deficiency",
        "copyright": "",
    },
]

PINYIN = "zh-Latn-pinyin"


def _terms(entry: Any, english: str) -> list[tuple[str, str, str]]:
    """(language, text, use) of a point or meridian."""
    terms = [
        ("zh-Hans", entry["zh_hans"], "preferred"),
        ("zh-Hant", entry["zh_hant"], "preferred"),
        (PINYIN, entry["pinyin"], "preferred"),
    ]
    if english:
        terms.append(("en", english, "preferred"))
    return terms


def load_standard(
    *,
    CodeSystem: Any,
    Concept: Any,
    Designation: Any,
    ConceptCode: Any,
    Relation: Any,
    SearchKey: Any,
) -> None:
    """Create or update the built-in systems, meridians and points (re-runnable)."""
    systems = {}
    for spec in CODE_SYSTEMS:
        systems[spec["slug"]], _created = CodeSystem.objects.update_or_create(
            slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
        )
    concepts_by_code: dict[str, Any] = {}
    entries = [
        ("meridian", m["code"], m, m["name_en"], f"{i:02d}", None)
        for i, m in enumerate(MERIDIANS, start=1)
    ] + [
        (
            "acupoint",
            p["code"],
            p,
            p["name_en"],
            f"{[m['code'] for m in MERIDIANS].index(p['meridian']) + 1:02d}-{p['number']:03d}",
            p["meridian"],
        )
        for p in POINTS
    ]
    for kind, code, entry, english, sort_key, meridian in entries:
        system = systems["meridian" if kind == "meridian" else "acupoint"]
        label = english or entry["pinyin"]
        concept, _created = Concept.objects.update_or_create(
            uri=f"{system.url}:{code}",
            defaults={
                "kind": kind,
                "label": label,
                "sort_key": sort_key,
                "source": system.name,
                "original_language": "en",
            },
        )
        concepts_by_code[code] = concept
        ConceptCode.objects.get_or_create(system=system, code=code, defaults={"concept": concept})
        for language, text, use in _terms(entry, english):
            Designation.objects.get_or_create(
                concept=concept,
                language=language,
                text=text,
                defaults={"use": use, "status": "official", "source": system.name},
            )
        if meridian:
            Relation.objects.get_or_create(
                source=concept, target=concepts_by_code[meridian], type="part_of"
            )
        keys = search.concept_keys(
            codes=[(code, system.reference_prefix)],
            terms=[(language, text, True) for language, text, _use in _terms(entry, english)],
            definitions=[],
        )
        SearchKey.objects.filter(concept=concept).delete()
        SearchKey.objects.bulk_create(
            [SearchKey(concept=concept, key=k, weight=w) for k, w in keys.items()]
        )
