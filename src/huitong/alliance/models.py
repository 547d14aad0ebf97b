from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huitong.core.models import TranslatableModel


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    HOSPITAL = "hospital", _("Hospital")
    SOCIETY = "society", _("Professional society")
    INSTITUTE = "institute", _("Research institute")
    GOVERNMENT = "government", _("Government body")


class Institution(TranslatableModel):
    translatable_fields = ("name", "city", "description")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    # Name and city in every language, folded (case, accents, traditional characters), so
    # that "西南医科", "Beograd" or "jugozapadni" find the institution.
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "country",
                name="alliance_institution_name_country_unique",
                violation_error_message=_(
                    "An institution with this name already exists in this country."
                ),
            )
        ]
        indexes = [models.Index(fields=["country", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("alliance:institution", kwargs={"institution_id": self.pk})

    def refresh_search_text(self) -> None:
        from huitong.terminology.search import fold

        texts = [self.name, self.city]
        for entry in (self.translations or {}).values():
            texts += [entry.get("name", ""), entry.get("city", "")]
        self.search_text = " | ".join(fold(t) for t in texts if t)


class Alliance(TranslatableModel):
    translatable_fields = ("name", "short_name", "description")

    slug = models.SlugField(_("short address"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    initiator = models.ForeignKey(
        Institution,
        verbose_name=_("initiated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("alliance admins"),
        blank=True,
        related_name="administered_alliances",
    )

    class Meta:
        ordering = ["founded_on", "name"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("alliance:alliance", kwargs={"slug": self.slug})


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Member")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Former member")


# Statuses everyone may see; the others only the institution and the alliance admins.
PUBLIC_MEMBERSHIP_STATUSES = (
    MembershipStatus.APPROVED,
    MembershipStatus.SUSPENDED,
    MembershipStatus.LEFT,
)


class Membership(models.Model):
    """An institution's membership of an alliance, with its workflow:

    applied → approved | rejected; approved → suspended → approved (reinstated);
    approved | suspended → left; rejected | left → applied (a new application).
    """

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="memberships"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MembershipStatus.choices, db_index=True
    )
    is_founding = models.BooleanField(_("founding member"), default=False)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    decided_at = models.DateTimeField(_("last decision"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["institution__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "institution"],
                name="alliance_membership_pair_unique",
                violation_error_message=_(
                    "This institution already has a membership or an application in this alliance."
                ),
            )
        ]
        indexes = [models.Index(fields=["alliance", "status"])]

    def __str__(self) -> str:
        return f"{self.institution} — {self.alliance}"


class AffiliationRole(models.TextChoices):
    INSTITUTION_ADMIN = "institution_admin", _("Institution admin")
    FACULTY = "faculty", _("Faculty")
    STUDENT = "student", _("Student")
    CLINICIAN = "clinician", _("Clinician")
    RESEARCHER = "researcher", _("Researcher")


class AffiliationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ENDED = "ended", _("Ended")


class Affiliation(models.Model):
    """A person's role at an institution, requested by them and approved by an admin of the
    institution."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    role = models.CharField(_("role"), max_length=20, choices=AffiliationRole.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=AffiliationStatus.choices, db_index=True
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.CharField(_("message"), max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution", "role"],
                condition=Q(status__in=["pending", "approved"]),
                name="alliance_affiliation_open_unique",
            )
        ]
        indexes = [
            models.Index(fields=["institution", "status"]),
            models.Index(fields=["status", "role"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.institution}"
