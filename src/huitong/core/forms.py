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
        model = self.model_class()
        existing = self.instance.translations or {}
        original = self.instance.original_language
        for code, name in settings.LANGUAGES:
            if code == original:
                continue  # its text goes in the main fields
            for field_name in model.translatable_fields:
                model_field: Any = model._meta.get_field(field_name)
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

    def model_class(self) -> type[TranslatableModel]:
        model: type[TranslatableModel] = self._meta.model
        return model

    def translation_fields(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(language code, language name, bound fields) for the template."""
        model = self.model_class()
        return [
            (code, name, [self[f"tr__{code}__{f}"] for f in model.translatable_fields])
            for code, name in settings.LANGUAGES
            if f"tr__{code}__{model.translatable_fields[0]}" in self.fields
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        original = cleaned.get("original_language")
        for field_name in self.model_class().translatable_fields:
            key = f"tr__{original}__{field_name}"
            if key in self.fields and (cleaned.get(key) or "").strip():
                self.add_error(
                    key,
                    _(
                        "This is the text's original language: write it in the main "
                        "fields above, not as a translation."
                    ),
                )
        return cleaned

    def cleaned_translations(self) -> dict[str, dict[str, str]]:
        original = self.cleaned_data.get("original_language") or self.instance.original_language
        result: dict[str, dict[str, str]] = {}
        for code, _name in settings.LANGUAGES:
            if code == original:
                continue
            for field_name in self.model_class().translatable_fields:
                text = (self.cleaned_data.get(f"tr__{code}__{field_name}") or "").strip()
                if text:
                    result.setdefault(code, {})[field_name] = text
        return result


TRANSLATIONS_HELP = _(
    "Write the text in its original language above; add translations for readers in other "
    "languages. Readers see the original, marked as such, where a translation is missing."
)
