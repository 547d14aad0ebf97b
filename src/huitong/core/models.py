from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from huitong.core.i18n import Translated, clean_translations, translated


class TranslatableModel(models.Model):
    """Base of every model whose text members of other countries read.

    Subclasses list their text fields in ``translatable_fields``.
    """

    translatable_fields: ClassVar[tuple[str, ...]] = ()

    original_language = models.CharField(
        _("original language"), max_length=16, choices=settings.LANGUAGES, default="en"
    )
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def translated(self, field: str, language: str | None = None) -> Translated:
        return translated(self, field, language)

    def set_translation(self, language: str, field: str, text: str) -> None:
        texts = dict(self.translations or {})
        entry = dict(texts.get(language, {}))
        if text.strip():
            entry[field] = text.strip()
        else:
            entry.pop(field, None)
        if entry:
            texts[language] = entry
        else:
            texts.pop(language, None)
        self.translations = texts

    def missing_translations(self) -> list[str]:
        """Languages of the platform into which some non-empty field is not translated."""
        missing = []
        for code, _name in settings.LANGUAGES:
            if code == self.original_language:
                continue
            entry = (self.translations or {}).get(code, {})
            if any(getattr(self, f) and not entry.get(f) for f in self.translatable_fields):
                missing.append(code)
        return missing

    def clean(self) -> None:
        super().clean()
        max_lengths: dict[str, int | None] = {
            f: self._meta.get_field(f).max_length  # type: ignore[union-attr]
            for f in self.translatable_fields
        }
        try:
            self.translations = clean_translations(
                self.translations, fields=self.translatable_fields, max_lengths=max_lengths
            )
        except ValueError as error:
            raise ValidationError({"translations": str(error)}) from error


class Continent(models.TextChoices):
    AFRICA = "AF", _("Africa")
    ANTARCTICA = "AN", _("Antarctica")
    ASIA = "AS", _("Asia")
    EUROPE = "EU", _("Europe")
    NORTH_AMERICA = "NA", _("North America")
    OCEANIA = "OC", _("Oceania")
    SOUTH_AMERICA = "SA", _("South America")


class Country(TranslatableModel):
    """A country or territory of ISO 3166-1, loaded by migration from pycountry."""

    translatable_fields = ("name",)

    code = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO 3166-1 numeric"), max_length=3)
    name = models.CharField(_("name"), max_length=100)
    continent = models.CharField(_("continent"), max_length=2, choices=Continent.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return str(self.translated("name"))


class AuditEntry(models.Model):
    """Who did what, to what, when. Written by services, never edited."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=64, db_index=True)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=300)
    alliance = models.ForeignKey(
        "alliance.Alliance", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    institution = models.ForeignKey(
        "alliance.Institution", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    @property
    def summary(self) -> Any:
        from huitong.core.audit import describe

        return describe(self)
