from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huitong.alliance.models import (
    AffiliationRole,
    Alliance,
    Institution,
    InstitutionKind,
    MembershipStatus,
)
from huitong.core.forms import TranslationsFormMixin
from huitong.core.models import Country


class InstitutionForm(TranslationsFormMixin):
    country = forms.ModelChoiceField(label=_("country"), queryset=Country.objects.all())
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Institution
        fields = ["name", "kind", "country", "city", "website", "description", "original_language"]

    def validate_unique(self) -> None:
        """Uniqueness of name and country is the service's to check, with its message."""

    def service_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["translations"] = self.cleaned_translations()
        return fields


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("country"), required=False)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("All kinds")), *InstitutionKind.choices]
    )
    status = forms.ChoiceField(label=_("status"), required=False)

    def __init__(
        self, *args: Any, countries: list[Country], statuses: tuple[str, ...], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ChoiceField)
        country_field.choices = [("", _("All countries"))] + [(c.code, str(c)) for c in countries]
        labels = dict(MembershipStatus.choices)
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [("", _("All statuses"))] + [(s, labels[s]) for s in statuses]


def affiliation_role_choices() -> list[tuple[str, object]]:
    """Roles people usually ask for first; institution admin last, never preselected."""
    order = ["faculty", "student", "clinician", "researcher", "institution_admin"]
    labels = dict(AffiliationRole.choices)
    return [("", _("Choose a role")), *((value, labels[value]) for value in order)]


class AffiliationRequestForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=affiliation_role_choices)
    message = forms.CharField(
        label=_("message to the institution's admins"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AllianceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.translated("name"))


class MembershipApplicationForm(forms.Form):
    alliance = AllianceChoiceField(label=_("alliance"), queryset=Alliance.objects.all())

    def __init__(self, *args: Any, institution: Institution | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if institution is not None:
            field = self.fields["alliance"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Alliance.objects.exclude(memberships__institution=institution)

    note = forms.CharField(
        label=_("note to the alliance's admins"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransitionForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, max_length=500)
