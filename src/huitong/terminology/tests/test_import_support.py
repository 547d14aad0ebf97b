"""Helpers shared by the import tests — files in WHO's simple-tabulation layout with
invented codes and titles (never WHO's text), a runner — and the checks of language tags.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pytest

from huitong.terminology import importers
from huitong.terminology.models import ImportFormat, ImportJob

ICD_HEADER = (
    "Foundation URI",
    "Linearization (release) URI",
    "Code",
    "BlockId",
    "Title",
    "ClassKind",
    "DepthInKind",
    "IsResidual",
    "ChapterNo",
    "BrowserLink",
    "isLeaf",
    "Primary tabulation",
    "Grouping1",
    "Grouping2",
    "Grouping3",
    "Grouping4",
    "Grouping5",
    "Version",
)
ENTITY = "http://id.who.int/icd/entity/"
RELEASE = "http://id.who.int/icd/release/11/2099-01/mms/"


@dataclass
class IcdRow:
    """One row of a simple tabulation; ``depth`` is the number of "- " before the title."""

    entity: int
    code: str
    title: str
    class_kind: str
    depth: int
    chapter: str
    residual: str = ""  # "other" or "unspecified" for a residual category
    block: str = ""

    def fields(self) -> list[str]:
        linearization = f"{RELEASE}{self.entity}" + (f"/{self.residual}" if self.residual else "")
        return [
            f"{ENTITY}{self.entity}",
            linearization,
            self.code,
            self.block,
            "- " * self.depth + self.title,
            self.class_kind,
            str(max(self.depth - 1, 1)),
            "True" if self.residual else "False",
            self.chapter,
            f"https://icd.who.int/browse/2099-01/mms/en#{self.entity}",
            "True" if self.class_kind == "category" else "False",
            "",
            "",
            "",
            "",
            "",
            "",
            "2099-01-01",
        ]


def tabulation(rows: Sequence[IcdRow], *, header: Sequence[str] = ICD_HEADER) -> bytes:
    """A file as WHO distributes it: tab-separated UTF-8 with a byte-order mark."""
    lines = ["\t".join(header)] + ["\t".join(row.fields()) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def small_tabulation() -> list[IcdRow]:
    """Two chapters with invented titles: a western one and chapter 26."""
    return [
        IcdRow(1000, "", "Invented infectious conditions", "chapter", 0, "01"),
        IcdRow(1001, "", "Invented intestinal infections", "block", 1, "01", block="BlockL1-1A0"),
        IcdRow(1002, "1A00", "Imaginary enteric fever", "category", 2, "01"),
        IcdRow(1003, "1A00.0", "Imaginary enteric fever, mild course", "category", 3, "01"),
        IcdRow(1002, "1A00.Y", "Other specified imaginary enteric fever", "category", 3, "01",
               residual="other"),
        IcdRow(1002, "1A00.Z", "Imaginary enteric fever, unspecified", "category", 3, "01",
               residual="unspecified"),
        IcdRow(1004, "1A01", "Made-up gut infection", "category", 2, "01"),
        IcdRow(2600, "", "Invented traditional medicine conditions (TM1)", "chapter", 0, "26"),
        IcdRow(2601, "", "Invented organ system patterns (TM1)", "block", 1, "26",
               block="BlockL1-SF5"),
        IcdRow(2602, "SF57", "Invented spleen qi deficiency pattern (TM1)", "category", 2, "26"),
        IcdRow(2603, "SA01", "Invented wind stroke disorder (TM1)", "category", 2, "26"),
    ]  # fmt: skip


# Invented words: the synthetic files must not look like WHO's text.
_ADJECTIVES = ("Fictive", "Imaginary", "Invented", "Made-up", "Synthetic", "Notional", "Mock")
_NOUNS = ("fever", "syndrome", "lesion", "disorder", "deficiency", "dysplasia", "neuropathy")
_PLACES = ("upper limb", "lower lumbar region", "left ventricle", "inner ear", "small bowel")
_QUALIFIERS = ("acute", "chronic", "recurrent", "late onset", "congenital", "episodic")
FIRST = "123456789ABCDEFGHJKLMNPQRS"  # the first character of a code, by chapter
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
ALNUM = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _title(n: int, chapter: int) -> str:
    if chapter == 26:
        kind = "pattern" if n % 2 else "disorder"
        return f"{_ADJECTIVES[n % 7]} {_PLACES[n % 5]} {n} {kind} (TM1)"
    return f"{_ADJECTIVES[n % 7]} {_QUALIFIERS[n % 6]} {_NOUNS[n % 7]} of the {_PLACES[n % 5]} {n}"


def synthetic_rows(count: int) -> Iterator[IcdRow]:
    """About ``count`` rows in WHO's layout: 26 chapters of blocks of categories, each
    category with two subcategories and two residual ones. Codes are well formed and
    invented; so are the titles."""
    entity = itertools.count(9_000_000_000)
    n = itertools.count(1)
    per_chapter = max(count // 26, 8)
    for chapter in range(1, 27):
        chapter_no = f"{chapter:02d}"
        yield IcdRow(next(entity), "", f"Synthetic chapter {chapter_no}", "chapter", 0, chapter_no)
        made = 1
        codes = (
            f"{FIRST[chapter - 1]}{second}{third}{fourth}"
            for second in LETTERS
            for third in "0123456789"
            for fourth in ALNUM
        )
        for category in itertools.count():
            if made >= per_chapter:
                break
            if category % 5 == 0:
                block = f"{chapter_no}-{category // 5 + 1}"
                yield IcdRow(
                    next(entity),
                    "",
                    f"Synthetic block {block}",
                    "block",
                    1,
                    chapter_no,
                    block=f"BlockL1-{block}",
                )
                made += 1
            code = next(codes)
            parent = next(entity)
            yield IcdRow(parent, code, _title(next(n), chapter), "category", 2, chapter_no)
            for suffix in ("0", "1"):
                yield IcdRow(
                    next(entity), f"{code}.{suffix}", _title(next(n), chapter), "category", 3,
                    chapter_no,
                )  # fmt: skip
            for suffix, residual in (("Y", "other"), ("Z", "unspecified")):
                yield IcdRow(
                    parent,
                    f"{code}.{suffix}",
                    f"{_title(next(n), chapter)}, {residual}",
                    "category",
                    3,
                    chapter_no,
                    residual=residual,
                )
            made += 5


def synthetic_tabulation(count: int) -> bytes:
    return tabulation(list(synthetic_rows(count)))


def run_import(
    format: str,
    data: bytes,
    *,
    dry_run: bool = False,
    file_name: str = "",
) -> importers.ImportReport:
    """Import through a recorded job, as the command does."""
    names = {
        ImportFormat.ICD11: "SimpleTabulation-ICD-11-MMS-en.txt",
        ImportFormat.CSV: "glossary.csv",
        ImportFormat.FHIR_CODESYSTEM: "codesystem.json",
        ImportFormat.FHIR_CONCEPTMAP: "conceptmap.json",
    }
    job = importers.job_create(
        actor=None,
        format=format,
        file_name=file_name or names[ImportFormat(format)],
        dry_run=dry_run,
        enqueue=False,
    )
    report = importers.job_run(job, data=data)
    job.refresh_from_db()
    assert job.status == "done"
    assert job.report["error_count"] == report.error_count
    return report


def errors(report: importers.ImportReport) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in report.errors]


@pytest.mark.parametrize(
    ("tag", "canonical", "valid"),
    [
        ("zh-hans", "zh-Hans", True),
        ("zh-latn-pinyin", "zh-Latn-pinyin", True),
        ("sr-latn", "sr-Latn", True),
        ("pt-br", "pt-BR", True),
        ("en", "en", True),
        ("x-local", "x-local", True),
        ("qq", "qq", False),  # no such language in ISO 639
        ("zh-Hanx", "zh-Hanx", False),  # no such script in ISO 15924
        ("Chinese", "chinese", False),
        ("en_GB", "en_gb", False),
    ],
)
def test_language_tags_are_checked_and_written_the_bcp47_way(
    tag: str, canonical: str, valid: bool
) -> None:
    assert importers.canonical_language_tag(tag) == canonical
    assert (importers.language_problem(tag) is None) == valid


def test_the_synthetic_file_is_as_large_as_asked_and_its_codes_are_unique() -> None:
    rows = list(synthetic_rows(3000))
    assert 2900 <= len(rows) <= 3100
    codes = [row.code for row in rows if row.code]
    assert len(codes) == len(set(codes))


def test_jobs_are_recorded(db: None) -> None:
    run_import(ImportFormat.ICD11, tabulation(small_tabulation()), dry_run=True)
    assert ImportJob.objects.get().dry_run
