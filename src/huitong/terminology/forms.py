from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huitong.terminology.models import (
    CodeSystem,
    ConceptKind,
    DesignationUse,
    MappingRelationship,
    validate_language_tag,
)

LANGUAGE_HELP = _("A BCP 47 tag: en, zh-Hans, zh-Hant, zh-Latn-pinyin, sr-Latn, pl, pt-BR …")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, strip=True)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("All kinds")), *ConceptKind.choices]
    )


class TermForm(forms.Form):
    language = forms.CharField(
        label=_("language"),
        max_length=35,
        help_text=LANGUAGE_HELP,
        validators=[validate_language_tag],
    )
    text = forms.CharField(label=_("term"), max_length=500)
    use = forms.ChoiceField(label=_("use"), choices=DesignationUse.choices, initial="synonym")
    source = forms.CharField(label=_("source"), max_length=300, required=False)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("comment"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CodeForm(forms.Form):
    system = forms.ModelChoiceField(label=_("code system"), queryset=CodeSystem.objects.all())
    code = forms.CharField(label=_("code"), max_length=64)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        system, code = cleaned.get("system"), (cleaned.get("code") or "").strip()
        if system is not None and code:
            try:
                system.validate_code(code)
            except forms.ValidationError as error:
                self.add_error("code", error)
        return cleaned


class MappingForm(forms.Form):
    relationship = forms.ChoiceField(label=_("relationship"), choices=MappingRelationship.choices)
    system = forms.ModelChoiceField(label=_("code system"), queryset=CodeSystem.objects.all())
    code = forms.CharField(label=_("code"), max_length=64)
    comment = forms.CharField(label=_("comment"), max_length=1000, required=False)
    provenance = forms.CharField(label=_("provenance"), max_length=300, required=False)


class ConceptForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ConceptKind.choices)
    term_en = forms.CharField(label=_("English preferred term"), max_length=500, required=False)
    term_zh = forms.CharField(
        label=_("Chinese preferred term (simplified)"), max_length=500, required=False
    )
    system = forms.ModelChoiceField(
        label=_("code system"), queryset=CodeSystem.objects.all(), required=False
    )
    code = forms.CharField(label=_("code"), max_length=64, required=False)
    definition = forms.CharField(
        label=_("definition (English)"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("term_en") or cleaned.get("term_zh") or cleaned.get("code")):
            raise forms.ValidationError(_("Give the concept a term or a code."))
        if bool(cleaned.get("system")) != bool(cleaned.get("code")):
            raise forms.ValidationError(_("A code needs its code system, and the other way round."))
        return cleaned
