"""The training API's applications: an edition's application form, applying, the caller's
application status with withdraw / confirm / decline, and for the organisers the list of
an edition's applications and the decision. Every endpoint goes through ``access`` and
writes through ``training.applications``.

Answers are JSON, keyed by question id. File questions (a CV) are answered on the
application page only: an edition whose form requires a file refuses API applications
with 409 ``files_on_page`` and the page's address.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from huitong.accounts.access import current_user
from huitong.core.api import PUBLIC, LocalizedText, localized
from huitong.core.errors import Conflict
from huitong.training import access
from huitong.training import application_selectors as selectors
from huitong.training import applications as services
from huitong.training.api import router
from huitong.training.applications import choice_label
from huitong.training.models import Application, Edition, FormField

EDITION = "/training/editions/{edition_id}"

StatusFilter = Literal[
    "", "submitted", "accepted", "waitlisted", "offered", "rejected", "withdrawn", "expired"
]


class ChoiceOut(Schema):
    value: str
    label: str
    localized_label: str


class QuestionOut(Schema):
    id: int
    kind: str
    label: str
    localized_label: LocalizedText
    help_text: str
    localized_help_text: LocalizedText
    required: bool
    choices: list[ChoiceOut]

    @staticmethod
    def resolve_localized_label(obj: FormField) -> dict[str, Any]:
        return localized(obj, "label")

    @staticmethod
    def resolve_localized_help_text(obj: FormField) -> dict[str, Any]:
        return localized(obj, "help_text")

    @staticmethod
    def resolve_choices(obj: FormField) -> list[dict[str, str]]:
        return [
            {
                "value": c["value"],
                "label": c["label"],
                "localized_label": choice_label(obj, c["value"]),
            }
            for c in obj.choices or []
        ]


class ApplicationFormOut(Schema):
    edition_id: int
    open: bool = Field(..., description="Whether the edition takes applications now.")
    state: str = Field(
        ...,
        description="open, not_published, not_open_yet, deadline_passed or cancelled.",
    )
    message: str
    opens_at: datetime | None
    closes_at: datetime
    capacity: int
    places_left: int
    questions: list[QuestionOut]


class FileOut(Schema):
    id: int
    question_id: int = Field(..., alias="field_id")
    name: str = Field(..., alias="original_name")
    size: int
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse(
            "training:application_file",
            kwargs={"edition_id": obj.application.edition_id, "file_id": obj.pk},
        )


class ApplicationOut(Schema):
    id: int
    edition_id: int
    status: str
    status_label: str
    role: str
    invited: bool
    language: str
    answers: dict[str, Any]
    files: list[FileOut]
    message: str = Field(..., description="The organisers' message with their decision.")
    submitted_at: datetime
    decided_at: datetime | None
    waitlisted_at: datetime | None
    waiting_position: int | None = Field(None, description="1 for the first on the list.")
    offer_expires_at: datetime | None = Field(None, description="Confirm an offer before.")
    withdrawn_at: datetime | None
    url: str

    @staticmethod
    def resolve_status_label(obj: Application) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_files(obj: Application) -> list[Any]:
        return list(obj.files.all())

    @staticmethod
    def resolve_waiting_position(obj: Application) -> int | None:
        return selectors.waiting_position(obj)

    @staticmethod
    def resolve_url(obj: Application) -> str:
        return obj.get_absolute_url()


class EditionRefOut(Schema):
    id: int
    title: str
    localized_title: LocalizedText
    starts_on: date
    ends_on: date
    city: str

    @staticmethod
    def resolve_localized_title(obj: Edition) -> dict[str, Any]:
        return localized(obj, "title")


class MyApplicationOut(ApplicationOut):
    edition: EditionRefOut


class ApplicantOut(Schema):
    id: int
    name_latin: str
    name_native: str
    email: str
    country: str | None = Field(None, alias="country_id")
    professional_role: str


class ReviewedApplicationOut(ApplicationOut):
    applicant: ApplicantOut


class ApplicationsSummaryOut(Schema):
    capacity: int
    places_taken: int
    places_left: int
    invited: int
    counts: dict[str, int] = Field(..., description="Applications by status.")


class ApplyIn(Schema):
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "Question id → answer: text, a choice's value, a date (YYYY-MM-DD) or a number."
        ),
    )


class DecisionIn(Schema):
    decision: Literal["accept", "reject", "waitlist"]
    message: str = Field("", max_length=services.MESSAGE_MAX)


class ReviewFiltersIn(Schema):
    status: StatusFilter = ""
    q: str = Field("", max_length=100, description="Name, e-mail, country code or name.")


# --- The applicant --------------------------------------------------------------------


@router.get("/training/applications", response=list[MyApplicationOut])
def my_applications(request: HttpRequest) -> Any:
    """The caller's applications to every edition, the most recent edition first."""
    return selectors.my_applications(current_user(request)).prefetch_related("files")


@router.get(f"{EDITION}/application-form", response=ApplicationFormOut, auth=PUBLIC)
def application_form(request: HttpRequest, edition_id: int) -> dict[str, Any]:
    """The edition's questions and whether it takes applications now."""
    edition = access.edition_for_viewer(user=request.user, edition_id=edition_id)
    window = services.application_window(edition)
    return {
        "edition_id": edition.pk,
        "open": window.is_open,
        "state": window.code,
        "message": window.message,
        "opens_at": window.opens_at,
        "closes_at": window.closes_at,
        "capacity": edition.capacity,
        "places_left": edition.places_left,
        "questions": selectors.form_fields(edition),
    }


@router.get(f"{EDITION}/application", response=ApplicationOut)
def my_application(request: HttpRequest, edition_id: int) -> Application:
    """The caller's application to the edition and its status (404 if none)."""
    application = access.application_for_applicant(
        user=current_user(request), edition_id=edition_id
    )
    if services.offers_expire(edition=application.edition):
        application.refresh_from_db()
    return application


@router.post(f"{EDITION}/application", response={201: ApplicationOut})
def apply(request: HttpRequest, edition_id: int, payload: ApplyIn) -> Any:
    """Apply to the edition (201). Refused with 409 after the deadline (``deadline_passed``),
    before applications open, for a second application (``already_applied``), and when
    the form requires a file (``files_on_page``); 400 with ``errors`` by question id for
    invalid answers. E-mails about the application are written in the caller's language."""
    user = current_user(request)
    edition = access.edition_for_applicant(user=user, edition_id=edition_id)
    if selectors.has_file_questions(edition, required_only=True):
        page = reverse("training:apply", kwargs={"edition_id": edition.pk})
        raise Conflict(
            _("This form asks for a file: apply on the application page, %(url)s.") % {"url": page},
            code="files_on_page",
        )
    application = services.application_submit(
        applicant=user, edition=edition, answers=payload.answers
    )
    return Status(201, application)


def _own(request: HttpRequest, edition_id: int) -> tuple[Any, Application]:
    user = current_user(request)
    return user, access.application_for_applicant(user=user, edition_id=edition_id)


@router.post(f"{EDITION}/application/withdraw", response=ApplicationOut)
def withdraw(request: HttpRequest, edition_id: int) -> Application:
    """Withdraw the caller's application (submitted, waitlisted, offered or accepted);
    a place it held is offered to the waiting list."""
    user, application = _own(request, edition_id)
    return services.application_withdraw(user=user, application=application)


@router.post(f"{EDITION}/application/confirm", response=ApplicationOut)
def confirm(request: HttpRequest, edition_id: int) -> Application:
    """Confirm the place offered to the caller (409 ``offer_expired`` once too late)."""
    user, application = _own(request, edition_id)
    return services.offer_confirm(user=user, application=application)


@router.post(f"{EDITION}/application/decline", response=ApplicationOut)
def decline(request: HttpRequest, edition_id: int) -> Application:
    """Decline the place offered to the caller; it goes to the next on the waiting list."""
    user, application = _own(request, edition_id)
    return services.offer_decline(user=user, application=application)


# --- The organisers -------------------------------------------------------------------


@router.get(f"{EDITION}/applications", response=list[ReviewedApplicationOut])
@paginate(LimitOffsetPagination)
def list_applications(
    request: HttpRequest, edition_id: int, filters: Query[ReviewFiltersIn]
) -> Any:
    """The edition's applications, for its organisers; filtered by status and searched by
    name, e-mail or country."""
    edition = access.edition_for_organiser(user=current_user(request), edition_id=edition_id)
    return selectors.review_list(edition, status=filters.status, q=filters.q).prefetch_related(
        "files"
    )


@router.get(f"{EDITION}/applications/summary", response=ApplicationsSummaryOut)
def applications_summary(request: HttpRequest, edition_id: int) -> dict[str, Any]:
    """Places and how many applications have each status, for the organisers."""
    edition = access.edition_for_organiser(user=current_user(request), edition_id=edition_id)
    counts = selectors.status_counts(edition)
    edition.refresh_from_db(fields=["places_taken"])
    return {
        "capacity": edition.capacity,
        "places_taken": edition.places_taken,
        "places_left": edition.places_left,
        "invited": selectors.invited_count(edition),
        "counts": counts,
    }


@router.get(f"{EDITION}/applications/{{application_id}}", response=ReviewedApplicationOut)
def get_application(request: HttpRequest, edition_id: int, application_id: int) -> Application:
    """One application with its answers, for the organisers."""
    return access.application_for_organiser(
        user=current_user(request), edition_id=edition_id, application_id=application_id
    )


@router.post(f"{EDITION}/applications/{{application_id}}/decision", response=ReviewedApplicationOut)
def decide(
    request: HttpRequest, edition_id: int, application_id: int, payload: DecisionIn
) -> Application:
    """Accept, reject or waitlist, with an optional message to the applicant. Accepting
    when every place is taken is refused (409 ``edition_full``)."""
    user = current_user(request)
    application = access.application_for_organiser(
        user=user, edition_id=edition_id, application_id=application_id
    )
    return services.application_decide(
        actor=user, application=application, decision=payload.decision, message=payload.message
    )
