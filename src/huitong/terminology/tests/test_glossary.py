"""The bilingual glossary of a content object or a selection, as a page and as a PDF."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from huitong.alliance import services as alliance_services
from huitong.terminology import services
from huitong.terminology.models import ConceptCode
from huitong.testing import World


def point_terms(code: str, *terms: tuple[str, str]) -> None:
    concept = ConceptCode.objects.get(system__slug="acupoint", code=code).concept
    for language, text in terms:
        services.designation_add(
            actor=None, concept=concept, term=services.TermSpec(language, text, "preferred")
        )


def table_rows(html: str) -> list[str]:
    """The rows of the glossary table, as text."""
    body = html.split('<table id="glossary">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_meridian_glossary_lists_its_points_in_two_languages(client: Client, db: None) -> None:
    response = client.get("/terms/glossary/", {"meridian": "ST", "languages": "zh-Hans,en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Points of the meridian ST (Stomach Meridian)" in html
    rows = table_rows(html)
    assert rows[0] == "Code Chinese (simplified) (zh-Hans) English (en) Pinyin"
    assert len(rows) == 1 + 45
    assert "ST36 足三里 Leg Three Li Zúsānlǐ" in rows
    # ST1 has no English name: the cell says so instead of staying blank.
    assert "ST1 承泣 missing Chéngqì" in rows


def test_the_glossary_of_an_institution_lists_the_terms_its_description_names(
    world: World,
) -> None:
    alliance_services.institution_update(
        actor=None,
        institution=world.institution,
        description="Our clinic teaches [[ST36]] for digestion and [[PC6]] for nausea.",
    )
    client = Client()
    response = client.get(
        "/terms/glossary/",
        {"object": f"alliance.institution.{world.institution.pk}", "languages": "zh-Hans,en"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Terms used in “Southwest Medical University”" in html
    assert world.institution.get_absolute_url() in html
    assert table_rows(html)[1:] == [
        "ST36 足三里 Leg Three Li Zúsānlǐ",
        "PC6 内关 Inner Pass Nèiguān",
    ]
    pdf = client.get(
        "/terms/glossary/",
        {
            "object": f"alliance.institution.{world.institution.pk}",
            "languages": "zh-Hans,en",
            "format": "pdf",
        },
    )
    text = pdf_text(pdf.content)
    assert "Southwest Medical University" in text
    assert "足三里" in text
    assert "内关" in text
    assert "Zúsānlǐ" in text


def test_content_that_names_no_term_has_no_glossary(world: World) -> None:
    client = Client()
    for reference in [
        f"alliance.institution.{world.other_institution.pk}",
        "alliance.nothing.1",
        "accounts.user.1",
        "nonsense",
    ]:
        assert client.get("/terms/glossary/", {"object": reference}).status_code == 404


def test_the_reader_language_and_english_are_the_default_languages(
    client: Client, db: None
) -> None:
    point_terms("ST36", ("pl", "Punkt żołądka 36"))
    client.cookies["huitong_language"] = "pl"
    html = client.get("/terms/glossary/", {"meridian": "ST"}).content.decode()
    rows = table_rows(html)
    assert re.fullmatch(r"\S+ \S+ \(pl\) \S+ \(en\)", rows[0]), rows[0]
    assert any(row.startswith("ST36 Punkt żołądka 36 Leg Three Li") for row in rows)
    english = Client()
    rows = table_rows(english.get("/terms/glossary/", {"meridian": "ST"}).content.decode())
    assert rows[0] == "Code English (en) Chinese (simplified) (zh-Hans) Pinyin"


def test_a_term_missing_in_a_language_is_marked(client: Client, db: None) -> None:
    point_terms("ST36", ("sr-Latn", "Tačka želuca 36"))
    rows = table_rows(
        client.get(
            "/terms/glossary/", {"meridian": "ST", "languages": "sr-Latn,pl"}
        ).content.decode()
    )
    assert "ST36 Tačka želuca 36 missing" in rows
    assert "ST37 missing missing" in rows


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        ("zh-Hans,sr-Latn", ["足三里", "Tačka želuca", "Zúsānlǐ", "承泣"]),
        ("pl,zh-Hans", ["Punkt żołądka 36", "足三里", "内庭"]),
        ("sr-Latn,pl", ["Tačka želuca", "Punkt żołądka 36", "č ć đ š ž"]),
    ],
)
def test_the_glossary_pdf_keeps_chinese_and_latin_diacritics(
    client: Client, db: None, languages: str, expected: list[str]
) -> None:
    point_terms("ST36", ("sr-Latn", "Tačka želuca"), ("pl", "Punkt żołądka 36"))
    point_terms("ST37", ("sr-Latn", "č ć đ š ž"), ("pl", "ą ę ł ń ó ś ź ż"))
    response = client.get(
        "/terms/glossary/", {"meridian": "ST", "languages": languages, "format": "pdf"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for value in expected:
        assert value in text, value
    if "pl" in languages:
        assert "ą ę ł ń ó ś ź ż" in text


def test_the_glossary_page_offers_its_pdf_and_a_choice(client: Client, db: None) -> None:
    html = client.get("/terms/glossary/", {"meridian": "PC", "languages": "en,zh-Hans"}).content
    page = html.decode()
    assert 'href="/terms/glossary/?meridian=PC&amp;languages=en%2Czh-Hans&amp;format=pdf"' in page
    assert '<option value="zh-Hant" lang="zh-Hant"' in page
    empty = client.get("/terms/glossary/").content.decode()
    assert "Choose a meridian or a kind" in empty
    assert client.get("/terms/glossary/", {"format": "pdf"}).status_code == 404
    assert client.get("/terms/glossary/", {"meridian": "XX"}).status_code == 404


def test_an_invalid_language_falls_back_to_the_defaults(client: Client, db: None) -> None:
    rows = table_rows(
        client.get(
            "/terms/glossary/", {"meridian": "PC", "languages": "<script>,en"}
        ).content.decode()
    )
    assert rows[0] == "Code English (en) Chinese (simplified) (zh-Hans) Pinyin"
