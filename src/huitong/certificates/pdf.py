"""The certificate as a PDF: names in Latin and native script, the title, the issuer,
the date, CME/CPD hours where there are some, and a QR code to the verification page.
A certificate of attendance (training) also says where and when the training was held,
from the details recorded at issue. Long titles wrap onto up to three lines and shrink
to stay inside the frame."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from huitong.certificates.models import Certificate, CertificateKind
from huitong.core.pdf import CJK, LATIN, register_fonts

ACCENT = colors.HexColor("#8c2f1c")


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.get_absolute_url()


def _runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into runs, each with the font that has its characters."""
    latin = register_fonts()
    runs: list[tuple[str, str]] = []
    for char in text:
        font = LATIN if (char.isspace() or ord(char) in latin) else CJK
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def _width(canvas: Canvas, text: str, size: float) -> float:
    return float(sum(canvas.stringWidth(run, font, size) for font, run in _runs(text)))


def _draw_text(canvas: Canvas, x: float, y: float, text: str, size: float, centre: bool) -> None:
    """Draw ``text`` with each run in the font that has its characters."""
    runs = _runs(text)
    width = sum(canvas.stringWidth(run, font, size) for font, run in runs)
    cursor = x - width / 2 if centre else x
    for font, run in runs:
        canvas.setFont(font, size)
        canvas.drawString(cursor, y, run)
        cursor += canvas.stringWidth(run, font, size)


def _words(text: str) -> list[str]:
    """Where a line may break: after spaces, and between Chinese characters."""
    latin = register_fonts()
    words: list[str] = []
    for char in text:
        chinese = not char.isspace() and ord(char) not in latin
        after_chinese = (
            bool(words) and not words[-1][-1].isspace() and ord(words[-1][-1]) not in latin
        )
        after_space = bool(words) and words[-1][-1].isspace() and not char.isspace()
        if not words or chinese or after_chinese or after_space:
            words.append(char)
        else:
            words[-1] += char
    return words


def wrap(canvas: Canvas, text: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` (a word wider than that stays whole)."""
    lines: list[str] = []
    line = ""
    for word in _words(" ".join(text.split())):
        if line and _width(canvas, (line + word).rstrip(), size) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines


@dataclass
class _Block:
    """Lines of one size, drawn centred below the previous block."""

    text: str
    size: float
    gap: float  # from the previous block's last baseline to this one's first
    max_lines: int = 1
    min_size: float = 0
    colour: Any = colors.black


def _fit(canvas: Canvas, block: _Block, width: float) -> tuple[list[str], float]:
    """The lines and size of ``block``: wrapped onto at most ``max_lines`` lines, the size
    shrunk until they fit (down to ``min_size``; then the text is wrapped onto more lines)."""
    size = block.size
    lines = wrap(canvas, block.text, size, width)
    while (len(lines) > block.max_lines or _too_wide(canvas, lines, size, width)) and (
        size - 0.5 >= (block.min_size or block.size)
    ):
        size -= 0.5
        lines = wrap(canvas, block.text, size, width)
    while _too_wide(canvas, lines, size, width) and size > 6:
        size -= 0.5  # one unbreakable word wider than the frame
    return lines, size


def _too_wide(canvas: Canvas, lines: list[str], size: float, width: float) -> bool:
    return any(_width(canvas, line, size) > width for line in lines)


def _layout(
    canvas: Canvas, blocks: list[_Block], top: float, bottom: float, width: float
) -> list[tuple[list[str], float, float, Any]]:
    """Place the blocks from ``top`` down; while the last would end below ``bottom``, the
    gaps shrink (down to 60 %) so the text stays inside the frame, above the QR code."""
    fitted = [(block, *_fit(canvas, block, width)) for block in blocks]
    scale = 1.0
    while True:
        placed = []
        y = top
        for block, lines, size in fitted:
            y -= block.gap * scale
            placed.append((lines, size, y, block.colour))
            y -= (len(lines) - 1) * size * 1.25
        if y >= bottom or scale <= 0.6:
            return placed
        scale -= 0.05


def _training_lines(certificate: Certificate) -> list[str]:
    """Where and when a training took place, from what attendance recorded at issue."""
    details = certificate.details or {}
    lines = []
    place = ", ".join(str(part) for part in (details.get("city"), _country_name(details)) if part)
    starts, ends = _date(details.get("starts_on")), _date(details.get("ends_on"))
    if starts and ends and starts != ends:
        dates = _("%(start)s – %(end)s") % {
            "start": date_format(starts, "DATE_FORMAT"),
            "end": date_format(ends, "DATE_FORMAT"),
        }
    elif (day := starts or ends) is not None:
        dates = date_format(day, "DATE_FORMAT")
    else:
        dates = ""
    if place and dates:
        lines.append(_("held in %(place)s, %(dates)s") % {"place": place, "dates": dates})
    elif place:
        lines.append(_("held in %(place)s") % {"place": place})
    elif dates:
        lines.append(dates)
    return lines


def _country_name(details: dict[str, Any]) -> str:
    from huitong.core.models import Country

    code = details.get("country")
    country = Country.objects.filter(pk=code).first() if code else None
    return str(country) if country is not None else str(details.get("country_name") or "")


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _hours(certificate: Certificate) -> str:
    if certificate.hours is not None:
        return str(certificate.hours)
    return str((certificate.details or {}).get("hours") or "")


def certificate_pdf(certificate: Certificate, language: str | None = None) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    page_width, page_height = landscape(A4)
    canvas = Canvas(buffer, pagesize=landscape(A4))
    canvas.setTitle(f"{certificate.title} — {certificate.holder_name_latin}")
    canvas.setAuthor(certificate.issuer)
    training = certificate.kind == CertificateKind.TRAINING
    with translation.override(language or certificate.original_language):
        centre = page_width / 2
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(2)
        canvas.rect(12 * mm, 12 * mm, page_width - 24 * mm, page_height - 24 * mm)
        blocks = [
            _Block(certificate.get_kind_display(), 26, 0, colour=ACCENT),
            _Block(_("This certifies that"), 13, 18 * mm),
            _Block(certificate.holder_name_latin, 28, 18 * mm, min_size=16),
        ]
        if (
            certificate.holder_name_native
            and certificate.holder_name_native != certificate.holder_name_latin
        ):
            blocks.append(_Block(certificate.holder_name_native, 20, 14 * mm, min_size=14))
        blocks.append(
            _Block(pgettext("certificate", "attended") if training else _("completed"), 13, 16 * mm)
        )
        title = certificate.translated("title")
        blocks.append(_Block(title.text, 18, 14 * mm, max_lines=3, min_size=12))
        if not title.is_fallback and title.text != certificate.title:
            blocks.append(_Block(certificate.title, 12, 9 * mm, max_lines=2, min_size=9))
        if training:
            blocks += [_Block(line, 12, 9 * mm, max_lines=2, min_size=10)
                       for line in _training_lines(certificate)]  # fmt: skip
        line = _("Issued by %(issuer)s on %(date)s") % {
            "issuer": certificate.issuer,
            "date": date_format(certificate.issued_at, "DATE_FORMAT"),
        }
        blocks.append(_Block(line, 12, 12 * mm, max_lines=2, min_size=10))
        hours = _hours(certificate)
        if hours:
            blocks.append(_Block(_("CME/CPD hours: %(hours)s") % {"hours": hours}, 12, 8 * mm))
        # Text stays clear of the QR code (bottom right, up to 52 mm) and the number
        # (bottom left, up to 34 mm): centred lines at most 190 mm wide, above 38 mm.
        placed = _layout(canvas, blocks, page_height - 42 * mm, 38 * mm, 190 * mm)
        for lines, size, y, colour in placed:
            canvas.setFillColor(colour)
            for i, text in enumerate(lines):
                _draw_text(canvas, centre, y - i * size * 1.25, text, size, True)
        canvas.setFillColor(colors.black)
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
