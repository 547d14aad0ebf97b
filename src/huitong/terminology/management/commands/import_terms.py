"""Import a terminology file: ICD-11 MMS simple tabulation, CSV, FHIR CodeSystem or
ConceptMap (docs/terminology-import.md). Exit status 1 when the file has errors; then
nothing is written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from huitong.alliance.generate import Progress
from huitong.terminology import importers
from huitong.terminology.models import ImportFormat


class _ProgressBar:
    """Adapts the importer's (done, total) calls to the command-line progress bar."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar: Progress | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None or self.bar.total != max(total, 1):
            self.bar = Progress("import", total, self.stream)
        if done > self.bar.done:
            self.bar.advance(done - self.bar.done)


class Command(BaseCommand):
    help = (
        "Import concepts, terms, codes and mappings from a file: the ICD-11 MMS simple "
        "tabulation, CSV, FHIR CodeSystem or FHIR ConceptMap (see docs/terminology-import.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The file to import.")
        parser.add_argument(
            "--format", required=True, choices=ImportFormat.values, help="The file's format."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )
        parser.add_argument(
            "--language",
            default="",
            help=(
                "ICD-11 only: the BCP 47 tag of the titles (default: from WHO's file name, "
                "e.g. …-MMS-zh.txt, else en)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        data = path.read_bytes()
        job = importers.job_create(
            actor=None,
            format=options["format"],
            file_name=path.name,
            dry_run=options["dry_run"],
            enqueue=False,
        )
        stream = getattr(self.stderr, "_out", sys.stderr)
        report = importers.job_run(
            job, data=data, progress=_ProgressBar(stream), language=options["language"]
        )
        for label, count in report.summary():
            if count or label == _("errors"):
                self.stdout.write(f"{label}: {count}")
        for error in report.errors:
            where = _("row %(row)s") % {"row": error.row} if error.row else _("file")
            column = f", {error.column}" if error.column else ""
            self.stdout.write(f"{where}{column}: {error.message}")
        if report.error_count > len(report.errors):
            self.stdout.write(
                _("… and %(count)s more errors.")
                % {"count": report.error_count - len(report.errors)}
            )
        if not report.ok:
            raise CommandError(
                _("The file has errors; nothing was written."),
                returncode=1,
            )
        if report.dry_run:
            self.stdout.write(_("Dry run: the file has no errors; nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(_("The file is imported.")))
