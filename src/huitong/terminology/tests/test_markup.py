from __future__ import annotations

from django.test import Client
from django.utils import translation

from huitong.alliance import services as alliance_services
from huitong.terminology.markup import render, unknown_references
from huitong.terminology.models import ConceptCode, TermUsage
from huitong.testing import World


def test_a_reference_links_to_the_term_in_the_readers_language(db: None) -> None:
    with translation.override("zh-hans"):
        html = render("Needle [[ST36]] and [[POINT:LI4]] daily.")
    st36 = ConceptCode.objects.get(code="ST36").concept
    assert f'<a class="term" href="/terms/{st36.pk}/" lang="zh-Hans">足三里</a>' in html
    assert '<span class="term-code">ST36</span>' in html
    assert "合谷" in html


def test_an_unknown_reference_is_kept_and_marked(db: None) -> None:
    html = render("See [[ICD11:SF57]] and [[XX99]].")
    assert '<span class="term-unknown"' in html
    assert "[[ICD11:SF57]]" in html
    assert "[[XX99]]" in html
    assert unknown_references("[[ST36]] [[XX99]]") == ["[[XX99]]"]


def test_markdown_is_sanitised(db: None) -> None:
    html = render("<script>alert(1)</script> **bold** [x](javascript:alert(1))")
    assert "<script>" not in html
    assert "<strong>bold</strong>" in html
    assert "javascript:" not in html


def test_the_concept_page_lists_where_it_is_used(world: World) -> None:
    alliance_services.institution_update(
        actor=world.institution_admin,
        institution=world.institution,
        description="Our clinic teaches [[ST36]] and [[PC6]].",
    )
    st36 = ConceptCode.objects.get(code="ST36").concept
    assert TermUsage.objects.filter(concept=st36).count() == 1
    page = Client().get(f"/terms/{st36.pk}/").content.decode()
    assert "Southwest Medical University" in page
    institution_page = Client().get(f"/institutions/{world.institution.pk}/").content.decode()
    assert f'href="/terms/{st36.pk}/"' in institution_page

    alliance_services.institution_update(
        actor=world.institution_admin, institution=world.institution, description="No terms."
    )
    assert not TermUsage.objects.filter(concept=st36).exists()
