"""iCalendar (RFC 5545) feeds of a timetable, written here rather than with a library: a
feed is a handful of properties per session, and the rules that matter (CRLF line ends,
text escaping, folding lines at 75 octets without splitting a UTF-8 character, UTC times)
fit in a page.

Times are written in UTC (``DTSTART:20251206T080000Z``), which every calendar app shows in
its own time zone, so no ``VTIMEZONE`` is needed. Each session's ``UID`` is stable
(``training-session-<id>@<host>``), so a subscribed calendar updates a moved session
instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from huitong.core.i18n import translated
from huitong.core.services import site_url
from huitong.training.models import Edition, Session

PRODID = "-//Huitong//Training timetable//EN"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma escaped, line
    breaks as ``\\n``."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (RFC 5545, 3.1): each
    continuation starts with one space, and no UTF-8 character is split."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current = ""
            size = 0
            limit = 74  # the leading space of a continuation line counts
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def utc_stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return urlsplit(str(settings.SITE_URL)).hostname or "huitong"


def _description(session: Session) -> str:
    lines = [str(session.get_kind_display())]
    speakers = [
        s.name + (f" ({s.name_native})" if s.name_native else "") for s in session.speakers.all()
    ]
    if speakers:
        lines.append(", ".join(speakers))
    if session.track:
        lines.append(session.track)
    text = translated(session, "description").text
    if text:
        lines.extend(["", text])
    return "\n".join(lines)


def _location(session: Session, edition: Edition) -> str:
    venue = translated(edition, "venue").text
    return ", ".join(part for part in (session.room, venue, edition.city) if part)


def _event(session: Session, edition: Edition, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:training-session-{session.pk}@{_host()}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{utc_stamp(session.starts_at)}",
        f"DTEND:{utc_stamp(session.ends_at)}",
        f"SUMMARY:{escape_text(translated(session, 'title').text)}",
        f"DESCRIPTION:{escape_text(_description(session))}",
        f"CATEGORIES:{escape_text(str(session.get_kind_display()))}",
        f"URL:{site_url(session.get_absolute_url())}",
        f"LAST-MODIFIED:{utc_stamp(session.updated_at)}",
    ]
    location = _location(session, edition)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if edition.status == "cancelled":
        lines.append("STATUS:CANCELLED")
    lines.append("END:VEVENT")
    return lines


def calendar(*, edition: Edition, sessions: Iterable[Session], name: str) -> str:
    """A VCALENDAR of the sessions (each with its speakers prefetched)."""
    stamp = utc_stamp(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{edition.time_zone}",
    ]
    for session in sessions:
        lines.extend(_event(session, edition, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
