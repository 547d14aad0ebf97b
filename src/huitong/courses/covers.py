"""The cover a course shows without an uploaded image: drawn here, as inline SVG, from the
course's discipline (a colour and a simple motif for each) and its title in the reader's
language. Nothing is fetched: no font, no image, no network.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from huitong.core.i18n import translated
from huitong.courses.models import Course, Discipline

# A line holds about this many "units": a Latin letter is one, a CJK character two.
LINE_UNITS = 22
MAX_LINES = 3


@dataclass(frozen=True)
class CoverStyle:
    background: str
    accent: str
    motif: str


STYLES: dict[str, CoverStyle] = {
    Discipline.ACUPUNCTURE_MOXIBUSTION: CoverStyle("#8c2f1c", "#f6d6c4", "needles"),
    Discipline.TUINA: CoverStyle("#2f6b4f", "#d2eddc", "circles"),
    Discipline.TCM_THEORY: CoverStyle("#1f3a5f", "#d6e2f2", "taiji"),
    Discipline.BASIC_MEDICAL_SCIENCE: CoverStyle("#5b3f8c", "#e4d9f5", "cell"),
    Discipline.CLINICAL_SPECIALTY: CoverStyle("#0f6470", "#cdebee", "cross"),
}
DEFAULT_STYLE = CoverStyle("#4a5563", "#e5e8ec", "circles")


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _units(text: str) -> int:
    return sum(_width(c) for c in text)


def _tokens(title: str) -> list[str]:
    """Words of a Latin title; single characters of a CJK one (it may break anywhere)."""
    tokens: list[str] = []
    word = ""
    for char in title:
        if char.isspace():
            if word:
                tokens.append(word)
            word = ""
        elif _width(char) == 2:
            if word:
                tokens.append(word)
            word = ""
            tokens.append(char)
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


def _cut(text: str, units: int) -> str:
    """``text`` shortened to ``units`` with an ellipsis."""
    out = ""
    for char in text:
        if _units(out + char) > units - 1:
            break
        out += char
    return out.rstrip() + "…"


def title_lines(title: str, *, units: int = LINE_UNITS, max_lines: int = MAX_LINES) -> list[str]:
    """The title broken into at most ``max_lines`` lines of ``units``; what does not fit
    ends in an ellipsis."""
    lines: list[str] = []
    line = ""
    for token in _tokens(title.strip()):
        latin = bool(line) and _width(token[0]) == 1 and _width(line[-1]) == 1
        candidate = f"{line} {token}" if latin else f"{line}{token}"
        if not line or _units(candidate) <= units:
            line = candidate
        else:
            lines.append(line)
            line = token
    if line:
        lines.append(line)
    shown = [text if _units(text) <= units else _cut(text, units) for text in lines[:max_lines]]
    if len(lines) > max_lines:
        last = shown[-1].removesuffix("…")
        if _units(last) >= units:
            last = last.rsplit(" ", 1)[0] if " " in last else _cut(last, units)[:-1]
        shown[-1] = f"{last}…"
    return shown


@dataclass(frozen=True)
class Cover:
    style: CoverStyle
    lines: list[str]
    language: str
    label: str
    font_size: int

    @property
    def first_line_y(self) -> int:
        """The baseline of the first line, so that the last one sits near the bottom."""
        return 176 - (len(self.lines) - 1) * (self.font_size + 6)

    def positioned_lines(self) -> list[tuple[int, str]]:
        return [
            (self.first_line_y + n * (self.font_size + 6), text)
            for n, text in enumerate(self.lines)
        ]


def generated_cover(course: Course, language: str | None = None) -> Cover:
    style = STYLES.get(course.discipline, DEFAULT_STYLE)
    title = translated(course, "title", language)
    lines = title_lines(title.text)
    return Cover(
        style=style,
        lines=lines,
        language=title.language,
        label=str(course.get_discipline_display()),
        font_size=26 if len(lines) < MAX_LINES else 22,
    )
