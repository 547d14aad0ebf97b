"""Forms of the attendance pages: the session code a participant types, the badge code an
organiser types or scans, the search of a check-in list. (Kept apart from forms.py, which
the other parts of the training app share.)"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huitong.training.badges import LAYOUTS


def _code_input(**attrs: Any) -> forms.TextInput:
    """A box for a code typed (or typed by a scanner): in capitals, without the phone's
    suggestions and corrections, ready to type in."""
    return forms.TextInput(
        attrs={
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
            "autofocus": True,
            **attrs,
            "class": "code-input",
        }
    )


class SessionCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Session code"),
        max_length=40,
        help_text=_("The code shown in the room during the session."),
        widget=_code_input(inputmode="text"),
        error_messages={"required": _("Type the code shown in the room.")},
    )


class BadgeScanForm(forms.Form):
    badge_code = forms.CharField(
        label=_("Badge code"),
        max_length=40,
        help_text=_("Scan the QR code on the badge, or type the code printed under it."),
        widget=_code_input(),
        error_messages={"required": _("Type or scan the code on the badge.")},
    )


class RosterSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A name in any script, a country or an institution."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class BadgeLayoutForm(forms.Form):
    layout = forms.ChoiceField(
        label=_("Paper"),
        required=False,
        choices=[
            ("a6", _("One badge per A6 page")),
            ("a4", _("Four badges per A4 page")),
        ],
    )

    def layout_or_default(self) -> str:
        if self.is_valid() and self.cleaned_data.get("layout") in LAYOUTS:
            return str(self.cleaned_data["layout"])
        return "a6"
