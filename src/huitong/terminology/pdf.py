"""The glossary as a PDF, with ReportLab.

Fonts (docs/decisions/0007-pdf-fonts.md): Noto Sans from the ``fontpkg-noto-sans`` package
(OFL) for Latin with its diacritics (Serbian č ć đ š ž, Polish ą ę ł ń ó ś ź ż, pinyin
tone marks), Cyrillic and Greek, embedded as a subset; and ReportLab's built-in CID font
``STSong-Light`` for Chinese characters, which the PDF names and PDF viewers supply.
Each run of text goes to the first font that has its characters. Nothing is downloaded
at run time and no font file lives in this repository.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from huitong.core.pdf import HEAD, LATIN, LINE, MUTED, markup, register_fonts
from huitong.terminology.exporters import Glossary, GlossaryTerm


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=LATIN, fontSize=9.5, leading=12.5)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=22, spaceAfter=4),
        "meta": ParagraphStyle("meta", parent=base, fontSize=8.5, leading=11, textColor=MUTED),
        "head": ParagraphStyle("head", parent=base, fontSize=9, leading=11.5),
        "cell": base,
        "code": ParagraphStyle("code", parent=base, fontSize=8.5),
        "missing": ParagraphStyle("missing", parent=base, fontSize=8.5, textColor=MUTED),
    }


def _term_cell(term: GlossaryTerm | None, styles: dict[str, Any]) -> Paragraph:
    if term is None:
        return Paragraph(markup("— " + _("missing")), styles["missing"])
    text = markup(term.text)
    if term.synonyms:
        synonyms = markup("; ".join(term.synonyms))
        text += f'<br/><font size="8" color="#5f6b7a">{synonyms}</font>'
    return Paragraph(text, styles["cell"])


def glossary_pdf(glossary: Glossary) -> bytes:
    register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=glossary.title,
        author="Huitong",
        subject=_("Glossary"),
        creator="Huitong",
        lang=glossary.languages[0],
    )
    names = glossary.language_labels
    generated = _("Glossary in %(languages)s, %(count)s concepts. Huitong, %(date)s.") % {
        "languages": " · ".join(names),
        "count": len(glossary.rows),
        "date": date_format(timezone.localdate(), "DATE_FORMAT"),
    }
    story: list[Any] = [
        Paragraph(markup(glossary.title), styles["title"]),
        Paragraph(markup(generated), styles["meta"]),
    ]
    if glossary.source_url:
        story.append(Paragraph(markup(glossary.source_url), styles["meta"]))
    if glossary.truncated:
        story.append(
            Paragraph(
                markup(
                    _("Only the first %(count)s concepts are shown.")
                    % {"count": len(glossary.rows)}
                ),
                styles["meta"],
            )
        )
    story.append(Spacer(1, 5 * mm))

    headings = [_("Code"), *names] + ([_("Pinyin")] if glossary.show_pinyin else [])
    rows: list[list[Any]] = [[Paragraph(markup(h), styles["head"]) for h in headings]]
    for row in glossary.rows:
        cells: list[Any] = [Paragraph(markup(" ".join(row.codes)), styles["code"])]
        cells += [_term_cell(term, styles) for term in row.terms]
        if glossary.show_pinyin:
            cells.append(Paragraph(markup(row.pinyin), styles["cell"]))
        rows.append(cells)
    width = A4[0] - 32 * mm
    code_width = 24 * mm
    term_columns = len(headings) - 1
    widths = [code_width] + [(width - code_width) / term_columns] * term_columns
    if len(rows) == 1:
        story.append(Paragraph(markup(_("This selection has no concept.")), styles["cell"]))
    else:
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story.append(table)

    def footer(canvas: Any, doc: Any) -> None:
        text = _("%(title)s — page %(number)s") % {"title": glossary.title, "number": doc.page}
        paragraph = Paragraph(markup(text), styles["meta"])
        _w, height = paragraph.wrap(width, 12 * mm)
        paragraph.drawOn(canvas, 16 * mm, 10 * mm - height / 2)

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
