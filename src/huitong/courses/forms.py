"""Forms of the course pages. They parse what a person typed; the services validate the
course, module or lesson as a whole and say why it cannot be saved (views put those
messages back on the form's fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from huitong.alliance.models import Alliance, Institution, MembershipStatus
from huitong.core.forms import TranslationsFormMixin
from huitong.core.i18n import translated
from huitong.core.models import Country
from huitong.courses.media import MB, cover_max_bytes
from huitong.courses.models import (
    AccessPolicy,
    Choice,
    Course,
    Discipline,
    Lesson,
    LessonKind,
    Level,
    Module,
    Question,
    Quiz,
    Recognition,
    TeamRole,
)
from huitong.courses.selectors import SORTS

COVER_ACCEPT = "image/png,image/jpeg,image/webp"

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]
SORT_LABELS = {
    "newest": _("Newest"),
    "popular": _("Most enrolled"),
    "title": _("Title"),
    "shortest": _("Shortest"),
}


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CatalogueForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    discipline = forms.ChoiceField(
        label=_("discipline"),
        required=False,
        choices=[("", _("All disciplines")), *Discipline.choices],
    )
    provider = forms.TypedChoiceField(
        label=_("provider institution"), required=False, coerce=int, empty_value=None
    )
    country = forms.ChoiceField(label=_("provider country"), required=False)
    language = forms.ChoiceField(label=_("language"), required=False)
    level = forms.ChoiceField(
        label=_("level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )
    recognition = forms.ChoiceField(
        label=_("recognition"),
        required=False,
        choices=[("", _("Any recognition")), *Recognition.choices],
    )
    sort = forms.ChoiceField(
        label=_("sort by"), required=False, choices=[(k, SORT_LABELS[k]) for k in SORTS]
    )

    def __init__(
        self, *args: Any, providers: list[Institution], countries: list[Country], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "provider").choices = [("", _("All providers"))] + [
            (str(i.pk), translated(i, "name").text) for i in providers
        ]
        _choice_field(self, "country").choices = [("", _("All countries"))] + [
            (c.code, str(c)) for c in countries
        ]
        _choice_field(self, "language").choices = [("", _("All languages")), *settings.LANGUAGES]


class EnrolForm(forms.Form):
    code = forms.CharField(label=_("invitation code"), required=False, max_length=40)


class _ServiceForm(TranslationsFormMixin):
    """A model form that only parses: the service validates the model and reports."""

    def _post_clean(self) -> None:
        pass

    def validate_unique(self) -> None:
        pass


class CourseForm(_ServiceForm):
    languages = forms.MultipleChoiceField(
        label=_("languages of instruction"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    recognition = forms.MultipleChoiceField(
        label=_("recognition"),
        choices=Recognition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    selected_institutions = forms.ModelMultipleChoiceField(
        label=_("selected institutions"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a course open to selected member institutions."),
    )
    enrolment_opens = forms.DateTimeField(
        label=_("enrolment opens"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("In your time zone. Leave empty to open at once."),
    )
    enrolment_closes = forms.DateTimeField(
        label=_("enrolment closes"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("In your time zone. Leave empty to keep it open."),
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "summary",
            "description",
            "prerequisites",
            "original_language",
            "discipline",
            "level",
            "languages",
            "estimated_hours",
            "recognition",
            "access_policy",
            "selected_institutions",
            "invitation_code",
            "enrolment_opens",
            "enrolment_closes",
            "capacity",
            "cover",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "prerequisites": forms.Textarea(attrs={"rows": 3}),
            "cover": forms.ClearableFileInput(attrs={"accept": COVER_ACCEPT}),
        }

    def __init__(self, *args: Any, members: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["selected_institutions"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = members
        course = self.instance
        assert isinstance(course, Course)
        if course.pk:
            self.initial["selected_institutions"] = list(
                course.selected_institutions.values_list("pk", flat=True)
            )
        _choice_field(self, "access_policy").choices = AccessPolicy.choices
        self.fields["cover"].help_text = _(
            "A PNG, JPEG or WebP image of at most %(size)s MB, about twice as wide as high. "
            "Without one, a cover is drawn from the course's discipline."
        ) % {"size": f"{cover_max_bytes() / MB:g}"}

    def service_fields(self) -> dict[str, Any]:
        fields = {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name != "selected_institutions"
        }
        fields["invitation_code"] = fields["invitation_code"].strip()
        fields["translations"] = self.cleaned_translations()
        if "cover" not in self.files and fields["cover"] is not False:
            fields.pop("cover")  # unchanged: keep the stored image
        return fields


class CourseCreateForm(CourseForm):
    provider = forms.ModelChoiceField(
        label=_("provider institution"), queryset=Institution.objects.none()
    )
    alliance = forms.ModelChoiceField(label=_("alliance"), queryset=Alliance.objects.none())

    field_order = ["provider", "alliance"]

    def __init__(self, *args: Any, providers: QuerySet[Institution], **kwargs: Any) -> None:
        alliances = Alliance.objects.filter(
            memberships__institution__in=providers, memberships__status=MembershipStatus.APPROVED
        ).distinct()
        members = Institution.objects.filter(
            memberships__alliance__in=alliances, memberships__status=MembershipStatus.APPROVED
        ).distinct()
        super().__init__(*args, members=members.order_by("name"), **kwargs)
        provider = self.fields["provider"]
        alliance = self.fields["alliance"]
        assert isinstance(provider, forms.ModelChoiceField)
        assert isinstance(alliance, forms.ModelChoiceField)
        provider.queryset = providers
        alliance.queryset = alliances.order_by("name")
        if providers.count() == 1:
            self.initial.setdefault("provider", providers.first())
        if alliances.count() == 1:
            self.initial.setdefault("alliance", alliances.first())


class ModuleForm(_ServiceForm):
    position = forms.IntegerField(
        label=_("position"),
        required=False,
        min_value=0,
        max_value=32767,
        help_text=_("Leave empty to put it last."),
    )

    class Meta:
        model = Module
        fields = ["title", "position", "original_language"]

    def service_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["translations"] = self.cleaned_translations()
        return fields


AUTHORED_KINDS = list(LessonKind.choices)


class LessonForm(_ServiceForm):
    kind = forms.ChoiceField(label=_("kind"), choices=AUTHORED_KINDS)
    position = forms.IntegerField(
        label=_("position"),
        required=False,
        min_value=0,
        max_value=32767,
        help_text=_("Leave empty to put it last."),
    )
    video_url = forms.URLField(label=_("video link"), required=False, assume_scheme="https")
    meeting_url = forms.URLField(label=_("meeting link"), required=False, assume_scheme="https")
    recording_url = forms.URLField(label=_("recording link"), required=False, assume_scheme="https")
    starts_at = forms.DateTimeField(
        label=_("starts at"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("Live sessions: in your time zone; each learner sees it in theirs."),
    )

    class Meta:
        model = Lesson
        fields = [
            "title",
            "kind",
            "position",
            "is_published",
            "required",
            "body",
            "video_file",
            "video_url",
            "video_duration",
            "reading_file",
            "starts_at",
            "meeting_url",
            "recording_url",
            "original_language",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self.instance, Lesson)

    def service_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["translations"] = self.cleaned_translations()
        for name in ("video_file", "reading_file"):
            if name not in self.files and fields[name] is not False:
                fields.pop(name)  # unchanged: keep the stored file
        return fields


class TeamMemberForm(forms.Form):
    email = forms.EmailField(label=_("e-mail address"))
    role = forms.ChoiceField(label=_("role"), choices=TeamRole.choices)


class SubtitleForm(forms.Form):
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)
    file = forms.FileField(label=_("WebVTT file"), help_text=_("A .vtt file in UTF-8."))


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("comment to the team"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class VideoProgressForm(forms.Form):
    position = forms.FloatField(min_value=0)
    duration = forms.FloatField(min_value=0)


# --- Quizzes --------------------------------------------------------------------------


class QuizForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Quiz
        fields = ["pass_mark", "attempt_limit", "time_limit", "questions_per_attempt"]

    def _post_clean(self) -> None:
        pass  # the service validates

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class QuestionForm(_ServiceForm):
    position = forms.IntegerField(
        label=_("position"),
        required=False,
        min_value=0,
        max_value=32767,
        help_text=_("Leave empty to put it last."),
    )
    accepted_answers = forms.CharField(
        label=_("accepted answers"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Short text questions: one accepted answer per line; case and accents are ignored."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "prompt",
            "feedback",
            "position",
            "numeric_answer",
            "tolerance",
            "accepted_answers",
            "original_language",
        ]
        widgets = {
            "prompt": forms.Textarea(attrs={"rows": 4}),
            "feedback": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self.instance, Question)
        if self.instance.pk:
            self.initial["accepted_answers"] = "\n".join(self.instance.accepted_answers or [])

    def service_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["accepted_answers"] = [
            line.strip() for line in fields["accepted_answers"].splitlines() if line.strip()
        ]
        if fields["tolerance"] is None:
            fields["tolerance"] = 0
        fields["translations"] = self.cleaned_translations()
        return fields


class ChoiceForm(_ServiceForm):
    position = forms.IntegerField(
        label=_("position"),
        required=False,
        min_value=0,
        max_value=32767,
        help_text=_("Leave empty to put it last."),
    )

    class Meta:
        model = Choice
        fields = ["text", "is_correct", "position", "original_language"]

    def service_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["translations"] = self.cleaned_translations()
        return fields
