"""Every write to courses: creating and editing courses, their team, modules, lessons and
subtitles; review by the alliance; enrolment; progress. Pages, the API, commands and the
demo data all call these, so each rule, audit record and e-mail lives in one place.

Changes to a course's content are recorded in the audit log against the course with what
they were before and after, so the course's history shows who changed what, also after
it was published.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huitong.accounts.models import User
from huitong.alliance.access import is_alliance_admin
from huitong.alliance.models import Alliance, Institution
from huitong.alliance.selectors import is_approved_member
from huitong.core.audit import ACTIONS, audit_record
from huitong.core.errors import Conflict, NotAllowed, ServiceError
from huitong.core.i18n import CONTENT_LANGUAGES
from huitong.core.mail import send_templated_mail
from huitong.core.services import (
    audit_diff,
    audit_value,
    check_fields,
    data_changed,
    site_url,
)
from huitong.courses import media
from huitong.courses.access import enrolment_refusal
from huitong.courses.models import (
    AccessPolicy,
    Course,
    CourseStatus,
    CourseTeamMember,
    Enrolment,
    Lesson,
    LessonKind,
    LessonProgress,
    Module,
    Quiz,
    SubtitleTrack,
    TeamRole,
)

ACTIONS.update(
    {
        "course.create": _("created the course"),
        "course.update": _("edited the course"),
        "course.submit": _("submitted the course for review"),
        "course.approve": _("approved and published the course"),
        "course.request_changes": _("asked for changes to the course"),
        "course.team_add": _("added someone to the course's team"),
        "course.team_remove": _("removed someone from the course's team"),
        "course.module_create": _("added a module"),
        "course.module_update": _("edited a module"),
        "course.module_delete": _("deleted a module"),
        "course.lesson_create": _("added a lesson"),
        "course.lesson_update": _("edited a lesson"),
        "course.lesson_delete": _("deleted a lesson"),
        "course.subtitle_add": _("added subtitles"),
        "course.subtitle_remove": _("removed subtitles"),
        "enrolment.create": _("enrolled in the course"),
        "enrolment.complete": _("completed the course"),
    }
)

COURSE_FIELDS = (
    "title",
    "summary",
    "description",
    "prerequisites",
    "original_language",
    "translations",
    "discipline",
    "languages",
    "level",
    "estimated_hours",
    "recognition",
    "access_policy",
    "invitation_code",
    "enrolment_opens",
    "enrolment_closes",
    "capacity",
    "cover",
)
MODULE_FIELDS = ("title", "position", "original_language", "translations")
LESSON_FIELDS = (
    "title",
    "kind",
    "position",
    "body",
    "is_published",
    "required",
    "video_file",
    "video_url",
    "video_duration",
    "reading_file",
    "starts_at",
    "meeting_url",
    "recording_url",
    "original_language",
    "translations",
)
FILE_FIELDS = ("video_file", "reading_file")
# Share of a video that counts as watched to the end.
WATCHED = 0.95


def _content_changed(course: Course) -> None:
    """Raise the course's content version, under which its pages cache the outline, the
    team and the glossary flag, in the transaction of the change itself."""
    Course.objects.filter(pk=course.pk).update(content_version=F("content_version") + 1)
    course.content_version += 1


def _sync_terms(course: Course) -> None:
    """Record the concepts that the published course's description and lessons name, so
    the concept page lists where it is used. Drafts name nothing in public."""
    from huitong.terminology.markup import usage_sync

    def texts(obj: Course | Lesson, field: str) -> str:
        parts = [getattr(obj, field)] + [
            entry.get(field, "") for entry in (obj.translations or {}).values()
        ]
        return "\n".join(p for p in parts if p)

    published = course.is_published
    group = f"courses.course.{course.pk}"
    usage_sync(
        obj=course,
        field="description",
        text=texts(course, "description") if published else "",
        title=course.title,
        url=course.get_absolute_url(),
        group=group,
    )
    for lesson in Lesson.objects.filter(module__course=course).select_related("module"):
        usage_sync(
            obj=lesson,
            field="body",
            text=texts(lesson, "body") if published and lesson.is_published else "",
            title=f"{course.title} — {lesson.title}",
            url=lesson.get_absolute_url(),
            group=group,
        )


# --- Courses --------------------------------------------------------------------------


def _check_selected(
    course: Course, alliance: Alliance, selected: Iterable[Institution] | None
) -> list[Institution] | None:
    if selected is None:
        return None
    chosen = list(selected)
    if any(
        not is_approved_member(alliance=alliance, institution=institution) for institution in chosen
    ):
        raise ValidationError(
            {"selected_institutions": _("Only member institutions of the alliance can be chosen.")}
        )
    if course.access_policy == AccessPolicy.SELECTED_INSTITUTIONS and not chosen:
        raise ValidationError(
            {"selected_institutions": _("Choose the institutions whose people may enrol.")}
        )
    return chosen


def course_create(
    *,
    actor: User | None,
    provider: Institution,
    alliance: Alliance,
    selected_institutions: Iterable[Institution] = (),
    **fields: Any,
) -> Course:
    """Create a draft course; the person who creates it becomes its lead instructor."""
    check_fields(fields, COURSE_FIELDS, "course")
    if not is_approved_member(alliance=alliance, institution=provider):
        raise ServiceError(
            _("The provider must be an approved member institution of the alliance."),
            code="provider_not_member",
        )
    cover = fields.pop("cover", None)
    _validate_cover(cover)
    course = Course(provider=provider, alliance=alliance, created_by=actor, **fields)
    course.title = course.title.strip()
    course.full_clean(exclude=["cover"])
    chosen = _check_selected(course, alliance, selected_institutions) or []
    stored: list[str] = []
    try:
        with transaction.atomic():
            if _new_upload(cover):
                stored.append(_store_cover(course, cover))
            course.save()
            course.selected_institutions.set(chosen)
            if actor is not None:
                CourseTeamMember.objects.create(
                    course=course, user=actor, role=TeamRole.LEAD_INSTRUCTOR, position=0
                )
            audit_record(
                actor=actor,
                action="course.create",
                target=course,
                alliance=alliance,
                institution=provider,
            )
    except BaseException:
        _delete_public(stored)
        raise
    data_changed()
    return course


def _validate_cover(value: Any) -> None:
    if _new_upload(value):
        try:
            media.validate_cover(value)
        except ValidationError as error:
            raise ValidationError({"cover": [error]}) from None


def _store_cover(course: Course, upload: Any) -> str:
    """Store a new cover image (not yet committed to the database); its stored name."""
    original = PurePath(getattr(upload, "name", "") or "cover").name
    course.cover.save(original, upload, save=False)
    return course.cover.name or ""


def _delete_public(names: Iterable[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


def course_update(
    *,
    actor: User | None,
    course: Course,
    selected_institutions: Iterable[Institution] | None = None,
    **fields: Any,
) -> Course:
    """Edit a course's description and rules. The status changes only through submit and
    review; the enrolment count only through enrolment."""
    check_fields(fields, COURSE_FIELDS, "course")
    # The cover: a new upload replaces it, False removes it, anything else keeps it.
    cover = fields.pop("cover", None)
    _validate_cover(cover)
    stored: list[str] = []
    replaced: list[str] = []
    try:
        with transaction.atomic():
            locked = (
                Course.objects.select_for_update()
                .select_related("alliance", "provider")
                .get(pk=course.pk)
            )
            before = {name: getattr(locked, name) for name in fields}
            selected_before = sorted(locked.selected_institutions.values_list("pk", flat=True))
            for name, value in fields.items():
                setattr(locked, name, value)
            locked.title = locked.title.strip()
            locked.full_clean(exclude=["cover"])
            chosen = _check_selected(
                locked,
                locked.alliance,
                selected_institutions
                if selected_institutions is not None
                else locked.selected_institutions.all(),
            )
            old, new = audit_diff(before, locked)
            if selected_institutions is not None and chosen is not None:
                selected_after = sorted(i.pk for i in chosen)
                if selected_after != selected_before:
                    locked.selected_institutions.set(chosen)
                    old["selected_institutions"] = selected_before
                    new["selected_institutions"] = selected_after
            previous_cover = locked.cover.name or ""
            if _new_upload(cover):
                stored.append(_store_cover(locked, cover))
            elif cover is False and previous_cover:
                locked.cover = ""
            if (locked.cover.name or "") != previous_cover:
                old["cover"], new["cover"] = previous_cover, locked.cover.name or ""
                if previous_cover:
                    replaced.append(previous_cover)
            if not old:
                return locked
            locked.save(
                update_fields=[*(k for k in old if k != "selected_institutions"), "updated_at"]
            )
            audit_record(
                actor=actor,
                action="course.update",
                target=locked,
                alliance=locked.alliance,
                institution=locked.provider,
                data={"before": old, "after": new, "published": locked.is_published},
            )
            _content_changed(locked)
            if locked.is_published:
                _sync_terms(locked)
            transaction.on_commit(lambda: _delete_public(replaced))
    except BaseException:
        _delete_public(stored)
        raise
    data_changed()
    return locked


def _readiness_problems(course: Course) -> list[str]:
    problems = []
    if not course.summary.strip():
        problems.append(str(_("Write the course's summary.")))
    if not Lesson.objects.filter(module__course=course, is_published=True).exists():
        problems.append(str(_("Publish at least one lesson.")))
    return problems


def course_submit(*, actor: User, course: Course) -> Course:
    """The team sends a draft (or a course with changes requested) to the alliance."""
    with transaction.atomic():
        locked = Course.objects.select_for_update().select_related("alliance").get(pk=course.pk)
        if locked.status not in (CourseStatus.DRAFT, CourseStatus.CHANGES_REQUESTED):
            raise Conflict(
                _("A course that is “%(status)s” cannot be submitted.")
                % {"status": locked.get_status_display()},
                code="invalid_transition",
            )
        problems = _readiness_problems(locked)
        if problems:
            raise ServiceError(
                _("The course is not ready for review: %(problems)s")
                % {"problems": " ".join(problems)},
                code="not_ready",
            )
        locked.status = CourseStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(actor=actor, action="course.submit", target=locked, alliance=locked.alliance)
        _content_changed(locked)
        url = site_url(reverse("courses:review", kwargs={"course_id": locked.pk}))
        for admin in locked.alliance.admins.all():
            send_templated_mail(
                to=admin.email,
                language=admin.preferred_language,
                template="courses/email/submitted",
                context={"course": locked, "person": admin, "url": url},
            )
    data_changed()
    return locked


def course_review(*, actor: User, course: Course, approve: bool, comment: str = "") -> Course:
    """An admin of the course's alliance approves (publishes) a submitted course or asks
    for changes, saying which."""
    comment = comment.strip()
    if len(comment) > 5000:
        raise ServiceError(_("The comment is longer than 5000 characters."), code="invalid")
    if not approve and not comment:
        raise ServiceError(_("Say what should change."), code="comment_required")
    with transaction.atomic():
        locked = Course.objects.select_for_update().select_related("alliance").get(pk=course.pk)
        if not is_alliance_admin(actor, locked.alliance):
            raise NotAllowed(_("Only the alliance's admins review courses."), code="forbidden")
        if locked.status != CourseStatus.SUBMITTED:
            raise Conflict(
                _("Only a submitted course can be reviewed; this one is “%(status)s”.")
                % {"status": locked.get_status_display()},
                code="invalid_transition",
            )
        now = timezone.now()
        locked.status = CourseStatus.APPROVED if approve else CourseStatus.CHANGES_REQUESTED
        locked.reviewed_at = now
        locked.review_comment = comment
        if approve and locked.published_at is None:
            locked.published_at = now
        locked.save(
            update_fields=["status", "reviewed_at", "review_comment", "published_at", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="course.approve" if approve else "course.request_changes",
            target=locked,
            alliance=locked.alliance,
            data={"comment": comment} if comment else {},
        )
        _content_changed(locked)
        if approve:
            _sync_terms(locked)
        url = site_url(reverse("courses:manage", kwargs={"course_id": locked.pk}))
        leads = User.objects.filter(
            course_roles__course=locked, course_roles__role=TeamRole.LEAD_INSTRUCTOR
        )
        for lead in leads:
            send_templated_mail(
                to=lead.email,
                language=lead.preferred_language,
                template="courses/email/reviewed",
                context={
                    "course": locked,
                    "person": lead,
                    "approved": approve,
                    "comment": comment,
                    "url": url,
                },
            )
    data_changed()
    return locked


# --- Team -----------------------------------------------------------------------------


def team_add(*, actor: User | None, course: Course, user: User, role: str) -> CourseTeamMember:
    if role not in TeamRole.values:
        raise ServiceError(_("Select a valid role."), code="invalid_role")
    try:
        with transaction.atomic():
            last = course.team.aggregate(last=Max("position"))["last"]
            member = CourseTeamMember.objects.create(
                course=course, user=user, role=role, position=(last or 0) + 1
            )
            audit_record(
                actor=actor,
                action="course.team_add",
                target=course,
                alliance=course.alliance,
                data={"user": user.pk, "name": user.display_name, "role": role},
            )
            _content_changed(course)
    except IntegrityError:
        raise Conflict(
            _("This person is already in the course's team."), code="already_in_team"
        ) from None
    data_changed()
    return member


def team_remove(*, actor: User | None, member: CourseTeamMember) -> None:
    with transaction.atomic():
        locked = (
            CourseTeamMember.objects.select_for_update()
            .select_related("user", "course", "course__alliance")
            .get(pk=member.pk)
        )
        if (
            locked.role == TeamRole.LEAD_INSTRUCTOR
            and not CourseTeamMember.objects.filter(
                course_id=locked.course_id, role=TeamRole.LEAD_INSTRUCTOR
            )
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise Conflict(
                _("A course keeps at least one lead instructor. Add another one first."),
                code="last_lead",
            )
        locked.delete()
        audit_record(
            actor=actor,
            action="course.team_remove",
            target=locked.course,
            alliance=locked.course.alliance,
            data={"user": locked.user.pk, "name": locked.user.display_name, "role": locked.role},
        )
        _content_changed(locked.course)
    data_changed()


# --- Modules --------------------------------------------------------------------------


def _next_position(rows: models.QuerySet[Any]) -> int:
    last = rows.aggregate(last=Max("position"))["last"]
    return 1 if last is None else last + 1


def module_create(*, actor: User | None, course: Course, **fields: Any) -> Module:
    check_fields(fields, MODULE_FIELDS, "module")
    if fields.get("position") is None:
        fields["position"] = _next_position(course.modules.all())
    module = Module(course=course, **fields)
    module.title = module.title.strip()
    module.full_clean()
    with transaction.atomic():
        module.save()
        audit_record(
            actor=actor,
            action="course.module_create",
            target=course,
            alliance=course.alliance,
            data={"module": module.pk, "title": module.title},
        )
        _content_changed(course)
    data_changed()
    return module


def module_update(*, actor: User | None, module: Module, **fields: Any) -> Module:
    check_fields(fields, MODULE_FIELDS, "module")
    if "position" in fields and fields["position"] is None:
        del fields["position"]  # left empty: keep its place
    before = {name: getattr(module, name) for name in fields}
    for name, value in fields.items():
        setattr(module, name, value)
    module.title = module.title.strip()
    module.full_clean()
    old, new = audit_diff(before, module)
    if not old:
        return module
    with transaction.atomic():
        module.save()
        audit_record(
            actor=actor,
            action="course.module_update",
            target=module.course,
            alliance=module.course.alliance,
            data={"module": module.pk, "title": module.title, "before": old, "after": new},
        )
        _content_changed(module.course)
    data_changed()
    return module


def module_delete(*, actor: User | None, module: Module) -> None:
    with transaction.atomic():
        if module.lessons.exists():
            raise Conflict(
                _("The module still has lessons. Delete or move them first."), code="not_empty"
            )
        course = module.course
        audit_record(
            actor=actor,
            action="course.module_delete",
            target=course,
            alliance=course.alliance,
            data={"module": module.pk, "title": module.title},
        )
        _content_changed(course)
        module.delete()
    data_changed()


# --- Lessons --------------------------------------------------------------------------


def _new_upload(value: Any) -> bool:
    """A file just uploaded (not the one already stored)."""
    return bool(value) and not (
        isinstance(value, FieldFile) and getattr(value, "_committed", False)
    )


def _validate_uploads(fields: dict[str, Any]) -> None:
    errors: dict[str, list[ValidationError]] = {}
    for name, validate in (
        ("video_file", media.validate_video),
        ("reading_file", media.validate_reading),
    ):
        value: Any = fields.get(name)
        if _new_upload(value):
            try:
                validate(value)
            except ValidationError as error:
                errors[name] = [error]
    if errors:
        raise ValidationError(errors)


def _delete_stored(names: Iterable[str]) -> None:
    for name in names:
        if name:
            media.private_storage.delete(name)


def _lesson_save(lesson: Lesson, uploads: dict[str, Any], replaced: list[str]) -> list[str]:
    """Save the lesson with its new files; the names stored, to remove on failure."""
    stored: list[str] = []
    for name, value in uploads.items():
        field: FieldFile = getattr(lesson, name)
        if value is False or value is None:
            if field.name:
                replaced.append(field.name)
            setattr(lesson, name, "")
            continue
        if field.name and getattr(field, "_committed", False):
            replaced.append(field.name)
        original = getattr(value, "name", "") or ""
        field.save(original, value, save=False)
        stored.append(field.name or "")
        if name == "reading_file":
            lesson.reading_name = original.rsplit("/", 1)[-1][:200]
    try:
        lesson.save()
        if lesson.kind == LessonKind.QUIZ:
            Quiz.objects.get_or_create(lesson=lesson)
    except BaseException:
        _delete_stored(stored)
        raise
    return stored


def lesson_create(*, actor: User | None, module: Module, **fields: Any) -> Lesson:
    check_fields(fields, LESSON_FIELDS, "lesson")
    _validate_uploads(fields)
    uploads = {name: fields.pop(name) for name in FILE_FIELDS if name in fields}
    if fields.get("position") is None:
        fields["position"] = _next_position(module.lessons.all())
    lesson = Lesson(module=module, **fields)
    for name, value in uploads.items():
        if value:
            setattr(lesson, name, value)  # so that clean() sees it; saved below
    lesson.title = lesson.title.strip()
    lesson.full_clean(exclude=list(FILE_FIELDS))
    for name in uploads:
        setattr(lesson, name, "")
    course = module.course
    stored: list[str] = []
    try:
        with transaction.atomic():
            stored = _lesson_save(lesson, uploads, [])
            audit_record(
                actor=actor,
                action="course.lesson_create",
                target=course,
                alliance=course.alliance,
                data={"lesson": lesson.pk, "title": lesson.title, "kind": lesson.kind},
            )
            _content_changed(course)
            if course.is_published:
                _sync_terms(course)
    except BaseException:
        _delete_stored(stored)
        raise
    data_changed()
    return lesson


def lesson_update(*, actor: User | None, lesson: Lesson, **fields: Any) -> Lesson:
    """Edit a lesson. A file field given as ``False`` removes the stored file; a new file
    replaces it (the old one is deleted once the change is committed)."""
    check_fields(fields, LESSON_FIELDS, "lesson")
    if "position" in fields and fields["position"] is None:
        del fields["position"]  # left empty: keep its place
    _validate_uploads(fields)
    uploads = {
        name: fields.pop(name)
        for name in FILE_FIELDS
        if name in fields and (fields[name] is False or _new_upload(fields[name]))
    }
    fields = {k: v for k, v in fields.items() if k not in FILE_FIELDS}
    before = {name: getattr(lesson, name) for name in (*fields, *uploads)}
    for name, value in fields.items():
        setattr(lesson, name, value)
    lesson.title = lesson.title.strip()
    kept = {name: getattr(lesson, name).name for name in uploads}
    for name, value in uploads.items():
        if value:
            setattr(lesson, name, value)
        else:
            setattr(lesson, name, "")
    lesson.full_clean(exclude=list(FILE_FIELDS))
    for name, stored_name in kept.items():
        setattr(lesson, name, stored_name)
    old, new = audit_diff({k: v for k, v in before.items() if k not in uploads}, lesson)
    if not old and not uploads:
        return lesson
    course = lesson.module.course
    replaced: list[str] = []
    stored: list[str] = []
    try:
        with transaction.atomic():
            stored = _lesson_save(lesson, uploads, replaced)
            for name in uploads:
                old[name] = audit_value(before[name])
                new[name] = getattr(lesson, name).name or ""
            audit_record(
                actor=actor,
                action="course.lesson_update",
                target=course,
                alliance=course.alliance,
                data={"lesson": lesson.pk, "title": lesson.title, "before": old, "after": new},
            )
            _content_changed(course)
            if course.is_published:
                _sync_terms(course)
            transaction.on_commit(lambda: _delete_stored(replaced))
    except BaseException:
        _delete_stored(stored)
        raise
    data_changed()
    return lesson


def lesson_delete(*, actor: User | None, lesson: Lesson) -> None:
    course = lesson.module.course
    with transaction.atomic():
        if LessonProgress.objects.filter(lesson=lesson).exists():
            raise Conflict(
                _("Learners have progress in this lesson. Unpublish it instead of deleting it."),
                code="has_progress",
            )
        files = [lesson.video_file.name or "", lesson.reading_file.name or ""]
        files += [t.file.name or "" for t in lesson.subtitles.all()]
        if course.is_published:
            from huitong.terminology.markup import usage_sync

            usage_sync(obj=lesson, field="body", text="", title="", url="")
        audit_record(
            actor=actor,
            action="course.lesson_delete",
            target=course,
            alliance=course.alliance,
            data={"lesson": lesson.pk, "title": lesson.title},
        )
        _content_changed(course)
        lesson.delete()
        transaction.on_commit(lambda: _delete_stored(files))
    data_changed()


def subtitle_add(*, actor: User | None, lesson: Lesson, language: str, file: Any) -> SubtitleTrack:
    if lesson.kind != LessonKind.VIDEO:
        raise ServiceError(_("Only video lessons take subtitles."), code="not_video")
    if language not in CONTENT_LANGUAGES:
        raise ValidationError({"language": _("Select a valid choice.")})
    try:
        media.validate_webvtt(file)
    except ValidationError as error:
        raise ValidationError({"file": error}) from None
    if SubtitleTrack.objects.filter(lesson=lesson, language=language).exists():
        raise Conflict(
            _("This video already has subtitles in this language. Remove them first."),
            code="duplicate_subtitles",
        )
    course = lesson.module.course
    track = SubtitleTrack(lesson=lesson, language=language)
    track.file.save(getattr(file, "name", "subtitles.vtt"), file, save=False)
    try:
        with transaction.atomic():
            track.save()
            audit_record(
                actor=actor,
                action="course.subtitle_add",
                target=course,
                alliance=course.alliance,
                data={"lesson": lesson.pk, "language": language},
            )
    except IntegrityError:
        _delete_stored([track.file.name or ""])
        raise Conflict(
            _("This video already has subtitles in this language. Remove them first."),
            code="duplicate_subtitles",
        ) from None
    except BaseException:
        _delete_stored([track.file.name or ""])
        raise
    data_changed()
    return track


def subtitle_remove(*, actor: User | None, track: SubtitleTrack) -> None:
    course = track.lesson.module.course
    name = track.file.name or ""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="course.subtitle_remove",
            target=course,
            alliance=course.alliance,
            data={"lesson": track.lesson_id, "language": track.language},
        )
        track.delete()
        transaction.on_commit(lambda: _delete_stored([name]))
    data_changed()


# --- Enrolment and progress -----------------------------------------------------------

_REFUSALS: dict[str, type[ServiceError]] = {
    "conflict": Conflict,
    "not_allowed": NotAllowed,
    "invalid": ServiceError,
}


def enrolment_create(*, course: Course, learner: User, code: str = "") -> tuple[Enrolment, bool]:
    """Enrol ``learner`` under the course's access policy, dates and capacity.

    The course's row is locked for the check and the count, so many learners enrolling at
    once never exceed the capacity. Enrolling twice returns the first enrolment
    (``created`` is False) and counts once.
    """
    with transaction.atomic():
        locked = (
            Course.objects.select_for_update()
            .select_related("alliance", "provider")
            .get(pk=course.pk)
        )
        existing = Enrolment.objects.filter(course=locked, learner=learner).first()
        if existing is not None:
            existing.course = locked
            return existing, False
        refusal = enrolment_refusal(learner, locked, code=code)
        if refusal is not None:
            raise _REFUSALS[refusal.kind](refusal.message, code=refusal.code)
        enrolment = Enrolment.objects.create(course=locked, learner=learner)
        Course.objects.filter(pk=locked.pk).update(enrolment_count=F("enrolment_count") + 1)
        locked.enrolment_count += 1
        enrolment.course = locked
        audit_record(
            actor=learner,
            action="enrolment.create",
            target=enrolment,
            alliance=locked.alliance,
            institution=locked.provider,
        )
    data_changed()
    return enrolment, True


def lesson_visit(*, enrolment: Enrolment, lesson: Lesson) -> None:
    """Remember the lesson the learner opened last, to resume there."""
    if enrolment.last_lesson_id == lesson.pk:
        return
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson)
    enrolment.last_lesson = lesson


def _check_lesson(enrolment: Enrolment, lesson: Lesson) -> None:
    if lesson.module.course_id != enrolment.course_id:
        raise ValueError("The lesson is not part of the enrolment's course.")
    if not lesson.is_published:
        raise Conflict(_("This lesson is not published."), code="not_published")


def _course_completion(enrolment: Enrolment) -> None:
    """Mark the course complete once every required published lesson is complete."""
    if enrolment.completed_at is not None:
        return
    from huitong.courses.selectors import course_outline, outline_lessons

    def done(required: set[int]) -> set[int]:
        return set(
            enrolment.progress.filter(
                completed_at__isnull=False, lesson_id__in=required
            ).values_list("lesson_id", flat=True)
        )

    # Most calls end here, on the outline cached for the course version the request read.
    outline = course_outline(course=enrolment.course, include_drafts=False)
    required = {
        lesson.pk for lesson in outline_lessons(outline) if lesson.is_published and lesson.required
    }
    if not required or required - done(required):
        return
    # About to complete: ask the database, in case a required lesson was published since
    # this request read the course.
    required = set(
        Lesson.objects.filter(
            module__course_id=enrolment.course_id, is_published=True, required=True
        ).values_list("pk", flat=True)
    )
    if not required or required - done(required):
        return
    now = timezone.now()
    if Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
        completed_at=now
    ):
        enrolment.completed_at = now
        audit_record(
            actor=enrolment.learner,
            action="enrolment.complete",
            target=enrolment,
            alliance=enrolment.course.alliance,
            institution=enrolment.course.provider,
        )
        from huitong.courses.completion import course_certificate_issue

        course_certificate_issue(enrolment=enrolment)
        data_changed()


def _complete(enrolment: Enrolment, lesson: Lesson, position: float | None) -> LessonProgress:
    with transaction.atomic():
        progress, created = LessonProgress.objects.get_or_create(
            enrolment=enrolment,
            lesson=lesson,
            # Marked complete (not a video position): done in the same INSERT.
            defaults={"completed_at": timezone.now()} if position is None else {},
        )
        updates: list[str] = []
        if created and progress.completed_at is not None:
            _course_completion(enrolment)
            return progress
        if position is not None:
            progress.video_position = position
            updates.append("video_position")
        if progress.completed_at is None and (position is None or _watched(lesson, position)):
            progress.completed_at = timezone.now()
            updates.append("completed_at")
        if updates:
            progress.save(update_fields=[*updates, "updated_at"])
        if "completed_at" in updates:
            _course_completion(enrolment)
    return progress


def _watched(lesson: Lesson, position: float) -> bool:
    length = lesson.video_duration or lesson.__dict__.get("_reported_duration") or 0
    return bool(length) and position >= WATCHED * length


def lesson_complete(*, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    """The learner marks a text, reading or live lesson (or a linked video) as done."""
    _check_lesson(enrolment, lesson)
    if lesson.kind == LessonKind.QUIZ:
        raise Conflict(_("A quiz is complete when it is passed."), code="quiz")
    if lesson.kind == LessonKind.VIDEO and lesson.video_file:
        raise Conflict(
            _("A video is complete once it has been watched to the end."), code="watch_video"
        )
    return _complete(enrolment, lesson, None)


def quiz_passed(*, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    """The quizzes call this when the learner passes a lesson's quiz."""
    _check_lesson(enrolment, lesson)
    return _complete(enrolment, lesson, None)


def video_progress(
    *, enrolment: Enrolment, lesson: Lesson, position: float, duration: float
) -> LessonProgress:
    """Record where the learner is in an uploaded video; watching at least 95% of it
    completes the lesson. The lesson's own length, when the team gave it, wins over the
    length the player reports."""
    _check_lesson(enrolment, lesson)
    if lesson.kind != LessonKind.VIDEO or not lesson.video_file:
        raise ServiceError(_("This lesson has no uploaded video."), code="not_video")
    if not (
        math.isfinite(position)
        and math.isfinite(duration)
        and 0 <= position <= 24 * 3600
        and 0 < duration <= 24 * 3600
        and position <= duration + 1
    ):
        raise ServiceError(_("The position in the video is not valid."), code="invalid")
    lesson.__dict__["_reported_duration"] = duration
    return _complete(enrolment, lesson, position)
