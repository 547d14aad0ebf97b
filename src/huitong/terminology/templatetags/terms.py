"""``{% markdown obj "field" %}``: a translatable Markdown field, in the reader's language,
with term references linked and the fallback marked."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from huitong.core.i18n import language_name, translated
from huitong.terminology.markup import render_cached

register = template.Library()


@register.simple_tag
def markdown(obj: Any, field: str) -> SafeString:
    value = translated(obj, field)
    body = render_cached(value.text)
    if not value.is_fallback:
        return format_html('<div class="prose" lang="{}">{}</div>', value.language, body)
    return format_html(
        '<div class="prose" lang="{}"><abbr class="fallback" title="{}">{}</abbr>{}</div>',
        value.language,
        _("Not yet translated into your language; shown in %(language)s.")
        % {"language": language_name(value.language)},
        value.language.upper(),
        body,
    )


@register.simple_tag
def term(concept: Any) -> SafeString:
    """A concept's name in the reader's language, marked when it falls back."""
    from huitong.terminology.selectors import display_term

    value = display_term(concept)
    if not value.is_fallback:
        return format_html('<span lang="{}">{}</span>', value.language, value.text)
    return format_html(
        '<span lang="{}">{}</span> <abbr class="fallback" title="{}">{}</abbr>',
        value.language,
        value.text,
        _("Not yet translated into your language; shown in %(language)s.")
        % {"language": value.language},
        value.language,
    )
