"""Forms of the training pages, one section per part (timetable, applications,
attendance). They parse what a person typed; the services validate the whole and say why
it cannot be saved (views put those messages back on the form's fields)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from huitong.accounts.forms import time_zone_choices
from huitong.accounts.models import User
from huitong.alliance.models import Alliance, Institution, MembershipStatus
from huitong.core.forms import TranslationsFormMixin
from huitong.core.models import Country
from huitong.courses.forms import DATETIME_FORMATS, DateTimeLocalInput
from huitong.training.models import (
    Edition,
    OrganiserRole,
    Programme,
    Session,
    SessionKind,
)
from huitong.training.services import zone_of

# --- Timetable: programmes, editions, organisers, sessions, materials -------------------


class _ServiceForm(TranslationsFormMixin):
    """A model form that only parses: the service validates the model and reports."""

    def _post_clean(self) -> None:
        pass

    def validate_unique(self) -> None:
        pass


class ProgrammeForm(_ServiceForm):
    organiser = forms.ModelChoiceField(
        label=_("organising institution"), queryset=Institution.objects.none()
    )

    class Meta:
        model = Programme
        fields = ["slug", "title", "description", "original_language", "organiser"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, members: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organiser"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members

    def service_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "organiser"}
        fields["translations"] = self.cleaned_translations()
        return fields


class ProgrammeCreateForm(ProgrammeForm):
    alliance = forms.ModelChoiceField(label=_("alliance"), queryset=Alliance.objects.none())

    field_order = ["alliance", "organiser"]

    def __init__(self, *args: Any, alliances: QuerySet[Alliance], **kwargs: Any) -> None:
        members = Institution.objects.filter(
            memberships__alliance__in=alliances, memberships__status=MembershipStatus.APPROVED
        ).distinct()
        super().__init__(*args, members=members.order_by("name"), **kwargs)
        field = self.fields["alliance"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = alliances
        if alliances.count() == 1:
            self.initial.setdefault("alliance", alliances.first())


class EditionForm(_ServiceForm):
    number = forms.IntegerField(
        label=_("edition number"),
        required=False,
        min_value=1,
        max_value=32767,
        help_text=_("Leave empty for the next number."),
    )
    country = forms.ModelChoiceField(label=_("country"), queryset=Country.objects.all())
    time_zone = forms.ChoiceField(
        label=_("time zone"),
        choices=time_zone_choices,
        initial="UTC",
        help_text=_("Where the edition is held: the timetable is written in its time."),
    )
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(
        label=_("first day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("last day"), widget=forms.DateInput(attrs={"type": "date"}))
    applications_open = forms.DateTimeField(
        label=_("applications open"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("In your time zone. Leave empty to open at once."),
    )
    application_deadline = forms.DateTimeField(
        label=_("application deadline"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("In your time zone."),
    )
    organising_institutions = forms.ModelMultipleChoiceField(
        label=_("organising institutions"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Member institutions of the alliance."),
    )
    partner_institutions = forms.ModelMultipleChoiceField(
        label=_("partner institutions"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Edition
        fields = [
            "number",
            "title",
            "description",
            "original_language",
            "starts_on",
            "ends_on",
            "venue",
            "city",
            "country",
            "time_zone",
            "languages",
            "capacity",
            "applications_open",
            "application_deadline",
            "offer_days",
            "attendance_rule",
            "organising_institutions",
            "partner_institutions",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    INSTITUTION_FIELDS = ("organising_institutions", "partner_institutions")

    def __init__(
        self,
        *args: Any,
        members: QuerySet[Institution],
        institutions: QuerySet[Institution],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("organising_institutions", members),
            ("partner_institutions", institutions),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = queryset
        edition = self.instance
        assert isinstance(edition, Edition)
        if edition.pk:
            self.initial["organising_institutions"] = list(
                edition.organising_institutions.values_list("pk", flat=True)
            )
            self.initial["partner_institutions"] = list(
                edition.partner_institutions.values_list("pk", flat=True)
            )

    def service_fields(self) -> dict[str, Any]:
        fields = {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in self.INSTITUTION_FIELDS
        }
        fields["translations"] = self.cleaned_translations()
        if fields["number"] is None and self.instance.pk:
            del fields["number"]  # left empty: keep it
        return fields

    def institutions(self) -> dict[str, Any]:
        return {name: list(self.cleaned_data[name]) for name in self.INSTITUTION_FIELDS}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OrganiserForm(forms.Form):
    email = forms.EmailField(label=_("e-mail address"))
    role = forms.ChoiceField(
        label=_("role"), choices=OrganiserRole.choices, initial=OrganiserRole.ORGANISER
    )


SPEAKERS_HELP = _(
    "One speaker per line: a member's e-mail address, or an external speaker as "
    "“Name | name in native script | affiliation” (the last two may be left out)."
)


def _speaker_lines(speakers: Any) -> str:
    lines = []
    for speaker in speakers:
        if speaker.user is not None:
            lines.append(speaker.user.email)
        else:
            parts = [speaker.name, speaker.name_native, speaker.affiliation]
            while parts and not parts[-1]:
                parts.pop()
            lines.append(" | ".join(parts))
    return "\n".join(lines)


class SessionForm(_ServiceForm):
    """A session of the timetable: its day and times are in the edition's time zone."""

    kind = forms.ChoiceField(label=_("kind"), choices=SessionKind.choices)
    day = forms.DateField(label=_("day"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(
        label=_("starts"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("ends"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    speakers = forms.CharField(
        label=_("speakers"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=SPEAKERS_HELP,
    )

    field_order = ["title", "kind", "day", "starts", "ends", "room", "track", "speakers"]

    class Meta:
        model = Session
        fields = [
            "title",
            "kind",
            "description",
            "room",
            "track",
            "required",
            "cme_hours",
            "original_language",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.zone = zone_of(edition)
        for name in ("day", "starts", "ends"):
            self.fields[name].help_text = _("In the edition's time zone (%(zone)s).") % {
                "zone": edition.time_zone
            }
        session = self.instance
        assert isinstance(session, Session)
        if session.pk:
            start = session.starts_at.astimezone(self.zone)
            end = session.ends_at.astimezone(self.zone)
            self.initial.setdefault("day", start.date())
            self.initial.setdefault("starts", start.time().replace(second=0, microsecond=0))
            self.initial.setdefault("ends", end.time().replace(second=0, microsecond=0))
            self.initial.setdefault(
                "speakers", _speaker_lines(session.speakers.select_related("user"))
            )
        else:
            self.initial.setdefault("day", edition.starts_on)

    def clean_speakers(self) -> list[Any]:
        from huitong.training.services import SpeakerIn

        text: str = self.cleaned_data.get("speakers") or ""
        speakers: list[SpeakerIn] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            if "@" in line and "|" not in line:
                user = User.objects.filter(email__iexact=line, is_active=True).first()
                if user is None:
                    raise ValidationError(
                        _(
                            "Line %(line)s: no one has an account with the e-mail address "
                            "%(email)s. Give an external speaker's name instead."
                        )
                        % {"line": number, "email": line}
                    )
                speakers.append(SpeakerIn(user=user))
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) > 3 or not parts[0]:
                raise ValidationError(
                    _("Line %(line)s: write “Name | name in native script | affiliation”.")
                    % {"line": number}
                )
            parts += [""] * (3 - len(parts))
            speakers.append(SpeakerIn(name=parts[0], name_native=parts[1], affiliation=parts[2]))
        return speakers

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        day: dt.date = self.cleaned_data["day"]
        start = dt.datetime.combine(day, self.cleaned_data["starts"], tzinfo=self.zone)
        end = dt.datetime.combine(day, self.cleaned_data["ends"], tzinfo=self.zone)
        return start, end

    def service_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["translations"] = self.cleaned_translations()
        fields["starts_at"], fields["ends_at"] = self.times()
        return fields


class MaterialForm(forms.Form):
    title = forms.CharField(
        label=_("title"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the file's name."),
    )
    file = forms.FileField(
        label=_("file"),
        help_text=_("PDF, PowerPoint (.pptx), Word (.docx) or OpenDocument (.odp, .odt)."),
    )
