"""Reads of applications, shared by the pages and the API: the form, the review list with
its counts, a person's applications, the answers of one application, invitations.

Every read of an edition's applications first expires the offers whose time has passed
(``applications.offers_expire``: a no-op query when none is due), so that what is shown
is never out of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats

from huitong.accounts.models import User
from huitong.core.models import Country
from huitong.training.applications import choice_label, offers_expire
from huitong.training.models import (
    Application,
    ApplicationFile,
    ApplicationStatus,
    Edition,
    FieldKind,
    FormField,
    Invitation,
)


def form_fields(edition: Edition) -> list[FormField]:
    return list(FormField.objects.filter(edition=edition).order_by("position", "pk"))


def has_file_questions(edition: Edition, *, required_only: bool = False) -> bool:
    fields = FormField.objects.filter(edition=edition, kind=FieldKind.FILE)
    if required_only:
        fields = fields.filter(required=True)
    return fields.exists()


def my_application(user: Any, edition: Edition) -> Application | None:
    """The user's application to the edition (whatever its status), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    offers_expire(edition=edition)
    application = Application.objects.filter(edition=edition, applicant=user).first()
    if application is not None:
        application.edition = edition
    return application


def my_applications(user: User) -> QuerySet[Application]:
    """The user's applications to every edition, the most recent edition first."""
    offers_expire()
    return (
        Application.objects.filter(applicant=user)
        .select_related("edition", "edition__programme", "edition__country")
        .order_by("-edition__starts_on", "-pk")
    )


def review_list(edition: Edition, *, status: str = "", q: str = "") -> QuerySet[Application]:
    """The edition's applications for the organisers, filtered by status and by a search
    on the applicant's name, e-mail or country name; two letters that are a country's
    code find the people of that country."""
    offers_expire(edition=edition)
    queryset = Application.objects.filter(edition=edition).select_related(
        "applicant", "applicant__country"
    )
    if status:
        queryset = queryset.filter(status=status)
    q = q.strip()
    if len(q) == 2 and q.isalpha() and Country.objects.filter(code=q.upper()).exists():
        queryset = queryset.filter(applicant__country_id=q.upper())  # a country code
    elif q:
        queryset = queryset.filter(
            Q(applicant__name_latin__icontains=q)
            | Q(applicant__name_native__icontains=q)
            | Q(applicant__email__icontains=q)
            | Q(applicant__country__name__icontains=q)
        )
    queryset = queryset.annotate(queue_ahead=Coalesce(Subquery(_ahead(edition)), 0))
    if status == ApplicationStatus.WAITLISTED:
        return queryset.order_by("waitlisted_at", "pk")
    return queryset.order_by("submitted_at", "pk")


def _ahead(edition: Edition) -> QuerySet[Application, dict[str, Any]]:
    """How many people wait before the outer application (one subquery for a list)."""
    return (
        Application.objects.filter(
            edition=edition, status=ApplicationStatus.WAITLISTED, invited=False
        )
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("edition")
        .annotate(n=Count("pk"))
        .values("n")
    )


def status_counts(edition: Edition) -> dict[str, int]:
    """How many applications have each status (every status, zeros included)."""
    rows = (
        Application.objects.filter(edition=edition)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {status.value: 0 for status in ApplicationStatus}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def invited_count(edition: Edition) -> int:
    return Application.objects.filter(
        edition=edition, invited=True, status=ApplicationStatus.ACCEPTED
    ).count()


def waiting_position(application: Application) -> int | None:
    """1 for the first on the waiting list, or None if not on it."""
    if application.status != ApplicationStatus.WAITLISTED or application.waitlisted_at is None:
        return None
    if hasattr(application, "queue_ahead"):  # annotated by ``review_list``
        return int(application.queue_ahead) + 1
    ahead = Application.objects.filter(
        edition_id=application.edition_id,
        status=ApplicationStatus.WAITLISTED,
        invited=False,
    ).filter(
        Q(waitlisted_at__lt=application.waitlisted_at)
        | Q(waitlisted_at=application.waitlisted_at, pk__lt=application.pk)
    )
    return ahead.count() + 1


@dataclass(frozen=True)
class AnswerRow:
    field: FormField
    text: str
    file: ApplicationFile | None


def _date_text(value: str) -> str:
    """A date answer (stored as ISO 8601) in the reader's locale's DATE_FORMAT; as given
    if it is not a date."""
    try:
        return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
    except ValueError:
        return value


def answer_rows(application: Application, fields: list[FormField] | None = None) -> list[AnswerRow]:
    """The application's answers in the form's order, choices in the reader's language
    and dates in its date format."""
    fields = fields if fields is not None else form_fields(application.edition)
    files = {f.field_id: f for f in application.files.all()}
    rows = []
    for field in fields:
        value = (application.answers or {}).get(str(field.pk))
        if field.kind == FieldKind.CHOICE and value is not None:
            text = choice_label(field, value)
        elif field.kind == FieldKind.DATE and value:
            text = _date_text(str(value))
        else:
            text = "" if value is None else str(value)
        rows.append(AnswerRow(field=field, text=text, file=files.get(field.pk)))
    return rows


def invitations(edition: Edition) -> QuerySet[Invitation]:
    return Invitation.objects.filter(edition=edition).select_related("used_by", "invited_by")
