"""Fetch-and-authorize helpers for courses, and the rule of who may enrol.

Every view and API endpoint that reads a course, module, lesson, file or enrolment by its
identifier goes through one of these: they return the object only if the user may use
it that way, and raise ``Http404`` (the user may not know it exists) or
``PermissionDenied`` (they may see it, not do this) otherwise.

Who is who for a course:

- the **team** (lead instructors, instructors, teaching assistants) sees drafts; lead
  instructors and instructors edit the content; lead instructors manage the team and
  submit the course for review;
- the **admins of the course's alliance** review it and may do everything the team does;
- **learners** see published courses, and the published lessons of the courses they are
  enrolled in.
"""

from __future__ import annotations

import secrets
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from huitong.alliance.access import is_alliance_admin
from huitong.alliance.models import AffiliationStatus, Alliance, Institution, MembershipStatus
from huitong.core.i18n import translated
from huitong.courses.models import (
    EDITOR_ROLES,
    AccessPolicy,
    Attempt,
    Choice,
    Course,
    CourseTeamMember,
    Enrolment,
    Lesson,
    LessonKind,
    Module,
    Question,
    Quiz,
    SubtitleTrack,
    TeamRole,
)


def _authenticated(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _denied(message: str) -> PermissionDenied:
    return PermissionDenied(message)


# --- Roles ----------------------------------------------------------------------------


def team_role(user: Any, course: Course) -> str | None:
    """The user's role in the course's team, if any (cached on the course per user)."""
    if not _authenticated(user):
        return None
    cache: dict[int, str | None] = course.__dict__.setdefault("_team_roles", {})
    if user.pk not in cache:
        cache[user.pk] = (
            CourseTeamMember.objects.filter(course=course, user=user)
            .values_list("role", flat=True)
            .first()
        )
    return cache[user.pk]


def is_reviewer(user: Any, course: Course) -> bool:
    """The admins of the course's alliance review it."""
    if not _authenticated(user):
        return False
    cache: dict[int, bool] = course.__dict__.setdefault("_reviewers", {})
    if user.pk not in cache:
        cache[user.pk] = is_alliance_admin(user, course.alliance)
    return cache[user.pk]


def is_team(user: Any, course: Course) -> bool:
    return team_role(user, course) is not None


def is_staff(user: Any, course: Course) -> bool:
    """The team and the alliance's admins: they see drafts and every lesson."""
    return is_team(user, course) or is_reviewer(user, course)


def can_edit(user: Any, course: Course) -> bool:
    return team_role(user, course) in EDITOR_ROLES or is_reviewer(user, course)


def can_lead(user: Any, course: Course) -> bool:
    return team_role(user, course) == TeamRole.LEAD_INSTRUCTOR or is_reviewer(user, course)


# --- Courses --------------------------------------------------------------------------


def _viewer_roles(course: Course, user: Any) -> None:
    """Read the user's team role and whether they administer the course's alliance in one
    small query (plain SQL: the ORM would spend longer compiling it than the database
    running it); ``team_role`` and ``is_reviewer`` then answer from the course."""
    quote = connection.ops.quote_name
    team = quote(CourseTeamMember._meta.db_table)
    admins = quote(Alliance.admins.through._meta.db_table)
    # Table names from the models, quoted; every value is a parameter.
    sql = (
        f"SELECT (SELECT role FROM {team} WHERE course_id = %s AND user_id = %s "  # noqa: S608
        f"ORDER BY id LIMIT 1), "
        f"EXISTS (SELECT 1 FROM {admins} WHERE alliance_id = %s AND user_id = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [course.pk, user.pk, course.alliance_id, user.pk])
        role, admin = cursor.fetchone()
    course.__dict__["_team_roles"] = {user.pk: role}
    course.__dict__["_reviewers"] = {user.pk: bool(user.is_superuser or admin)}


def _course(course_id: int, user: Any) -> Course:
    course = (
        Course.objects.select_related("provider", "provider__country", "alliance")
        .filter(pk=course_id)
        .first()
    )
    if course is None:
        raise Http404
    if _authenticated(user):
        _viewer_roles(course, user)
    return course


def course_for_viewer(*, user: Any, course_id: int) -> Course:
    """A published course, or a draft for its staff; for anyone else a draft is missing."""
    course = _course(course_id, user)
    if course.is_published or is_staff(user, course):
        return course
    raise Http404


def course_for_learner(*, user: Any, course_id: int) -> Course:
    """A course the user is enrolled in."""
    return enrolment_for_learner(user=user, course_id=course_id).course


def enrolment_for_learner(*, user: Any, course_id: int) -> Enrolment:
    course = course_for_viewer(user=user, course_id=course_id)
    if not _authenticated(user):
        raise _denied(_("Log in first."))
    enrolment = Enrolment.objects.filter(course=course, learner=user).first()
    if enrolment is None:
        raise _denied(_("Enrol in the course first."))
    enrolment.course = course
    return enrolment


def course_for_enrolment(*, user: Any, course_id: int) -> Course:
    """A course the user may try to enrol in (the enrolment service applies the rule)."""
    if not _authenticated(user):
        raise _denied(_("Log in first."))
    return course_for_viewer(user=user, course_id=course_id)


def course_for_staff(*, user: Any, course_id: int) -> Course:
    course = course_for_viewer(user=user, course_id=course_id)
    if not is_staff(user, course):
        raise _denied(_("Only the course's team and the alliance's admins may do this."))
    return course


def course_for_editor(*, user: Any, course_id: int) -> Course:
    course = course_for_viewer(user=user, course_id=course_id)
    if not can_edit(user, course):
        raise _denied(_("Only the course's instructors and the alliance's admins may edit it."))
    return course


def course_for_lead(*, user: Any, course_id: int) -> Course:
    course = course_for_viewer(user=user, course_id=course_id)
    if not can_lead(user, course):
        raise _denied(
            _("Only the course's lead instructors and the alliance's admins may do this.")
        )
    return course


def course_for_reviewer(*, user: Any, course_id: int) -> Course:
    course = course_for_viewer(user=user, course_id=course_id)
    if not is_reviewer(user, course):
        raise _denied(_("Only the alliance's admins review courses."))
    return course


def providers_for(user: Any) -> QuerySet[Institution]:
    """Institutions the user may create a course for: where they are approved faculty or
    admin, and which are approved members of an alliance."""
    if not _authenticated(user):
        return Institution.objects.none()
    mine = Institution.objects.filter(
        affiliations__user=user,
        affiliations__status=AffiliationStatus.APPROVED,
        affiliations__role__in=("faculty", "institution_admin"),
        memberships__status=MembershipStatus.APPROVED,
    )
    if user.is_superuser:
        mine = Institution.objects.filter(memberships__status=MembershipStatus.APPROVED)
    return Institution.objects.filter(pk__in=mine.values("pk")).order_by("name")


def require_course_creator(*, user: Any) -> None:
    if not providers_for(user).exists():
        raise _denied(
            _(
                "Only faculty and admins of a member institution may create courses. Request "
                "an affiliation with your institution first."
            )
        )


# --- Modules, lessons and files -------------------------------------------------------


def module_for_editor(*, user: Any, course_id: int, module_id: int) -> Module:
    course = course_for_editor(user=user, course_id=course_id)
    module = Module.objects.filter(pk=module_id, course=course).first()
    if module is None:
        raise Http404
    module.course = course
    return module


def lesson_for_editor(*, user: Any, course_id: int, lesson_id: int) -> Lesson:
    course = course_for_editor(user=user, course_id=course_id)
    lesson = Lesson.objects.select_related("module").filter(pk=lesson_id, module__course=course)
    found = lesson.first()
    if found is None:
        raise Http404
    found.module.course = course
    return found


def subtitle_for_editor(*, user: Any, course_id: int, track_id: int) -> SubtitleTrack:
    course = course_for_editor(user=user, course_id=course_id)
    track = (
        SubtitleTrack.objects.select_related("lesson", "lesson__module")
        .filter(pk=track_id, lesson__module__course=course)
        .first()
    )
    if track is None:
        raise Http404
    track.lesson.module.course = course
    return track


def team_member_for_lead(*, user: Any, course_id: int, member_id: int) -> CourseTeamMember:
    course = course_for_lead(user=user, course_id=course_id)
    member = CourseTeamMember.objects.select_related("user").filter(pk=member_id, course=course)
    found = member.first()
    if found is None:
        raise Http404
    found.course = course
    return found


@dataclass
class LessonAccess:
    lesson: Lesson
    course: Course
    enrolment: Enrolment | None
    is_staff: bool


def lesson_for_learner(*, user: Any, course_id: int, lesson_id: int) -> LessonAccess:
    """A published lesson of a course the user is enrolled in; the course's staff open
    every lesson, drafts included, without enrolling."""
    course = course_for_viewer(user=user, course_id=course_id)
    lesson = (
        Lesson.objects.select_related("module").filter(pk=lesson_id, module__course=course).first()
    )
    if lesson is None:
        raise Http404
    return _opened(user, course, lesson)


def _opened(user: Any, course: Course, lesson: Lesson) -> LessonAccess:
    lesson.module.course = course
    staff = is_staff(user, course)
    if not staff and not lesson.is_published:
        raise Http404
    if not _authenticated(user):
        raise _denied(_("Log in first."))
    enrolment = Enrolment.objects.filter(course=course, learner=user).first()
    if enrolment is None and not staff:
        raise _denied(_("Enrol in the course to open its lessons."))
    if enrolment is not None:
        enrolment.course = course
    return LessonAccess(lesson, course, enrolment, staff)


def subtitle_for_learner(*, user: Any, course_id: int, track_id: int) -> SubtitleTrack:
    track = SubtitleTrack.objects.filter(pk=track_id).only("pk", "lesson_id").first()
    if track is None:
        raise Http404
    opened = lesson_for_learner(user=user, course_id=course_id, lesson_id=track.lesson_id)
    full = SubtitleTrack.objects.get(pk=track.pk)
    full.lesson = opened.lesson
    return full


# --- Who may enrol --------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    kind: str  # "conflict" (409), "not_allowed" (403) or "invalid" (400)


def _when(value: datetime, user: Any) -> str:
    zone_name = getattr(user, "time_zone", "") or "UTC"
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = timezone.localtime(value, zone)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({zone_name})"


def member_institutions(user: Any, course: Course) -> QuerySet[Institution]:
    """The approved members of the course's alliance where the user has an approved
    affiliation."""
    if not _authenticated(user):
        return Institution.objects.none()
    return Institution.objects.filter(
        affiliations__user=user,
        affiliations__status=AffiliationStatus.APPROVED,
        memberships__alliance_id=course.alliance_id,
        memberships__status=MembershipStatus.APPROVED,
    ).distinct()


def _names(institutions: list[Institution]) -> str:
    return ", ".join(translated(i, "name").text for i in institutions)


def enrolment_refusal(
    user: Any, course: Course, *, code: str | None, now: datetime | None = None
) -> Refusal | None:
    """Why ``user`` may not enrol in ``course`` now, or None if they may.

    ``code=None`` leaves the invitation code unchecked (to explain the rule on the course
    page before the learner types it). The enrolment service calls this under the course's
    row lock, so the capacity it reads is the current one.
    """
    now = now or timezone.now()
    if not course.is_published:
        return Refusal(
            "not_published", _("This course is not published yet; no one can enrol."), "conflict"
        )
    if not _authenticated(user):
        return Refusal("unauthenticated", _("Log in to enrol."), "not_allowed")
    if course.enrolment_opens is not None and now < course.enrolment_opens:
        return Refusal(
            "enrolment_not_open",
            _("Enrolment opens on %(date)s.") % {"date": _when(course.enrolment_opens, user)},
            "conflict",
        )
    if course.enrolment_closes is not None and now >= course.enrolment_closes:
        return Refusal(
            "enrolment_closed",
            _("Enrolment closed on %(date)s.") % {"date": _when(course.enrolment_closes, user)},
            "conflict",
        )
    if course.is_full:
        return Refusal("course_full", _("The course is full."), "conflict")
    policy = course.access_policy
    if policy == AccessPolicy.ALLIANCE_MEMBERS and not member_institutions(user, course).exists():
        return Refusal(
            "not_eligible",
            _(
                "Only people affiliated with a member institution of %(alliance)s may enrol. "
                "Request an affiliation with your institution if it is a member."
            )
            % {"alliance": translated(course.alliance, "name").text},
            "not_allowed",
        )
    if policy == AccessPolicy.SELECTED_INSTITUTIONS:
        selected = list(course.selected_institutions.all())
        if not member_institutions(user, course).filter(pk__in=[i.pk for i in selected]).exists():
            return Refusal(
                "not_eligible",
                _("Only people of these institutions may enrol: %(institutions)s.")
                % {"institutions": _names(selected) or "—"},
                "not_allowed",
            )
    if policy == AccessPolicy.INVITATION_CODE and code is not None:
        given = code.strip().casefold()
        if not given:
            return Refusal(
                "code_required", _("Enter the invitation code you were given."), "invalid"
            )
        if not secrets.compare_digest(
            given.encode(), course.invitation_code.strip().casefold().encode()
        ):
            return Refusal(
                "invalid_code", _("This invitation code is not valid for this course."), "invalid"
            )
    return None


def may_enrol(user: Any, course: Course, *, enrolled: bool | None = None) -> tuple[bool, str]:
    """Whether ``user`` may enrol in ``course``, and a sentence saying why (shown on the
    course page). ``enrolled`` says whether they already are, when the caller knows."""
    if enrolled is None:
        enrolled = (
            _authenticated(user) and Enrolment.objects.filter(course=course, learner=user).exists()
        )
    if enrolled and course.is_published:
        return False, _("You are enrolled in this course.")
    refusal = enrolment_refusal(user, course, code=None)
    if refusal is not None:
        return False, refusal.message
    policy = course.access_policy
    if policy == AccessPolicy.OPEN:
        return True, _("This course is open to everyone.")
    if policy == AccessPolicy.INVITATION_CODE:
        return True, _("Enter the invitation code you were given to enrol.")
    institution = member_institutions(user, course)
    if policy == AccessPolicy.SELECTED_INSTITUTIONS:
        institution = institution.filter(pk__in=course.selected_institutions.values("pk"))
        first = institution.first()
        return True, _(
            "You may enrol as a member of %(institution)s, one of the institutions this course "
            "is open to."
        ) % {"institution": translated(first, "name").text if first else "—"}
    first = institution.first()
    return True, _("You may enrol as a member of %(institution)s, a member of %(alliance)s.") % {
        "institution": translated(first, "name").text if first else "—",
        "alliance": translated(course.alliance, "name").text,
    }


# --- Quizzes --------------------------------------------------------------------------


def quiz_for_editor(*, user: Any, course_id: int, lesson_id: int) -> Quiz:
    """The quiz of a quiz lesson, for the course's editors."""
    from huitong.courses.quizzes import quiz_for_lesson

    lesson = lesson_for_editor(user=user, course_id=course_id, lesson_id=lesson_id)
    if lesson.kind != LessonKind.QUIZ:
        raise Http404
    return quiz_for_lesson(lesson)


def question_for_editor(*, user: Any, course_id: int, lesson_id: int, question_id: int) -> Question:
    quiz = quiz_for_editor(user=user, course_id=course_id, lesson_id=lesson_id)
    question = Question.objects.filter(pk=question_id, quiz=quiz).first()
    if question is None:
        raise Http404
    question.quiz = quiz
    return question


def choice_for_editor(*, user: Any, course_id: int, lesson_id: int, choice_id: int) -> Choice:
    quiz = quiz_for_editor(user=user, course_id=course_id, lesson_id=lesson_id)
    choice = (
        Choice.objects.select_related("question").filter(pk=choice_id, question__quiz=quiz).first()
    )
    if choice is None:
        raise Http404
    choice.question.quiz = quiz
    return choice


@dataclass
class QuizAccess:
    opened: LessonAccess
    quiz: Quiz


def quiz_for_learner(*, user: Any, course_id: int, lesson_id: int) -> QuizAccess:
    """The quiz of a lesson the user may open (see ``lesson_for_learner``); the quiz and
    its lesson are read in one query."""
    course = course_for_viewer(user=user, course_id=course_id)
    quiz = (
        Quiz.objects.select_related("lesson", "lesson__module")
        .filter(lesson_id=lesson_id, lesson__module__course=course, lesson__kind=LessonKind.QUIZ)
        .first()
    )
    if quiz is None:
        raise Http404
    return QuizAccess(_opened(user, course, quiz.lesson), quiz)


def quiz_for_taker(*, user: Any, course_id: int, lesson_id: int) -> QuizAccess:
    """As ``quiz_for_learner``, for an enrolled learner (who may take the quiz)."""
    found = quiz_for_learner(user=user, course_id=course_id, lesson_id=lesson_id)
    if found.opened.enrolment is None:
        raise _denied(_("Enrol in the course to take its quizzes."))
    return found


def attempt_for_learner(*, user: Any, course_id: int, lesson_id: int, attempt_id: int) -> Attempt:
    """One of the user's own attempts at the quiz of a lesson they may open."""
    found = quiz_for_taker(user=user, course_id=course_id, lesson_id=lesson_id)
    attempt = Attempt.objects.filter(pk=attempt_id, quiz=found.quiz, learner=user).first()
    if attempt is None:
        raise Http404
    attempt.quiz = found.quiz
    attempt.learner = user
    from huitong.courses.quizzes import with_enrolment

    if found.opened.enrolment is not None:
        with_enrolment(attempt, found.opened.enrolment)
    return attempt


# --- Teaching (roster, item statistics) -----------------------------------------------


def course_for_teaching(*, user: Any, course_id: int) -> Course:
    """A course whose learners and results the user may see: its team (teaching
    assistants included) and the admins of its alliance."""
    course = course_for_viewer(user=user, course_id=course_id)
    if not is_staff(user, course):
        raise _denied(
            _("Only the course's team and the alliance's admins may see its learners' results.")
        )
    return course


def quiz_for_teaching(*, user: Any, course_id: int, lesson_id: int) -> Quiz:
    """The quiz of a quiz lesson of a course the user teaches (see
    ``course_for_teaching``)."""
    course = course_for_teaching(user=user, course_id=course_id)
    quiz = (
        Quiz.objects.select_related("lesson", "lesson__module")
        .filter(lesson_id=lesson_id, lesson__module__course=course, lesson__kind=LessonKind.QUIZ)
        .first()
    )
    if quiz is None:
        raise Http404
    quiz.lesson.module.course = course
    return quiz
