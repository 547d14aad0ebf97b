"""The alliance's cloud course platform: courses contributed by member institutions,
reviewed by the alliance, with modules of lessons, enrolments and progress.

Every text a learner reads (titles, summaries, descriptions, lessons) is translatable
through ``TranslatableModel``: one course serves readers of every language at once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huitong.core.i18n import CONTENT_LANGUAGES
from huitong.core.models import TranslatableModel
from huitong.courses.media import (
    cover_upload_to,
    private_storage,
    reading_upload_to,
    subtitle_upload_to,
    video_upload_to,
)


class Discipline(models.TextChoices):
    ACUPUNCTURE_MOXIBUSTION = "acupuncture_moxibustion", _("Acupuncture and moxibustion")
    TUINA = "tuina", _("Tuina")
    TCM_THEORY = "tcm_theory", _("TCM theory")
    BASIC_MEDICAL_SCIENCE = "basic_medical_science", _("Basic medical science")
    CLINICAL_SPECIALTY = "clinical_specialty", _("Clinical specialty")


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Recognition(models.TextChoices):
    NATIONAL_MOOC = "national_mooc", _("National-level MOOC")
    PROVINCIAL_MOOC = "provincial_mooc", _("Provincial-level MOOC")
    ALLIANCE_RECOMMENDED = "alliance_recommended", _("Recommended by the alliance")


class CourseStatus(models.TextChoices):
    """draft → submitted → approved (published) | changes_requested → submitted …"""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Published")


class AccessPolicy(models.TextChoices):
    OPEN = "open", _("Open to everyone")
    ALLIANCE_MEMBERS = "alliance_members", _("People of the alliance's member institutions")
    SELECTED_INSTITUTIONS = "selected_institutions", _("People of selected member institutions")
    INVITATION_CODE = "invitation_code", _("By invitation code")


def _keys(values: list[str]) -> str:
    """``["en", "zh-hans"]`` → ``"|en|zh-hans|"``: a list that ``contains`` can filter on
    every database (SQLite has no JSON containment)."""
    return "|" + "|".join(values) + "|" if values else ""


class Course(TranslatableModel):
    translatable_fields = ("title", "summary", "description", "prerequisites")

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=500, blank=True, help_text=_("One or two sentences for the card.")
    )
    description = models.TextField(
        _("description"),
        max_length=20000,
        blank=True,
        help_text=_("Markdown. Name a term as [[ST36]] to link it to the terminology."),
    )
    prerequisites = models.TextField(_("prerequisites"), max_length=5000, blank=True)
    # Public: kept under MEDIA_ROOT. Without one, the pages draw a cover from the discipline.
    cover = models.FileField(
        _("cover image"),
        upload_to=cover_upload_to,
        blank=True,
        help_text=_(
            "A PNG, JPEG or WebP image, about twice as wide as high. Without one, a cover is "
            "drawn from the course's discipline."
        ),
    )
    provider = models.ForeignKey(
        "alliance.Institution",
        verbose_name=_("provider institution"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    alliance = models.ForeignKey(
        "alliance.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    discipline = models.CharField(_("discipline"), max_length=30, choices=Discipline.choices)
    languages = models.JSONField(
        _("languages of instruction"), default=list, blank=True, help_text=_("Language codes.")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(2000)],
        default=0,
    )
    recognition = models.JSONField(_("recognition"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CourseStatus.choices,
        default=CourseStatus.DRAFT,
        db_index=True,
    )
    review_comment = models.TextField(_("reviewer's comment"), max_length=5000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    access_policy = models.CharField(
        _("who may enrol"),
        max_length=30,
        choices=AccessPolicy.choices,
        default=AccessPolicy.ALLIANCE_MEMBERS,
    )
    selected_institutions = models.ManyToManyField(
        "alliance.Institution",
        verbose_name=_("selected institutions"),
        blank=True,
        related_name="+",
    )
    invitation_code = models.CharField(_("invitation code"), max_length=40, blank=True)
    enrolment_opens = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    # Kept by the enrolment service under the course's row lock: the capacity check and
    # the catalogue's cards read it instead of counting a million enrolments.
    enrolment_count = models.PositiveIntegerField(_("enrolled"), default=0)
    # Derived on save: the catalogue's search (titles and summaries in every language,
    # folded: case, accents, traditional characters) and filters.
    search_text = models.TextField(default="", blank=True, editable=False)
    language_keys = models.CharField(max_length=200, default="", blank=True, editable=False)
    recognition_keys = models.CharField(max_length=200, default="", blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Raised in the transaction of every change to the course's texts, team, modules or
    # lessons: the pages cache the outline and team of a course under this number.
    content_version = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "-enrolment_count"]),
            models.Index(fields=["status", "title"]),
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["alliance", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(enrolment_count__lte=models.F("capacity")),
                name="courses_course_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:course", kwargs={"course_id": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == CourseStatus.APPROVED

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.enrolment_count >= self.capacity

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.enrolment_count)

    def language_labels(self) -> list[str]:
        names = dict(settings.LANGUAGES)
        return [names.get(code, code) for code in self.languages or []]

    def recognition_labels(self) -> list[str]:
        labels = dict(Recognition.choices)
        return [str(labels.get(code, code)) for code in self.recognition or []]

    def team_has(self, user: Any) -> bool:
        if not (user is not None and user.is_authenticated):
            return False
        return self.team.filter(user=user).exists()

    def can_manage_certificate(self, user: Any) -> bool:
        """The certificates app asks this: the team and the alliance's admins manage the
        course's certificates."""
        from huitong.courses.access import is_staff

        return is_staff(user, self)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        languages = self.languages if isinstance(self.languages, list) else None
        if languages is None or any(code not in CONTENT_LANGUAGES for code in languages):
            errors["languages"] = str(_("Choose the languages of instruction from the list."))
        elif not languages:
            errors["languages"] = str(_("Choose at least one language of instruction."))
        recognition = self.recognition if isinstance(self.recognition, list) else None
        if recognition is None or any(code not in Recognition.values for code in recognition):
            errors["recognition"] = str(_("Choose recognition labels from the list."))
        if self.access_policy == AccessPolicy.INVITATION_CODE and not self.invitation_code.strip():
            errors["invitation_code"] = str(
                _("A course open by invitation code needs the code learners will enter.")
            )
        if (
            self.enrolment_opens is not None
            and self.enrolment_closes is not None
            and self.enrolment_closes <= self.enrolment_opens
        ):
            errors["enrolment_closes"] = str(_("Enrolment must close after it opens."))
        if self.capacity is not None and self.capacity < self.enrolment_count:
            errors["capacity"] = str(
                _("The capacity cannot be below the %(count)s people already enrolled.")
                % {"count": self.enrolment_count}
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        from huitong.terminology.search import fold

        texts = [self.title, self.summary]
        for entry in (self.translations or {}).values():
            texts += [entry.get("title", ""), entry.get("summary", "")]
        self.search_text = " | ".join(fold(t) for t in texts if t)
        self.language_keys = _keys(list(self.languages or []))
        self.recognition_keys = _keys(list(self.recognition or []))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "search_text",
                "language_keys",
                "recognition_keys",
            }
        super().save(*args, **kwargs)


class TeamRole(models.TextChoices):
    LEAD_INSTRUCTOR = "lead_instructor", _("Lead instructor")
    INSTRUCTOR = "instructor", _("Instructor")
    TEACHING_ASSISTANT = "teaching_assistant", _("Teaching assistant")


# Who may change a course's content (the teaching assistants see drafts and, later, grade).
EDITOR_ROLES = (TeamRole.LEAD_INSTRUCTOR, TeamRole.INSTRUCTOR)


class CourseTeamMember(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="course_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("course team member")
        verbose_name_plural = _("course team")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "user"],
                name="courses_team_member_unique",
                violation_error_message=_("This person is already in the course's team."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class Module(TranslatableModel):
    translatable_fields = ("title",)

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title


class LessonKind(models.TextChoices):
    TEXT = "text", _("Text")
    VIDEO = "video", _("Video")
    READING = "reading", _("Reading")
    QUIZ = "quiz", _("Quiz")
    LIVE = "live", _("Live session")


class Lesson(TranslatableModel):
    translatable_fields = ("title", "body")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=LessonKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    body = models.TextField(
        _("text"),
        max_length=50000,
        blank=True,
        help_text=_("Markdown. Name a term as [[ST36]] to link it to the terminology."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Learners see published lessons only.")
    )
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Counts towards completing the course.")
    )
    video_file = models.FileField(
        _("video file"), upload_to=video_upload_to, storage=private_storage, blank=True
    )
    video_url = models.URLField(_("video link"), blank=True)
    video_duration = models.PositiveIntegerField(
        _("video length in seconds"),
        null=True,
        blank=True,
        help_text=_("Optional; when given, a video counts as watched at 95% of this length."),
    )
    reading_file = models.FileField(
        _("document"), upload_to=reading_upload_to, storage=private_storage, blank=True
    )
    reading_name = models.CharField(max_length=200, blank=True, editable=False)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    meeting_url = models.URLField(_("meeting link"), blank=True)
    recording_url = models.URLField(_("recording link"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        indexes = [models.Index(fields=["module", "is_published"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "courses:lesson", kwargs={"course_id": self.module.course_id, "lesson_id": self.pk}
        )

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.kind == LessonKind.VIDEO:
            if not self.video_file and not self.video_url:
                errors["video_file"] = str(_("A video lesson needs a video file or a link."))
            elif self.video_file and self.video_url:
                errors["video_url"] = str(_("Give a video file or a link, not both."))
        if self.kind == LessonKind.READING and not self.reading_file:
            errors["reading_file"] = str(_("A reading lesson needs its document."))
        if self.kind == LessonKind.LIVE and self.starts_at is None:
            errors["starts_at"] = str(_("A live session needs its start."))
        if self.kind == LessonKind.TEXT and not self.body.strip():
            errors["body"] = str(_("A text lesson needs its text."))
        if errors:
            raise ValidationError(errors)


class SubtitleTrack(models.Model):
    """WebVTT subtitles of a video lesson, one track per language."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="subtitles")
    language = models.CharField(_("language"), max_length=16, choices=settings.LANGUAGES)
    file = models.FileField(_("WebVTT file"), upload_to=subtitle_upload_to, storage=private_storage)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("subtitle track")
        verbose_name_plural = _("subtitle tracks")
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "language"],
                name="courses_subtitle_language_unique",
                violation_error_message=_("This video already has subtitles in this language."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.lesson} [{self.language}]"


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_lesson = models.ForeignKey(
        Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-enrolled_at", "-pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "learner"],
                name="courses_enrolment_unique",
                violation_error_message=_("You are already enrolled in this course."),
            )
        ]
        indexes = [models.Index(fields=["learner", "-enrolled_at"])]

    def __str__(self) -> str:
        return f"{self.learner} — {self.course}"

    def can_manage_certificate(self, user: Any) -> bool:
        """A course certificate's source is the enrolment; the course's staff manage it."""
        return self.course.can_manage_certificate(user)


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    video_position = models.FloatField(_("position in the video (seconds)"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="courses_lesson_progress_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.lesson}"


# --- Quizzes --------------------------------------------------------------------------


class Quiz(models.Model):
    """The settings of a lesson of kind "quiz"; its questions form the bank from which
    each attempt draws."""

    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="quiz")
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (percent)"),
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    attempt_limit = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    time_limit = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Leave empty for no limit."),
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Drawn at random from the questions; leave empty to ask them all."),
    )

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return str(self.lesson)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    NUMERIC = "numeric", _("Numeric answer")
    SHORT_TEXT = "short_text", _("Short text answer")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE)


class Question(TranslatableModel):
    translatable_fields = ("prompt", "feedback")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    prompt = models.TextField(_("question"), max_length=5000)
    feedback = models.TextField(
        _("feedback"), max_length=5000, blank=True, help_text=_("Shown after submission.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    numeric_answer = models.DecimalField(
        _("numeric answer"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=14,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Answers within this distance of the numeric answer count as correct."),
    )
    accepted_answers = models.JSONField(
        _("accepted answers"),
        default=list,
        blank=True,
        help_text=_("For a short text answer; compared ignoring case and accents."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.prompt[:80]

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    def clean(self) -> None:
        super().clean()
        if self.kind == QuestionKind.NUMERIC and self.numeric_answer is None:
            raise ValidationError({"numeric_answer": _("A numeric question needs its answer.")})
        if self.kind == QuestionKind.SHORT_TEXT:
            answers = self.accepted_answers if isinstance(self.accepted_answers, list) else None
            if not answers or not all(isinstance(a, str) and a.strip() for a in answers):
                raise ValidationError(
                    {"accepted_answers": _("A short text question needs an accepted answer.")}
                )


class Choice(TranslatableModel):
    translatable_fields = ("text",)

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text


class Attempt(models.Model):
    """One try at a quiz: the questions drawn for it, the answers saved as the learner
    goes (``{question id: answer}``), and once submitted (or past its deadline) the
    score."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"), default=1)
    question_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(
        _("score (percent)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), default=False)
    results = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "learner", "number"], name="courses_attempt_number_unique"
            )
        ]
        indexes = [models.Index(fields=["quiz", "learner"])]

    def __str__(self) -> str:
        return f"{self.learner} — {self.quiz} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None
