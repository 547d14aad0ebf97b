"""Form helpers shared by every app: the translation fields of translatable content."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import TextField as TextFieldType
from django.utils.translation import gettext_lazy as _

from huitong.core.models import TranslatableModel


class TranslationsFormMixin(forms.ModelForm):  # type: ignore[type-arg]
    """Adds one field per (language, translatable field) named ``tr__<language>__<field>``.

    The original language's text is the model field itself; translations go in the
    ``translations`` JSON column through ``cleaned_translations()``.
    """

    instance: TranslatableModel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = self._meta.model
        existing = self.instance.translations or {}
        for code, name in settings.LANGUAGES:
            for field_name in model.translatable_fields:
                model_field = model._meta.get_field(field_name)
                is_text = isinstance(model_field, TextFieldType)
                self.fields[f"tr__{code}__{field_name}"] = forms.CharField(
                    label=f"{model_field.verbose_name} — {name}",
                    required=False,
                    max_length=model_field.max_length,
                    widget=forms.Textarea(attrs={"rows": 3}) if is_text else forms.TextInput(),
                )
                self.initial.setdefault(
                    f"tr__{code}__{field_name}", existing.get(code, {}).get(field_name, "")
                )

    def translation_fields(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(language code, language name, bound fields) for the template."""
        model = self._meta.model
        return [
            (code, name, [self[f"tr__{code}__{f}"] for f in model.translatable_fields])
            for code, name in settings.LANGUAGES
        ]

    def cleaned_translations(self) -> dict[str, dict[str, str]]:
        original = self.cleaned_data.get("original_language") or self.instance.original_language
        result: dict[str, dict[str, str]] = {}
        for code, _name in settings.LANGUAGES:
            if code == original:
                continue
            for field_name in self._meta.model.translatable_fields:
                text = (self.cleaned_data.get(f"tr__{code}__{field_name}") or "").strip()
                if text:
                    result.setdefault(code, {})[field_name] = text
        return result


TRANSLATIONS_HELP = _(
    "Write the text in its original language above; add translations for readers in other "
    "languages. Readers see the original, marked as such, where a translation is missing."
)
