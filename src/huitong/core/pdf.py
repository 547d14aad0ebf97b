"""Fonts for every PDF the platform makes (glossaries, certificates, badges).

Noto Sans from the ``fontpkg-noto-sans`` package (OFL) for Latin with its diacritics
(Serbian č ć đ š ž, Polish ą ę ł ń ó ś ź ż, pinyin tone marks), Cyrillic and Greek,
embedded as a subset; ReportLab's built-in CID font ``STSong-Light`` for Chinese
characters, which the PDF names and PDF viewers supply (docs/decisions/0007-pdf-fonts.md).
``markup`` sets each run of text in the first font that has its characters.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from itertools import groupby
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

LATIN = "HuitongNotoSans"
CJK = "STSong-Light"
MUTED = colors.HexColor("#5f6b7a")
LINE = colors.HexColor("#c9d1dc")
HEAD = colors.HexColor("#eef2f7")


@functools.cache
def register_fonts() -> frozenset[int]:
    """Register the fonts (once) and return the code points Noto Sans covers."""
    path = files("fontpkg_noto_sans") / "files" / "NotoSans[wdth,wght].ttf"
    font: Any = TTFont(LATIN, str(path))
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    return frozenset(font.face.charToGlyph)


def markup(text: str) -> str:
    """Paragraph markup of ``text``: escaped, runs without a Noto Sans glyph (Chinese
    characters, CJK punctuation) set in the CJK font."""
    latin = register_fonts()
    parts = []
    for is_latin, chars in groupby(text, key=lambda c: c.isspace() or ord(c) in latin):
        run = escape("".join(chars))
        parts.append(run if is_latin else f'<font name="{CJK}">{run}</font>')
    return "".join(parts)
