"""Deadlines and other moments of an edition, shown in the edition's time zone with the
zone named, plus the viewer's own clock where it differs ("15 October 2025, 23:59
(Europe/Belgrade) · your time: 16 October 2025, 06:59 (Asia/Shanghai)")."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from huitong.training.models import Edition
from huitong.training.selectors import known_viewer_zone
from huitong.training.services import zone_named, zone_of

register = template.Library()


def moment(value: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """The date and time on the clock of ``zone``, named: "15 October 2025, 23:59
    (Europe/Belgrade)"."""
    local = value.astimezone(zone)
    return _("%(date)s, %(time)s (%(zone)s)") % {
        "date": formats.date_format(local.date(), "DATE_FORMAT"),
        "time": formats.time_format(local.time(), "H:i"),
        "zone": str(zone),
    }


def _viewer(context: template.Context, viewer: Any) -> zoneinfo.ZoneInfo | None:
    """The viewer's zone: the one given, else the one the view put in the context (a
    signed-in person's profile, or ``?tz=`` for an anonymous visitor; None when unknown)."""
    if isinstance(viewer, zoneinfo.ZoneInfo):
        return viewer
    if isinstance(viewer, str) and viewer:
        return zone_named(viewer)
    request = context.get("request")
    if request is None:
        return None
    return known_viewer_zone(request.user, request.GET.get("tz", ""))


def edition_moment_text(
    value: datetime, edition: Edition, viewer: zoneinfo.ZoneInfo | None
) -> tuple[str, str]:
    """The moment in the edition's zone, and in the viewer's ("" when the clocks agree
    or the viewer's zone is unknown)."""
    edition_zone = zone_of(edition)
    shown = moment(value, edition_zone)
    if (
        viewer is None
        or value.astimezone(viewer).utcoffset() == value.astimezone(edition_zone).utcoffset()
    ):
        return shown, ""
    return shown, _("your time: %(moment)s") % {"moment": moment(value, viewer)}


@register.simple_tag(takes_context=True)
def edition_time(
    context: template.Context,
    value: datetime | None,
    edition: Edition,
    viewer: Any = None,
    text: bool = False,
) -> str:
    """``{% edition_time edition.application_deadline edition %}``: HTML with a
    ``<time>`` element, or plain text with ``text=True`` (e-mails)."""
    if value is None:
        return ""
    shown, own = edition_moment_text(value, edition, _viewer(context, viewer))
    if text:
        return f"{shown} · {own}" if own else shown
    html: SafeString = format_html('<time datetime="{}">{}</time>', value.isoformat(), shown)
    if own:
        html = format_html('{} <span class="muted your-time">· {}</span>', html, own)
    return html
