"""Verifiable certificates, shared by courses (completion) and training courses
(attendance with CME/CPD hours): one mechanism for issue, PDF, verification and
revocation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huitong.core.models import TranslatableModel


class CertificateKind(models.TextChoices):
    COURSE = "course", _("Course completion")
    TRAINING = "training", _("Training attendance")


class Certificate(TranslatableModel):
    """A certificate as issued: the names and title are copied at issue time, so later
    edits of a profile or a course do not change what was certified."""

    translatable_fields = ("title",)

    uid = models.CharField(_("certificate number"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CertificateKind.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    holder_name_latin = models.CharField(_("name in Latin script"), max_length=150)
    holder_name_native = models.CharField(_("name in native script"), max_length=150, blank=True)
    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(_("issued by"), max_length=300)
    hours = models.DecimalField(
        _("CME/CPD hours"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    details = models.JSONField(default=dict, blank=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the certificate is for (an enrolment, a participation): issued once per source.
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.CharField(max_length=64)
    source = GenericForeignKey("source_type", "source_id")

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"], name="certificates_once_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.uid} {self.title}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", kwargs={"uid": self.uid})
