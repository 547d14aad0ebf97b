"""Every write to applications: the edition's application form, applying, review by the
organisers, the waiting list with offers that expire, invitations, and the e-mail of each
step. Pages, the API and the ``training_offers`` command call these.

The edition's places
    ``Edition.places_taken`` counts the applications that hold a place: accepted ones and
    places offered to the waiting list and not yet answered, invited speakers and experts
    excepted. Every service that moves it locks the edition's row first
    (``select_for_update``; SQLite's ``BEGIN IMMEDIATE`` serialises writers), and a check
    constraint refuses a count above the capacity even for a buggy caller.

The waiting list
    When a place frees (a withdrawal, a rejection or a waiting-list move of a person who
    held one, a declined or expired offer, or ``waiting_list_fill`` after the capacity
    was raised), the first person on the waiting list (by ``waitlisted_at``) is offered it
    until ``now + edition.offer_days``; they confirm (accepted) or decline (withdrawn).
    Expired offers are processed lazily whenever the edition's applications are read or
    written (``offers_expire``), and by ``huitong training_offers`` from a cron.

The form
    A question that has answers cannot be deleted, nor change its kind, nor lose a choice
    that someone chose: the organisers make it optional instead. Labels, help texts,
    translations and "required" may change at any time; applications already submitted are
    not validated again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huitong.accounts.models import User
from huitong.core.audit import ACTIONS, audit_record
from huitong.core.errors import Conflict
from huitong.core.i18n import CONTENT_LANGUAGES, normalise_language
from huitong.core.mail import send_templated_mail
from huitong.core.services import data_changed, site_url
from huitong.courses import media
from huitong.training.models import (
    OPEN_STATUSES,
    Application,
    ApplicationFile,
    ApplicationStatus,
    Edition,
    EditionStatus,
    FieldKind,
    FormField,
    Invitation,
    ParticipantRole,
)
from huitong.training.services import zone_named

ACTIONS.update(
    {
        "training.form_field_create": gettext_lazy("added a question to the application form"),
        "training.form_field_update": gettext_lazy("edited a question of the application form"),
        "training.form_field_delete": gettext_lazy("deleted a question of the application form"),
        "training.form_field_move": gettext_lazy("reordered the application form"),
        "training.application_submit": gettext_lazy("applied to the edition"),
        "training.application_accept": gettext_lazy("accepted the application"),
        "training.application_reject": gettext_lazy("rejected the application"),
        "training.application_waitlist": gettext_lazy("put the application on the waiting list"),
        "training.application_withdraw": gettext_lazy("withdrew the application"),
        "training.offer_make": gettext_lazy("offered a place from the waiting list"),
        "training.offer_confirm": gettext_lazy("confirmed the offered place"),
        "training.offer_decline": gettext_lazy("declined the offered place"),
        "training.offer_expire": gettext_lazy("let an offered place expire"),
        "training.invitation_create": gettext_lazy("invited someone to the edition"),
        "training.invitation_revoke": gettext_lazy("withdrew an invitation"),
        "training.invitation_accept": gettext_lazy("accepted an invitation"),
    }
)

MB = 1024 * 1024
TEXT_MAX = 500
LONG_TEXT_MAX = 10_000
NUMBER_MAX = Decimal(10) ** 12
CHOICES_MAX = 100
CHOICE_LABEL_MAX = 200
MESSAGE_MAX = 5000
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

# What an application's file answers may be: PDF, Word (DOC, DOCX) or OpenDocument text.
APPLICATION_FILE_TYPES: dict[str, media.FileType] = {
    ".pdf": media.READING_TYPES[".pdf"],
    ".doc": media.FileType("application/msword", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ".docx": media.READING_TYPES[".docx"],
    ".odt": media.READING_TYPES[".odt"],
}

Decision = Literal["accept", "reject", "waitlist"]
DECISIONS: tuple[Decision, ...] = ("accept", "reject", "waitlist")

S = ApplicationStatus
# The statuses each decision may start from (invited applications: see ``_decide``).
_DECIDE_FROM: dict[str, tuple[str, ...]] = {
    "accept": (S.SUBMITTED, S.WAITLISTED, S.OFFERED, S.REJECTED),
    "reject": (S.SUBMITTED, S.WAITLISTED, S.OFFERED, S.ACCEPTED),
    "waitlist": (S.SUBMITTED, S.REJECTED, S.ACCEPTED),
}


def application_file_max_bytes() -> int:
    return int(getattr(settings, "TRAINING_APPLICATION_FILE_MAX_BYTES", 10 * MB))


def validate_application_file(file: Any) -> None:
    """A PDF, DOC, DOCX or ODT file within the size limit whose first bytes match its
    extension (the checks of ``courses.media``)."""
    media._validate(
        file,
        APPLICATION_FILE_TYPES,
        application_file_max_bytes(),
        _(
            "“%(name)s” is not a document this form takes. Upload a PDF, Word (DOC or DOCX) "
            "or OpenDocument (ODT) file."
        ),
    )


def application_file_content_type(name: str) -> str:
    file_type = APPLICATION_FILE_TYPES.get(PurePath(name).suffix.lower())
    return file_type.content_type if file_type else "application/octet-stream"


# --- Helpers --------------------------------------------------------------------------


def _audit(actor: User | None, action: str, target: Any, edition: Edition, **data: Any) -> None:
    programme = edition.programme
    audit_record(
        actor=actor,
        action=action,
        target=target,
        alliance=programme.alliance,
        institution=programme.organiser,
        data={"edition": edition.pk, **data},
    )


def _lock(edition: Edition) -> Edition:
    """The edition's row, locked until the transaction ends, with fresh counters."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    locked.programme = edition.programme
    return locked


def _take_place(edition: Edition) -> None:
    Edition.objects.filter(pk=edition.pk).update(places_taken=F("places_taken") + 1)
    edition.places_taken += 1


def _free_place(edition: Edition) -> None:
    Edition.objects.filter(pk=edition.pk).update(places_taken=F("places_taken") - 1)
    edition.places_taken -= 1


def _delete_stored(names: Iterable[str]) -> None:
    for name in names:
        if name:
            media.private_storage.delete(name)


# --- E-mails --------------------------------------------------------------------------


def _mail(application: Application, template: str, edition: Edition, **context: Any) -> None:
    """E-mail the applicant in the language they applied in, with times in their time
    zone; queued once the transaction commits."""
    person = application.applicant
    zone = zone_named(getattr(person, "time_zone", "") or edition.time_zone)
    with timezone.override(zone):
        send_templated_mail(
            to=person.email,
            language=application.language,
            template=f"training/email/{template}",
            context={
                "person": person,
                "application": application,
                "edition": edition,
                "time_zone": str(zone),
                "url": site_url(reverse("training:application", kwargs={"edition_id": edition.pk})),
                "edition_url": site_url(edition.get_absolute_url()),
                **context,
            },
        )


# --- Applications window --------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Whether the edition takes applications now, and why not."""

    is_open: bool
    code: str
    message: str
    opens_at: datetime | None
    closes_at: datetime


def applications_close_at(edition: Edition) -> datetime:
    """The application deadline, or the start of the edition's first day (in its time
    zone) when the organisers set none."""
    if edition.application_deadline is not None:
        return edition.application_deadline
    return datetime.combine(edition.starts_on, time(0), tzinfo=zone_named(edition.time_zone))


def application_window(edition: Edition, now: datetime | None = None) -> Window:
    now = now or timezone.now()
    closes = applications_close_at(edition)
    opens = edition.applications_open
    if edition.status == EditionStatus.CANCELLED:
        return Window(False, "cancelled", _("This edition was cancelled."), opens, closes)
    if edition.status != EditionStatus.PUBLISHED:
        return Window(
            False, "not_published", _("This edition is not published yet."), opens, closes
        )
    if opens is not None and now < opens:
        return Window(False, "not_open_yet", _("Applications are not open yet."), opens, closes)
    if now >= closes:
        return Window(
            False,
            "deadline_passed",
            _("The application deadline has passed: applications are closed."),
            opens,
            closes,
        )
    return Window(True, "open", "", opens, closes)


# --- The application form -------------------------------------------------------------

FIELD_FIELDS = ("kind", "label", "help_text", "required", "original_language", "translations")


def _answered_fields(edition: Edition) -> dict[str, set[Any]]:
    """For each question id (as text) that has answers, the values given."""
    given: dict[str, set[Any]] = {}
    for answers in Application.objects.filter(edition=edition).values_list("answers", flat=True):
        for key, value in (answers or {}).items():
            if value not in (None, ""):
                given.setdefault(str(key), set()).add(
                    value if isinstance(value, str | int | float) else str(value)
                )
    for field_id in ApplicationFile.objects.filter(application__edition=edition).values_list(
        "field_id", flat=True
    ):
        given.setdefault(str(field_id), set()).add("file")
    return given


def _clean_choices(
    kind: str, raw: Any, existing: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Choices as stored: ``{"value", "label", "translations"}``. A given ``value`` that
    exists keeps it; others get a new stable value (``c1``, ``c2`` …)."""
    if kind != FieldKind.CHOICE:
        return []
    if not isinstance(raw, list) or not raw:
        raise ValidationError({"choices": _("A choice question needs at least one choice.")})
    if len(raw) > CHOICES_MAX:
        raise ValidationError(
            {"choices": _("A question has at most %(count)d choices.") % {"count": CHOICES_MAX}}
        )
    known = {str(c.get("value")) for c in existing or []}
    used_numbers = [int(v[1:]) for v in known if v.startswith("c") and v[1:].isdigit()]
    counter = max(used_numbers, default=0)
    cleaned: list[dict[str, Any]] = []
    labels: set[str] = set()
    values: set[str] = set()
    for item in raw:
        if not isinstance(item, dict):
            raise ValidationError({"choices": _("Each choice needs a label.")})
        label = str(item.get("label") or "").strip()
        if not label:
            raise ValidationError({"choices": _("Each choice needs a label.")})
        if len(label) > CHOICE_LABEL_MAX:
            raise ValidationError(
                {
                    "choices": _("A choice's label is longer than %(limit)d characters.")
                    % {"limit": CHOICE_LABEL_MAX}
                }
            )
        if label.casefold() in labels:
            raise ValidationError(
                {"choices": _("The choice “%(label)s” is listed twice.") % {"label": label}}
            )
        labels.add(label.casefold())
        translations: dict[str, str] = {}
        for language, text in (item.get("translations") or {}).items():
            code = str(language).lower()
            if code not in CONTENT_LANGUAGES:
                raise ValidationError(
                    {"choices": _("Unknown language “%(code)s”.") % {"code": language}}
                )
            text = str(text or "").strip()
            if len(text) > CHOICE_LABEL_MAX:
                raise ValidationError(
                    {
                        "choices": _("A choice's label is longer than %(limit)d characters.")
                        % {"limit": CHOICE_LABEL_MAX}
                    }
                )
            if text:
                translations[code] = text
        value = str(item.get("value") or "")
        if value not in known or value in values:
            counter += 1
            value = f"c{counter}"
        values.add(value)
        cleaned.append({"value": value, "label": label, "translations": translations})
    return cleaned


def _check_field(field: FormField) -> None:
    field.label = field.label.strip()
    field.help_text = field.help_text.strip()
    field.full_clean(exclude=["edition", "position", "choices"])


def form_field_create(
    *,
    actor: User | None,
    edition: Edition,
    kind: str,
    label: str,
    help_text: str = "",
    required: bool = True,
    choices: list[dict[str, Any]] | None = None,
    original_language: str = "en",
    translations: dict[str, dict[str, str]] | None = None,
) -> FormField:
    field = FormField(
        edition=edition,
        kind=kind,
        label=label,
        help_text=help_text,
        required=required,
        original_language=original_language,
        translations=translations or {},
    )
    _check_field(field)
    field.choices = _clean_choices(kind, choices)
    with transaction.atomic():
        _lock(edition)
        last = FormField.objects.filter(edition=edition).aggregate(m=Max("position"))["m"]
        field.position = 0 if last is None else last + 1
        field.save()
        _audit(actor, "training.form_field_create", field, edition, field=field.pk)
    return field


def form_field_update(
    *,
    actor: User | None,
    field: FormField,
    choices: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> FormField:
    """Edit a question. Refused (409) when it has answers and the change would lose them:
    another kind, or a removed choice that someone chose."""
    unknown = set(fields) - set(FIELD_FIELDS)
    if unknown:
        raise ValueError(f"Unknown form field fields: {sorted(unknown)}")
    edition = field.edition
    with transaction.atomic():
        _lock(edition)
        current = FormField.objects.get(pk=field.pk)
        old_kind = current.kind
        old_choices = list(current.choices or [])
        for name, value in fields.items():
            setattr(current, name, value)
        _check_field(current)
        new_choices = (
            _clean_choices(
                current.kind, choices if choices is not None else old_choices, old_choices
            )
            if current.kind == FieldKind.CHOICE
            else []
        )
        given = _answered_fields(edition).get(str(current.pk), set())
        if given and current.kind != old_kind:
            raise Conflict(
                _(
                    "People have answered this question: its kind cannot change. Make it "
                    "optional and add a new question instead."
                ),
                code="field_has_answers",
            )
        if given and current.kind == FieldKind.CHOICE:
            removed = given - {c["value"] for c in new_choices}
            if removed:
                labels = [c["label"] for c in old_choices if c.get("value") in removed]
                raise Conflict(
                    _(
                        "People chose “%(choices)s”: that choice cannot be removed. Rename it "
                        "instead."
                    )
                    % {"choices": "”, “".join(labels) or ", ".join(sorted(map(str, removed)))},
                    code="choice_has_answers",
                )
        current.choices = new_choices
        current.save()
        _audit(actor, "training.form_field_update", current, edition, field=current.pk)
    return current


def form_field_delete(*, actor: User | None, field: FormField) -> None:
    """Delete a question nobody has answered (answered ones are kept: make them optional)."""
    edition = field.edition
    with transaction.atomic():
        _lock(edition)
        if str(field.pk) in _answered_fields(edition):
            raise Conflict(
                _(
                    "People have answered this question, so it is kept with their answers. "
                    "Make it optional if new applicants should not have to answer it."
                ),
                code="field_has_answers",
            )
        _audit(actor, "training.form_field_delete", field, edition, field=field.pk)
        field.delete()


def form_field_move(
    *, actor: User | None, field: FormField, direction: Literal["up", "down"]
) -> None:
    """Move a question one place up or down the form."""
    edition = field.edition
    with transaction.atomic():
        _lock(edition)
        ordered = list(FormField.objects.filter(edition=edition).order_by("position", "pk"))
        index = next(i for i, f in enumerate(ordered) if f.pk == field.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered):
            if item.position != position:
                FormField.objects.filter(pk=item.pk).update(position=position)
        _audit(actor, "training.form_field_move", field, edition, field=field.pk)


# --- Answers --------------------------------------------------------------------------


def choice_label(field: FormField, value: Any, language: str | None = None) -> str:
    """The label of a choice in ``language`` (default: the active one), or the original."""
    wanted = normalise_language(language or translation.get_language())
    for choice in field.choices or []:
        if choice.get("value") == value:
            text = (choice.get("translations") or {}).get(wanted, "")
            return str(text or choice.get("label", value))
    return str(value)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_answer(field: FormField, value: Any) -> Any:
    """One answer as stored, or a ValidationError with the reason."""
    kind = field.kind
    if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        if not isinstance(value, str):
            raise ValidationError(_("Enter text."))
        limit = TEXT_MAX if kind == FieldKind.TEXT else LONG_TEXT_MAX
        text = value.strip()
        if len(text) > limit:
            raise ValidationError(
                _("The answer is longer than %(limit)d characters.") % {"limit": limit}
            )
        return text
    if kind == FieldKind.CHOICE:
        values = [c.get("value") for c in field.choices or []]
        if not isinstance(value, str) or value not in values:
            raise ValidationError(_("Select a valid choice."))
        return value
    if kind == FieldKind.DATE:
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            try:
                value = date.fromisoformat(str(value).strip())
            except ValueError:
                raise ValidationError(_("Enter a valid date.")) from None
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValidationError(_("Enter a valid date."))
        return value.isoformat()
    if kind == FieldKind.NUMBER:
        if isinstance(value, bool):
            raise ValidationError(_("Enter a number."))
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite() or abs(number) >= NUMBER_MAX:
            raise ValidationError(_("Enter a number."))
        if number == number.to_integral_value():
            return int(number)
        return float(number)
    raise ValidationError(_("Upload the file on the application page."))


def answers_clean(
    fields: list[FormField], answers: Mapping[str, Any], files: Mapping[str, Any]
) -> tuple[dict[str, Any], list[tuple[FormField, Any]]]:
    """Check answers (by question id) and files against the form. Returns the answers as
    stored and the (question, file) pairs; raises ValidationError keyed by question id."""
    errors: dict[str, list[str]] = {}
    by_id = {str(f.pk): f for f in fields}
    unknown = sorted((set(map(str, answers)) | set(map(str, files))) - set(by_id))
    if unknown:
        errors["answers"] = [
            _("“%(key)s” is not a question of this form.") % {"key": key} for key in unknown
        ]
    cleaned: dict[str, Any] = {}
    uploads: list[tuple[FormField, Any]] = []
    for key, field in by_id.items():
        if field.kind == FieldKind.FILE:
            if not _is_empty(answers.get(key)):
                errors[key] = [_("Upload the file on the application page.")]
                continue
            upload = files.get(key)
            if not upload:
                if field.required:
                    errors[key] = [_("This field is required.")]
                continue
            try:
                validate_application_file(upload)
            except ValidationError as error:
                errors[key] = [str(m) for m in error.messages]
                continue
            uploads.append((field, upload))
            continue
        value = answers.get(key)
        if _is_empty(value):
            if field.required:
                errors[key] = [_("This field is required.")]
            continue
        try:
            answer = _clean_answer(field, value)
        except ValidationError as error:
            errors[key] = [str(m) for m in error.messages]
            continue
        if _is_empty(answer):
            if field.required:
                errors[key] = [_("This field is required.")]
            continue
        cleaned[key] = answer
    if errors:
        raise ValidationError(errors)
    return cleaned, uploads


# --- Applying -------------------------------------------------------------------------


def _already_applied() -> Conflict:
    return Conflict(
        _("You have already applied to this edition. See your application's status."),
        code="already_applied",
    )


def application_submit(
    *,
    applicant: User,
    edition: Edition,
    answers: Mapping[str, Any],
    files: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> Application:
    """Apply to a published edition while applications are open; one application per
    person and edition. ``language`` defaults to the active one: every e-mail about the
    application is written in it. Nothing is kept on error (files included)."""
    offers_expire(edition=edition)
    window = application_window(edition)
    if not window.is_open:
        raise Conflict(window.message, code=window.code)
    if Application.objects.filter(edition=edition, applicant=applicant).exists():
        raise _already_applied()
    fields = list(FormField.objects.filter(edition=edition).order_by("position", "pk"))
    cleaned, uploads = answers_clean(fields, answers, files or {})
    language = normalise_language(language or translation.get_language())
    stored: list[str] = []
    try:
        with transaction.atomic():
            application = Application.objects.create(
                edition=edition,
                applicant=applicant,
                answers=cleaned,
                language=language,
                status=ApplicationStatus.SUBMITTED,
            )
            for field, upload in uploads:
                original = PurePath(getattr(upload, "name", "") or "file").name[:200]
                record = ApplicationFile(
                    application=application,
                    field=field,
                    original_name=original,
                    size=upload.size or 0,
                )
                record.file.save(original, upload, save=False)
                stored.append(record.file.name or "")
                record.save()
            _audit(applicant, "training.application_submit", application, edition)
            application.edition = edition
            _mail(application, "received", edition)
    except IntegrityError:
        _delete_stored(stored)
        raise _already_applied() from None
    except BaseException:
        _delete_stored(stored)
        raise
    return application


# --- Review ---------------------------------------------------------------------------


def _clean_message(message: str) -> str:
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            {
                "message": _("The message is longer than %(limit)d characters.")
                % {"limit": MESSAGE_MAX}
            }
        )
    return message


def _full(edition: Edition) -> Conflict:
    return Conflict(
        _(
            "All %(capacity)d places are taken. Put the application on the waiting list: "
            "it will be offered the next place that frees."
        )
        % {"capacity": edition.capacity},
        code="edition_full",
    )


def _not_now(application: Application) -> Conflict:
    return Conflict(
        _("This cannot be done to an application whose status is “%(status)s”.")
        % {"status": application.get_status_display()},
        code="wrong_status",
    )


def application_decide(
    *,
    actor: User | None,
    application: Application,
    decision: Decision,
    message: str = "",
) -> Application:
    """Accept, reject or waitlist an application, with an optional message to the
    applicant. Accepting needs a free place (refused when full); rejecting or waitlisting
    someone who held a place offers it to the waiting list."""
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Select a valid choice.")})
    message = _clean_message(message)
    edition = application.edition
    offers_expire(edition=edition)
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(edition)
        current = Application.objects.select_related("applicant").get(pk=application.pk)
        current.edition = locked
        if current.status not in _DECIDE_FROM[decision]:
            raise _not_now(current)
        if _edition_over(locked):
            raise Conflict(
                _("The edition has ended: its applications can no longer be decided."),
                code="edition_over",
            )
        if current.invited and decision != "reject":
            raise Conflict(
                _("Invited speakers and experts are admitted outside the places."),
                code="invited",
            )
        held = current.holds_place
        before = current.status
        if decision == "accept":
            if not held and not current.invited:
                if locked.places_taken >= locked.capacity:
                    raise _full(locked)
                _take_place(locked)
            current.status = ApplicationStatus.ACCEPTED
        elif decision == "reject":
            current.status = ApplicationStatus.REJECTED
        else:
            current.status = ApplicationStatus.WAITLISTED
            current.waitlisted_at = now
        freed = held and decision != "accept"
        if freed:
            _free_place(locked)
        current.offer_expires_at = None
        current.message = message
        current.decided_at = now
        current.decided_by = actor
        current.save()
        _audit(
            actor,
            f"training.application_{decision}",
            current,
            locked,
            application=current.pk,
            before=before,
            message=bool(message),
        )
        template = {"accept": "accepted", "reject": "rejected", "waitlist": "waitlisted"}
        _mail(current, template[decision], locked, message=message)
        if freed:
            _fill(locked, actor)
    data_changed()
    return current


# --- The applicant's side -------------------------------------------------------------


def _edition_over(edition: Edition) -> bool:
    today = timezone.localdate(timezone.now(), zone_named(edition.time_zone))
    return edition.ends_on < today


def edition_ended(edition: Edition) -> bool:
    """Whether the edition's last day is past (in its time zone): decisions and the
    withdrawal of a participation are then refused."""
    return _edition_over(edition)


def application_withdraw(*, user: User, application: Application) -> Application:
    """The applicant withdraws (submitted, waitlisted, offered or accepted); a place they
    held goes to the waiting list."""
    edition = application.edition
    offers_expire(edition=edition)
    with transaction.atomic():
        locked = _lock(edition)
        current = Application.objects.select_related("applicant").get(pk=application.pk)
        current.edition = locked
        if current.applicant_id != user.pk:
            raise ValueError("Only the applicant withdraws their application.")
        if current.status not in OPEN_STATUSES:
            raise _not_now(current)
        if current.status == ApplicationStatus.ACCEPTED and _edition_over(locked):
            raise Conflict(
                _("The edition is over: your participation can no longer be withdrawn."),
                code="edition_over",
            )
        freed = current.holds_place
        if freed:
            _free_place(locked)
        current.status = ApplicationStatus.WITHDRAWN
        current.withdrawn_at = timezone.now()
        current.offer_expires_at = None
        current.save()
        _audit(user, "training.application_withdraw", current, locked, application=current.pk)
        _mail(current, "withdrawn", locked, declined=False)
        if freed:
            _fill(locked, user)
    data_changed()
    return current


def _offer_answer(*, user: User, application: Application, confirm: bool) -> Application:
    edition = application.edition
    offers_expire(edition=edition)
    now = timezone.now()
    expired = False
    with transaction.atomic():
        locked = _lock(edition)
        current = Application.objects.select_related("applicant").get(pk=application.pk)
        current.edition = locked
        if current.applicant_id != user.pk:
            raise ValueError("Only the applicant answers an offer.")
        if current.status == ApplicationStatus.EXPIRED:
            expired = True
        elif current.status != ApplicationStatus.OFFERED:
            raise _not_now(current)
        elif current.offer_expires_at is not None and current.offer_expires_at <= now:
            _expire(locked, current)
            expired = True
        elif confirm:
            current.status = ApplicationStatus.ACCEPTED
            current.offer_expires_at = None
            current.save()
            _audit(user, "training.offer_confirm", current, locked, application=current.pk)
            _mail(current, "accepted", locked, message="", confirmed=True)
        else:
            _free_place(locked)
            current.status = ApplicationStatus.WITHDRAWN
            current.withdrawn_at = now
            current.offer_expires_at = None
            current.save()
            _audit(user, "training.offer_decline", current, locked, application=current.pk)
            _mail(current, "withdrawn", locked, declined=True)
            _fill(locked, user)
    if expired:
        raise Conflict(
            _("The time to confirm this place has passed: the offer expired."),
            code="offer_expired",
        )
    data_changed()
    return current


def offer_confirm(*, user: User, application: Application) -> Application:
    """The applicant takes the place offered to them before the offer expires."""
    return _offer_answer(user=user, application=application, confirm=True)


def offer_decline(*, user: User, application: Application) -> Application:
    """The applicant turns the offered place down; it goes to the next on the list."""
    return _offer_answer(user=user, application=application, confirm=False)


# --- The waiting list -----------------------------------------------------------------


def _fill(edition: Edition, actor: User | None) -> list[Application]:
    """Offer the edition's free places to the waiting list, first come first served.
    The caller holds the edition's lock."""
    offered: list[Application] = []
    now = timezone.now()
    while edition.places_taken < edition.capacity:
        following = (
            Application.objects.select_related("applicant")
            .filter(edition=edition, status=ApplicationStatus.WAITLISTED, invited=False)
            .order_by(F("waitlisted_at").asc(nulls_last=True), "pk")
            .first()
        )
        if following is None:
            break
        following.edition = edition
        following.status = ApplicationStatus.OFFERED
        following.offer_expires_at = now + timedelta(days=edition.offer_days)
        following.save(update_fields=["status", "offer_expires_at", "updated_at"])
        _take_place(edition)
        _audit(actor, "training.offer_make", following, edition, application=following.pk)
        _mail(following, "offered", edition, deadline=following.offer_expires_at)
        offered.append(following)
    return offered


def waiting_list_fill(*, actor: User | None, edition: Edition) -> list[Application]:
    """Offer every free place to the waiting list (e.g. after the capacity was raised)."""
    offers_expire(edition=edition)
    with transaction.atomic():
        locked = _lock(edition)
        offered = _fill(locked, actor)
    if offered:
        data_changed()
    return offered


def _expire(edition: Edition, application: Application) -> None:
    application.status = ApplicationStatus.EXPIRED
    application.save(update_fields=["status", "updated_at"])
    _free_place(edition)
    _audit(None, "training.offer_expire", application, edition, application=application.pk)
    _mail(application, "offer_expired", edition)


def offers_expire(*, edition: Edition | None = None, now: datetime | None = None) -> int:
    """Expire the offers whose time has passed and offer their places to the next people
    on the waiting list; for one edition or all. Returns how many offers expired."""
    now = now or timezone.now()
    due = Application.objects.filter(status=ApplicationStatus.OFFERED, offer_expires_at__lte=now)
    if edition is not None:
        due = due.filter(edition=edition)
    edition_ids = sorted(set(due.values_list("edition_id", flat=True)))
    if not edition_ids:
        return 0
    total = 0
    editions = {
        e.pk: e
        for e in Edition.objects.select_related(
            "programme__alliance", "programme__organiser"
        ).filter(pk__in=edition_ids)
    }
    for edition_id in edition_ids:
        with transaction.atomic():
            locked = _lock(editions[edition_id])
            expired = list(
                Application.objects.select_related("applicant").filter(
                    edition=locked, status=ApplicationStatus.OFFERED, offer_expires_at__lte=now
                )
            )
            for application in expired:
                application.edition = locked
                _expire(locked, application)
            total += len(expired)
            if expired:
                _fill(locked, None)
    data_changed()
    return total


# --- Invitations ----------------------------------------------------------------------


def invitation_state(invitation: Invitation, now: datetime | None = None) -> str:
    """``used``, ``expired`` or ``open``."""
    if invitation.used_at is not None:
        return "used"
    if invitation.expires_at is not None and invitation.expires_at <= (now or timezone.now()):
        return "expired"
    return "open"


def invitation_url(invitation: Invitation) -> str:
    return site_url(reverse("training:invitation", kwargs={"token": invitation.token}))


def invitation_create(
    *,
    actor: User | None,
    edition: Edition,
    email: str,
    name: str = "",
    role: str = ParticipantRole.EXPERT,
    expires_at: datetime | None = None,
    language: str | None = None,
) -> Invitation:
    """Invite a speaker or an expert: an e-mail with a link that admits them outside the
    places, once. The e-mail is written in the invited person's language if they have an
    account, else in ``language`` (default: the active one)."""
    email = (email or "").strip().lower()
    name = (name or "").strip()
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if len(name) > 150:
        errors["name"] = _("The name is longer than 150 characters.")
    if role not in (ParticipantRole.SPEAKER, ParticipantRole.EXPERT):
        errors["role"] = _("Select a valid choice.")
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = _("The expiry must be in the future.")
    if errors:
        raise ValidationError(errors)
    if edition.status == EditionStatus.CANCELLED:
        raise Conflict(_("This edition was cancelled."), code="cancelled")
    pending = [
        i
        for i in Invitation.objects.filter(edition=edition, email__iexact=email, used_at=None)
        if invitation_state(i) == "open"
    ]
    if pending:
        raise Conflict(
            _("An invitation to %(email)s is already waiting to be accepted.") % {"email": email},
            code="invitation_pending",
        )
    account = User.objects.filter(email__iexact=email).first()
    if (
        account is not None
        and Application.objects.filter(
            edition=edition, applicant=account, invited=True, status=ApplicationStatus.ACCEPTED
        ).exists()
    ):
        raise Conflict(
            _("%(email)s is already invited to this edition and has accepted.") % {"email": email},
            code="already_invited",
        )
    wanted = (account.preferred_language if account else None) or language
    language = normalise_language(wanted or translation.get_language())
    with transaction.atomic():
        invitation = Invitation.objects.create(
            edition=edition,
            email=email,
            name=name,
            role=role,
            invited_by=actor,
            expires_at=expires_at,
        )
        _audit(actor, "training.invitation_create", invitation, edition, role=role)
        zone = zone_named(account.time_zone if account else edition.time_zone)
        with timezone.override(zone):
            send_templated_mail(
                to=email,
                language=language,
                template="training/email/invitation",
                context={
                    "invitation": invitation,
                    "edition": edition,
                    "name": name,
                    "inviter": actor,
                    "time_zone": str(zone),
                    "url": invitation_url(invitation),
                    "edition_url": site_url(edition.get_absolute_url()),
                },
            )
    return invitation


def invitation_revoke(*, actor: User | None, invitation: Invitation) -> None:
    """Withdraw an invitation that has not been accepted."""
    with transaction.atomic():
        current = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if current.used_at is not None:
            raise Conflict(
                _("This invitation was accepted: it can no longer be withdrawn."),
                code="invitation_used",
            )
        _audit(actor, "training.invitation_revoke", current, invitation.edition)
        current.delete()


def invitation_accept(*, user: User, invitation: Invitation) -> Application:
    """The invited person accepts: an accepted application with the invitation's role,
    outside the places. A former application of theirs to the edition becomes it (and a
    place it held goes to the waiting list). Accepting again returns it."""
    edition = invitation.edition
    offers_expire(edition=edition)
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(edition)
        current = Invitation.objects.select_for_update().get(pk=invitation.pk)
        existing = (
            Application.objects.select_related("applicant")
            .filter(edition=locked, applicant=user)
            .first()
        )
        if current.used_at is not None:
            if current.used_by_id == user.pk and existing is not None and existing.invited:
                existing.edition = locked
                return existing
            raise Conflict(_("This invitation was already used."), code="invitation_used")
        if invitation_state(current, now) == "expired":
            raise Conflict(_("This invitation has expired."), code="invitation_expired")
        if locked.status == EditionStatus.CANCELLED:
            raise Conflict(_("This edition was cancelled."), code="cancelled")
        freed = False
        if existing is None:
            application = Application(
                edition=locked,
                applicant=user,
                language=normalise_language(translation.get_language()),
            )
        else:
            application = existing
            freed = application.holds_place
            if freed:
                _free_place(locked)
        application.edition = locked
        application.invited = True
        application.role = current.role
        application.status = ApplicationStatus.ACCEPTED
        application.decided_at = now
        application.decided_by = current.invited_by
        application.offer_expires_at = None
        application.withdrawn_at = None
        application.save()
        current.used_at = now
        current.used_by = user
        current.save(update_fields=["used_at", "used_by"])
        _audit(
            user,
            "training.invitation_accept",
            application,
            locked,
            invitation=current.pk,
            role=current.role,
        )
        _mail(application, "accepted", locked, message="", invited=True)
        if freed:
            _fill(locked, user)
    data_changed()
    return application
