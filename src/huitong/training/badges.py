"""Badges as PDF: the name in Latin and native script, the role, the institution and
country, the edition, and a QR code of the badge code (what the organisers' scan page
reads: a scanner types the code followed by Enter).

One badge per A6 page (for badge printers and card holders), or four A6 badges per A4
page with light cut lines (for an office printer). Fonts as every PDF of the platform
(``core.pdf``): Noto Sans for Latin, Cyrillic and Greek, STSong-Light for Chinese.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from huitong.alliance.models import Institution
from huitong.core.i18n import translated
from huitong.core.pdf import CJK, LATIN, LINE, MUTED, markup, register_fonts
from huitong.training.models import Application, Edition

ACCENT = colors.HexColor("#8c2f1c")
LAYOUTS = ("a6", "a4")
BADGE_WIDTH, BADGE_HEIGHT = A6
MARGIN = 8 * mm
QR_SIZE = 34 * mm


@dataclass
class Badge:
    name_latin: str
    name_native: str
    role: str
    institution: str
    country: str
    code: str


def badges_for(applications: Iterable[Application]) -> list[Badge]:
    """The badges of these applications (with ``applicant__country`` selected): one query
    for the institutions."""
    from huitong.alliance.selectors import institutions_of

    applications = list(applications)
    institutions = institutions_of(a.applicant_id for a in applications)
    badges = []
    for application in applications:
        person = application.applicant
        mine: list[Institution] = institutions.get(person.pk, [])
        badges.append(
            Badge(
                name_latin=person.name_latin,
                name_native=person.name_native
                if person.name_native and person.name_native != person.name_latin
                else "",
                role=application.get_role_display(),
                institution="; ".join(translated(i, "name").text for i in mine[:2]),
                country=translated(person.country, "name").text if person.country else "",
                code=application.badge_code,
            )
        )
    return badges


def _width(text: str, size: float) -> float:
    latin = register_fonts()
    return sum(
        float(stringWidth(char, LATIN if (char.isspace() or ord(char) in latin) else CJK, size))
        for char in text
    )


def _fitted(text: str, largest: float, smallest: float, width: float) -> float:
    """The largest font size (down to ``smallest``) at which ``text`` fits on one line."""
    measured = _width(text, largest)
    if measured <= width:
        return largest
    return max(smallest, largest * width / measured)


def _paragraph(
    canvas: Canvas,
    text: str,
    *,
    x: float,
    top: float,
    width: float,
    size: float,
    colour: colors.Color = colors.black,
    max_height: float | None = None,
) -> float:
    """Draw ``text`` centred in a box of ``width`` whose top is at ``top``; return the
    height used."""
    style = ParagraphStyle(
        "badge",
        fontName=LATIN,
        fontSize=size,
        leading=size * 1.2,
        alignment=TA_CENTER,
        textColor=colour,
    )
    paragraph = Paragraph(markup(text), style)
    _w, height = paragraph.wrap(width, max_height or 1000)
    if max_height is not None and height > max_height:
        # Too long for its room: keep the first lines.
        lines = max(1, int(max_height // style.leading))
        parts = paragraph.split(width, lines * style.leading)
        if parts:
            paragraph = parts[0]
            _w, height = paragraph.wrap(width, max_height)
    paragraph.drawOn(canvas, x, top - height)
    return float(height)


def _edition_line(edition: Edition) -> str:
    dates = "{} – {}".format(
        date_format(edition.starts_on, "SHORT_DATE_FORMAT"),
        date_format(edition.ends_on, "SHORT_DATE_FORMAT"),
    )
    country = translated(edition.country, "name").text
    return f"{edition.city}, {country} · {dates}"


def _draw_badge(canvas: Canvas, x: float, y: float, badge: Badge, edition: Edition) -> None:
    """One badge with its lower left corner at (x, y)."""
    inner = BADGE_WIDTH - 2 * MARGIN
    left = x + MARGIN
    top = y + BADGE_HEIGHT - MARGIN
    canvas.setFillColor(ACCENT)
    canvas.rect(x, y + BADGE_HEIGHT - 4 * mm, BADGE_WIDTH, 4 * mm, stroke=0, fill=1)
    top -= 2 * mm
    top -= _paragraph(
        canvas,
        translated(edition, "title").text,
        x=left,
        top=top,
        width=inner,
        size=9,
        colour=ACCENT,
        max_height=24,
    )
    top -= 1 * mm
    top -= _paragraph(
        canvas, _edition_line(edition), x=left, top=top, width=inner, size=7, colour=MUTED
    )
    top -= 7 * mm
    size = _fitted(badge.name_latin, 22, 11, inner)
    top -= _paragraph(
        canvas, badge.name_latin, x=left, top=top, width=inner, size=size, max_height=size * 2.5
    )
    if badge.name_native:
        top -= 1 * mm
        size = _fitted(badge.name_native, 17, 10, inner)
        top -= _paragraph(
            canvas,
            badge.name_native,
            x=left,
            top=top,
            width=inner,
            size=size,
            max_height=size * 2.5,
        )
    top -= 3 * mm
    top -= _paragraph(canvas, badge.role, x=left, top=top, width=inner, size=11, colour=ACCENT)
    if badge.institution:
        top -= 2 * mm
        top -= _paragraph(
            canvas, badge.institution, x=left, top=top, width=inner, size=8.5, max_height=32
        )
    if badge.country:
        top -= 1 * mm
        _paragraph(canvas, badge.country, x=left, top=top, width=inner, size=8.5, colour=MUTED)
    widget = QrCodeWidget(badge.code)
    bounds = widget.getBounds()
    drawing = Drawing(
        QR_SIZE,
        QR_SIZE,
        transform=[
            QR_SIZE / (bounds[2] - bounds[0]),
            0,
            0,
            QR_SIZE / (bounds[3] - bounds[1]),
            0,
            0,
        ],
    )
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x + (BADGE_WIDTH - QR_SIZE) / 2, y + 11 * mm)
    canvas.setFillColor(colors.black)
    canvas.setFont(LATIN, 10)
    canvas.drawCentredString(x + BADGE_WIDTH / 2, y + 7 * mm, badge.code)


def badges_pdf(*, edition: Edition, badges: list[Badge], layout: str = "a6") -> bytes:
    """The badges as a PDF: one per A6 page, or four per A4 page."""
    register_fonts()
    buffer = io.BytesIO()
    pagesize = A4 if layout == "a4" else A6
    canvas = Canvas(buffer, pagesize=pagesize)
    canvas.setTitle(_("Badges") + " · " + translated(edition, "title").text)
    canvas.setAuthor(edition.programme.organiser.name)
    if layout == "a4":
        slots = [(0, BADGE_HEIGHT), (BADGE_WIDTH, BADGE_HEIGHT), (0, 0), (BADGE_WIDTH, 0)]
        for start in range(0, len(badges), 4):
            canvas.setStrokeColor(LINE)
            canvas.setLineWidth(0.3)
            canvas.setDash(2, 3)
            canvas.line(BADGE_WIDTH, 0, BADGE_WIDTH, A4[1])
            canvas.line(0, BADGE_HEIGHT, A4[0], BADGE_HEIGHT)
            canvas.setDash()
            for badge, (x, y) in zip(badges[start : start + 4], slots, strict=False):
                _draw_badge(canvas, x, y, badge, edition)
            canvas.showPage()
    else:
        for badge in badges:
            _draw_badge(canvas, 0, 0, badge, edition)
            canvas.showPage()
    if not badges:
        canvas.setFont(LATIN, 12)
        canvas.drawCentredString(pagesize[0] / 2, pagesize[1] / 2, _("No participant yet."))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
