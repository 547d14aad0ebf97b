"""The ICD-11 MMS simple tabulation importer, on files in WHO's layout with invented
codes and titles (see test_import_support)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from huitong.core.models import AuditEntry
from huitong.terminology import importers, services
from huitong.terminology.models import (
    CodeSystem,
    Concept,
    ConceptCode,
    Designation,
    ImportJob,
    Relation,
    SearchKey,
)
from huitong.terminology.selectors import search_concepts
from huitong.terminology.tests.test_import_support import (
    ENTITY,
    ICD_HEADER,
    IcdRow,
    errors,
    run_import,
    small_tabulation,
    synthetic_rows,
    tabulation,
)

ICD11 = "icd11"


def by_code(code: str) -> Concept:
    return ConceptCode.objects.get(system__slug="icd11-mms", code=code).concept


def parents(concept: Concept) -> list[str]:
    return sorted(r.target.label for r in Relation.objects.filter(source=concept, type="is_a"))


def snapshot() -> tuple[int, int, int, int, int]:
    return (
        Concept.objects.count(),
        Designation.objects.count(),
        ConceptCode.objects.count(),
        Relation.objects.count(),
        SearchKey.objects.count(),
    )


def test_a_tabulation_becomes_concepts_with_titles_codes_kinds_and_parents(db: None) -> None:
    report = run_import(ICD11, tabulation(small_tabulation()))

    assert report.ok
    assert report.written
    assert (report.rows, report.concepts_created, report.codes_created) == (11, 11, 7)
    fever = by_code("1A00")
    assert fever.label == "Imaginary enteric fever"  # the "- - " of the depth is gone
    assert fever.kind == "western_diagnosis"
    assert fever.uri == f"{ENTITY}1002"
    title = fever.designations.get()
    assert (title.language, title.use, title.status, title.source) == (
        "en",
        "preferred",
        "official",
        "ICD-11 MMS",
    )
    assert by_code("SF57").kind == "pattern"
    assert by_code("SA01").kind == "disorder"
    # Chapters and blocks have no code but are concepts, in the hierarchy.
    assert parents(fever) == ["Invented intestinal infections"]
    assert parents(by_code("1A00.0")) == ["Imaginary enteric fever"]
    block = Concept.objects.get(uri=f"{ENTITY}1001")
    assert parents(block) == ["Invented infectious conditions"]
    assert parents(Concept.objects.get(uri=f"{ENTITY}1000")) == []
    # Residual categories share their parent's foundation URI; each keeps its own identity.
    assert by_code("1A00.Y").uri == f"{ENTITY}1002/other"
    assert by_code("1A00.Z").uri == f"{ENTITY}1002/unspecified"
    assert parents(by_code("1A00.Z")) == ["Imaginary enteric fever"]
    # Searchable by title and by code at once.
    assert search_concepts(query="spleen qi deficiency").concepts[0].pk == by_code("SF57").pk
    assert search_concepts(query="sf57").concepts[0].pk == by_code("SF57").pk
    entry = AuditEntry.objects.get(action="terminology.import")
    assert entry.data["concepts_created"] == 11


def test_importing_again_changes_nothing_and_a_new_release_updates_in_place(db: None) -> None:
    rows = small_tabulation()
    run_import(ICD11, tabulation(rows))
    before = snapshot()

    again = run_import(ICD11, tabulation(rows))
    assert again.ok
    assert again.written
    assert (again.concepts_created, again.concepts_updated, again.designations_created) == (0, 0, 0)
    assert snapshot() == before

    # The next release renames 1A01 and moves 1A00.0 under it.
    renamed = [r for r in rows if r.code not in ("1A00.0", "1A01")]
    position = [r.code for r in renamed].index("SF57") - 2
    renamed[position:position] = [
        IcdRow(1004, "1A01", "Made-up gut infection, renamed", "category", 2, "01"),
        IcdRow(1003, "1A00.0", "Imaginary enteric fever, mild course", "category", 3, "01"),
    ]
    update = run_import(ICD11, tabulation(renamed))
    assert update.ok
    assert (update.concepts_created, update.designations_created) == (0, 0)
    assert update.designations_updated == 1
    assert (update.relations_created, update.relations_removed) == (1, 1)
    assert snapshot()[:4] == before[:4]
    gut = by_code("1A01")
    assert gut.label == "Made-up gut infection, renamed"
    assert [d.text for d in gut.designations.all()] == ["Made-up gut infection, renamed"]
    assert parents(by_code("1A00.0")) == ["Made-up gut infection, renamed"]
    assert search_concepts(query="gut infection renamed").concepts[0].pk == gut.pk


def test_an_editors_concept_with_the_code_is_adopted_and_its_term_kept(db: None) -> None:
    editor_concept = services.concept_create(
        actor=None,
        spec=services.ConceptSpec(
            kind="western_diagnosis",
            terms=[services.TermSpec("en", "Our name for it", "preferred")],
            codes=[(CodeSystem.objects.get(slug="icd11-mms"), "1A01")],
        ),
    )
    report = run_import(ICD11, tabulation(small_tabulation()))
    assert report.ok
    assert report.concepts_created == 10
    editor_concept.refresh_from_db()
    assert editor_concept.uri == f"{ENTITY}1004"
    assert editor_concept.label == "Made-up gut infection"
    terms = {d.text: d.use for d in editor_concept.designations.all()}
    assert terms == {"Made-up gut infection": "preferred", "Our name for it": "synonym"}


def test_a_dry_run_reports_and_writes_nothing(db: None) -> None:
    before = snapshot()
    report = run_import(ICD11, tabulation(small_tabulation()), dry_run=True)
    assert report.ok
    assert not report.written
    assert report.concepts_created == 11
    assert snapshot() == before
    assert not AuditEntry.objects.filter(action="terminology.import").exists()


def _with_fields(row: IcdRow, **changes: str) -> str:
    fields = row.fields()
    for name, value in changes.items():
        fields[ICD_HEADER.index(name)] = value
    return "\t".join(fields)


def _file(lines: list[str]) -> bytes:
    return ("\n".join(["\t".join(ICD_HEADER), *lines]) + "\n").encode()


MALFORMED: dict[str, tuple[bytes, list[tuple[int, str, str]]]] = {
    "wrong columns": (
        (
            "\t".join(h for h in ICD_HEADER if h not in ("Code", "ClassKind"))
            + "\n"
            + "\t".join(small_tabulation()[0].fields()[:-2])
            + "\n"
        ).encode(),
        [
            (1, "Code", "The column “Code” is missing."),
            (1, "ClassKind", "The column “ClassKind” is missing."),
        ],
    ),
    "bad encoding": (
        _file([_with_fields(small_tabulation()[2], Title="- - Fièvre imaginaire")]).replace(
            "Fièvre".encode(), "Fièvre".encode("cp1252")
        ),
        [
            (
                2,
                "",
                "“SimpleTabulation-ICD-11-MMS-en.txt” is not UTF-8 text: line 2 holds bytes "
                "that are not UTF-8. Save the file as UTF-8 (Unicode) and import it again.",
            )
        ],
    ),
    "duplicate code": (
        _file(
            [
                "\t".join(small_tabulation()[0].fields()),
                "\t".join(small_tabulation()[2].fields()),
                _with_fields(small_tabulation()[6], Code="1A00"),
            ]
        ),
        [(4, "Code", "The code 1A00 is already in row 3.")],
    ),
    "code that fails the format": (
        _file([_with_fields(small_tabulation()[2], Code="1O00")]),
        [(2, "Code", "“1O00” is not a valid ICD-11 MMS code (for example SF57).")],
    ),
    "unknown class kind": (
        _file([_with_fields(small_tabulation()[2], ClassKind="grouping")]),
        [(2, "ClassKind", "“grouping” is not a class kind (chapter, block or category).")],
    ),
    "a spreadsheet": (
        b"PK\x03\x04 not text",
        [
            (
                0,
                "",
                "“SimpleTabulation-ICD-11-MMS-en.txt” is a ZIP archive or a spreadsheet. Unpack "
                "it, or save the sheet as text (UTF-8), and import that file.",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_file_is_reported_by_row_and_column_and_nothing_is_written(
    db: None, case: str
) -> None:
    data, expected = MALFORMED[case]
    before = snapshot()
    report = run_import(ICD11, data)
    assert errors(report) == expected
    assert not report.written
    assert snapshot() == before


def test_one_bad_row_among_good_ones_keeps_the_whole_file_out(db: None) -> None:
    rows = small_tabulation()
    lines = ["\t".join(r.fields()) for r in rows]
    lines[9] = _with_fields(rows[9], Code="SF5")  # the row of SF57: row 11 of the file
    before = snapshot()
    report = run_import(ICD11, _file(lines))
    assert errors(report) == [
        (11, "Code", "“SF5” is not a valid ICD-11 MMS code (for example SF57).")
    ]
    assert snapshot() == before


def test_an_error_while_writing_leaves_nothing_behind(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importers, "reindex_bulk", broken)
    before = snapshot()
    job = importers.job_create(
        actor=None,
        format=ICD11,
        file_name="SimpleTabulation-ICD-11-MMS-en.txt",
        dry_run=False,
        enqueue=False,
    )
    with pytest.raises(RuntimeError):
        importers.job_run(job, data=tabulation(small_tabulation()))
    assert snapshot() == before
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.report["errors"][0]["message"] == (
        "The import stopped on an unexpected error; nothing was written."
    )


def test_a_large_synthetic_tabulation_imports_and_imports_again_unchanged(db: None) -> None:
    """5,000 rows here; the 30,000-row timing is measured with the command
    (docs/terminology-import.md): tests assert no durations."""
    data = tabulation(list(synthetic_rows(5000)))
    first = run_import(ICD11, data)
    assert first.ok
    assert first.concepts_created == first.rows >= 5000
    before = snapshot()
    second = run_import(ICD11, data)
    assert (second.concepts_created, second.concepts_updated, second.designations_updated) == (
        0,
        0,
        0,
    )
    assert snapshot() == before
    pattern = Concept.objects.filter(kind="pattern").first()
    assert pattern is not None
    assert search_concepts(query=pattern.label).concepts[0].pk == pattern.pk


def test_the_bulk_index_equals_the_services_index(db: None) -> None:
    run_import(ICD11, tabulation(small_tabulation()))
    concepts = list(
        Concept.objects.filter(uri__startswith=ENTITY).prefetch_related(
            "designations", "codes__system"
        )
    ) + list(
        Concept.objects.filter(codes__code__in=["ST36", "LI4", "ST"]).prefetch_related(
            "designations", "codes__system"
        )
    )
    rows, labels = importers.index_rows([c.pk for c in concepts])
    expected = {
        (e.concept.pk, e.key, e.weight) for c in concepts for e in services.index_entries(c)
    }
    assert set(rows) == expected
    assert labels == {
        c.pk: services.best_label(c.designations.all(), c.codes.all()) for c in concepts
    }


def test_the_command_prints_the_report_and_exits_1_on_errors(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "SimpleTabulation-ICD-11-MMS-en.txt"
    good.write_bytes(tabulation(small_tabulation()))
    call_command("import_terms", "--format", "icd11", str(good))
    out = capsys.readouterr().out
    assert "concepts created: 11" in out
    assert "The file is imported." in out

    bad = tmp_path / "bad.txt"
    bad.write_bytes(_file([_with_fields(small_tabulation()[2], Code="1O00")]))
    with pytest.raises(CommandError) as failure:
        call_command("import_terms", "--format", "icd11", "--dry-run", str(bad))
    assert failure.value.returncode == 1
    out = capsys.readouterr().out
    assert "row 2, Code: “1O00” is not a valid ICD-11 MMS code" in out
    assert ImportJob.objects.filter(status="done").count() == 2


def test_a_sheet_saved_as_unicode_text_is_read(db: None) -> None:
    """Spreadsheets save "Unicode text" as tab-separated UTF-16 with a byte-order mark."""
    data = tabulation(small_tabulation()).decode("utf-8-sig").encode("utf-16")
    report = run_import(ICD11, data)
    assert report.ok
    assert report.concepts_created == 11
