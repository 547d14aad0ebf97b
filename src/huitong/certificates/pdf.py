"""The certificate as a PDF: names in Latin and native script, the title, the issuer,
the date, CME/CPD hours where there are some, and a QR code to the verification page."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from huitong.certificates.models import Certificate
from huitong.core.pdf import CJK, LATIN, register_fonts

ACCENT = colors.HexColor("#8c2f1c")


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.get_absolute_url()


def _draw_text(canvas: Canvas, x: float, y: float, text: str, size: float, centre: bool) -> None:
    """Draw ``text`` with each run in the font that has its characters."""
    latin = register_fonts()
    runs: list[tuple[str, str]] = []
    for char in text:
        font = LATIN if (char.isspace() or ord(char) in latin) else CJK
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    width = sum(canvas.stringWidth(run, font, size) for font, run in runs)
    cursor = x - width / 2 if centre else x
    for font, run in runs:
        canvas.setFont(font, size)
        canvas.drawString(cursor, y, run)
        cursor += canvas.stringWidth(run, font, size)


def certificate_pdf(certificate: Certificate, language: str | None = None) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    page_width, page_height = landscape(A4)
    canvas = Canvas(buffer, pagesize=landscape(A4))
    canvas.setTitle(f"{certificate.title} — {certificate.holder_name_latin}")
    canvas.setAuthor(certificate.issuer)
    with translation.override(language or certificate.original_language):
        centre = page_width / 2
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(2)
        canvas.rect(12 * mm, 12 * mm, page_width - 24 * mm, page_height - 24 * mm)
        canvas.setFillColor(ACCENT)
        _draw_text(canvas, centre, page_height - 42 * mm, certificate.get_kind_display(), 26, True)
        canvas.setFillColor(colors.black)
        _draw_text(canvas, centre, page_height - 60 * mm, _("This certifies that"), 13, True)
        _draw_text(canvas, centre, page_height - 78 * mm, certificate.holder_name_latin, 28, True)
        if (
            certificate.holder_name_native
            and certificate.holder_name_native != certificate.holder_name_latin
        ):
            _draw_text(
                canvas, centre, page_height - 92 * mm, certificate.holder_name_native, 20, True
            )
        _draw_text(canvas, centre, page_height - 108 * mm, _("completed"), 13, True)
        title = certificate.translated("title")
        _draw_text(canvas, centre, page_height - 122 * mm, title.text, 18, True)
        if not title.is_fallback and title.text != certificate.title:
            _draw_text(canvas, centre, page_height - 132 * mm, certificate.title, 12, True)
        line = _("Issued by %(issuer)s on %(date)s") % {
            "issuer": certificate.issuer,
            "date": date_format(certificate.issued_at, "DATE_FORMAT"),
        }
        _draw_text(canvas, centre, page_height - 146 * mm, line, 12, True)
        if certificate.hours is not None:
            hours = _("CME/CPD hours: %(hours)s") % {"hours": certificate.hours}
            _draw_text(canvas, centre, page_height - 156 * mm, hours, 12, True)
        url = verification_url(certificate)
        widget = QrCodeWidget(url)
        bounds = widget.getBounds()
        size = 32 * mm
        drawing = Drawing(
            size,
            size,
            transform=[size / (bounds[2] - bounds[0]), 0, 0, size / (bounds[3] - bounds[1]), 0, 0],
        )
        drawing.add(widget)
        renderPDF.draw(drawing, canvas, page_width - 52 * mm, 20 * mm)
        _draw_text(
            canvas,
            22 * mm,
            30 * mm,
            _("Certificate number %(uid)s") % {"uid": certificate.uid},
            10,
            False,
        )
        _draw_text(canvas, 22 * mm, 24 * mm, _("Verify at %(url)s") % {"url": url}, 9, False)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
