"""Template helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from huitong.core.i18n import language_name, translated

register = template.Library()


@register.simple_tag
def tr(obj: Any, field: str) -> SafeString:
    """Render a translatable field in the reader's language.

    When no translation exists the original text is shown inside an element carrying its
    language, followed by a small marker that says which language it is in.
    """
    value = translated(obj, field)
    if not value.is_fallback:
        return format_html('<span lang="{}">{}</span>', value.language, value.text)
    return format_html(
        '<span lang="{}">{}</span> <abbr class="fallback" title="{}">{}</abbr>',
        value.language,
        value.text,
        _("Not yet translated into your language; shown in %(language)s.")
        % {"language": language_name(value.language)},
        value.language.upper(),
    )


@register.simple_tag
def tr_text(obj: Any, field: str) -> str:
    """A translatable field as plain text (for attributes and titles)."""
    return translated(obj, field).text


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode() if query else "?"
