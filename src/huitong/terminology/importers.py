"""Importers of terminology files (docs/terminology-import.md).

Four formats: WHO's ICD-11 MMS simple tabulation, the project's CSV of concepts and
designations, FHIR CodeSystem and FHIR ConceptMap (JSON, R4 or R5).

Every import has two phases:

1. *Read and check*: the file is decoded (UTF-8 only), parsed into a ``Plan`` and compared
   with the database. Each problem becomes a ``RowError`` (row, column, message); the
   ``ImportReport`` also counts what would be created and updated.
2. *Write*, only when there is no error and it is not a dry run: one transaction with bulk
   inserts and updates, the search index of the touched concepts rebuilt in bulk, one audit
   entry. Any exception rolls everything back, so a file is imported whole or not at all.

Re-importing a file updates what it names (terms, codes, parents, mappings) and never
duplicates: ICD-11 rows are matched by their identifier (the foundation URI), the other
formats by their code in a code system.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

import pycountry
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from huitong.accounts.models import User
from huitong.core import cache as data_cache
from huitong.core.audit import ACTIONS, audit_record
from huitong.core.errors import ServiceError
from huitong.core.i18n import normalise_language
from huitong.terminology import search, services
from huitong.terminology.models import (
    ACCEPTED_STATUSES,
    INVERSE_RELATIONSHIP,
    CodeSystem,
    Concept,
    ConceptCode,
    ConceptKind,
    Designation,
    DesignationStatus,
    DesignationUse,
    ImportFormat,
    ImportJob,
    ImportStatus,
    Mapping,
    MappingRelationship,
    Relation,
    RelationType,
    SearchKey,
    validate_language_tag,
)

logger = logging.getLogger(__name__)

ACTIONS.update({"terminology.import": _("imported a terminology file")})

T = TypeVar("T")

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# How long the upload of a dry run without errors is kept, to be imported for real.
UPLOAD_KEPT_DAYS = 7
# The report keeps this many errors (it still counts them all).
MAX_REPORTED_ERRORS = 1000
ICD11_SOURCE = "ICD-11 MMS"
ICD11_SYSTEM = "icd11-mms"
EXTENSIONS: dict[str, tuple[str, ...]] = {
    ImportFormat.ICD11: (".txt", ".tsv", ".csv"),
    ImportFormat.CSV: (".csv", ".tsv", ".txt"),
    ImportFormat.FHIR_CODESYSTEM: (".json",),
    ImportFormat.FHIR_CONCEPTMAP: (".json",),
}
IMPORTABLE_STATUSES = (
    DesignationStatus.OFFICIAL,
    DesignationStatus.APPROVED,
    DesignationStatus.PROPOSED,
    DesignationStatus.DEPRECATED,
)
# The kind of a new concept of a FHIR CodeSystem that says none (property "kind").
DEFAULT_KINDS = {
    "icd11-mms": ConceptKind.WESTERN_DIAGNOSIS,
    "icd10": ConceptKind.WESTERN_DIAGNOSIS,
    "acupoint": ConceptKind.ACUPOINT,
    "meridian": ConceptKind.MERIDIAN,
}
# FHIR R4 ConceptMap equivalence and R5 relationship → "the source is <relationship> the
# target"; None: no mapping (skipped).
FHIR_RELATIONSHIPS: dict[str, str | None] = {
    # R5
    "equivalent": MappingRelationship.EQUIVALENT,
    "source-is-narrower-than-target": MappingRelationship.NARROWER,
    "source-is-broader-than-target": MappingRelationship.BROADER,
    "related-to": MappingRelationship.RELATED,
    "not-related-to": None,
    # R4 (the target is wider than / subsumes the source: the source is narrower)
    "equal": MappingRelationship.EQUIVALENT,
    "wider": MappingRelationship.NARROWER,
    "subsumes": MappingRelationship.NARROWER,
    "narrower": MappingRelationship.BROADER,
    "specializes": MappingRelationship.BROADER,
    "relatedto": MappingRelationship.RELATED,
    "inexact": MappingRelationship.RELATED,
    "unmatched": None,
    "disjoint": None,
}
PREFERRED_DESIGNATION_USES = {"preferredForLanguage", "display", "preferred"}

ProgressCallback = Callable[[int, int], None]


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- The report -----------------------------------------------------------------------


@dataclass
class RowError:
    """A problem of the file: its row (1 is the header of a table; for JSON, the n-th
    concept or mapping in document order; 0 is the file as a whole), the column (a header
    of the table, or a JSON path) and what is wrong, in the reader's language."""

    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    format: str
    file_name: str
    dry_run: bool
    rows: int = 0
    concepts_created: int = 0
    concepts_updated: int = 0
    designations_created: int = 0
    designations_updated: int = 0
    codes_created: int = 0
    relations_created: int = 0
    relations_removed: int = 0
    mappings_created: int = 0
    mappings_updated: int = 0
    skipped: int = 0
    error_count: int = 0
    written: bool = False
    errors: list[RowError] = field(default_factory=list)

    def error(self, row: int, column: str, message: str | Promise) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(row, column, str(message)))

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["errors"] = [RowError(**e) for e in data.get("errors", [])]
        return cls(**known)

    def summary(self) -> list[tuple[str, int]]:
        """The counts a reader sees, each with its label."""
        return [
            (str(_("rows read")), self.rows),
            (str(_("concepts created")), self.concepts_created),
            (str(_("concepts updated")), self.concepts_updated),
            (str(_("terms created")), self.designations_created),
            (str(_("terms updated")), self.designations_updated),
            (str(_("codes added")), self.codes_created),
            (str(_("relations added")), self.relations_created),
            (str(_("relations removed")), self.relations_removed),
            (str(_("mappings created")), self.mappings_created),
            (str(_("mappings updated")), self.mappings_updated),
            (str(_("entries without a mapping (skipped)")), self.skipped),
            (str(_("errors")), self.error_count),
        ]


class _Meter:
    """Progress in units: the rows read, then as many again for the writing."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.total = 1
        self.done = 0
        self._shown = -1

    def begin(self, total: int) -> None:
        self.total, self.done = max(total, 1), 0
        self._show()

    def advance(self, units: float = 1) -> None:
        self.done = min(self.total, self.done + int(units))
        self._show()

    def at(self, done: int) -> None:
        self.done = min(self.total, max(self.done, done))
        self._show()

    def finish(self) -> None:
        self.done = self.total
        self._show()

    def _show(self) -> None:
        permille = 1000 * self.done // self.total
        if self.callback is not None and permille != self._shown:
            self._shown = permille
            self.callback(self.done, self.total)


# --- Checks shared by the formats -----------------------------------------------------


@lru_cache(maxsize=1)
def _iso639() -> frozenset[str]:
    codes: set[str] = set()
    for language in pycountry.languages:
        codes.add(language.alpha_3)
        alpha_2 = getattr(language, "alpha_2", None)
        if alpha_2:
            codes.add(alpha_2)
    return frozenset(codes)


@lru_cache(maxsize=1)
def _iso15924() -> frozenset[str]:
    return frozenset(script.alpha_4.lower() for script in pycountry.scripts)


def canonical_language_tag(tag: str) -> str:
    """BCP 47 case conventions: zh-hans → zh-Hans, pt-br → pt-BR, zh-latn-pinyin →
    zh-Latn-pinyin."""
    parts = tag.split("-")
    result = [parts[0].lower()]
    private = parts[0].lower() == "x"
    for part in parts[1:]:
        if private or part.lower() == "x":
            private = True
            result.append(part.lower())
        elif len(part) == 4 and part.isalpha():
            result.append(part.title())
        elif len(part) == 2 and part.isalpha():
            result.append(part.upper())
        else:
            result.append(part.lower())
    return "-".join(result)


def language_problem(tag: str) -> str | None:
    """Why ``tag`` is not a usable BCP 47 language tag, or None."""
    try:
        validate_language_tag(tag)
    except ValidationError as error:
        return str(error.messages[0])
    parts = tag.lower().split("-")
    primary = parts[0]
    private_use = len(primary) == 3 and "qaa" <= primary <= "qtz"
    if primary != "x" and primary not in _iso639() and not private_use:
        return str(
            _("“%(value)s” does not start with a known language code (ISO 639), e.g. en, zh, sr.")
            % {"value": tag}
        )
    for part in parts[1:]:
        if part == "x":
            break
        if len(part) == 4 and part.isalpha() and part not in _iso15924():
            return str(
                _(
                    "“%(script)s” in “%(value)s” is not a known script (ISO 15924), e.g. "
                    "Hans, Hant, Latn, Cyrl."
                )
                % {"script": part, "value": tag}
            )
    return None


def definition_language(tag: str) -> str | None:
    """The platform language that keeps a definition written in ``tag``, or None when the
    platform has none for it (definitions are translatable content, see
    docs/decisions/0002)."""
    code = normalise_language(tag)
    parts, target = tag.lower().split("-"), code.split("-")
    if parts[0] != target[0]:
        return None
    scripts = [p for p in parts[1:] if len(p) == 4 and p.isalpha()]
    target_scripts = [p for p in target[1:] if len(p) == 4 and p.isalpha()]
    if scripts and target_scripts and scripts[0] != target_scripts[0]:
        return None
    return code


def _clean_text(text: str) -> str:
    return " ".join(text.split())


def _code_problem(system: CodeSystem, code: str) -> str | None:
    try:
        system.validate_code(code)
    except ValidationError as error:
        return str(error.messages[0])
    if len(code) > 64:
        return str(_("A code is at most 64 characters long."))
    return None


# --- The plan: what a file says, before it meets the database -------------------------


@dataclass
class TermPlan:
    row: int
    column: str
    language: str
    text: str
    use: str
    status: str
    source: str


@dataclass
class CodePlan:
    system: CodeSystem
    code: str
    row: int
    column: str


@dataclass
class ParentPlan:
    key: str
    row: int
    column: str
    label: str  # how the file names the parent, for messages


@dataclass
class ConceptPlan:
    key: str
    row: int
    column: str = ""
    uri: str | None = None
    codes: list[CodePlan] = field(default_factory=list)
    kind: str = ""
    kind_column: str = "kind"
    kind_explicit: bool = False
    terms: list[TermPlan] = field(default_factory=list)
    # platform language → (text, row, column)
    definitions: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    source: str = ""
    sort_key: str | None = None
    # None: the file says nothing about this concept's parents.
    parents: list[ParentPlan] | None = None


@dataclass
class MappingPlan:
    row: int
    column: str
    source: tuple[CodeSystem, str]
    target: tuple[CodeSystem, str]
    relationship: str
    comment: str
    provenance: str


@dataclass
class Plan:
    concepts: dict[str, ConceptPlan] = field(default_factory=dict)
    mappings: list[MappingPlan] = field(default_factory=list)


def code_key(system: CodeSystem, code: str) -> str:
    return f"code:{system.pk}:{code}"


def uri_key(uri: str) -> str:
    return f"uri:{uri}"


def split_code_key(key: str) -> tuple[int, str] | None:
    """(system id, code) of a key made by ``code_key``."""
    if not key.startswith("code:"):
        return None
    _prefix, system_id, code = key.split(":", 2)
    return int(system_id), code


# --- Reading files --------------------------------------------------------------------


def decode(data: bytes, file_name: str, report: ImportReport) -> str | None:
    """The text of a UTF-8 file (with or without a byte-order mark), or None and an error."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        report.error(
            0,
            "",
            _(
                "“%(name)s” is a ZIP archive or a spreadsheet. Unpack it, or save the sheet "
                "as text (UTF-8), and import that file."
            )
            % {"name": file_name},
        )
        return None
    encoding = "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Spreadsheets save "Unicode text" as UTF-16 with a byte-order mark: unambiguous.
        encoding = "utf-16"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        report.error(
            line,
            "",
            _(
                "“%(name)s” is not UTF-8 text: line %(line)s holds bytes that are not UTF-8. "
                "Save the file as UTF-8 (Unicode) and import it again."
            )
            % {"name": file_name, "line": line},
        )
        return None
    if "\x00" in text:
        report.error(0, "", _("“%(name)s” is not a text file.") % {"name": file_name})
        return None
    return text


def _header_name(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").strip().lower().split())


@dataclass
class Table:
    header: list[str]  # as written in the file
    rows: list[tuple[int, list[str]]]  # (row number, fields); the header is row 1


def read_table(text: str, report: ImportReport) -> Table | None:
    """A delimited table: tab-separated when the header has a tab, else semicolons or
    commas, whichever the header has more of."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else (";" if first.count(";") > first.count(",") else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    line = 0
    try:
        for fields in reader:
            row = line + 1
            line = reader.line_num
            if header is None:
                header = fields
                continue
            if not any(f.strip() for f in fields):
                continue
            rows.append((row, fields))
    except csv.Error as error:
        report.error(line + 1, "", _("The row cannot be read: %(error)s") % {"error": error})
        return None
    if not header or not any(h.strip() for h in header):
        report.error(1, "", _("The file is empty: it has no header row."))
        return None
    return Table(header=header, rows=rows)


def _columns(
    table: Table,
    report: ImportReport,
    *,
    known: dict[str, str],
    required: dict[str, str],
    strict: bool,
) -> dict[str, int] | None:
    """Field → index for the columns of the header; errors for missing (and, when
    ``strict``, unknown or repeated) columns."""
    found: dict[str, int] = {}
    ok = True
    for index, name in enumerate(table.header):
        normal = _header_name(name)
        if not normal and not strict:
            continue
        field_name = known.get(normal)
        if field_name is None:
            if strict:
                report.error(
                    1,
                    name.strip() or str(index + 1),
                    _("Unknown column “%(column)s”. The columns are: %(columns)s.")
                    % {"column": name.strip(), "columns": ", ".join(required | known)},
                )
                ok = False
            continue
        if field_name in found:
            report.error(
                1, name.strip(), _("The column “%(column)s” appears twice.") % {"column": name}
            )
            ok = False
            continue
        found[field_name] = index
    for field_name, label in required.items():
        if field_name not in found:
            report.error(1, label, _("The column “%(column)s” is missing.") % {"column": label})
            ok = False
    return found if ok else None


def _check_width(table: Table, row: int, fields: list[str], report: ImportReport) -> bool:
    width = len(table.header)
    if len(fields) > width and any(f.strip() for f in fields[width:]):
        report.error(
            row,
            "",
            _("The row has %(count)s fields but the header has %(width)s columns.")
            % {"count": len(fields), "width": width},
        )
        return False
    return True


# --- ICD-11 MMS simple tabulation -----------------------------------------------------

ICD11_COLUMNS = {
    "foundation uri": "foundation",
    "linearization uri": "linearization",
    "linearization (release) uri": "linearization",
    "code": "code",
    "blockid": "block",
    "title": "title",
    "classkind": "class_kind",
    "depthinkind": "depth_in_kind",
    "isresidual": "residual",
    "chapterno": "chapter",
}
ICD11_REQUIRED = {
    "foundation": "Foundation URI",
    "code": "Code",
    "title": "Title",
    "class_kind": "ClassKind",
    "chapter": "ChapterNo",
}
ICD11_CLASS_KINDS = ("chapter", "block", "category")
_WHO_FILE_LANGUAGE = re.compile(r"-MMS-([a-z]{2,3})\b", re.IGNORECASE)
_WHO_LANGUAGE_TAGS = {"zh": "zh-Hans"}


def icd11_language(file_name: str) -> str:
    """WHO names its files by language (…-MMS-en.txt, …-MMS-zh.txt)."""
    match = _WHO_FILE_LANGUAGE.search(file_name)
    if not match:
        return "en"
    code = match.group(1).lower()
    return _WHO_LANGUAGE_TAGS.get(code, code)


def icd11_kind(chapter: str, title: str) -> str:
    """Chapter 26 (traditional medicine) holds disorders and patterns."""
    if chapter.strip().lstrip("0") == "26":
        if title.casefold().endswith("pattern (tm1)"):
            return ConceptKind.PATTERN
        return ConceptKind.DISORDER
    return ConceptKind.WESTERN_DIAGNOSIS


def _split_title(raw: str) -> tuple[int, str]:
    """WHO prefixes a title with "- " once per level below its chapter."""
    depth, title = 0, raw.strip()
    while title.startswith("-"):
        depth += 1
        title = title[1:].lstrip()
    return depth, title


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes", "y")


def parse_icd11(
    text: str, report: ImportReport, meter: _Meter, *, file_name: str, language: str = ""
) -> Plan:
    plan = Plan()
    table = read_table(text, report)
    if table is None:
        return plan
    columns = _columns(table, report, known=ICD11_COLUMNS, required=ICD11_REQUIRED, strict=False)
    if columns is None:
        return plan
    system = CodeSystem.objects.filter(slug=ICD11_SYSTEM).first()
    if system is None:
        report.error(0, "", _("The code system “%(system)s” is missing.") % {"system": "ICD-11"})
        return plan
    language = canonical_language_tag(language or icd11_language(file_name))
    problem = language_problem(language)
    if problem:
        report.error(0, "", problem)
        return plan
    names = {field_name: table.header[index].strip() for field_name, index in columns.items()}
    meter.begin(2 * len(table.rows))
    stack: list[tuple[int, str, str]] = []  # (depth, key, title) of the ancestors
    code_rows: dict[str, int] = {}
    uri_rows: dict[str, int] = {}
    foundation_rows: dict[str, int] = {}

    def get(fields: list[str], name: str) -> str:
        index = columns.get(name) if columns else None
        return fields[index].strip() if index is not None and index < len(fields) else ""

    for row, fields in table.rows:
        meter.advance()
        report.rows += 1
        if not _check_width(table, row, fields, report):
            continue
        foundation = get(fields, "foundation")
        linearization = get(fields, "linearization")
        code = get(fields, "code")
        class_kind = get(fields, "class_kind").lower()
        chapter = get(fields, "chapter")
        depth, title = _split_title(get(fields, "title"))
        residual = _truthy(get(fields, "residual"))
        ok = True
        if not foundation:
            report.error(row, names["foundation"], _("The identifier is missing."))
            ok = False
        if class_kind not in ICD11_CLASS_KINDS:
            report.error(
                row,
                names["class_kind"],
                _("“%(value)s” is not a class kind (chapter, block or category).")
                % {"value": get(fields, "class_kind")},
            )
            ok = False
        if not chapter:
            report.error(row, names["chapter"], _("The chapter is missing."))
            ok = False
        if not title:
            report.error(row, names["title"], _("The title is missing."))
            ok = False
        elif len(title) > 500:
            report.error(row, names["title"], _("A term is longer than 500 characters."))
            ok = False
        if code:
            problem = _code_problem(system, code)
            if problem:
                report.error(row, names["code"], problem)
                ok = False
            elif code in code_rows:
                report.error(
                    row,
                    names["code"],
                    _("The code %(code)s is already in row %(row)s.")
                    % {"code": code, "row": code_rows[code]},
                )
                ok = False
            else:
                code_rows[code] = row
        # Residual categories ("other specified …", "… unspecified") have no entity of
        # their own in the foundation: WHO gives them their parent's foundation URI and
        # a linearization URI ending in /other or /unspecified.
        uri = foundation
        if foundation and (residual or foundation in foundation_rows):
            suffix = linearization.rstrip("/").rsplit("/", 1)[-1] if linearization else ""
            if suffix and not suffix.isdigit():
                uri = f"{foundation}/{suffix}"
            elif code:
                uri = f"{foundation}/{code}"
        if len(uri) > 300:
            report.error(row, names["foundation"], _("The identifier is too long."))
            ok = False
        elif uri and uri in uri_rows:
            report.error(
                row,
                names["foundation"],
                _("The identifier %(uri)s is already in row %(row)s.")
                % {"uri": uri, "row": uri_rows[uri]},
            )
            ok = False
        if foundation and foundation not in foundation_rows:
            foundation_rows[foundation] = row
        if not ok:
            continue
        uri_rows[uri] = row
        key = uri_key(uri)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parents = [ParentPlan(stack[-1][1], row, names["title"], stack[-1][2])] if stack else []
        stack.append((depth, key, title))
        plan.concepts[key] = ConceptPlan(
            key=key,
            row=row,
            column=names["foundation"],
            uri=uri,
            codes=[CodePlan(system, code, row, names["code"])] if code else [],
            kind=icd11_kind(chapter, title),
            kind_column=names["title"],
            terms=[
                TermPlan(
                    row=row,
                    column=names["title"],
                    language=language,
                    text=_clean_text(title),
                    use=DesignationUse.PREFERRED,
                    status=DesignationStatus.OFFICIAL,
                    source=ICD11_SOURCE,
                )
            ],
            source=ICD11_SOURCE,
            sort_key=code[:40],
            parents=parents,
        )
    return plan


# --- CSV of concepts and designations -------------------------------------------------

CSV_HEADER = ("system", "code", "kind", "language", "term", "use", "status", "source", "definition")
CSV_COLUMNS = {name: name for name in CSV_HEADER}
CSV_REQUIRED = {"system": "system", "code": "code", "language": "language", "term": "term"}


def _systems() -> dict[str, CodeSystem]:
    """Code systems by slug, URL and reference prefix (lower case)."""
    found: dict[str, CodeSystem] = {}
    for system in CodeSystem.objects.all():
        for name in (system.slug, system.url, system.reference_prefix):
            found.setdefault(name.lower(), system)
    return found


def parse_csv(text: str, report: ImportReport, meter: _Meter, **_options: Any) -> Plan:
    plan = Plan()
    table = read_table(text, report)
    if table is None:
        return plan
    columns = _columns(table, report, known=CSV_COLUMNS, required=CSV_REQUIRED, strict=True)
    if columns is None:
        return plan
    systems = _systems()
    meter.begin(2 * len(table.rows))
    term_rows: dict[tuple[str, str, str], int] = {}
    preferred_rows: dict[tuple[str, str], int] = {}
    kind_rows: dict[str, int] = {}

    def get(fields: list[str], name: str) -> str:
        index = columns.get(name) if columns else None
        return fields[index].strip() if index is not None and index < len(fields) else ""

    for row, fields in table.rows:
        meter.advance()
        report.rows += 1
        if not _check_width(table, row, fields, report):
            continue
        ok = True
        system_name, code = get(fields, "system"), get(fields, "code")
        system = systems.get(system_name.lower())
        if system is None:
            report.error(
                row,
                "system",
                _("Unknown code system “%(system)s”.") % {"system": system_name}
                if system_name
                else _("The code system is missing."),
            )
            ok = False
        if not code:
            report.error(row, "code", _("The code is missing."))
            ok = False
        elif system is not None:
            problem = _code_problem(system, code)
            if problem:
                report.error(row, "code", problem)
                ok = False
        kind = get(fields, "kind")
        if kind and kind not in ConceptKind.values:
            report.error(
                row,
                "kind",
                _("“%(kind)s” is not a kind of concept (%(kinds)s).")
                % {"kind": kind, "kinds": ", ".join(ConceptKind.values)},
            )
            ok = False
        raw_language = get(fields, "language")
        problem = (
            language_problem(raw_language) if raw_language else str(_("The language is missing."))
        )
        if problem:
            report.error(row, "language", problem)
            ok = False
        language = canonical_language_tag(raw_language)
        term = _clean_text(get(fields, "term"))
        definition = get(fields, "definition")
        if not term and not definition:
            report.error(row, "term", _("The term is missing."))
            ok = False
        elif len(term) > 500:
            report.error(row, "term", _("A term is longer than 500 characters."))
            ok = False
        use = get(fields, "use").lower() or DesignationUse.SYNONYM
        if use not in DesignationUse.values:
            report.error(row, "use", _("“%(value)s” is not preferred or synonym.") % {"value": use})
            ok = False
        status = get(fields, "status").lower() or DesignationStatus.APPROVED
        if status not in IMPORTABLE_STATUSES:
            report.error(
                row,
                "status",
                _("“%(value)s” is not a status (%(statuses)s).")
                % {"value": status, "statuses": ", ".join(IMPORTABLE_STATUSES)},
            )
            ok = False
        source = get(fields, "source")
        if len(source) > 300:
            report.error(row, "source", _("The source is longer than 300 characters."))
            ok = False
        definition_code = definition_language(language) if definition and not problem else None
        if definition:
            if len(definition) > 10000:
                report.error(
                    row, "definition", _("The definition is longer than 10000 characters.")
                )
                ok = False
            elif not problem and definition_code is None:
                report.error(
                    row,
                    "definition",
                    _(
                        "Definitions are kept in the platform's languages (%(languages)s); "
                        "“%(language)s” is not one of them."
                    )
                    % {"languages": "en, zh-Hans, sr-Latn, pl, pt-BR", "language": language},
                )
                ok = False
        if not ok or system is None:
            continue
        key = code_key(system, code)
        concept = plan.concepts.get(key)
        if concept is None:
            concept = plan.concepts[key] = ConceptPlan(
                key=key,
                row=row,
                column="code",
                codes=[CodePlan(system, code, row, "code")],
                source=source,
            )
        if kind:
            if concept.kind and concept.kind != kind:
                report.error(
                    row,
                    "kind",
                    _("The kind differs from row %(row)s.") % {"row": kind_rows[key]},
                )
                continue
            if not concept.kind:
                concept.kind, concept.kind_explicit = kind, True
                kind_rows[key] = row
        if term:
            if (key, language, term) in term_rows:
                report.error(
                    row,
                    "term",
                    _("This term is already in row %(row)s.")
                    % {"row": term_rows[(key, language, term)]},
                )
                continue
            if use == DesignationUse.PREFERRED and status in ACCEPTED_STATUSES:
                if (key, language) in preferred_rows:
                    report.error(
                        row,
                        "use",
                        _(
                            "Row %(row)s already gives this concept's preferred term in "
                            "this language."
                        )
                        % {"row": preferred_rows[(key, language)]},
                    )
                    continue
                preferred_rows[(key, language)] = row
            term_rows[(key, language, term)] = row
            concept.terms.append(TermPlan(row, "term", language, term, use, status, source))
        if definition and definition_code:
            earlier = concept.definitions.get(definition_code)
            if earlier is not None and earlier[0] != definition:
                report.error(
                    row,
                    "definition",
                    _("Row %(row)s gives this concept another definition in this language.")
                    % {"row": earlier[1]},
                )
                continue
            concept.definitions[definition_code] = (definition, row, "definition")
    return plan


# --- FHIR JSON ------------------------------------------------------------------------


def _load_json(text: str, report: ImportReport, resource_type: str) -> dict[str, Any] | None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        report.error(
            error.lineno,
            "",
            _("The file is not valid JSON (line %(line)s, column %(column)s): %(error)s")
            % {"line": error.lineno, "column": error.colno, "error": error.msg},
        )
        return None
    if not isinstance(document, dict) or document.get("resourceType") != resource_type:
        found = document.get("resourceType") if isinstance(document, dict) else None
        report.error(
            0,
            "resourceType",
            _("The file is not a FHIR %(expected)s (its resourceType is “%(found)s”).")
            % {"expected": resource_type, "found": found or "—"},
        )
        return None
    return document


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _canonical(url: str) -> str:
    """A FHIR canonical URL without its |version."""
    return url.split("|", 1)[0].strip()


def _system_by_url(url: str) -> CodeSystem | None:
    return CodeSystem.objects.filter(url=_canonical(url)).first() if url else None


def parse_fhir_codesystem(text: str, report: ImportReport, meter: _Meter, **_options: Any) -> Plan:
    plan = Plan()
    document = _load_json(text, report, "CodeSystem")
    if document is None:
        return plan
    url = _text(document.get("url"))
    system = _system_by_url(url)
    if system is None:
        report.error(
            0,
            "url",
            _(
                "No code system has the URL “%(url)s”. An editor adds the code system first "
                "(the imports never create one)."
            )
            % {"url": url or "—"},
        )
        return plan
    base_language = canonical_language_tag(_text(document.get("language")) or "en")
    problem = language_problem(base_language)
    if problem:
        report.error(0, "language", problem)
        return plan
    source = (_text(document.get("title")) or _text(document.get("name")) or system.name)[:300]
    nodes: list[tuple[str, dict[str, Any], ParentPlan | None]] = []

    def walk(items: Any, path: str, parent: ParentPlan | None) -> None:
        for index, item in enumerate(_list(items)):
            item_path = f"{path}[{index}]"
            if not isinstance(item, dict):
                report.error(len(nodes) + 1, item_path, _("A concept must be a JSON object."))
                nodes.append((item_path, {}, None))
                continue
            nodes.append((item_path, item, parent))
            code = _text(item.get("code"))
            child_parent = (
                ParentPlan(code_key(system, code), 0, f"{item_path}.concept", code)
                if code
                else None
            )
            walk(item.get("concept"), f"{item_path}.concept", child_parent)

    walk(document.get("concept"), "concept", None)
    meter.begin(2 * len(nodes))
    code_rows: dict[str, int] = {}
    for row, (path, item, parent) in enumerate(nodes, start=1):
        meter.advance()
        report.rows += 1
        if not item:
            continue
        code = _text(item.get("code"))
        if not code:
            report.error(row, f"{path}.code", _("The code is missing."))
            continue
        problem = _code_problem(system, code)
        if problem:
            report.error(row, f"{path}.code", problem)
            continue
        if code in code_rows:
            report.error(
                row,
                f"{path}.code",
                _("The code %(code)s is already in row %(row)s.")
                % {"code": code, "row": code_rows[code]},
            )
            continue
        code_rows[code] = row
        key = code_key(system, code)
        concept = ConceptPlan(
            key=key,
            row=row,
            column=f"{path}.code",
            codes=[CodePlan(system, code, row, f"{path}.code")],
            kind=DEFAULT_KINDS.get(system.slug, ""),
            kind_column=f"{path}.property",
            source=source,
            parents=[],
        )
        status: str = DesignationStatus.OFFICIAL
        for p_index, prop in enumerate(_list(item.get("property"))):
            if not isinstance(prop, dict):
                continue
            name = _text(prop.get("code"))
            value = _text(prop.get("valueCode")) or _text(prop.get("valueString"))
            prop_path = f"{path}.property[{p_index}]"
            if name == "kind":
                if value not in ConceptKind.values:
                    report.error(
                        row,
                        prop_path,
                        _("“%(kind)s” is not a kind of concept (%(kinds)s).")
                        % {"kind": value, "kinds": ", ".join(ConceptKind.values)},
                    )
                    continue
                concept.kind, concept.kind_explicit = value, True
            elif name in ("parent", "subsumedBy") and value:
                assert concept.parents is not None
                concept.parents.append(ParentPlan(code_key(system, value), row, prop_path, value))
            elif (name == "status" and value in ("retired", "deprecated")) or (
                name in ("inactive", "deprecated") and prop.get("valueBoolean") is True
            ):
                status = DesignationStatus.DEPRECATED
        if parent is not None and concept.parents is not None:
            concept.parents.insert(0, ParentPlan(parent.key, row, f"{path}.code", parent.label))
        # The designations first: a display that repeats one of them (in any language) is
        # that designation, not a term of the code system's language.
        terms: list[TermPlan] = []
        preferred: set[str] = set()
        for d_index, designation in enumerate(_list(item.get("designation"))):
            d_path = f"{path}.designation[{d_index}]"
            if not isinstance(designation, dict):
                report.error(row, d_path, _("A designation must be a JSON object."))
                continue
            value = _clean_text(_text(designation.get("value")))
            raw_language = _text(designation.get("language"))
            language = canonical_language_tag(raw_language) if raw_language else base_language
            problem = language_problem(language)
            if problem:
                report.error(row, f"{d_path}.language", problem)
                continue
            if not value:
                report.error(row, f"{d_path}.value", _("The term is missing."))
                continue
            if len(value) > 500:
                report.error(row, f"{d_path}.value", _("A term is longer than 500 characters."))
                continue
            if any(t.language == language and t.text == value for t in terms):
                continue
            use_code = designation.get("use")
            wants_preferred = (
                isinstance(use_code, dict)
                and _text(use_code.get("code")) in PREFERRED_DESIGNATION_USES
                and language not in preferred
            )
            if wants_preferred:
                preferred.add(language)
            terms.append(
                TermPlan(
                    row,
                    f"{d_path}.value",
                    language,
                    value,
                    DesignationUse.PREFERRED if wants_preferred else DesignationUse.SYNONYM,
                    status,
                    source,
                )
            )
        display = _clean_text(_text(item.get("display")))
        repeated = next((t for t in terms if t.text == display), None) if display else None
        if repeated is not None and repeated.language not in preferred:
            repeated.use = DesignationUse.PREFERRED
            preferred.add(repeated.language)
        elif display and repeated is None:
            if len(display) > 500:
                report.error(row, f"{path}.display", _("A term is longer than 500 characters."))
                continue
            display_use = (
                DesignationUse.SYNONYM if base_language in preferred else DesignationUse.PREFERRED
            )
            terms.insert(
                0,
                TermPlan(
                    row, f"{path}.display", base_language, display, display_use, status, source
                ),
            )
        concept.terms = terms
        definition = _text(item.get("definition"))
        if definition:
            definition_code = definition_language(base_language)
            if len(definition) > 10000:
                report.error(
                    row, f"{path}.definition", _("The definition is longer than 10000 characters.")
                )
                continue
            if definition_code is None:
                report.error(
                    row,
                    f"{path}.definition",
                    _(
                        "Definitions are kept in the platform's languages (%(languages)s); "
                        "“%(language)s” is not one of them."
                    )
                    % {"languages": "en, zh-Hans, sr-Latn, pl, pt-BR", "language": base_language},
                )
                continue
            concept.definitions[definition_code] = (definition, row, f"{path}.definition")
        if not concept.terms:
            report.error(row, f"{path}.display", _("The concept has no display and no term."))
            continue
        plan.concepts[key] = concept
    return plan


def parse_fhir_conceptmap(text: str, report: ImportReport, meter: _Meter, **_options: Any) -> Plan:
    plan = Plan()
    document = _load_json(text, report, "ConceptMap")
    if document is None:
        return plan
    provenance = (
        _text(document.get("url")) or _text(document.get("title")) or _text(document.get("name"))
    )[:300]
    # (JSON path, source system, target system, source code, target or None for no map)
    entries: list[tuple[str, CodeSystem, CodeSystem, str, Any]] = []
    for g_index, group in enumerate(_list(document.get("group"))):
        g_path = f"group[{g_index}]"
        if not isinstance(group, dict):
            report.error(0, g_path, _("A group must be a JSON object."))
            continue
        systems: list[CodeSystem] = []
        for end in ("source", "target"):
            url = _text(group.get(end))
            system = _system_by_url(url)
            if system is None:
                report.error(
                    0,
                    f"{g_path}.{end}",
                    _("No code system has the URL “%(url)s”.") % {"url": url or "—"},
                )
            else:
                systems.append(system)
        if len(systems) != 2:
            continue
        for e_index, element in enumerate(_list(group.get("element"))):
            e_path = f"{g_path}.element[{e_index}]"
            if not isinstance(element, dict):
                report.error(0, e_path, _("An element must be a JSON object."))
                continue
            code = _text(element.get("code"))
            targets = _list(element.get("target"))
            if element.get("noMap") is True or not targets:
                entries.append((e_path, systems[0], systems[1], code, None))
                continue
            for t_index, target in enumerate(targets):
                entries.append((f"{e_path}.target[{t_index}]", *systems, code, target))
    meter.begin(2 * max(len(entries), 1))
    pairs: dict[tuple[str, str, str, str], int] = {}
    for row, (path, source_system, target_system, code, target) in enumerate(entries, start=1):
        meter.advance()
        report.rows += 1
        if target is None:
            report.skipped += 1
            continue
        if not isinstance(target, dict):
            report.error(row, path, _("A target must be a JSON object."))
            continue
        element_path = path.rsplit(".target", 1)[0]
        relationship_name = _text(target.get("relationship")) or _text(target.get("equivalence"))
        relationship_field = "relationship" if "relationship" in target else "equivalence"
        relationship_path = f"{path}.{relationship_field}"
        if relationship_name not in FHIR_RELATIONSHIPS:
            report.error(
                row,
                relationship_path,
                _("“%(value)s” is not a relationship of FHIR ConceptMap.")
                % {"value": relationship_name or "—"},
            )
            continue
        relationship = FHIR_RELATIONSHIPS[relationship_name]
        if relationship is None:
            report.skipped += 1
            continue
        target_code = _text(target.get("code"))
        ok = True
        for system, value, column in (
            (source_system, code, f"{element_path}.code"),
            (target_system, target_code, f"{path}.code"),
        ):
            if not value:
                report.error(row, column, _("The code is missing."))
                ok = False
                continue
            problem = _code_problem(system, value)
            if problem:
                report.error(row, column, problem)
                ok = False
        if not ok:
            continue
        forward = (source_system.slug, code, target_system.slug, target_code)
        backward = (target_system.slug, target_code, source_system.slug, code)
        earlier = pairs.get(forward) or pairs.get(backward)
        if earlier:
            report.error(
                row,
                f"{path}.code",
                _("Row %(row)s already maps these two codes.") % {"row": earlier},
            )
            continue
        pairs[forward] = row
        comment = _text(target.get("comment"))
        if len(comment) > 1000:
            report.error(row, f"{path}.comment", _("The comment is longer than 1000 characters."))
            continue
        plan.mappings.append(
            MappingPlan(
                row=row,
                column=f"{path}.code",
                source=(source_system, code),
                target=(target_system, target_code),
                relationship=relationship,
                comment=comment,
                provenance=provenance,
            )
        )
    return plan


Parser = Callable[..., Plan]
PARSERS: dict[str, Parser] = {
    ImportFormat.ICD11: parse_icd11,
    ImportFormat.CSV: parse_csv,
    ImportFormat.FHIR_CODESYSTEM: parse_fhir_codesystem,
    ImportFormat.FHIR_CONCEPTMAP: parse_fhir_conceptmap,
}


# --- Meeting the database -------------------------------------------------------------


@dataclass
class Changes:
    new_concepts: list[Concept] = field(default_factory=list)
    changed_concepts: list[Concept] = field(default_factory=list)
    concept_fields: set[str] = field(default_factory=set)
    demoted: list[Designation] = field(default_factory=list)
    updated_designations: list[Designation] = field(default_factory=list)
    new_designations: list[Designation] = field(default_factory=list)
    new_codes: list[ConceptCode] = field(default_factory=list)
    new_relations: list[Relation] = field(default_factory=list)
    removed_relations: list[int] = field(default_factory=list)
    new_mappings: list[Mapping] = field(default_factory=list)
    updated_mappings: list[Mapping] = field(default_factory=list)
    # Existing concepts whose terms, codes or definitions change (their index is rebuilt).
    reindex: set[int] = field(default_factory=set)


class _Resolver:
    """Compares a plan with the database: finds the concepts it names, the conflicts, and
    what to create and update. Reads only."""

    def __init__(self, plan: Plan, report: ImportReport, actor: User | None) -> None:
        self.plan, self.report, self.actor = plan, report, actor
        self.changes = Changes()
        self.owners: dict[tuple[int, str], int] = {}
        self.concepts: dict[str, Concept] = {}  # plan key → existing or new concept
        self.touched: set[int] = set()

    def run(self) -> Changes:
        self._load_codes()
        self._match()
        if self.report.error_count:
            return self.changes
        for concept_plan in self.plan.concepts.values():
            self._concept(concept_plan)
        if self.plan.concepts:
            self._designations()
            self._relations()
        self._mappings()
        self.report.codes_created = len(self.changes.new_codes)
        self.report.concepts_created = len(self.changes.new_concepts)
        self.report.concepts_updated = len(self.touched)
        return self.changes

    # Which concepts exist already

    def _load_codes(self) -> None:
        wanted: dict[int, set[str]] = defaultdict(set)
        for concept_plan in self.plan.concepts.values():
            for code in concept_plan.codes:
                wanted[code.system.pk].add(code.code)
            for parent in concept_plan.parents or []:
                parent_code = split_code_key(parent.key)
                if parent_code is not None and parent.key not in self.plan.concepts:
                    wanted[parent_code[0]].add(parent_code[1])
        for mapping in self.plan.mappings:
            for system, code_value in (mapping.source, mapping.target):
                wanted[system.pk].add(code_value)
        for system_id, codes in wanted.items():
            for chunk in chunked(sorted(codes), 500):
                for code_value, concept_id in ConceptCode.objects.filter(
                    system_id=system_id, code__in=chunk
                ).values_list("code", "concept_id"):
                    self.owners[(system_id, code_value)] = concept_id

    def _match(self) -> None:
        plans = list(self.plan.concepts.values())
        by_uri: dict[str, int] = {}
        uris = [p.uri for p in plans if p.uri]
        for chunk in chunked(uris, 500):
            by_uri.update(
                (uri, pk)
                for pk, uri in Concept.objects.filter(uri__in=chunk).values_list("pk", "uri")
                if uri is not None
            )
        matched: dict[str, int] = {}
        conflicts: list[tuple[CodePlan, int]] = []
        for concept_plan in plans:
            pk = by_uri.get(concept_plan.uri) if concept_plan.uri else None
            for code in concept_plan.codes:
                owner = self.owners.get((code.system.pk, code.code))
                if owner is None:
                    continue
                if pk is None:
                    pk = owner
                elif owner != pk:
                    conflicts.append((code, owner))
            if pk is not None:
                matched[concept_plan.key] = pk
        existing: dict[int, Concept] = {}
        for ids in chunked(sorted(set(matched.values()) | {o for _c, o in conflicts}), 500):
            existing.update((c.pk, c) for c in Concept.objects.filter(pk__in=ids))
        for code, owner in conflicts:
            self.report.error(
                code.row,
                code.column,
                _("The code %(code)s already belongs to another concept, “%(concept)s”.")
                % {"code": code.code, "concept": existing[owner].label},
            )
        rows_by_pk: dict[int, ConceptPlan] = {}
        for concept_plan in plans:
            pk = matched.get(concept_plan.key)
            if pk is None:
                continue
            concept = existing[pk]
            if concept_plan.uri and concept.uri and concept.uri != concept_plan.uri:
                self.report.error(
                    concept_plan.row,
                    concept_plan.codes[0].column if concept_plan.codes else concept_plan.column,
                    _(
                        "The code %(code)s belongs to “%(concept)s”, whose identifier is "
                        "%(uri)s, not the one of this row."
                    )
                    % {
                        "code": concept_plan.codes[0].code if concept_plan.codes else "",
                        "concept": concept.label,
                        "uri": concept.uri,
                    },
                )
                continue
            if pk in rows_by_pk:
                self.report.error(
                    concept_plan.row,
                    concept_plan.column,
                    _("This row names the same concept as row %(row)s under another code.")
                    % {"row": rows_by_pk[pk].row},
                )
                continue
            rows_by_pk[pk] = concept_plan
            self.concepts[concept_plan.key] = concept

    # Concepts and their codes

    def _concept(self, concept_plan: ConceptPlan) -> None:
        concept = self.concepts.get(concept_plan.key)
        if concept is None:
            if not concept_plan.kind:
                self.report.error(
                    concept_plan.row,
                    concept_plan.kind_column,
                    _("A new concept needs its kind (%(kinds)s).")
                    % {"kinds": ", ".join(ConceptKind.values)},
                )
                return
            definitions = sorted(concept_plan.definitions.items(), key=lambda item: item[1][1])
            original = definitions[0][0] if definitions else "en"
            # In the designations' order (language, use, text), as services.best_label.
            accepted = sorted(
                (t.language, t.use, t.text)
                for t in concept_plan.terms
                if t.status in ACCEPTED_STATUSES
            )
            label = _label(
                [(language, text, use) for language, use, text in accepted],
                [(c.code, c.system.reference_prefix) for c in concept_plan.codes],
            )
            concept = Concept(
                kind=concept_plan.kind,
                uri=concept_plan.uri,
                label=label[:500],
                definition=definitions[0][1][0] if definitions else "",
                original_language=original,
                translations={
                    language: {"definition": text} for language, (text, _r, _c) in definitions[1:]
                },
                source=concept_plan.source[:300],
                sort_key=concept_plan.sort_key or "",
            )
            self.concepts[concept_plan.key] = concept
            self.changes.new_concepts.append(concept)
            for code in concept_plan.codes:
                self.changes.new_codes.append(
                    ConceptCode(concept=concept, system=code.system, code=code.code)
                )
            return
        changed: set[str] = set()
        if concept_plan.uri and concept.uri != concept_plan.uri:
            concept.uri = concept_plan.uri
            changed.add("uri")
        if concept_plan.kind_explicit and concept.kind != concept_plan.kind:
            concept.kind = concept_plan.kind
            changed.add("kind")
        if concept_plan.sort_key is not None and concept.sort_key != concept_plan.sort_key:
            concept.sort_key = concept_plan.sort_key
            changed.add("sort_key")
        if concept_plan.source and not concept.source:
            concept.source = concept_plan.source[:300]
            changed.add("source")
        for language, (text, _row, _column) in concept_plan.definitions.items():
            if language == concept.original_language:
                if concept.definition != text:
                    concept.definition = text
                    changed.add("definition")
            elif (concept.translations or {}).get(language, {}).get("definition") != text:
                concept.set_translation(language, "definition", text)
                changed.add("translations")
        if changed:
            self.changes.changed_concepts.append(concept)
            self.changes.concept_fields |= changed
            self.touched.add(concept.pk)
            if changed & {"definition", "translations"}:
                self.changes.reindex.add(concept.pk)
        for code in concept_plan.codes:
            if (code.system.pk, code.code) not in self.owners:
                self.changes.new_codes.append(
                    ConceptCode(concept=concept, system=code.system, code=code.code)
                )
                self.touched.add(concept.pk)
                self.changes.reindex.add(concept.pk)

    # Designations

    def _designations(self) -> None:
        existing_ids = [c.pk for c in self.concepts.values() if c.pk is not None]
        by_concept: dict[int, list[Designation]] = defaultdict(list)
        for chunk in chunked(existing_ids, 500):
            for designation in Designation.objects.filter(concept_id__in=chunk).only(
                "id", "concept_id", "language", "text", "use", "status", "source"
            ):
                by_concept[designation.concept_id].append(designation)
        demoted: dict[int, Designation] = {}
        updated: dict[int, Designation] = {}
        now = timezone.now()
        for concept_plan in self.plan.concepts.values():
            concept = self.concepts.get(concept_plan.key)
            if concept is None:
                continue
            current = by_concept.get(concept.pk, []) if concept.pk is not None else []
            by_text = {(d.language, d.text): d for d in current}
            preferred = {
                d.language: d
                for d in current
                if d.use == DesignationUse.PREFERRED and d.status in ACCEPTED_STATUSES
            }
            fresh: list[Designation] = []
            for term in concept_plan.terms:
                found = by_text.get((term.language, term.text))
                wants_preferred = (
                    term.use == DesignationUse.PREFERRED and term.status in ACCEPTED_STATUSES
                )
                if wants_preferred:
                    holder = preferred.get(term.language)
                    if holder is not None and holder is not found:
                        if found is None and term.source and holder.source == term.source:
                            # The source renamed its own term (a new ICD-11 title, say).
                            del by_text[(holder.language, holder.text)]
                            holder.text = term.text
                            by_text[(holder.language, holder.text)] = holder
                            found = holder
                            if holder.pk is not None:
                                updated[holder.pk] = holder
                        else:
                            # An editor's preferred term stays, as a synonym.
                            holder.use = DesignationUse.SYNONYM
                            if holder.pk is not None:
                                demoted[holder.pk] = holder
                            del preferred[term.language]
                if found is None:
                    found = Designation(
                        concept=concept,
                        language=term.language,
                        text=term.text,
                        use=term.use,
                        status=term.status,
                        source=term.source[:300],
                        proposed_by=self.actor,
                    )
                    fresh.append(found)
                    by_text[(term.language, term.text)] = found
                else:
                    before = (found.use, found.status, found.source)
                    found.use, found.status = term.use, term.status
                    if term.source:
                        found.source = term.source[:300]
                    if (found.use, found.status, found.source) != before and found.pk is not None:
                        updated[found.pk] = found
                if wants_preferred:
                    preferred[term.language] = found
                elif preferred.get(term.language) is found:
                    del preferred[term.language]
            self.changes.new_designations.extend(fresh)
            if concept.pk is not None and fresh:
                self.touched.add(concept.pk)
                self.changes.reindex.add(concept.pk)
        for designation in [*demoted.values(), *updated.values()]:
            designation.updated_at = now
            self.touched.add(designation.concept_id)
            self.changes.reindex.add(designation.concept_id)
        self.changes.demoted = list(demoted.values())
        self.changes.updated_designations = list(updated.values())
        self.report.designations_created = len(self.changes.new_designations)
        self.report.designations_updated = len(demoted.keys() | updated.keys())

    # Relations (is_a)

    def _relations(self) -> None:
        governed = [p for p in self.plan.concepts.values() if p.parents is not None]
        if not governed:
            return
        in_file = {c.pk for c in self.concepts.values() if c.pk is not None}
        current: dict[int, dict[int, int]] = defaultdict(dict)  # source → target → relation
        for chunk in chunked(sorted(in_file), 500):
            for pk, source_id, target_id in Relation.objects.filter(
                source_id__in=chunk, type=RelationType.IS_A
            ).values_list("pk", "source_id", "target_id"):
                current[source_id][target_id] = pk
        for concept_plan in governed:
            concept = self.concepts.get(concept_plan.key)
            if concept is None:
                continue
            wanted: list[Concept] = []
            for parent in concept_plan.parents or []:
                target = self.concepts.get(parent.key)
                parent_code = split_code_key(parent.key)
                if target is None and parent_code is not None:
                    owner = self.owners.get(parent_code)
                    if owner is not None:
                        target = Concept.objects.get(pk=owner)
                        self.concepts[parent.key] = target
                if target is None:
                    self.report.error(
                        parent.row,
                        parent.column,
                        _("The parent %(code)s is neither in the file nor in the terminology.")
                        % {"code": parent.label},
                    )
                    continue
                if target is not concept and all(t is not target for t in wanted):
                    wanted.append(target)
            existing = current.get(concept.pk, {}) if concept.pk is not None else {}
            wanted_ids = {t.pk for t in wanted if t.pk is not None}
            for target_id, relation_id in existing.items():
                if target_id in in_file and target_id not in wanted_ids:
                    self.changes.removed_relations.append(relation_id)
                    self.touched.add(concept.pk)
            for target in wanted:
                if target.pk is None or target.pk not in existing:
                    self.changes.new_relations.append(
                        Relation(source=concept, target=target, type=RelationType.IS_A)
                    )
                    if concept.pk is not None:
                        self.touched.add(concept.pk)
        self.report.relations_created = len(self.changes.new_relations)
        self.report.relations_removed = len(self.changes.removed_relations)

    # Mappings

    def _mappings(self) -> None:
        if not self.plan.mappings:
            return
        resolved: list[tuple[MappingPlan, int, int]] = []
        for mapping in self.plan.mappings:
            ids: list[int] = []
            for (system, code_value), column in (
                (mapping.source, mapping.column.rsplit(".target", 1)[0] + ".code"),
                (mapping.target, mapping.column),
            ):
                owner = self.owners.get((system.pk, code_value))
                if owner is None:
                    self.report.error(
                        mapping.row,
                        column,
                        _("No concept has the code %(code)s in %(system)s.")
                        % {"code": code_value, "system": system.name},
                    )
                else:
                    ids.append(owner)
            if len(ids) != 2:
                continue
            if ids[0] == ids[1]:
                self.report.error(
                    mapping.row, mapping.column, _("A concept cannot be mapped to itself.")
                )
                continue
            resolved.append((mapping, ids[0], ids[1]))
        involved = sorted({pk for _m, s, t in resolved for pk in (s, t)})
        existing: dict[tuple[int, int], Mapping] = {}
        for chunk in chunked(involved, 500):
            for mapping_row in Mapping.objects.filter(source_id__in=chunk):
                existing[(mapping_row.source_id, mapping_row.target_id)] = mapping_row
        for mapping, source_id, target_id in resolved:
            found = existing.get((source_id, target_id))
            relationship = mapping.relationship
            if found is None and (target_id, source_id) in existing:
                # Mapped the other way round already: keep that row, inverse relationship.
                found = existing[(target_id, source_id)]
                relationship = INVERSE_RELATIONSHIP[MappingRelationship(relationship)]
            if found is None:
                self.changes.new_mappings.append(
                    Mapping(
                        source_id=source_id,
                        target_id=target_id,
                        relationship=relationship,
                        comment=mapping.comment,
                        provenance=mapping.provenance,
                        created_by=self.actor,
                    )
                )
                continue
            before = (found.relationship, found.comment, found.provenance)
            found.relationship = relationship
            found.comment = mapping.comment or found.comment
            found.provenance = mapping.provenance or found.provenance
            if (found.relationship, found.comment, found.provenance) != before:
                self.changes.updated_mappings.append(found)
        self.report.mappings_created = len(self.changes.new_mappings)
        self.report.mappings_updated = len(self.changes.updated_mappings)


def _write(changes: Changes, meter: _Meter, rows: int) -> list[int]:
    """Apply the changes (inside the caller's transaction); the ids of the concepts whose
    search index must be rebuilt."""
    step = max(rows, 1) / 10
    Concept.objects.bulk_create(changes.new_concepts, batch_size=500)
    meter.advance(step)
    if changes.changed_concepts:
        now = timezone.now()
        for concept in changes.changed_concepts:
            concept.updated_at = now
        Concept.objects.bulk_update(
            changes.changed_concepts,
            sorted(changes.concept_fields | {"updated_at"}),
            batch_size=500,
        )
    # Demote before promoting, so that no moment has two preferred terms in a language.
    Designation.objects.bulk_update(changes.demoted, ["use", "updated_at"], batch_size=500)
    Designation.objects.bulk_update(
        changes.updated_designations,
        ["text", "use", "status", "source", "updated_at"],
        batch_size=500,
    )
    Designation.objects.bulk_create(changes.new_designations, batch_size=1000)
    meter.advance(step)
    ConceptCode.objects.bulk_create(changes.new_codes, batch_size=1000)
    for chunk in chunked(changes.removed_relations, 500):
        Relation.objects.filter(pk__in=chunk).delete()
    Relation.objects.bulk_create(changes.new_relations, batch_size=1000)
    Mapping.objects.bulk_update(
        changes.updated_mappings, ["relationship", "comment", "provenance"], batch_size=500
    )
    Mapping.objects.bulk_create(changes.new_mappings, batch_size=1000)
    meter.advance(step)
    return sorted(changes.reindex | {c.pk for c in changes.new_concepts})


def index_rows(concept_ids: Sequence[int]) -> tuple[list[tuple[int, str, int]], dict[int, str]]:
    """The search keys (concept id, key, weight) and the labels of many concepts.

    The same keys and labels as ``services.index_entries`` and ``services.best_label``
    (a test holds them equal), computed from plain rows: model instances for a million
    keys would take most of a large import's time.
    """
    codes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for concept_id, code, prefix in (
        ConceptCode.objects.filter(concept_id__in=concept_ids)
        .order_by("system__name", "code")
        .values_list("concept_id", "code", "system__reference_prefix")
    ):
        codes[concept_id].append((code, prefix))
    terms: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for concept_id, language, text, use in (
        Designation.objects.filter(concept_id__in=concept_ids, status__in=ACCEPTED_STATUSES)
        .order_by("language", "use", "text")
        .values_list("concept_id", "language", "text", "use")
    ):
        terms[concept_id].append((language, text, use))
    rows: list[tuple[int, str, int]] = []
    labels: dict[int, str] = {}
    for concept_id, definition, translations in Concept.objects.filter(
        pk__in=concept_ids
    ).values_list("pk", "definition", "translations"):
        accepted = terms.get(concept_id, [])
        keys = search.concept_keys(
            codes=codes.get(concept_id, []),
            terms=[(lang, text, use == DesignationUse.PREFERRED) for lang, text, use in accepted],
            definitions=[definition]
            + [texts.get("definition", "") for texts in (translations or {}).values()],
        )
        rows.extend((concept_id, key, weight) for key, weight in keys.items())
        labels[concept_id] = _label(accepted, codes.get(concept_id, []))[:500]
    return rows, labels


def _label(accepted: list[tuple[str, str, str]], codes: list[tuple[str, str]]) -> str:
    for language in services.LABEL_LANGUAGES:
        for term_language, text, use in accepted:
            if term_language == language and use == DesignationUse.PREFERRED:
                return text
    if accepted:
        return accepted[0][1]
    return f"{codes[0][1]}:{codes[0][0]}" if codes else "?"


def _insert_search_keys(rows: list[tuple[int, str, int]]) -> None:
    """Many index rows at once: COPY on PostgreSQL, executemany elsewhere."""
    quote = connection.ops.quote_name
    table = quote(SearchKey._meta.db_table)
    columns = ", ".join(quote(name) for name in ("concept_id", "key", "weight"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Table and column names come from the model, not from the file. A key has no
            # white space (search.words splits on it); a backslash is escaped for COPY.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for chunk in chunked(rows, 20_000):
                    copy.write(
                        "".join(
                            f"{concept_id}\t{key.replace(chr(92), chr(92) * 2)}\t{weight}\n"
                            for concept_id, key, weight in chunk
                        )
                    )
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)"  # noqa: S608 (see above)
        for chunk in chunked(rows, 20_000):
            cursor.executemany(sql, chunk)


def reindex_bulk(concept_ids: Sequence[int], meter: _Meter | None = None) -> None:
    """Rebuild the labels and search keys of many concepts (services.reindex in bulk)."""
    remaining = meter.total - meter.done if meter is not None else 0
    for chunk in chunked(concept_ids, 2000):
        rows, labels = index_rows(chunk)
        SearchKey.objects.filter(concept_id__in=chunk).delete()
        _insert_search_keys(rows)
        current = dict(Concept.objects.filter(pk__in=chunk).values_list("pk", "label"))
        relabelled = [
            Concept(pk=pk, label=label) for pk, label in labels.items() if current.get(pk) != label
        ]
        Concept.objects.bulk_update(relabelled, ["label"], batch_size=500)
        if meter is not None:
            meter.advance(remaining * len(chunk) / max(len(concept_ids), 1))


def import_data(
    *,
    format: str,
    data: bytes,
    file_name: str,
    dry_run: bool,
    actor: User | None,
    job: ImportJob | None = None,
    progress: ProgressCallback | None = None,
    language: str = "",
) -> ImportReport:
    """Read, check and (unless it is a dry run or there are errors) write one file."""
    report = ImportReport(format=format, file_name=file_name, dry_run=dry_run)
    meter = _Meter(progress)
    parser = PARSERS.get(format)
    if parser is None:
        report.error(0, "", _("“%(format)s” is not an import format.") % {"format": format})
        return report
    text = decode(data, file_name, report)
    if text is None:
        return report
    plan = parser(text, report, meter, file_name=file_name, language=language)
    if report.error_count:
        return report
    if dry_run:
        _Resolver(plan, report, actor).run()
        meter.finish()
        return report
    with transaction.atomic():
        changes = _Resolver(plan, report, actor).run()
        if report.error_count:
            return report
        touched = _write(changes, meter, report.rows)
        reindex_bulk(touched, meter)
        counts = {
            k: v for k, v in report.as_dict().items() if type(v) is int and k != "error_count"
        }
        if job is not None:
            audit_record(
                actor=actor,
                action="terminology.import",
                target=job,
                data={"format": format, "file_name": file_name, **counts},
            )
        report.written = True
        transaction.on_commit(data_cache.bump)
    meter.finish()
    return report


# --- Jobs: the upload page, the API and the command -----------------------------------


def check_upload(*, format: str, file_name: str, size: int, head: bytes) -> None:
    """Refuse a file the importer of ``format`` cannot read, before storing it."""
    if format not in EXTENSIONS:
        raise ServiceError(_("Select a valid choice."), code="invalid_format")
    if size > MAX_UPLOAD_BYTES:
        raise ServiceError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // 2**20},
            code="too_large",
            status=413,
        )
    if size == 0:
        raise ServiceError(_("The file is empty."), code="empty_file")
    allowed = EXTENSIONS[format]
    if not file_name.lower().endswith(allowed) or head.startswith(
        (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")
    ):
        raise ServiceError(
            _("This format takes %(types)s files; “%(name)s” is not one.")
            % {"types": ", ".join(allowed), "name": file_name},
            code="wrong_type",
            status=415,
        )
    if allowed == (".json",) and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        raise ServiceError(
            _("“%(name)s” is not a JSON document.") % {"name": file_name},
            code="wrong_type",
            status=415,
        )


def job_create(
    *,
    actor: User | None,
    format: str,
    file_name: str,
    dry_run: bool,
    upload: File[Any] | None = None,
    enqueue: bool = True,
) -> ImportJob:
    """Record an import; with an upload, store it and queue the import after commit.

    ``actor`` None is the command line (the server's administrator)."""
    if actor is not None:
        services.require_editor(actor)
    if format not in ImportFormat.values:
        raise ServiceError(_("Select a valid choice."), code="invalid_format")
    _forget_old_uploads()
    job = ImportJob(
        user=actor,
        format=format,
        file_name=file_name[:255],
        dry_run=dry_run,
        language=normalise_language(translation.get_language()),
    )
    if upload is not None:
        job.file.save(file_name, upload, save=False)
    job.save()
    if upload is not None and enqueue:
        job_id = job.pk
        transaction.on_commit(lambda: run_import_job.enqueue(job_id=job_id))
    return job


def _forget_old_uploads() -> None:
    """Delete the uploads that dry runs kept and nobody imported within a week."""
    cutoff = timezone.now() - dt.timedelta(days=UPLOAD_KEPT_DAYS)
    for job in ImportJob.objects.filter(dry_run=True, finished_at__lt=cutoff).exclude(file=""):
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def job_repeat(*, actor: User, job: ImportJob) -> ImportJob:
    """Import for real a file whose dry run found no error."""
    services.require_editor(actor)
    if not (job.dry_run and job.status == ImportStatus.DONE and job.file):
        raise ServiceError(
            _("Only a finished dry run without errors can be imported."), code="invalid_state"
        )
    report = ImportReport.from_dict(job.report)
    if not report.ok:
        raise ServiceError(
            _("Only a finished dry run without errors can be imported."), code="invalid_state"
        )
    with transaction.atomic():
        repeat = ImportJob.objects.create(
            user=actor,
            format=job.format,
            file=job.file.name,
            file_name=job.file_name,
            dry_run=False,
            language=normalise_language(translation.get_language()),
        )
        # The new job owns the upload now.
        ImportJob.objects.filter(pk=job.pk).update(file="")
        repeat_id = repeat.pk
        transaction.on_commit(lambda: run_import_job.enqueue(job_id=repeat_id))
    return repeat


def progress_key(job_id: int) -> str:
    return f"huitong:import-job:{job_id}:progress"


def job_progress(job: ImportJob) -> tuple[int, int]:
    """(done, total): from the cache while the job runs (its writes are not committed
    yet), else from the row."""
    if not job.is_finished:
        cached = cache.get(progress_key(job.pk))
        if cached:
            return int(cached[0]), int(cached[1])
    return job.progress_done, job.progress_total


def _job_progress_callback(job: ImportJob, outer: ProgressCallback | None) -> ProgressCallback:
    last_saved = [0.0]

    def callback(done: int, total: int) -> None:
        cache.set(progress_key(job.pk), (done, total), timeout=3600)
        now = time.monotonic()
        if not connection.in_atomic_block and now - last_saved[0] > 1:
            last_saved[0] = now
            ImportJob.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total)
        if outer is not None:
            outer(done, total)

    return callback


def job_run(
    job: ImportJob,
    *,
    data: bytes | None = None,
    progress: ProgressCallback | None = None,
    language: str = "",
) -> ImportReport:
    """Run a recorded import (the task, or the command with the file's bytes)."""
    job.status, job.started_at = ImportStatus.RUNNING, timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(status=job.status, started_at=job.started_at)
    try:
        with translation.override(job.language):
            if data is None:
                with job.file.open("rb") as stored:
                    data = stored.read()
            report = import_data(
                format=job.format,
                data=data,
                file_name=job.file_name,
                dry_run=job.dry_run,
                actor=job.user,
                job=job,
                progress=_job_progress_callback(job, progress),
                language=language,
            )
    except Exception:
        with translation.override(job.language):
            failed = ImportReport(format=job.format, file_name=job.file_name, dry_run=job.dry_run)
            failed.error(
                0, "", _("The import stopped on an unexpected error; nothing was written.")
            )
        _job_finish(job, ImportStatus.FAILED, failed)
        raise
    _job_finish(job, ImportStatus.DONE, report)
    return report


def _job_finish(job: ImportJob, status: str, report: ImportReport) -> None:
    job.status, job.report, job.finished_at = status, report.as_dict(), timezone.now()
    job.progress_total = max(job.progress_total, report.rows, 1)
    job.progress_done = job.progress_total
    fields = ["status", "report", "finished_at", "progress_done", "progress_total"]
    # The stored upload is kept for a dry run without errors (to import it for real).
    if job.file and not (job.dry_run and status == ImportStatus.DONE and report.ok):
        job.file.delete(save=False)
        fields.append("file")
    job.save(update_fields=fields)
    cache.delete(progress_key(job.pk))


@task()
def run_import_job(*, job_id: int) -> None:
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).first()
    if job is None:
        return
    try:
        job_run(job)
    except Exception:
        logger.exception("Import job %s failed", job_id)
        raise


def read_upload_head(upload: File[Any], size: int = 512) -> bytes:
    """The first bytes of an uploaded file (the file is rewound)."""
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head if isinstance(head, bytes) else head.encode()
