"""Exports: CSV in the import format, JSON, FHIR R5 CodeSystem and ConceptMap."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from fhir.resources.codesystem import CodeSystem as FhirCodeSystem
from fhir.resources.conceptmap import ConceptMap as FhirConceptMap

from huitong.terminology import exporters, services
from huitong.terminology.models import CodeSystem, Concept, ConceptCode

PREFERRED = ("http://terminology.hl7.org/CodeSystem/hl7TermMaintInfra", "preferredForLanguage")


def system(slug: str) -> CodeSystem:
    return CodeSystem.objects.get(slug=slug)


def point(code: str) -> Concept:
    return ConceptCode.objects.get(system__slug="acupoint", code=code).concept


def diagnosis(code: str, english: str, chinese: str = "") -> Concept:
    terms = [services.TermSpec("en", english, "preferred")]
    if chinese:
        terms.append(services.TermSpec("zh-Hans", chinese, "preferred"))
    return services.concept_create(
        actor=None,
        spec=services.ConceptSpec(
            kind="western_diagnosis", terms=terms, codes=[(system("icd11-mms"), code)]
        ),
    )


def body(response: Any) -> bytes:
    """The whole body of a (streamed) response."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def read_csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8"))))


def fhir_json(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/fhir+json")
    document: dict[str, Any] = response.json()
    return document


# --- The export page ------------------------------------------------------------------


def test_anyone_finds_every_export_on_the_export_page(client: Client, db: None) -> None:
    services.mapping_create(
        actor=None,
        source=point("GB20"),
        target=diagnosis("8A80", "Migraine"),
        relationship="related",
    )
    page = client.get("/terms/export/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "system,code,kind,language,term,use,status,source,definition" in html
    assert "/terms/export/concepts.csv" in html
    assert "/terms/export/fhir/CodeSystem/acupoint.json" in html
    assert "/terms/export/fhir/ConceptMap/icd11-mms/acupoint.json" in html
    assert "/terms/export/fhir/ConceptMap/acupoint/icd11-mms.json" in html
    assert "/terms/glossary/?meridian=ST" in html


# --- CSV ------------------------------------------------------------------------------


def test_csv_export_has_the_import_header_and_one_row_per_term(client: Client, db: None) -> None:
    response = client.get("/terms/export/concepts.csv", {"system": "acupoint"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "huitong-terminology-acupoint.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [
        "system",
        "code",
        "kind",
        "language",
        "term",
        "use",
        "status",
        "source",
        "definition",
    ]
    st36 = [row for row in rows[1:] if row[1] == "ST36"]
    assert ["acupoint", "ST36", "acupoint", "zh-Hans", "足三里", "preferred", "official"] in [
        row[:7] for row in st36
    ]
    assert {row[3] for row in st36} == {"en", "zh-Hans", "zh-Hant", "zh-Latn-pinyin"}
    assert len({row[1] for row in rows[1:]}) == 361
    assert all(row[0] == "acupoint" for row in rows[1:])


def test_csv_export_puts_definitions_on_the_rows_of_their_language(
    client: Client, db: None
) -> None:
    concept = services.concept_create(
        actor=None,
        spec=services.ConceptSpec(
            kind="pattern",
            terms=[
                services.TermSpec("en", "Spleen qi deficiency", "preferred"),
                services.TermSpec("zh-Hans", "脾气虚证", "preferred"),
            ],
            codes=[(system("huitong"), "spleen-qi-deficiency")],
            definition="Weak transformation and transport.",
            definition_translations={
                "zh-hans": "脾气不足，运化失职。",
                "pl": "Niedobór qi śledziony.",
            },
        ),
    )
    rows = read_csv(client.get("/terms/export/concepts.csv", {"system": "huitong"}))
    by_language = {row[3]: row for row in rows[1:] if row[1] == "spleen-qi-deficiency"}
    assert by_language["en"][8] == "Weak transformation and transport."
    assert by_language["zh-Hans"][8] == "脾气不足，运化失职。"
    # No Polish term: the Polish definition comes on a row without a term.
    assert by_language["pl"][4:] == ["", "", "", "", "Niedobór qi śledziony."]
    assert concept.pk


def test_exports_import_back_without_a_problem(client: Client, db: None) -> None:
    from huitong.terminology import importers

    services.concept_create(
        actor=None,
        spec=services.ConceptSpec(
            kind="pattern",
            terms=[services.TermSpec("en", "Liver qi stagnation", "preferred")],
            codes=[(system("huitong"), "liver-qi-stagnation")],
            definition="Qi does not flow freely.",
        ),
    )
    response = client.get("/terms/export/concepts.csv")
    data = body(response)
    report = importers.import_data(
        format="csv", data=data, file_name="export.csv", dry_run=True, actor=None
    )
    assert report.error_count == 0, report.errors[:5]
    assert report.concepts_created == 0
    services.mapping_create(
        actor=None,
        source=point("GB20"),
        target=diagnosis("8A80", "Migraine"),
        relationship="related",
    )
    for format, url in [
        ("fhir-codesystem", "/terms/export/fhir/CodeSystem/acupoint.json"),
        ("fhir-conceptmap", "/terms/export/fhir/ConceptMap/acupoint/icd11-mms.json"),
    ]:
        report = importers.import_data(
            format=format,
            data=client.get(url).content,
            file_name="export.json",
            dry_run=True,
            actor=None,
        )
        assert report.error_count == 0, (url, report.errors[:5])
        assert report.concepts_created == 0


def test_json_export_has_codes_terms_relations_and_mappings(client: Client, db: None) -> None:
    migraine = diagnosis("8A80", "Migraine", "偏头痛")
    services.mapping_create(
        actor=None, source=point("GB20"), target=migraine, relationship="related", comment="demo"
    )
    response = client.get("/terms/export/concepts.json")
    assert response.status_code == 200
    document = json.loads(body(response))
    assert {s["slug"] for s in document["systems"]} >= {"acupoint", "icd11-mms", "meridian"}
    gb20 = next(
        c for c in document["concepts"] if {"system": "acupoint", "code": "GB20"} in c["codes"]
    )
    assert {
        "language": "zh-Hans",
        "text": "风池",
        "use": "preferred",
        "status": "official",
    }.items() <= (next(d for d in gb20["designations"] if d["language"] == "zh-Hans").items())
    meridian = ConceptCode.objects.get(system__slug="meridian", code="GB").concept_id
    assert gb20["relations"] == [
        {
            "type": "part_of",
            "target": {"id": meridian, "codes": [{"system": "meridian", "code": "GB"}]},
        }
    ]
    assert gb20["mappings"] == [
        {
            "relationship": "related",
            "target": {"id": migraine.pk, "codes": [{"system": "icd11-mms", "code": "8A80"}]},
            "comment": "demo",
            "provenance": "",
        }
    ]


def test_exports_read_a_fixed_number_of_queries(client: Client, db: None) -> None:
    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                body(response)
        return len(queries)

    urls = [
        "/terms/export/concepts.csv",
        "/terms/export/concepts.json",
        "/terms/export/fhir/CodeSystem/icd11-mms.json",
        "/terms/export/fhir/ConceptMap/icd11-mms/acupoint.json",
    ]
    migraine = diagnosis("8A80", "Migraine")
    services.mapping_create(
        actor=None, source=point("GB20"), target=migraine, relationship="related"
    )
    before = [count(url) for url in urls]
    for number, code in enumerate(["8A81", "8A82", "8A83", "8A84", "8A85"]):
        other = diagnosis(code, f"Headache {number}", f"头痛{number}")
        services.relation_add(actor=None, source=other, target=migraine, type="is_a")
        services.mapping_create(
            actor=None, source=point(f"LI{number + 1}"), target=other, relationship="broader"
        )
    assert [count(url) for url in urls] == before


# --- FHIR CodeSystem ------------------------------------------------------------------


def test_the_acupoint_code_system_is_a_valid_fhir_r5_code_system(client: Client, db: None) -> None:
    document = fhir_json(client, "/terms/export/fhir/CodeSystem/acupoint.json")
    FhirCodeSystem.model_validate(document)
    assert document["url"] == "urn:huitong:codesystem:acupoint"
    assert document["status"] == "active"
    assert document["content"] == "complete"
    assert document["count"] == 361
    assert len(document["concept"]) == 361
    st36 = next(c for c in document["concept"] if c["code"] == "ST36")
    assert st36["display"] == "Leg Three Li"
    chinese = next(d for d in st36["designation"] if d["language"] == "zh-Hans")
    assert chinese["value"] == "足三里"
    assert (chinese["use"]["system"], chinese["use"]["code"]) == PREFERRED
    # A point without an English name is displayed by its label (the pinyin).
    assert next(c for c in document["concept"] if c["code"] == "ST1")["display"] == "Chéngqì"


def test_the_code_system_names_parents_of_is_a_relations(client: Client, db: None) -> None:
    headache = diagnosis("8A8Z", "Headache disorders", "头痛")
    migraine = diagnosis("8A80", "Migraine", "偏头痛")
    services.designation_add(
        actor=None, concept=migraine, term=services.TermSpec("en", "Hemicrania", "synonym")
    )
    services.relation_add(actor=None, source=migraine, target=headache, type="is_a")
    document = fhir_json(client, "/terms/export/fhir/CodeSystem/icd11-mms.json")
    FhirCodeSystem.model_validate(document)
    # ICD-11 is only partly here: the export says so.
    assert document["content"] == "fragment"
    assert document["hierarchyMeaning"] == "is-a"
    assert [p["code"] for p in document["property"]] == ["parent"]
    entry = next(c for c in document["concept"] if c["code"] == "8A80")
    assert entry["property"] == [{"code": "parent", "valueCode": "8A8Z"}]
    synonym = next(d for d in entry["designation"] if d["value"] == "Hemicrania")
    assert (synonym["use"]["system"], synonym["use"]["code"]) == (
        "http://snomed.info/sct",
        "900000000000013009",
    )


def test_an_unknown_code_system_is_not_found(client: Client, db: None) -> None:
    assert client.get("/terms/export/fhir/CodeSystem/nothing.json").status_code == 404
    assert client.get("/terms/export/concepts.csv", {"system": "nothing"}).status_code == 404
    api = client.get("/api/terms/export/fhir/CodeSystem/nothing")
    assert api.status_code == 404
    assert api.json()["code"] == "unknown_system"


# --- FHIR ConceptMap ------------------------------------------------------------------


def test_a_concept_map_holds_both_directions_with_r5_relationships(
    client: Client, db: None
) -> None:
    migraine = diagnosis("8A80", "Migraine", "偏头痛")
    tension = diagnosis("8A81", "Tension-type headache")
    insomnia = diagnosis("7A00", "Chronic insomnia")
    services.mapping_create(
        actor=None, source=point("GB20"), target=migraine, relationship="related", provenance="demo"
    )
    services.mapping_create(
        actor=None, source=point("LI4"), target=tension, relationship="narrower"
    )
    # Mapped the other way round: from the diagnosis to the point.
    services.mapping_create(
        actor=None, source=insomnia, target=point("HT7"), relationship="broader"
    )

    document = fhir_json(client, "/terms/export/fhir/ConceptMap/acupoint/icd11-mms.json")
    FhirConceptMap.model_validate(document)
    assert document["status"] == "active"
    (group,) = document["group"]
    assert (group["source"], group["target"]) == (
        "urn:huitong:codesystem:acupoint",
        "http://id.who.int/icd/release/11/mms",
    )
    targets = {
        element["code"]: [(t["code"], t["relationship"]) for t in element["target"]]
        for element in group["element"]
    }
    assert targets == {
        "GB20": [("8A80", "related-to")],
        "LI4": [("8A81", "source-is-narrower-than-target")],
        "HT7": [("7A00", "source-is-narrower-than-target")],
    }
    gb20 = next(e for e in group["element"] if e["code"] == "GB20")
    assert gb20["display"] == "Wind Pool"
    assert gb20["target"][0]["display"] == "Migraine"
    assert "demo" in gb20["target"][0]["comment"]

    reverse = fhir_json(client, "/terms/export/fhir/ConceptMap/icd11-mms/acupoint.json")
    FhirConceptMap.model_validate(reverse)
    elements = reverse["group"][0]["element"]
    reverse_targets = {
        e["code"]: [(t["code"], t["relationship"]) for t in e["target"]] for e in elements
    }
    assert reverse_targets["7A00"] == [("HT7", "source-is-broader-than-target")]
    assert reverse_targets["8A81"] == [("LI4", "source-is-broader-than-target")]
    # R5 asks a broader map to say what it loses: it carries a comment.
    assert all(
        t["comment"] for e in elements for t in e["target"] if "broader" in t["relationship"]
    )


def test_a_concept_map_without_mappings_has_no_group(client: Client, db: None) -> None:
    document = fhir_json(client, "/terms/export/fhir/ConceptMap/acupoint/icd10.json")
    FhirConceptMap.model_validate(document)
    assert "group" not in document


def test_the_api_returns_the_same_fhir_resources_to_anyone(client: Client, db: None) -> None:
    services.mapping_create(
        actor=None,
        source=point("GB20"),
        target=diagnosis("8A80", "Migraine"),
        relationship="related",
    )
    for page, api in [
        (
            "/terms/export/fhir/CodeSystem/meridian.json",
            "/api/terms/export/fhir/CodeSystem/meridian",
        ),
        (
            "/terms/export/fhir/ConceptMap/acupoint/icd11-mms.json",
            "/api/terms/export/fhir/ConceptMap/acupoint/icd11-mms",
        ),
    ]:
        response = client.get(api)
        assert response.status_code == 200
        assert response.json() == fhir_json(client, page)
    meridians = client.get("/api/terms/export/fhir/CodeSystem/meridian").json()
    FhirCodeSystem.model_validate(meridians)
    assert meridians["count"] == 14


def test_fhir_names_are_computable() -> None:
    assert exporters.fhir_name("icd11-mms") == "Icd11Mms"
    assert exporters.fhir_name("10-systems") == "N10Systems"
    assert exporters.fhir_id("my_system") == "my-system"
