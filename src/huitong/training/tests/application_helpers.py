"""Helpers of the applications part's tests: an edition open for applications with a form
of every kind of question, applicants, and the first bytes of real documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from huitong.accounts.models import User
from huitong.courses import media
from huitong.testing import make_user
from huitong.training import applications as services
from huitong.training.models import Edition, FieldKind, FormField
from huitong.training.tests.conftest import TrainingWorld

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
DOCX = b"PK\x03\x04\x14\x00\x06\x00" + bytes(200)
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200)


def pdf(name: str = "cv.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files() -> list[Path]:
    root = Path(media.private_storage.location)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def open_edition(edition: Edition, **fields: Any) -> Edition:
    """Move the edition into the future with applications open for another month."""
    today = timezone.localdate()
    fields.setdefault("starts_on", today + dt.timedelta(days=60))
    fields.setdefault("ends_on", today + dt.timedelta(days=72))
    fields.setdefault("application_deadline", timezone.now() + dt.timedelta(days=30))
    Edition.objects.filter(pk=edition.pk).update(**fields)
    edition.refresh_from_db()
    return edition


@dataclass
class Form:
    motivation: FormField
    profession: FormField
    graduated: FormField
    years: FormField
    cv: FormField
    notes: FormField

    def answers(self, **overrides: Any) -> dict[str, Any]:
        answers = {
            str(self.motivation.pk): "I treat chronic pain with acupuncture.",
            str(self.profession.pk): "c1",
            str(self.graduated.pk): "2012-06-30",
            str(self.years.pk): 12,
        }
        for name, value in overrides.items():
            key = str(getattr(self, name).pk)
            if value is None:
                answers.pop(key, None)
            else:
                answers[key] = value
        return answers

    def files(self, upload: Any = None) -> dict[str, Any]:
        return {str(self.cv.pk): upload if upload is not None else pdf()}


def make_form(training: TrainingWorld, *, cv_required: bool = True) -> Form:
    edition, organiser = training.edition, training.organiser

    def add(kind: str, label: str, **fields: Any) -> FormField:
        return services.form_field_create(
            actor=organiser, edition=edition, kind=kind, label=label, **fields
        )

    return Form(
        motivation=add(FieldKind.LONG_TEXT, "Why do you want to take part?"),
        profession=add(
            FieldKind.CHOICE,
            "Profession",
            choices=[
                {"label": "Physician", "translations": {"pl": "Lekarz", "sr-latn": "Lekar"}},
                {"label": "Researcher", "translations": {"pl": "Badacz"}},
            ],
        ),
        graduated=add(FieldKind.DATE, "Graduation date"),
        years=add(FieldKind.NUMBER, "Years of clinical practice"),
        cv=add(FieldKind.FILE, "CV", required=cv_required),
        notes=add(FieldKind.TEXT, "Dietary needs", required=False),
    )


def applicant(email: str, **fields: Any) -> User:
    return make_user(email, **fields)


def submit(training: TrainingWorld, form: Form | None, person: User, **kwargs: Any) -> Any:
    return services.application_submit(
        applicant=person,
        edition=training.edition,
        answers=form.answers() if form else {},
        files=form.files() if form else {},
        **kwargs,
    )
