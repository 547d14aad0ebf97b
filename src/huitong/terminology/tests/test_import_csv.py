"""The CSV importer: concepts and designations in every language (docs/terminology-import.md).
The terms and definitions below are written for the tests."""

from __future__ import annotations

import pytest

from huitong.terminology import services
from huitong.terminology.models import CodeSystem, Concept, ConceptCode, Designation
from huitong.terminology.selectors import search_concepts
from huitong.terminology.tests.test_import_support import errors, run_import

HEADER = "system,code,kind,language,term,use,status,source,definition"
GLOSSARY = f"""{HEADER}
who-ist-tcm,4.2.15,pattern,en,spleen qi deficiency pattern,preferred,,Test glossary,"A pattern in which the spleen's qi is weak (written for the tests)."
who-ist-tcm,4.2.15,,zh-hans,脾气虚证,preferred,official,,脾气虚弱的证候（测试用）。
who-ist-tcm,4.2.15,,zh-latn-pinyin,pí qì xū zhèng,preferred,,,
who-ist-tcm,4.2.15,,sr-Latn,obrazac nedostatka či slezine,preferred,,,
who-ist-tcm,4.2.15,,en,spleen qi vacuity,,,,
huitong,liver-fire,pattern,en,liver fire flaming upward,preferred,,,
acupoint,ST36,,pl,Punkt Trzech Mil,synonym,,,
"""  # noqa: E501


def concept(system: str, code: str) -> Concept:
    return ConceptCode.objects.get(system__slug=system, code=code).concept


def counts() -> tuple[int, int, int]:
    return Concept.objects.count(), Designation.objects.count(), ConceptCode.objects.count()


def test_a_glossary_in_several_languages_becomes_searchable(db: None) -> None:
    report = run_import("csv", GLOSSARY.encode())
    assert report.ok
    assert (report.rows, report.concepts_created, report.concepts_updated) == (7, 2, 1)
    assert (report.designations_created, report.codes_created) == (7, 2)

    spleen = concept("who-ist-tcm", "4.2.15")
    assert spleen.kind == "pattern"
    assert spleen.label == "spleen qi deficiency pattern"
    terms = {(d.language, d.text): (d.use, d.status) for d in spleen.designations.all()}
    assert terms == {
        ("en", "spleen qi deficiency pattern"): ("preferred", "approved"),
        ("en", "spleen qi vacuity"): ("synonym", "approved"),
        ("zh-Hans", "脾气虚证"): ("preferred", "official"),
        ("zh-Latn-pinyin", "pí qì xū zhèng"): ("preferred", "approved"),
        ("sr-Latn", "obrazac nedostatka či slezine"): ("preferred", "approved"),
    }
    assert spleen.definition.startswith("A pattern in which the spleen's qi is weak")
    assert spleen.translations["zh-hans"]["definition"] == "脾气虚弱的证候（测试用）。"
    for query in ("pi qi xu", "pí qì xū", "脾气虚", "脾氣虛", "či slezine", "spleen qi vacuity"):
        assert search_concepts(query=query).concepts[0].pk == spleen.pk, query
    st36 = concept("acupoint", "ST36")
    assert search_concepts(query="Trzech Mil").concepts[0].pk == st36.pk


def test_importing_again_updates_and_never_duplicates(db: None) -> None:
    run_import("csv", GLOSSARY.encode())
    before = counts()
    again = run_import("csv", GLOSSARY.encode())
    assert again.ok
    assert (again.concepts_created, again.concepts_updated, again.designations_created) == (0, 0, 0)
    assert counts() == before

    corrected = GLOSSARY.replace(
        "spleen qi deficiency pattern,preferred", "spleen qi deficiency syndrome,preferred"
    ).replace("liver-fire,pattern", "liver-fire,disorder")
    update = run_import("csv", corrected.encode())
    assert update.ok
    assert (update.concepts_created, update.designations_created) == (0, 0)
    assert (update.concepts_updated, update.designations_updated) == (2, 1)
    assert counts() == before
    spleen = concept("who-ist-tcm", "4.2.15")
    assert spleen.label == "spleen qi deficiency syndrome"
    assert not spleen.designations.filter(text="spleen qi deficiency pattern").exists()
    assert concept("huitong", "liver-fire").kind == "disorder"


def test_an_imported_preferred_term_keeps_the_editors_one_as_a_synonym(db: None) -> None:
    st36 = concept("acupoint", "ST36")
    english = st36.designations.get(language="en", use="preferred")
    report = run_import(
        "csv", f"{HEADER}\nacupoint,ST36,,en,Leg Three Miles (test),preferred,,,\n".encode()
    )
    assert report.ok
    english.refresh_from_db()
    assert english.use == "synonym"
    st36.refresh_from_db()
    assert st36.label == "Leg Three Miles (test)"


MALFORMED: dict[str, tuple[str | bytes, list[tuple[int, str, str]]]] = {
    "wrong columns": (
        "system,code,kind,langauge,term\nhuitong,x1,pattern,en,Term\n",
        [
            (
                1,
                "langauge",
                "Unknown column “langauge”. The columns are: system, code, language, term, "
                "kind, use, status, source, definition.",
            ),
            (1, "language", "The column “language” is missing."),
        ],
    ),
    "bad encoding": (
        f"{HEADER}\nhuitong,x1,pattern,pt-BR,Deficiência,,,,\n".encode("cp1252"),
        [
            (
                2,
                "",
                "“glossary.csv” is not UTF-8 text: line 2 holds bytes that are not UTF-8. Save "
                "the file as UTF-8 (Unicode) and import it again.",
            )
        ],
    ),
    "duplicate term": (
        f"{HEADER}\nhuitong,x1,pattern,en,Damp heat,,,,\nhuitong,x1,,en,Damp heat,,,,\n",
        [(3, "term", "This term is already in row 2.")],
    ),
    "unknown language tag": (
        f"{HEADER}\nhuitong,x1,pattern,zh-Hanz,湿热,,,,\nhuitong,x1,,klingon,Term,,,,\n",
        [
            (
                2,
                "language",
                "“hanz” in “zh-Hanz” is not a known script (ISO 15924), e.g. Hans, Hant, Latn, "
                "Cyrl.",
            ),
            (
                3,
                "language",
                "“klingon” is not a BCP 47 language tag (e.g. en, zh-Hans, sr-Latn).",
            ),
        ],
    ),
    "code that fails its system's format": (
        f"{HEADER}\nwho-ist-tcm,four,pattern,en,Damp heat,,,,\n",
        [
            (
                2,
                "code",
                "“four” is not a valid WHO International Standard Terminologies on Traditional "
                "Chinese Medicine (2022) code (for example 4.2.15).",
            )
        ],
    ),
    "unknown system and kind": (
        f"{HEADER}\ntcm,x1,pattern,en,Damp heat,,,,\nhuitong,x2,humour,en,Phlegm,,,,\n",
        [
            (2, "system", "Unknown code system “tcm”."),
            (
                3,
                "kind",
                "“humour” is not a kind of concept (disorder, pattern, acupoint, meridian, "
                "medicinal, formula, therapy, sign, western_diagnosis, outcome_measure).",
            ),
        ],
    ),
    "two preferred terms": (
        f"{HEADER}\nhuitong,x1,pattern,en,Damp heat,preferred,,,\n"
        "huitong,x1,,en,Dampness-heat,preferred,,,\n",
        [(3, "use", "Row 2 already gives this concept's preferred term in this language.")],
    ),
    "a new concept without its kind": (
        f"{HEADER}\nhuitong,x1,,en,Damp heat,,,,\n",
        [
            (
                2,
                "kind",
                "A new concept needs its kind (disorder, pattern, acupoint, meridian, medicinal, "
                "formula, therapy, sign, western_diagnosis, outcome_measure).",
            )
        ],
    ),
    "a definition in a language the platform has not": (
        f"{HEADER}\nhuitong,x1,pattern,de,Feuchte Hitze,,,,Eine Definition.\n",
        [
            (
                2,
                "definition",
                "Definitions are kept in the platform's languages (en, zh-Hans, sr-Latn, pl, "
                "pt-BR); “de” is not one of them.",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_csv_is_reported_by_row_and_column_and_nothing_is_written(
    db: None, case: str
) -> None:
    content, expected = MALFORMED[case]
    data = content.encode() if isinstance(content, str) else content
    before = counts()
    report = run_import("csv", data)
    assert errors(report) == expected
    assert not report.written
    assert counts() == before


def test_one_concept_under_two_codes_in_one_file_is_an_error(db: None) -> None:
    st36 = concept("acupoint", "ST36")
    services.code_add(
        actor=None, concept=st36, system=CodeSystem.objects.get(slug="huitong"), code="zu-san-li"
    )
    before = counts()
    report = run_import(
        "csv",
        f"{HEADER}\nacupoint,ST36,,pl,Punkt,,,,\nhuitong,zu-san-li,,pt-BR,Ponto,,,,\n".encode(),
    )
    assert errors(report) == [
        (3, "code", "This row names the same concept as row 2 under another code.")
    ]
    assert counts() == before


def test_unusual_characters_reach_the_search_index(db: None) -> None:
    report = run_import(
        "csv",
        f'{HEADER}\nhuitong,x1,sign,en,"Pain\\radiating ""sciatic"" type",preferred,,,\n'.encode(),
    )
    assert report.ok
    found = search_concepts(query="pain\\radiating").concepts
    assert [c.label for c in found] == ['Pain\\radiating "sciatic" type']
