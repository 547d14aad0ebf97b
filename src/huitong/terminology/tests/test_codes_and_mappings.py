from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from huitong.core.errors import Conflict
from huitong.terminology import services
from huitong.terminology.models import CodeSystem, Concept, ConceptCode


def system(slug: str) -> CodeSystem:
    return CodeSystem.objects.get(slug=slug)


@pytest.mark.parametrize(
    ("slug", "code", "valid"),
    [
        ("icd11-mms", "SF57", True),
        ("icd11-mms", "ME84.2", True),
        ("icd11-mms", "8A80", True),
        ("icd11-mms", "SO57", False),  # O is not used in ICD-11 codes
        ("icd11-mms", "sf57", False),
        ("icd10", "M54.5", True),
        ("icd10", "U07", False),
        ("acupoint", "CV24", True),
        ("acupoint", "SJ5", False),
        ("who-ist-tcm", "4.2.15", True),
        ("who-ist-tcm", "four", False),
    ],
)
def test_codes_follow_their_systems_format(db: None, slug: str, code: str, valid: bool) -> None:
    if valid:
        system(slug).validate_code(code)
    else:
        with pytest.raises(ValidationError):
            system(slug).validate_code(code)


def migraine() -> Concept:
    return services.concept_create(
        actor=None,
        spec=services.ConceptSpec(
            kind="western_diagnosis",
            terms=[services.TermSpec("en", "Migraine", "preferred")],
            codes=[(system("icd11-mms"), "8A80")],
        ),
    )


def test_a_code_is_unique_in_its_system(db: None) -> None:
    migraine()
    with pytest.raises(Conflict):
        services.concept_create(
            actor=None,
            spec=services.ConceptSpec(
                kind="disorder",
                terms=[services.TermSpec("en", "Something else", "preferred")],
                codes=[(system("icd11-mms"), "8A80")],
            ),
        )
    assert ConceptCode.objects.filter(code="8A80").count() == 1


def test_translate_finds_mapped_codes_in_both_directions(client: Client, db: None) -> None:
    target = migraine()
    point = ConceptCode.objects.get(system__slug="acupoint", code="GB20").concept
    services.mapping_create(
        actor=None, source=point, target=target, relationship="related", provenance="demo"
    )
    forward = client.get(
        "/api/terms/translate", {"system": "acupoint", "code": "GB20", "target": "icd11-mms"}
    )
    assert forward.status_code == 200
    assert [(t["relationship"], t["codes"][0]["code"]) for t in forward.json()] == [
        ("related", "8A80")
    ]
    backward = client.get("/api/terms/translate", {"system": "ICD11", "code": "8A80"})
    assert backward.json()[0]["codes"][0]["code"] == "GB20"
    unknown = client.get("/api/terms/translate", {"system": "icd11-mms", "code": "ZZ99"})
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "unknown_code"


def test_lookup_by_loose_code(client: Client, db: None) -> None:
    response = client.get("/api/terms/lookup", {"code": "st36"})
    assert response.status_code == 200
    assert response.json()["codes"][0]["code"] == "ST36"
    languages = {d["language"] for d in response.json()["designations"]}
    assert {"zh-Hans", "zh-Hant", "zh-Latn-pinyin", "en"} <= languages
