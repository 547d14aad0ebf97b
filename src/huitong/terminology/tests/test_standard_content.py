from __future__ import annotations

from django.db.models import Count

from huitong.terminology.models import Concept, ConceptCode, Designation, Relation

KNOWN_COUNTS = {
    "LU": 11, "LI": 20, "ST": 45, "SP": 21, "HT": 9, "SI": 19, "BL": 67,
    "KI": 27, "PC": 9, "TE": 23, "GB": 44, "LR": 14, "GV": 28, "CV": 24,
}  # fmt: skip


def test_the_361_points_come_with_the_project_on_their_14_meridians(db: None) -> None:
    assert Concept.objects.filter(kind="meridian").count() == 14
    assert Concept.objects.filter(kind="acupoint").count() == 361
    per_meridian = dict(
        Relation.objects.filter(type="part_of", source__kind="acupoint")
        .values_list("target__codes__code")
        .annotate(n=Count("id"))
    )
    assert per_meridian == KNOWN_COUNTS


def test_a_point_has_its_names_in_both_scripts_and_pinyin(db: None) -> None:
    concept = ConceptCode.objects.get(system__slug="acupoint", code="PC6").concept
    names = {d.language: d.text for d in Designation.objects.filter(concept=concept)}
    assert names["zh-Hans"] == "内关"
    assert names["zh-Hant"] == "內關"
    assert names["zh-Latn-pinyin"] == "Nèiguān"
    assert names["en"] == "Inner Pass"


def test_point_codes_follow_the_standard_numbering(db: None) -> None:
    codes = set(ConceptCode.objects.filter(system__slug="acupoint").values_list("code", flat=True))
    expected = {f"{m}{n}" for m, count in KNOWN_COUNTS.items() for n in range(1, count + 1)}
    assert codes == expected
