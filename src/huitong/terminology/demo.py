"""Demo terminology: a few Western diagnoses with their ICD-11 and ICD-10 codes (a small,
attributed subset; never a WHO file), common TCM patterns and therapies as local
concepts, public outcome measures, names in the members' languages, and mappings.

The mappings are illustrative demo data, not clinical guidance.
"""

from __future__ import annotations

from django.db import transaction

from huitong.accounts.models import User
from huitong.terminology import services
from huitong.terminology.models import CodeSystem, ConceptCode, Designation
from huitong.terminology.services import ConceptSpec, TermSpec

ICD11_ATTRIBUTION = "ICD-11 MMS © WHO, CC BY-ND 3.0 IGO (demo subset)"
ICD10_ATTRIBUTION = "ICD-10 © WHO (demo subset)"
DEMO_PROVENANCE = "Huitong demo data — illustrative, not clinical guidance"

# (key, kind, {language: term}, [(system slug, code)], English definition)
CONCEPTS: list[tuple[str, str, dict[str, str], list[tuple[str, str]], str]] = [
    ("migraine", "western_diagnosis",
     {"en": "Migraine", "zh-Hans": "偏头痛", "sr-Latn": "Migrena", "pl": "Migrena",
      "pt-BR": "Enxaqueca"},
     [("icd11-mms", "8A80")], ""),
    ("migraine-icd10", "western_diagnosis", {"en": "Migraine"}, [("icd10", "G43")], ""),
    ("low-back-pain", "western_diagnosis",
     {"en": "Low back pain", "zh-Hans": "腰痛", "sr-Latn": "Bol u donjem delu leđa",
      "pl": "Ból dolnej części pleców", "pt-BR": "Dor lombar"},
     [("icd11-mms", "ME84.2")], ""),
    ("low-back-pain-icd10", "western_diagnosis", {"en": "Low back pain"}, [("icd10", "M54.5")], ""),
    ("chronic-insomnia", "western_diagnosis",
     {"en": "Chronic insomnia", "zh-Hans": "慢性失眠", "sr-Latn": "Hronična nesanica",
      "pl": "Przewlekła bezsenność", "pt-BR": "Insônia crônica"},
     [("icd11-mms", "7A00")], ""),
    ("knee-osteoarthritis", "western_diagnosis",
     {"en": "Osteoarthritis of knee", "zh-Hans": "膝骨关节炎",
      "pl": "Choroba zwyrodnieniowa kolana", "pt-BR": "Osteoartrite do joelho"},
     [("icd11-mms", "FA01")], ""),
    ("spleen-qi-deficiency", "pattern",
     {"en": "Spleen qi deficiency pattern", "zh-Hans": "脾气虚证", "zh-Hant": "脾氣虛證",
      "zh-Latn-pinyin": "pí qì xū zhèng"},
     [("huitong", "spleen-qi-deficiency")],
     "A pattern of reduced transformation and transportation by the spleen, with fatigue, "
     "poor appetite and loose stools."),
    ("liver-yang-rising", "pattern",
     {"en": "Liver yang rising pattern", "zh-Hans": "肝阳上亢证", "zh-Hant": "肝陽上亢證",
      "zh-Latn-pinyin": "gān yáng shàng kàng zhèng"},
     [("huitong", "liver-yang-rising")], ""),
    ("heart-spleen-deficiency", "pattern",
     {"en": "Heart and spleen deficiency pattern", "zh-Hans": "心脾两虚证",
      "zh-Hant": "心脾兩虛證", "zh-Latn-pinyin": "xīn pí liǎng xū zhèng"},
     [("huitong", "heart-spleen-deficiency")], ""),
    ("kidney-yang-deficiency", "pattern",
     {"en": "Kidney yang deficiency pattern", "zh-Hans": "肾阳虚证", "zh-Hant": "腎陽虛證",
      "zh-Latn-pinyin": "shèn yáng xū zhèng"},
     [("huitong", "kidney-yang-deficiency")], ""),
    ("acupuncture", "therapy",
     {"en": "Acupuncture", "zh-Hans": "针刺", "zh-Hant": "針刺", "zh-Latn-pinyin": "zhēncì",
      "sr-Latn": "Akupunktura", "pl": "Akupunktura", "pt-BR": "Acupuntura"},
     [("huitong", "acupuncture")], ""),
    ("moxibustion", "therapy",
     {"en": "Moxibustion", "zh-Hans": "艾灸", "zh-Latn-pinyin": "àijiǔ",
      "sr-Latn": "Moksibustija", "pl": "Moksybucja", "pt-BR": "Moxabustão"},
     [("huitong", "moxibustion")], ""),
    ("tuina", "therapy",
     {"en": "Tuina", "zh-Hans": "推拿", "zh-Latn-pinyin": "tuīná", "pt-BR": "Tuiná"},
     [("huitong", "tuina")], ""),
    ("nrs-pain", "outcome_measure",
     {"en": "Numeric rating scale for pain", "zh-Hans": "疼痛数字评分量表"},
     [("huitong", "nrs-pain")], "Pain intensity rated by the patient from 0 (none) to 10."),
    ("ham-d", "outcome_measure",
     {"en": "Hamilton Depression Rating Scale", "zh-Hans": "汉密尔顿抑郁量表"},
     [("huitong", "ham-d")], ""),
]  # fmt: skip

# (source key or point code, relationship, target key)
MAPPINGS = [
    ("migraine", "equivalent", "migraine-icd10"),
    ("low-back-pain", "equivalent", "low-back-pain-icd10"),
    ("liver-yang-rising", "related", "migraine"),
    ("heart-spleen-deficiency", "related", "chronic-insomnia"),
    ("kidney-yang-deficiency", "related", "low-back-pain"),
    ("spleen-qi-deficiency", "related", "knee-osteoarthritis"),
    ("GB20", "related", "migraine"),
    ("HT7", "related", "chronic-insomnia"),
]


def load_demo(*, proposer: User | None) -> None:
    """Create the demo concepts and mappings (idempotent)."""
    systems = {s.slug: s for s in CodeSystem.objects.all()}
    concepts = {}
    with transaction.atomic():
        for key, kind, terms, codes, definition in CONCEPTS:
            system, code = codes[0]
            existing = ConceptCode.objects.filter(system__slug=system, code=code).first()
            if existing is not None:
                concepts[key] = existing.concept
                continue
            attribution = {"icd11-mms": ICD11_ATTRIBUTION, "icd10": ICD10_ATTRIBUTION}.get(
                system, "Huitong demo"
            )
            concepts[key] = services.concept_create(
                actor=None,
                spec=ConceptSpec(
                    kind=kind,
                    terms=[
                        TermSpec(language, text, "preferred", "official", attribution)
                        for language, text in terms.items()
                    ],
                    codes=[(systems[s], c) for s, c in codes],
                    definition=definition,
                    source=attribution,
                ),
            )
        for source_key, relationship, target_key in MAPPINGS:
            source = concepts.get(source_key) or (
                ConceptCode.objects.get(system__slug="acupoint", code=source_key).concept
            )
            target = concepts[target_key]
            if not source.mappings_out.filter(target=target).exists():
                services.mapping_create(
                    actor=None,
                    source=source,
                    target=target,
                    relationship=relationship,
                    provenance=DEMO_PROVENANCE,
                )
        st36 = ConceptCode.objects.get(system__slug="acupoint", code="ST36").concept
        if (
            proposer is not None
            and not Designation.objects.filter(concept=st36, language="sr-Latn").exists()
        ):
            services.designation_propose(
                actor=proposer, concept=st36, language="sr-Latn", text="Tri milje na nozi",
                use="preferred",
            )  # fmt: skip
