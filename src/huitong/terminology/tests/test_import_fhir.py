"""FHIR CodeSystem and ConceptMap (R4 and R5) into concepts and mappings that
/api/terms/translate answers with. Codes, terms and maps are written for the tests."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from huitong.terminology.models import Concept, ConceptCode, Designation, Mapping, Relation
from huitong.terminology.tests.test_import_support import (
    errors,
    run_import,
    small_tabulation,
    tabulation,
)

WHO_IST = "urn:huitong:codesystem:who-ist-tcm-2022"
ICD11 = "http://id.who.int/icd/release/11/mms"
PREFERRED = {
    "system": "http://terminology.hl7.org/CodeSystem/hl7TermMaintInfra",
    "code": "preferredForLanguage",
}


def code_system(**changes: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "CodeSystem",
        "url": WHO_IST,
        "status": "active",
        "content": "fragment",
        "language": "en",
        "concept": [
            {
                "code": "4.2",
                "display": "qi patterns (test)",
                "property": [{"code": "kind", "valueCode": "pattern"}],
                "concept": [
                    {
                        "code": "4.2.15",
                        "display": "spleen qi deficiency pattern",
                        "definition": "A pattern of weak spleen qi (written for the tests).",
                        "property": [{"code": "kind", "valueCode": "pattern"}],
                        "designation": [
                            {"language": "zh-Hans", "use": PREFERRED, "value": "脾气虚证"},
                            {"language": "zh-Latn-pinyin", "value": "pí qì xū zhèng"},
                            {"language": "en", "value": "spleen qi deficiency pattern"},
                        ],
                    }
                ],
            },
            {
                "code": "4.2.16",
                "display": "lung qi deficiency pattern",
                "property": [
                    {"code": "kind", "valueCode": "pattern"},
                    {"code": "parent", "valueCode": "4.2"},
                ],
            },
        ],
    }
    resource.update(changes)
    return resource


def concept_map_r5() -> dict[str, Any]:
    return {
        "resourceType": "ConceptMap",
        "url": "urn:test:conceptmap:who-ist-to-icd11",
        "status": "draft",
        "group": [
            {
                "source": WHO_IST,
                "target": f"{ICD11}|2099-01",
                "element": [
                    {
                        "code": "4.2.15",
                        "target": [
                            {
                                "code": "SF57",
                                "relationship": "source-is-narrower-than-target",
                                "comment": "Written for the tests.",
                            }
                        ],
                    },
                    {"code": "4.2.16", "noMap": True},
                ],
            }
        ],
    }


def concept_map_r4() -> dict[str, Any]:
    return {
        "resourceType": "ConceptMap",
        "name": "TestR4",
        "status": "draft",
        "group": [
            {
                "source": WHO_IST,
                "target": ICD11,
                "element": [
                    {"code": "4.2.16", "target": [{"code": "SA01", "equivalence": "relatedto"}]},
                    {"code": "4.2", "target": [{"code": "SA01", "equivalence": "disjoint"}]},
                ],
            }
        ],
    }


def load(resource: dict[str, Any]) -> bytes:
    return json.dumps(resource, ensure_ascii=False).encode()


def concept(system: str, code: str) -> Concept:
    return ConceptCode.objects.get(system__slug=system, code=code).concept


def test_a_code_system_with_nested_concepts_and_designations(db: None) -> None:
    report = run_import("fhir-codesystem", load(code_system()))
    assert report.ok
    assert (report.rows, report.concepts_created, report.relations_created) == (3, 3, 2)
    spleen = concept("who-ist-tcm", "4.2.15")
    assert spleen.kind == "pattern"
    assert spleen.definition == "A pattern of weak spleen qi (written for the tests)."
    terms = {(d.language, d.text): d.use for d in spleen.designations.all()}
    assert terms == {
        ("en", "spleen qi deficiency pattern"): "preferred",
        ("zh-Hans", "脾气虚证"): "preferred",
        ("zh-Latn-pinyin", "pí qì xū zhèng"): "synonym",
    }
    group = concept("who-ist-tcm", "4.2")
    assert set(Relation.objects.filter(target=group).values_list("source__label", flat=True)) == {
        "spleen qi deficiency pattern",
        "lung qi deficiency pattern",
    }
    again = run_import("fhir-codesystem", load(code_system()))
    assert (again.concepts_created, again.concepts_updated, again.relations_created) == (0, 0, 0)


def test_concept_maps_r4_and_r5_become_mappings_that_translate_answers(
    db: None, client: Client
) -> None:
    run_import("icd11", tabulation(small_tabulation()))
    run_import("fhir-codesystem", load(code_system()))
    r5 = run_import("fhir-conceptmap", load(concept_map_r5()))
    assert r5.ok
    assert (r5.rows, r5.mappings_created, r5.skipped) == (2, 1, 1)
    r4 = run_import("fhir-conceptmap", load(concept_map_r4()))
    assert (r4.mappings_created, r4.skipped) == (1, 1)
    mapping = Mapping.objects.get(target=concept("icd11-mms", "SF57"))
    assert (mapping.relationship, mapping.comment) == ("narrower", "Written for the tests.")
    assert mapping.provenance == "urn:test:conceptmap:who-ist-to-icd11"

    forward = client.get(
        "/api/terms/translate", {"system": "who-ist-tcm", "code": "4.2.15", "target": "icd11-mms"}
    )
    assert [(t["relationship"], t["codes"][0]["code"]) for t in forward.json()] == [
        ("narrower", "SF57")
    ]
    backward = client.get(
        "/api/terms/translate", {"system": "ICD11", "code": "SF57", "target": "who-ist-tcm"}
    )
    assert [(t["relationship"], t["codes"][0]["code"]) for t in backward.json()] == [
        ("broader", "4.2.15")
    ]
    related = client.get("/api/terms/translate", {"system": "who-ist-tcm", "code": "4.2.16"})
    assert [t["relationship"] for t in related.json()] == ["related"]

    # Again: nothing new. Then the map changes its mind: the mapping is updated.
    assert run_import("fhir-conceptmap", load(concept_map_r5())).mappings_created == 0
    changed = concept_map_r5()
    changed["group"][0]["element"][0]["target"][0]["relationship"] = "equivalent"
    assert run_import("fhir-conceptmap", load(changed)).mappings_updated == 1
    assert Mapping.objects.get(pk=mapping.pk).relationship == "equivalent"
    assert Mapping.objects.count() == 2


MALFORMED: dict[str, tuple[str, bytes, list[tuple[int, str, str]]]] = {
    "not JSON": (
        "fhir-codesystem",
        b'{"resourceType": "CodeSystem",\n "url": }',
        [
            (
                2,
                "",
                "The file is not valid JSON (line 2, column 9): Expecting value",
            )
        ],
    ),
    "another resource": (
        "fhir-codesystem",
        load(concept_map_r5()),
        [
            (
                0,
                "resourceType",
                "The file is not a FHIR CodeSystem (its resourceType is “ConceptMap”).",
            )
        ],
    ),
    "unknown system": (
        "fhir-codesystem",
        load(code_system(url="http://example.org/fhir/CodeSystem/unknown")),
        [
            (
                0,
                "url",
                "No code system has the URL “http://example.org/fhir/CodeSystem/unknown”. An "
                "editor adds the code system first (the imports never create one).",
            )
        ],
    ),
    "duplicate and malformed codes": (
        "fhir-codesystem",
        load(
            code_system(
                concept=[
                    {"code": "4.3", "display": "A"},
                    {
                        "code": "4.3",
                        "display": "B",
                        "designation": [{"language": "zh-Hanz", "value": "乙"}],
                    },
                    {"code": "4.x", "display": "C"},
                ]
            )
        ),
        [
            (2, "concept[1].code", "The code 4.3 is already in row 1."),
            (
                3,
                "concept[2].code",
                "“4.x” is not a valid WHO International Standard Terminologies on Traditional "
                "Chinese Medicine (2022) code (for example 4.2.15).",
            ),
        ],
    ),
    "a designation in an unknown language": (
        "fhir-codesystem",
        load(
            code_system(
                concept=[
                    {
                        "code": "4.3",
                        "display": "B",
                        "designation": [{"language": "zh-Hanz", "value": "乙"}],
                    }
                ]
            )
        ),
        [
            (
                1,
                "concept[0].designation[0].language",
                "“hanz” in “zh-Hanz” is not a known script (ISO 15924), e.g. Hans, Hant, Latn, "
                "Cyrl.",
            )
        ],
    ),
    "an unknown code in a map": (
        "fhir-conceptmap",
        load(concept_map_r4()),
        [
            (1, "group[0].element[0].code", "No concept has the code 4.2.16 in WHO International "
             "Standard Terminologies on Traditional Chinese Medicine (2022)."),
            (1, "group[0].element[0].target[0].code",
             "No concept has the code SA01 in ICD-11 MMS."),
        ],
    ),
    "an unknown relationship": (
        "fhir-conceptmap",
        load(
            {
                **concept_map_r5(),
                "group": [
                    {
                        "source": WHO_IST,
                        "target": ICD11,
                        "element": [
                            {"code": "4.2.15", "target": [{"code": "SF57", "relationship": "same"}]}
                        ],
                    }
                ],
            }
        ),
        [
            (
                1,
                "group[0].element[0].target[0].relationship",
                "“same” is not a relationship of FHIR ConceptMap.",
            )
        ],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_fhir_file_is_reported_and_nothing_is_written(db: None, case: str) -> None:
    format, data, expected = MALFORMED[case]
    before = (Concept.objects.count(), Designation.objects.count(), Mapping.objects.count())
    report = run_import(format, data)
    assert errors(report) == expected
    assert not report.written
    after = (Concept.objects.count(), Designation.objects.count(), Mapping.objects.count())
    assert after == before
