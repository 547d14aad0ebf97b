"""The shared working language: concepts, their designations in every language, their
codes in several code systems, relations, mappings between systems, and where content
uses them."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huitong.core.models import TranslatableModel

# BCP 47: a primary language subtag, then script, region, variant or private-use subtags
# (e.g. en, zh-Hans, zh-Hant, zh-Latn-pinyin, sr-Latn, pt-BR, x-local).
BCP47 = re.compile(r"^(?:[A-Za-z]{2,3}|x)(?:-[A-Za-z0-9]{1,8})*$")


def validate_language_tag(value: str) -> None:
    if not BCP47.match(value) or len(value) > 35:
        raise ValidationError(
            _("“%(value)s” is not a BCP 47 language tag (e.g. en, zh-Hans, sr-Latn)."),
            params={"value": value},
        )


class ConceptKind(models.TextChoices):
    DISORDER = "disorder", _("Disorder")
    PATTERN = "pattern", _("Pattern / syndrome")
    ACUPOINT = "acupoint", _("Acupuncture point")
    MERIDIAN = "meridian", _("Meridian")
    MEDICINAL = "medicinal", _("Medicinal")
    FORMULA = "formula", _("Formula")
    THERAPY = "therapy", _("Therapy or technique")
    SIGN = "sign", _("Sign or symptom")
    WESTERN_DIAGNOSIS = "western_diagnosis", _("Western diagnosis")
    OUTCOME_MEASURE = "outcome_measure", _("Outcome measure")


class CodeSystem(models.Model):
    """A system of codes: ICD-11 MMS, ICD-10, the WHO standard terminologies, the standard
    acupuncture point codes, or any other a member uses."""

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    url = models.CharField(
        _("canonical URL"),
        max_length=300,
        unique=True,
        help_text=_("The system's URL or URN, as FHIR resources name it."),
    )
    version = models.CharField(_("version"), max_length=40, blank=True)
    code_pattern = models.CharField(
        _("code format"),
        max_length=200,
        help_text=_("A regular expression every code of this system matches."),
    )
    code_example = models.CharField(_("example code"), max_length=40, blank=True)
    reference_prefix = models.CharField(
        _("prefix in content references"),
        max_length=20,
        unique=True,
        help_text=_("As in [[ICD11:SF57]]."),
    )
    copyright = models.TextField(_("copyright and attribution"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("code system")
        verbose_name_plural = _("code systems")

    def __str__(self) -> str:
        return self.name

    def validate_code(self, code: str) -> None:
        if not re.fullmatch(self.code_pattern, code):
            raise ValidationError(
                _("“%(code)s” is not a valid %(system)s code (for example %(example)s)."),
                params={"code": code, "system": self.name, "example": self.code_example},
                code="invalid_code",
            )


class Concept(TranslatableModel):
    """A thing the alliance names: a disorder, a pattern, a point, a medicinal…

    ``label`` keeps the English preferred term (or the first preferred term) for lists
    and sorting; the designations hold every name in every language.
    """

    translatable_fields = ("definition",)

    kind = models.CharField(_("kind"), max_length=20, choices=ConceptKind.choices, db_index=True)
    uri = models.CharField(
        _("identifier"),
        max_length=300,
        unique=True,
        null=True,
        blank=True,
        help_text=_("A stable identifier from the source, e.g. an ICD-11 foundation URI."),
    )
    label = models.CharField(_("label"), max_length=500, db_index=True)
    definition = models.TextField(_("definition"), max_length=10000, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    sort_key = models.CharField(max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "sort_key", "label"]
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("terminology:concept", kwargs={"concept_id": self.pk})


class DesignationUse(models.TextChoices):
    PREFERRED = "preferred", _("Preferred term")
    SYNONYM = "synonym", _("Synonym")


class DesignationStatus(models.TextChoices):
    OFFICIAL = "official", _("Official")
    APPROVED = "approved", _("Approved")
    PROPOSED = "proposed", _("Proposed")
    DEPRECATED = "deprecated", _("Deprecated")
    REJECTED = "rejected", _("Rejected")


# Designations readers see as valid names.
ACCEPTED_STATUSES = (DesignationStatus.OFFICIAL, DesignationStatus.APPROVED)


class Designation(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="designations")
    language = models.CharField(
        _("language"), max_length=35, validators=[validate_language_tag], db_index=True
    )
    text = models.CharField(_("term"), max_length=500)
    use = models.CharField(
        _("use"), max_length=10, choices=DesignationUse.choices, default=DesignationUse.SYNONYM
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DesignationStatus.choices,
        default=DesignationStatus.APPROVED,
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.CharField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language", "use", "text"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        indexes = [
            # A concept's terms by status (every concept page and search result). No index
            # on status alone: nearly every term is accepted, and SQLite would pick it.
            models.Index(fields=["concept", "status"], name="terminology_designation_cs"),
            # The editors' queue of proposals.
            models.Index(
                fields=["created_at"],
                condition=Q(status="proposed"),
                name="terminology_proposals",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language", "text"],
                name="terminology_designation_unique",
                violation_error_message=_("This concept already has this term in this language."),
            ),
            models.UniqueConstraint(
                fields=["concept", "language"],
                condition=Q(use="preferred", status__in=["official", "approved"]),
                name="terminology_one_preferred_per_language",
                violation_error_message=_(
                    "This concept already has a preferred term in this language."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} [{self.language}]"

    @property
    def is_accepted(self) -> bool:
        return self.status in ACCEPTED_STATUSES


class ConceptCode(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="codes")
    system = models.ForeignKey(CodeSystem, on_delete=models.PROTECT, related_name="codes")
    code = models.CharField(_("code"), max_length=64)

    class Meta:
        ordering = ["system__name", "code"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [
            models.UniqueConstraint(
                fields=["system", "code"],
                name="terminology_code_unique_per_system",
                violation_error_message=_("This code already exists in this code system."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.system.reference_prefix}:{self.code}"


class RelationType(models.TextChoices):
    IS_A = "is_a", _("is a")
    PART_OF = "part_of", _("part of")
    ASSOCIATED = "associated", _("associated with")


class Relation(models.Model):
    source = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="relations_in")
    type = models.CharField(_("relation"), max_length=12, choices=RelationType.choices)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "type"], name="terminology_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="terminology_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.type} {self.target}"


class MappingRelationship(models.TextChoices):
    EQUIVALENT = "equivalent", _("equivalent to")
    BROADER = "broader", _("broader than")
    NARROWER = "narrower", _("narrower than")
    RELATED = "related", _("related to")


INVERSE_RELATIONSHIP = {
    MappingRelationship.EQUIVALENT: MappingRelationship.EQUIVALENT,
    MappingRelationship.BROADER: MappingRelationship.NARROWER,
    MappingRelationship.NARROWER: MappingRelationship.BROADER,
    MappingRelationship.RELATED: MappingRelationship.RELATED,
}


class Mapping(models.Model):
    """A concept of one system mapped to a concept of another: "the source is <relationship>
    the target" (a TCM pattern narrower than an ICD-11 diagnosis, say)."""

    source = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="mappings_out")
    target = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="mappings_in")
    relationship = models.CharField(
        _("relationship"), max_length=12, choices=MappingRelationship.choices
    )
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    provenance = models.CharField(_("provenance"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mapping")
        verbose_name_plural = _("mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"],
                name="terminology_mapping_unique",
                violation_error_message=_("These two concepts are already mapped."),
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="terminology_mapping_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.relationship} {self.target}"


class SearchKey(models.Model):
    """The search index: normalised keys of codes, terms and definitions (see search.py).

    ``weight`` orders the matches: exact code first, then preferred terms, synonyms and
    definitions, exact keys before prefixes.
    """

    # No separate index on concept: the unique (concept, key) index serves its lookups.
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.CharField(max_length=64)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "weight"], name="terminology_search_key")]
        constraints = [
            models.UniqueConstraint(fields=["concept", "key"], name="terminology_search_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.concept_id} ({self.weight})"


class TermUsage(models.Model):
    """Where content names a concept, e.g. a lesson writing [[ST36]]."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="usages")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    # The whole the object belongs to, e.g. "courses.course.12" for a lesson, so that a
    # course's glossary gathers the terms of all its lessons.
    group = models.CharField(max_length=100, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("usage")
        verbose_name_plural = _("usages")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "content_type", "object_id", "field"],
                name="terminology_usage_unique",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.concept} in {self.title}"


class ImportFormat(models.TextChoices):
    ICD11 = "icd11", _("ICD-11 MMS simple tabulation (WHO)")
    CSV = "csv", _("CSV: concepts and designations")
    FHIR_CODESYSTEM = "fhir-codesystem", _("FHIR CodeSystem (JSON)")
    FHIR_CONCEPTMAP = "fhir-conceptmap", _("FHIR ConceptMap (JSON)")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


def _import_upload_path(instance: ImportJob, filename: str) -> str:
    """A name nobody can guess: uploads are kept only until the import has run."""
    suffix = "".join(c for c in Path(filename).suffix.lower() if c.isalnum() or c == ".")[:10]
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportJob(models.Model):
    """One run of an importer (terminology/importers.py), from the upload page, the API or
    the ``import_terms`` command, with its progress and its report."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    format = models.CharField(_("format"), max_length=20, choices=ImportFormat.choices)
    file = models.FileField(_("file"), upload_to=_import_upload_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=False)
    language = models.CharField(
        _("language of the report"), max_length=16, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ImportStatus.choices,
        default=ImportStatus.QUEUED,
        db_index=True,
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_format_display()}: {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("terminology:import_job", kwargs={"job_id": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
