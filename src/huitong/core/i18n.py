"""The one mechanism for translatable content (see docs/decisions/0002).

A translatable model keeps its text fields in the language it was written in
(``original_language``) and the translations in one JSON column::

    translations = {"zh-hans": {"name": "西南医科大学"}, "pl": {"name": "..."}}

``translated(obj, "name")`` returns the text in the active language, falling back to the
original, and says whether it fell back so that the page can show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation

CONTENT_LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def language_name(code: str) -> str:
    """The language's name in the reader's language (e.g. "angielski" for a Polish reader)."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return dict(settings.LANGUAGES).get(code, code)


def normalise_language(code: str | None) -> str:
    """Map a BCP 47 tag or Django code to one of the platform's language codes."""
    if not code:
        return settings.LANGUAGE_CODE
    code = code.strip().lower().replace("_", "-")
    if code in CONTENT_LANGUAGES:
        return code
    aliases = {"zh": "zh-hans", "zh-cn": "zh-hans", "sr": "sr-latn", "pt": "pt-br"}
    if code in aliases:
        return aliases[code]
    base = code.split("-")[0]
    return aliases.get(base, base if base in CONTENT_LANGUAGES else settings.LANGUAGE_CODE)


@dataclass(frozen=True, slots=True)
class Translated:
    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def translated(obj: Any, field: str, language: str | None = None) -> Translated:
    """The value of ``field`` in ``language`` (default: the active one), or the original."""
    wanted = normalise_language(language or translation.get_language())
    original = getattr(obj, field) or ""
    original_language: str = obj.original_language
    if wanted == original_language:
        return Translated(original, original_language, False)
    text = (obj.translations or {}).get(wanted, {}).get(field, "")
    if text:
        return Translated(text, wanted, False)
    return Translated(original, original_language, bool(original))


def clean_translations(
    value: Any, *, fields: tuple[str, ...], max_lengths: dict[str, int | None]
) -> dict[str, dict[str, str]]:
    """Validate a translations mapping; raise ValueError with a reason a person can read."""
    from django.utils.translation import gettext as _

    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValueError(_("Translations must be a mapping of language to fields."))
    cleaned: dict[str, dict[str, str]] = {}
    for language, texts in value.items():
        code = str(language).lower()
        if code not in CONTENT_LANGUAGES:
            raise ValueError(_("Unknown language “%(code)s”.") % {"code": language})
        if not isinstance(texts, dict):
            raise ValueError(_("Translations must be a mapping of language to fields."))
        for field, text in texts.items():
            if field not in fields:
                raise ValueError(_("“%(field)s” cannot be translated.") % {"field": field})
            if not isinstance(text, str):
                raise ValueError(_("A translation must be text."))
            text = text.strip()
            limit = max_lengths.get(field)
            if limit is not None and len(text) > limit:
                raise ValueError(
                    _(
                        "The %(language)s translation of “%(field)s” is longer than "
                        "%(limit)d characters."
                    )
                    % {"language": language_name(code), "field": field, "limit": limit}
                )
            if text:
                cleaned.setdefault(code, {})[field] = text
    return cleaned
