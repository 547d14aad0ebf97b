"""Every non-trivial read of courses, shared by pages and the API.

The catalogue searches a text column that the course keeps of its titles and summaries in
every language, folded like the terminology's search (case, accents, traditional
characters: ``Course.search_text``), so a search in Chinese, Serbian or English finds the
course whichever language it was written in; languages and
recognition labels are filtered through similar derived columns, because SQLite has no
JSON containment. Each list runs a fixed number of queries whatever its length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse

from huitong.accounts.models import User
from huitong.alliance.models import Institution
from huitong.core import cache as data_cache
from huitong.core.models import AuditEntry, Country
from huitong.courses.models import (
    Course,
    CourseStatus,
    CourseTeamMember,
    Enrolment,
    Lesson,
    LessonProgress,
    Module,
    TeamRole,
)
from huitong.terminology.search import words

SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-published_at", "-pk"),
    "popular": ("-enrolment_count", "-pk"),
    "title": ("title", "pk"),
    "shortest": ("estimated_hours", "title", "pk"),
}


@dataclass
class CatalogueFilters:
    q: str = ""
    discipline: str = ""
    provider: int | None = None
    country: str = ""
    language: str = ""
    level: str = ""
    recognition: str = ""
    sort: str = "newest"


def catalogue(filters: CatalogueFilters) -> QuerySet[Course]:
    """Published courses matching the filters, with what their cards show."""
    courses = Course.objects.filter(status=CourseStatus.APPROVED)
    for word in words(filters.q)[:8]:
        courses = courses.filter(search_text__contains=word)
    if filters.discipline:
        courses = courses.filter(discipline=filters.discipline)
    if filters.provider:
        courses = courses.filter(provider_id=filters.provider)
    if filters.country:
        courses = courses.filter(provider__country_id=filters.country.upper())
    if filters.language:
        courses = courses.filter(language_keys__contains=f"|{filters.language}|")
    if filters.level:
        courses = courses.filter(level=filters.level)
    if filters.recognition:
        courses = courses.filter(recognition_keys__contains=f"|{filters.recognition}|")
    order = SORTS.get(filters.sort, SORTS["newest"])
    return courses.select_related("provider", "provider__country").order_by(*order)


# How many institutions the catalogue's provider filter lists: with thousands of
# providers, a list of all of them would cost more than the page itself.
PROVIDER_CHOICES = 60


def catalogue_providers(chosen: Any = None) -> list[Institution]:
    """The institutions the catalogue's provider filter offers: the ones with the most
    published courses (cached), plus the one chosen in the address (``?provider=<id>``,
    as the course page links it) if it has a published course."""

    def compute() -> list[Institution]:
        top = (
            Course.objects.filter(status=CourseStatus.APPROVED)
            .values("provider_id")
            .annotate(n=Count("id"))
            .order_by("-n", "provider_id")[:PROVIDER_CHOICES]
        )
        ids = [row["provider_id"] for row in top]
        return list(Institution.objects.filter(pk__in=ids).order_by("name"))

    providers: list[Institution] = data_cache.cached("courses:providers", compute)
    try:
        wanted = int(chosen) if chosen not in (None, "") else None
    except (TypeError, ValueError):
        wanted = None
    if wanted is not None and all(i.pk != wanted for i in providers):
        extra = (
            Institution.objects.filter(pk=wanted, courses__status=CourseStatus.APPROVED)
            .distinct()
            .first()
        )
        if extra is not None:
            providers = sorted([*providers, extra], key=lambda i: i.name)
    return providers


def catalogue_countries() -> list[Country]:
    def compute() -> list[Country]:
        codes = Course.objects.filter(status=CourseStatus.APPROVED).values("provider__country_id")
        return list(Country.objects.filter(pk__in=codes))

    return sorted(data_cache.cached("courses:countries", compute), key=str)


# --- One course -----------------------------------------------------------------------

ROLE_ORDER = {role: rank for rank, role in enumerate(TeamRole.values)}


def _per_course(course: Course, what: str) -> str:
    """A cache key that changes with every change to the course's content (the services
    raise ``content_version`` in the same transaction) and with every data change."""
    return f"courses:{what}:{course.pk}:{course.content_version}"


def course_team(*, course: Course) -> list[CourseTeamMember]:
    def compute() -> list[CourseTeamMember]:
        # Only what the pages and the API show: no password hash or e-mail in the cache.
        members = list(
            CourseTeamMember.objects.filter(course_id=course.pk)
            .select_related("user", "user__country")
            .only(
                "course_id",
                "role",
                "position",
                "user__name_latin",
                "user__name_native",
                "user__country",
            )
        )
        return sorted(members, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.position, m.pk))

    return data_cache.cached(_per_course(course, "team"), compute)


def course_uses_terms(*, course: Course) -> bool:
    """Whether the course's description or lessons name a concept, i.e. whether its
    glossary has anything to list."""
    from huitong.terminology.models import TermUsage

    return data_cache.cached(
        _per_course(course, "uses-terms"),
        lambda: TermUsage.objects.filter(group=f"courses.course.{course.pk}").exists(),
    )


def course_outline(*, course: Course, include_drafts: bool) -> list[Module]:
    """The modules in order, each with ``shown_lessons``: published ones, or every lesson
    for the course's staff. Cached per version of the course's content."""

    def compute() -> list[Module]:
        lessons = Lesson.objects.order_by("position", "pk")
        if not include_drafts:
            lessons = lessons.filter(is_published=True)
        modules = (
            Module.objects.filter(course_id=course.pk)
            .order_by("position", "pk")
            .prefetch_related(Prefetch("lessons", queryset=lessons, to_attr="shown_lessons"))
        )
        return list(modules)

    result = data_cache.cached(
        _per_course(course, "outline-all" if include_drafts else "outline"), compute
    )
    for module in result:
        module.course = course
        for lesson in module.shown_lessons:  # type: ignore[attr-defined]
            lesson.module = module
    return result


def outline_lessons(outline: list[Module]) -> list[Lesson]:
    return [lesson for module in outline for lesson in module.shown_lessons]  # type: ignore[attr-defined]


@dataclass
class Progress:
    completed: set[int] = field(default_factory=set)
    positions: dict[int, float] = field(default_factory=dict)
    required_total: int = 0
    required_done: int = 0

    @property
    def percent(self) -> int:
        if not self.required_total:
            return 0
        return round(100 * self.required_done / self.required_total)


def course_progress(*, enrolment: Enrolment, outline: list[Module]) -> Progress:
    """What the learner has done, counted over the required published lessons."""
    rows = LessonProgress.objects.filter(enrolment=enrolment).values_list(
        "lesson_id", "completed_at", "video_position"
    )
    progress = Progress()
    for lesson_id, completed_at, position in rows:
        if completed_at is not None:
            progress.completed.add(lesson_id)
        progress.positions[lesson_id] = position
    required = [
        lesson.pk for lesson in outline_lessons(outline) if lesson.is_published and lesson.required
    ]
    progress.required_total = len(required)
    progress.required_done = sum(1 for pk in required if pk in progress.completed)
    return progress


def resume_lesson(
    *, enrolment: Enrolment, outline: list[Module], progress: Progress
) -> Lesson | None:
    """Where the learner goes on: the lesson they opened last, else the first one they have
    not completed, else the first one."""
    lessons = [lesson for lesson in outline_lessons(outline) if lesson.is_published]
    by_id = {lesson.pk: lesson for lesson in lessons}
    if enrolment.last_lesson_id in by_id:
        return by_id[enrolment.last_lesson_id]
    for lesson in lessons:
        if lesson.pk not in progress.completed:
            return lesson
    return lessons[0] if lessons else None


def neighbours(*, outline: list[Module], lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    lessons = outline_lessons(outline)
    ids = [item.pk for item in lessons]
    if lesson.pk not in ids:
        return None, None
    index = ids.index(lesson.pk)
    before = lessons[index - 1] if index > 0 else None
    after = lessons[index + 1] if index + 1 < len(lessons) else None
    return before, after


# --- My learning ----------------------------------------------------------------------


@dataclass
class LearningRow:
    enrolment: Enrolment
    required_total: int
    required_done: int

    @property
    def course(self) -> Course:
        return self.enrolment.course

    @property
    def percent(self) -> int:
        if self.enrolment.completed_at is not None:
            return 100
        if not self.required_total:
            return 0
        return round(100 * self.required_done / self.required_total)


def my_learning(*, user: User) -> list[LearningRow]:
    """The learner's courses with their progress, in three queries."""
    enrolments = list(
        Enrolment.objects.filter(learner=user)
        .select_related(
            "course", "course__provider", "course__provider__country", "course__alliance"
        )
        .order_by("-enrolled_at", "-pk")
    )
    if not enrolments:
        return []
    course_ids = {e.course_id for e in enrolments}
    required = dict(
        Lesson.objects.filter(module__course_id__in=course_ids, is_published=True, required=True)
        .values_list("module__course_id")
        .annotate(n=Count("pk"))
    )
    done = dict(
        LessonProgress.objects.filter(
            enrolment__in=enrolments,
            completed_at__isnull=False,
            lesson__is_published=True,
            lesson__required=True,
        )
        .values_list("enrolment_id")
        .annotate(n=Count("pk"))
    )
    return [LearningRow(e, required.get(e.course_id, 0), done.get(e.pk, 0)) for e in enrolments]


def my_teaching(*, user: User) -> QuerySet[Course]:
    """Courses where the user is in the team."""
    return (
        Course.objects.filter(team__user=user)
        .select_related("provider")
        .order_by("title", "pk")
        .distinct()
    )


def teaches_any(*, user: User) -> bool:
    """Whether the user is in the team of some course (one query)."""
    return CourseTeamMember.objects.filter(user=user).exists()


def review_queue(*, user: User) -> QuerySet[Course]:
    """Courses waiting for review in the alliances the user administers."""
    courses = Course.objects.filter(status=CourseStatus.SUBMITTED)
    if not user.is_superuser:
        courses = courses.filter(alliance__admins=user)
    return courses.select_related("provider", "alliance").order_by("submitted_at", "pk")


def waiting_for_review(*, alliance: Any) -> int:
    """How many of the alliance's courses wait for its review (one query)."""
    return Course.objects.filter(alliance=alliance, status=CourseStatus.SUBMITTED).count()


def course_history(*, course: Course) -> QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(target_type="courses.course", target_id=str(course.pk))
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


# --- Translation status ---------------------------------------------------------------


@dataclass
class TranslationRow:
    what: str
    title: str
    url: str
    original_language: str
    missing: list[str]

    def cells(self) -> list[tuple[str, str]]:
        """(language, "original" | "missing" | "done") for every platform language."""
        return [
            (
                code,
                "original"
                if code == self.original_language
                else "missing"
                if code in self.missing
                else "done",
            )
            for code, _name in settings.LANGUAGES
        ]


def translation_status(*, course: Course, outline: list[Module]) -> list[TranslationRow]:
    """Which parts of the course lack a translation into each platform language."""
    from django.utils.translation import gettext as _

    rows = [
        TranslationRow(
            str(_("Course")),
            course.title,
            reverse("courses:edit", kwargs={"course_id": course.pk}),
            course.original_language,
            course.missing_translations(),
        )
    ]
    for module in outline:
        rows.append(
            TranslationRow(
                str(_("Module")),
                module.title,
                reverse(
                    "courses:module_edit", kwargs={"course_id": course.pk, "module_id": module.pk}
                ),
                module.original_language,
                module.missing_translations(),
            )
        )
        for lesson in module.shown_lessons:  # type: ignore[attr-defined]
            rows.append(
                TranslationRow(
                    str(_("Lesson")),
                    lesson.title,
                    reverse(
                        "courses:lesson_edit",
                        kwargs={"course_id": course.pk, "lesson_id": lesson.pk},
                    ),
                    lesson.original_language,
                    lesson.missing_translations(),
                )
            )
    return rows


def missing_by_language(rows: list[TranslationRow]) -> list[tuple[str, str, int]]:
    """(code, name, number of parts missing) per platform language."""
    return [
        (code, name, sum(1 for row in rows if code in row.missing))
        for code, name in settings.LANGUAGES
    ]


def enrolment_counts(course_ids: list[int]) -> dict[int, int]:
    """Live counts (the cards read ``Course.enrolment_count``; this checks it in tests)."""
    return dict(
        Enrolment.objects.filter(course_id__in=course_ids)
        .values_list("course_id")
        .annotate(n=Count("pk"))
    )


@dataclass
class Change:
    field: str
    before: Any
    after: Any


def with_changes(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Give each history entry ``changes``: (field label, before, after) of an edit."""
    result = list(entries)
    for entry in result:
        data = entry.data or {}
        model: type[models.Model] = (
            Lesson if "lesson" in data else Module if "module" in data else Course
        )
        labels = {f.name: str(getattr(f, "verbose_name", f.name)) for f in model._meta.get_fields()}
        before, after = data.get("before") or {}, data.get("after") or {}
        entry.changes = [  # type: ignore[attr-defined]
            Change(labels.get(name, name), before.get(name), after.get(name)) for name in before
        ]
    return result
