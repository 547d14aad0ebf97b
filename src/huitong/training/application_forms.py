"""The forms of the applications part: the application form an edition's organisers built,
the form builder itself, the review decision, the review list's filters and invitations.

They only parse what was typed; the services in ``training.applications`` validate and
report (their errors are put back on the fields, see ``core.forms.put_errors``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from huitong.core.forms import TranslationsFormMixin
from huitong.core.i18n import translated
from huitong.training.applications import (
    LONG_TEXT_MAX,
    MESSAGE_MAX,
    TEXT_MAX,
    application_file_max_bytes,
    choice_label,
)
from huitong.training.models import (
    ApplicationStatus,
    FieldKind,
    FormField,
    ParticipantRole,
)

MB = 1024 * 1024


def answer_name(field: FormField) -> str:
    return f"q{field.pk}"


# --- Applying -------------------------------------------------------------------------


class ApplicationForm(forms.Form):
    """The edition's questions, in the reader's language."""

    def __init__(self, *args: Any, fields: list[FormField], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = fields
        for question in fields:
            label = translated(question, "label").text
            help_text = translated(question, "help_text").text
            self.fields[answer_name(question)] = self._field(question, label, help_text)

    def _field(self, question: FormField, label: str, help_text: str) -> forms.Field:
        common: dict[str, Any] = {
            "label": label,
            "help_text": escape(help_text),  # the form's template shows help texts as HTML
            "required": question.required,
        }
        kind = question.kind
        if kind == FieldKind.TEXT:
            return forms.CharField(max_length=TEXT_MAX, **common)
        if kind == FieldKind.LONG_TEXT:
            return forms.CharField(
                max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}), **common
            )
        if kind == FieldKind.CHOICE:
            choices = [
                (c["value"], choice_label(question, c["value"])) for c in question.choices or []
            ]
            return forms.ChoiceField(choices=[("", "—"), *choices], **common)
        if kind == FieldKind.DATE:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        if kind == FieldKind.NUMBER:
            return forms.DecimalField(max_digits=20, decimal_places=6, **common)
        limit = application_file_max_bytes() / MB
        note = _("PDF, DOC, DOCX or ODT, at most %(size)s MB.") % {"size": f"{limit:g}"}
        common["help_text"] = escape(f"{help_text} {note}".strip())
        return forms.FileField(
            widget=forms.ClearableFileInput(
                attrs={
                    "accept": ".pdf,.doc,.docx,.odt,application/pdf,application/msword,"
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                    "application/vnd.oasis.opendocument.text"
                }
            ),
            **common,
        )

    def answers(self) -> dict[str, Any]:
        return {
            str(q.pk): self.cleaned_data.get(answer_name(q))
            for q in self.questions
            if q.kind != FieldKind.FILE
        }

    def uploads(self) -> dict[str, Any]:
        return {
            str(q.pk): self.cleaned_data[answer_name(q)]
            for q in self.questions
            if q.kind == FieldKind.FILE and self.cleaned_data.get(answer_name(q))
        }

    def error_names(self) -> dict[str, str]:
        return {str(q.pk): answer_name(q) for q in self.questions}


# --- The form builder -----------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class FormFieldForm(TranslationsFormMixin):
    """A question of the form. Choices are typed one per line, their translations one per
    line in the same order."""

    instance: FormField

    choices_text = forms.CharField(
        label=_("choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For a choice question: one choice per line."),
    )

    class Meta:
        model = FormField
        fields = ["kind", "label", "help_text", "required", "original_language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = list(self.instance.choices or []) if self.instance.pk else []
        self.initial.setdefault("choices_text", "\n".join(c["label"] for c in existing))
        for code, name in settings.LANGUAGES:
            key = f"choices_tr__{code}"
            self.fields[key] = forms.CharField(
                label=_("choices — %(language)s") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.initial.setdefault(
                key,
                "\n".join((c.get("translations") or {}).get(code, "") for c in existing)
                if any((c.get("translations") or {}).get(code) for c in existing)
                else "",
            )

    def _post_clean(self) -> None:
        pass  # the service validates the model

    def validate_unique(self) -> None:
        pass

    def choice_translation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("choices_tr__")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") == FieldKind.CHOICE and not _lines(cleaned.get("choices_text", "")):
            self.add_error("choices_text", _("A choice question needs at least one choice."))
        return cleaned

    def service_choices(self) -> list[dict[str, Any]] | None:
        """The typed choices, each keeping the stored value of the choice it replaces:
        the same label, else (a renamed choice) the one that was at its place."""
        if self.cleaned_data.get("kind") != FieldKind.CHOICE:
            return None
        labels = _lines(self.cleaned_data.get("choices_text", ""))
        old = list(self.instance.choices or []) if self.instance.pk else []
        old_by_label = {c["label"]: c["value"] for c in old}
        translations = {
            code: _lines(self.cleaned_data.get(f"choices_tr__{code}", ""))
            for code, _name in settings.LANGUAGES
        }
        result: list[dict[str, Any]] = []
        for index, label in enumerate(labels):
            value = old_by_label.get(label)
            if value is None and index < len(old) and old[index]["label"] not in labels:
                value = old[index]["value"]
            result.append(
                {
                    "value": value or "",
                    "label": label,
                    "translations": {
                        code: texts[index]
                        for code, texts in translations.items()
                        if index < len(texts) and code != self.cleaned_data.get("original_language")
                    },
                }
            )
        return result

    def service_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["translations"] = self.cleaned_translations()
        return fields


# --- Review ---------------------------------------------------------------------------


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            ("accept", _("Accept")),
            ("waitlist", _("Put on the waiting list")),
            ("reject", _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("message to the applicant"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional; sent in the e-mail about the decision."),
    )


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", _("All statuses")), *ApplicationStatus.choices],
    )
    q = forms.CharField(label=_("name, e-mail or country"), required=False, max_length=100)


# --- Invitations ----------------------------------------------------------------------


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("e-mail address"))
    name = forms.CharField(label=_("name"), required=False, max_length=150)
    role = forms.ChoiceField(
        label=_("role"),
        choices=[
            (ParticipantRole.SPEAKER, ParticipantRole.SPEAKER.label),
            (ParticipantRole.EXPERT, ParticipantRole.EXPERT.label),
        ],
        initial=ParticipantRole.EXPERT,
    )
    language = forms.ChoiceField(
        label=_("language of the e-mail"),
        choices=settings.LANGUAGES,
        help_text=_("The invited person's own language is used if they have an account."),
    )
    expires_on = forms.DateField(
        label=_("valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional: the link works until the end of this day."),
    )

    def clean_expires_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("expires_on")
        if value is not None and value < timezone.localdate():
            raise ValidationError(_("The expiry must be in the future."))
        return value

    def expires_at(self) -> dt.datetime | None:
        value: dt.date | None = self.cleaned_data.get("expires_on")
        if value is None:
            return None
        end = dt.datetime.combine(value + dt.timedelta(days=1), dt.time(0))
        return timezone.make_aware(end)
