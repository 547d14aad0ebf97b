"""International training courses: programmes and their editions, the timetable of
sessions, applications with review and a waiting list, invitations, attendance per
session, and the alumni who come back.

One **programme** (e.g. the International Advanced Training Course on Clinical Practice and
Research Progress of TCM) runs **editions** (the 6th: Belgrade, 6 to 18 December 2025). An
edition has a **timetable** of sessions and an **application form** of its own. Every
person who takes part in an edition, whatever the role, has one **application** for it:
participants apply and are reviewed; invited speakers and experts come in through an
invitation link, outside the capacity. An accepted application is the person's
participation: sessions are checked in against it, and the certificate of attendance is
issued for it.

Titles and descriptions are translatable (``TranslatableModel``): one edition is published
in several languages at once.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huitong.core.models import TranslatableModel
from huitong.courses.media import private_storage


def _token(length: int = 24) -> str:
    return secrets.token_urlsafe(length)[:length]


def _badge_code() -> str:
    # Short enough to type from a badge, long enough not to be guessed: 10 characters
    # from an alphabet without look-alikes (about 50 bits).
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def training_upload_to(instance: Any, filename: str) -> str:
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    folder = "materials" if isinstance(instance, SessionMaterial) else "applications"
    return f"training/{folder}/{uuid.uuid4().hex}{suffix}"


# --- Programmes and editions ----------------------------------------------------------


class Programme(TranslatableModel):
    """A training course that is held again and again, edition after edition."""

    translatable_fields = ("title", "description")

    slug = models.SlugField(_("short address"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    alliance = models.ForeignKey(
        "alliance.Alliance",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("alliance"),
    )
    organiser = models.ForeignKey(
        "alliance.Institution",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("organising institution"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:programme", kwargs={"slug": self.slug})


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Edition(TranslatableModel):
    """One edition of a programme: where, when, for how many, in which languages."""

    translatable_fields = ("title", "description", "venue")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="editions", verbose_name=_("programme")
    )
    number = models.PositiveSmallIntegerField(
        _("edition number"), validators=[MinValueValidator(1)]
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = models.ForeignKey(
        "core.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    languages = models.JSONField(_("languages"), default=list, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    timetable_published = models.BooleanField(_("timetable published"), default=False)
    applications_open = models.DateTimeField(_("applications open"), null=True, blank=True)
    application_deadline = models.DateTimeField(_("application deadline"), null=True, blank=True)
    offer_days = models.PositiveSmallIntegerField(
        _("days to confirm an offered place"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    attendance_rule = models.PositiveSmallIntegerField(
        _("share of required sessions to attend for the certificate (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # Places taken by participants: accepted, plus offered to the waiting list and not
    # yet answered. Kept by the application services under a lock of the edition; the
    # check constraint makes an overbooking impossible even for a buggy caller.
    places_taken = models.PositiveIntegerField(_("places taken"), default=0)
    organising_institutions = models.ManyToManyField(
        "alliance.Institution",
        related_name="organised_editions",
        blank=True,
        verbose_name=_("organising institutions"),
    )
    partner_institutions = models.ManyToManyField(
        "alliance.Institution",
        related_name="partnered_editions",
        blank=True,
        verbose_name=_("partner institutions"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="training_edition_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(places_taken__lte=models.F("capacity")),
                name="training_edition_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="training_edition_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:edition", kwargs={"edition_id": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == EditionStatus.PUBLISHED

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.places_taken)

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class OrganiserRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    ORGANISER = "organiser", _("Organiser")
    SECRETARIAT = "secretariat", _("Secretariat")


class EditionOrganiser(models.Model):
    """The organiser team of an edition: they edit it, review applications and check
    people in."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="organisers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organised_editions"
    )
    role = models.CharField(_("role"), max_length=12, choices=OrganiserRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "role", "pk"]
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="training_organiser_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


# --- Timetable ------------------------------------------------------------------------


class SessionKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    WORKSHOP = "workshop", _("Workshop")
    SEMINAR = "seminar", _("Seminar")
    CLINICAL = "clinical", _("Clinical practice")
    CEREMONY = "ceremony", _("Ceremony")


class Session(TranslatableModel):
    """One slot of the timetable. ``required`` sessions count for the attendance rule;
    ``cme_hours`` defaults to the session's length for every kind but ceremonies."""

    translatable_fields = ("title", "description")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    room = models.CharField(_("room"), max_length=120, blank=True)
    track = models.CharField(_("track"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    required = models.BooleanField(_("counts for the certificate"), default=True)
    cme_hours = models.DecimalField(
        _("CME/CPD hours"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
        help_text=_("Leave empty to count the session's length."),
    )
    # Shown in the room during the session; participants type it to check themselves in.
    checkin_code = models.CharField(_("check-in code"), max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "room", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["edition", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "training:session", kwargs={"edition_id": self.edition_id, "session_id": self.pk}
        )

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def credit_hours(self) -> Decimal:
        """The CME/CPD hours the session is worth."""
        if self.cme_hours is not None:
            return self.cme_hours
        if self.kind == SessionKind.CEREMONY:
            return Decimal("0")
        hours = Decimal(int(self.duration.total_seconds())) / Decimal(3600)
        return hours.quantize(Decimal("0.1"))


class Speaker(models.Model):
    """A speaker of a session: a member of the platform (``user``) or an external person
    known by name."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaking",
    )
    name = models.CharField(_("name"), max_length=150)
    name_native = models.CharField(_("name in native script"), max_length=150, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name


class SessionMaterial(models.Model):
    """Slides and documents of a session, for the edition's participants and team."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=training_upload_to, storage=private_storage)
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title


# --- Application form -----------------------------------------------------------------


class FieldKind(models.TextChoices):
    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("Choice")
    DATE = "date", _("Date")
    NUMBER = "number", _("Number")
    FILE = "file", _("File (PDF or document)")


class FormField(TranslatableModel):
    """A question of an edition's application form, built by the organisers."""

    translatable_fields = ("label", "help_text")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="form_fields")
    kind = models.CharField(_("kind"), max_length=12, choices=FieldKind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    # For choices: a list of {"value": "...", "label": "...", "translations": {lang: label}}.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")

    def __str__(self) -> str:
        return self.label


# --- Applications and participation ---------------------------------------------------


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Place offered")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Offer expired")


# Statuses that hold one of the edition's places (for people counted in the capacity).
PLACE_STATUSES = (ApplicationStatus.ACCEPTED, ApplicationStatus.OFFERED)
# Statuses in which the application may still be withdrawn by the applicant.
OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.OFFERED,
)


class ParticipantRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    SPEAKER = "speaker", _("Speaker")
    EXPERT = "expert", _("Collaborating expert")


class Application(models.Model):
    """A person's application to an edition, and once accepted, their participation."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_applications"
    )
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=ParticipantRole.choices,
        default=ParticipantRole.PARTICIPANT,
    )
    # Invited speakers and experts are admitted outside the capacity count.
    invited = models.BooleanField(_("invited"), default=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    # The answers to the edition's form, by field id (files are ApplicationFile rows).
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # The language the applicant used: every e-mail about the application is written in it.
    language = models.CharField(_("language"), max_length=16, default="en")
    message = models.TextField(_("message to the applicant"), max_length=5000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waitlisted_at = models.DateTimeField(_("put on the waiting list"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    badge_code = models.CharField(
        _("badge code"), max_length=12, unique=True, default=_badge_code, editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["edition", "submitted_at", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "applicant"], name="training_one_application_per_person"
            )
        ]
        indexes = [
            models.Index(fields=["edition", "status", "waitlisted_at"]),
            models.Index(fields=["applicant", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.edition}"

    def get_absolute_url(self) -> str:
        return reverse("training:application", kwargs={"edition_id": self.edition_id})

    @property
    def holds_place(self) -> bool:
        """Counted in the edition's places."""
        return not self.invited and self.status in PLACE_STATUSES

    @property
    def is_participant(self) -> bool:
        return self.status == ApplicationStatus.ACCEPTED

    def can_manage_certificate(self, user: Any) -> bool:
        """The certificates app asks this: the edition's organisers and the admins of its
        programme's alliance manage its certificates."""
        from huitong.training.access import is_organiser

        return is_organiser(user, self.edition)


class ApplicationFile(models.Model):
    """A file answer (a CV, a letter) of an application: private to the applicant and the
    edition's organisers."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    field = models.ForeignKey(FormField, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to=training_upload_to, storage=private_storage)
    original_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "field"], name="training_one_file_per_field"
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class Invitation(models.Model):
    """A link that admits an invited expert or speaker to an edition, outside the
    capacity count. Used once."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(
        _("role"), max_length=12, choices=ParticipantRole.choices, default=ParticipantRole.EXPERT
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["edition", "-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.edition}"


# --- Attendance -----------------------------------------------------------------------


class CheckInMethod(models.TextChoices):
    LIST = "list", _("Checked in by an organiser")
    BADGE = "badge", _("Badge scanned")
    CODE = "code", _("Session code")


class CheckIn(models.Model):
    """A participant's presence at a session, recorded once however often it is sent."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="checkins")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checkins")
    method = models.CharField(_("how"), max_length=8, choices=CheckInMethod.choices)
    checked_in_at = models.DateTimeField(_("checked in"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "checked_in_at", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["session", "application"], name="training_checkin_once")
        ]

    def __str__(self) -> str:
        return f"{self.application} @ {self.session}"
