from __future__ import annotations

import pytest
from django.test import Client

from huitong.terminology import services
from huitong.terminology.models import CodeSystem
from huitong.terminology.selectors import search_concepts


def first_code(query: str) -> str:
    result = search_concepts(query=query, limit=1)
    assert result.concepts, query
    return result.concepts[0].codes.all()[0].code


@pytest.mark.parametrize(
    "query",
    [
        "zusanli",
        "zu san li",
        "zúsānlǐ",
        "Zúsānlǐ",
        "足三里",
        "st36",
        "ST 36",
        "ST-36",
        "Leg Three Li",
    ],
)
def test_every_form_finds_st36_first(db: None, query: str) -> None:
    assert first_code(query) == "ST36"


@pytest.mark.parametrize(("simplified", "traditional"), [("内关", "內關"), ("百会", "百會")])
def test_simplified_and_traditional_find_each_other(
    db: None, simplified: str, traditional: str
) -> None:
    assert first_code(simplified) == first_code(traditional)


def test_results_are_ranked_code_then_preferred_then_synonym_then_definition(db: None) -> None:
    local = CodeSystem.objects.get(slug="huitong")
    make = services.concept_create
    make(
        actor=None,
        spec=services.ConceptSpec(
            kind="therapy",
            terms=[services.TermSpec("en", "Moxa therapy", "preferred")],
            codes=[(local, "moxa")],
        ),
    )
    make(
        actor=None,
        spec=services.ConceptSpec(
            kind="therapy",
            terms=[services.TermSpec("en", "Moxa", "preferred")],
        ),
    )
    make(
        actor=None,
        spec=services.ConceptSpec(
            kind="therapy",
            terms=[
                services.TermSpec("en", "Moxibustion", "preferred"),
                services.TermSpec("en", "Moxa", "synonym"),
            ],
        ),
    )
    make(
        actor=None,
        spec=services.ConceptSpec(
            kind="therapy",
            terms=[services.TermSpec("en", "Warm needling", "preferred")],
            definition="Needling combined with burning moxa on the handle.",
        ),
    )
    labels = [c.label for c in search_concepts(query="moxa").concepts]
    assert labels == ["Moxa therapy", "Moxa", "Moxibustion", "Warm needling"]


@pytest.mark.parametrize(
    "query", ["", " ", "x" * 10_000, "足三里 zusanli ST36 Ωμέγα", "\x00\x1f\u202e", "%_\\'\"--"]
)
def test_any_input_gets_a_valid_answer(client: Client, db: None, query: str) -> None:
    response = client.get("/api/terms/search", {"q": query})
    assert response.status_code == 200
    assert response.json()["count"] >= 0
    page = client.get("/terms/", {"q": query})
    assert page.status_code == 200


def test_the_search_page_shows_the_term_in_the_readers_language(client: Client, db: None) -> None:
    client.cookies["huitong_language"] = "zh-hans"
    html = client.get("/terms/", {"q": "zusanli"}).content.decode()
    assert '<span lang="zh-Hans">足三里</span>' in html


def test_pinyin_with_or_without_spaces_finds_a_pattern(db: None) -> None:
    from huitong.terminology.models import CodeSystem

    services.concept_create(
        actor=None,
        spec=services.ConceptSpec(
            kind="pattern",
            terms=[
                services.TermSpec("en", "Spleen qi deficiency pattern", "preferred"),
                services.TermSpec("zh-Latn-pinyin", "pí qì xū zhèng", "preferred"),
            ],
            codes=[(CodeSystem.objects.get(slug="huitong"), "spleen-qi-deficiency")],
        ),
    )
    for query in ["píqìxū", "piqixu", "pi qi xu zheng", "spleen qi"]:
        assert search_concepts(query=query).total == 1, query
