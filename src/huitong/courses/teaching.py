"""What the course team reads about its learners: the roster (progress, quiz results,
completion, certificate) and each quiz's item statistics.

A learner's progress is the share of the course's required published lessons they have
completed (100 % once the course is completed, even if lessons were added since), as on
their own "My learning" page. Their last activity is the latest of their enrolment,
lesson progress and quiz attempts.

The pages run a fixed number of queries whatever the number of learners: the roster's
progress and last activity are subqueries of the enrolments' query, and the
institutions, best quiz scores and certificates of a page of learners are read in one
query each. The CSV export reads the roster ``EXPORT_CHUNK`` rows at a time, with the
same queries per chunk.

Item statistics count submitted attempts only (an attempt found past its deadline
counts once it has been graded). An item's *discrimination* is the point-biserial
correlation between its score (1 right, 0 wrong) and the attempt's score on its other
items (the share of those answered correctly, so that attempts drawing different numbers
of questions compare). It runs from -1 to 1: near 0, the question does not separate
learners who know the matter from those who do not; below 0, the stronger learners miss
it more often (often a wrong key). It is shown only from ``MIN_ATTEMPTS`` attempts on,
and not when everyone got the item, or the rest of the quiz, equally right.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from huitong.accounts.models import User
from huitong.alliance.models import Affiliation, AffiliationStatus, Institution
from huitong.alliance.selectors import institutions_of
from huitong.certificates.models import Certificate
from huitong.core.i18n import translated
from huitong.courses.completion import certificates_for
from huitong.courses.models import (
    CHOICE_KINDS,
    Attempt,
    Choice,
    Course,
    Enrolment,
    Lesson,
    LessonKind,
    LessonProgress,
    Question,
    Quiz,
)

ROSTER_PAGE_SIZE = 50
EXPORT_CHUNK = 500
# Below this many attempts at an item its discrimination is not shown.
MIN_ATTEMPTS = 5

IN_PROGRESS = "in_progress"
COMPLETED = "completed"
ROSTER_STATES = (IN_PROGRESS, COMPLETED)

ROSTER_SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Lower("learner__name_latin").asc(), "learner__name_native", "pk"),
    "-name": (Lower("learner__name_latin").desc(), "-learner__name_native", "-pk"),
    "progress": ("progress_key", Lower("learner__name_latin").asc(), "pk"),
    "-progress": ("-progress_key", Lower("learner__name_latin").asc(), "pk"),
    "enrolled": ("enrolled_at", "pk"),
    "-enrolled": ("-enrolled_at", "-pk"),
}
DEFAULT_SORT = "name"


@dataclass
class RosterFilters:
    q: str = ""
    state: str = ""
    sort: str = DEFAULT_SORT


# --- Roster ---------------------------------------------------------------------------


@dataclass
class RosterColumns:
    """What every row of a course's roster is measured against."""

    quizzes: list[Lesson]  # the quiz lessons, in the course's order
    required_total: int  # required published lessons


def roster_columns(*, course: Course) -> RosterColumns:
    quizzes = list(
        Lesson.objects.filter(module__course=course, kind=LessonKind.QUIZ)
        .select_related("module")
        .order_by("module__position", "module__pk", "position", "pk")
    )
    for lesson in quizzes:
        lesson.module.course = course
    required_total = Lesson.objects.filter(
        module__course=course, is_published=True, required=True
    ).count()
    return RosterColumns(quizzes, required_total)


def roster(
    *, course: Course, filters: RosterFilters, columns: RosterColumns
) -> QuerySet[Enrolment]:
    """The course's enrolments matching ``filters``, in their order, each with
    ``required_done`` (required published lessons completed), ``last_progress`` and
    ``last_attempt`` (the latest lesson and quiz activity)."""
    done = (
        LessonProgress.objects.filter(
            enrolment=OuterRef("pk"),
            completed_at__isnull=False,
            lesson__is_published=True,
            lesson__required=True,
        )
        .order_by()
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_progress = (
        LessonProgress.objects.filter(enrolment=OuterRef("pk"))
        .order_by()
        .values("enrolment")
        .annotate(last=Max("updated_at"))
        .values("last")
    )
    last_attempt = (
        Attempt.objects.filter(learner=OuterRef("learner"), quiz__lesson__module__course=course)
        .order_by()
        .values("learner")
        .annotate(last=Max(Coalesce("submitted_at", "started_at")))
        .values("last")
    )
    enrolments = (
        Enrolment.objects.filter(course=course)
        .select_related("learner", "learner__country")
        .annotate(
            required_done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)),
            last_progress=Subquery(last_progress),
            last_attempt=Subquery(last_attempt),
        )
        .annotate(
            # Completed learners count as 100 %, ahead of everyone else.
            progress_key=Case(
                When(completed_at__isnull=False, then=Value(columns.required_total + 1)),
                default="required_done",
                output_field=IntegerField(),
            )
        )
    )
    for word in filters.q.split()[:5]:
        institution = Affiliation.objects.filter(
            user=OuterRef("learner"),
            status=AffiliationStatus.APPROVED,
            institution__name__icontains=word,
        )
        enrolments = enrolments.filter(
            Q(learner__name_latin__icontains=word)
            | Q(learner__name_native__icontains=word)
            | Exists(institution)
        )
    if filters.state == COMPLETED:
        enrolments = enrolments.filter(completed_at__isnull=False)
    elif filters.state == IN_PROGRESS:
        enrolments = enrolments.filter(completed_at__isnull=True)
    return enrolments.order_by(*ROSTER_SORTS.get(filters.sort, ROSTER_SORTS[DEFAULT_SORT]))


@dataclass
class RosterRow:
    enrolment: Enrolment
    institutions: list[Institution]
    percent: int
    last_activity: datetime
    best_scores: list[Decimal | None]  # one per quiz column
    certificate: Certificate | None

    @property
    def learner(self) -> User:
        return self.enrolment.learner


def _percent(enrolment: Any, required_total: int) -> int:
    if enrolment.completed_at is not None:
        return 100
    if not required_total:
        return 0
    done: int = enrolment.required_done
    return min(100, round(100 * done / required_total))


def _best_scores(course: Course, learner_ids: list[int]) -> dict[tuple[int, int], Decimal]:
    """(learner id, quiz lesson id) → best score of a submitted attempt."""
    rows = (
        Attempt.objects.filter(
            learner_id__in=learner_ids,
            quiz__lesson__module__course=course,
            submitted_at__isnull=False,
        )
        .order_by()
        .values_list("learner_id", "quiz__lesson_id")
        .annotate(best=Max("score"))
    )
    return {(learner, lesson): best for learner, lesson, best in rows if best is not None}


def roster_rows(
    *, course: Course, enrolments: list[Enrolment], columns: RosterColumns
) -> list[RosterRow]:
    """The roster's rows for these enrolments (from ``roster``), in three queries."""
    if not enrolments:
        return []
    learner_ids = [e.learner_id for e in enrolments]
    institutions = institutions_of(learner_ids)
    best = _best_scores(course, learner_ids)
    certificates = certificates_for(enrolments)
    rows = []
    for enrolment in enrolments:
        enrolment.course = course
        moments = [
            enrolment.enrolled_at,
            getattr(enrolment, "last_progress", None),
            getattr(enrolment, "last_attempt", None),
        ]
        rows.append(
            RosterRow(
                enrolment,
                institutions.get(enrolment.learner_id, []),
                _percent(enrolment, columns.required_total),
                max(m for m in moments if m is not None),
                [best.get((enrolment.learner_id, quiz.pk)) for quiz in columns.quizzes],
                certificates.get(enrolment.pk),
            )
        )
    return rows


def roster_all_rows(
    *, course: Course, filters: RosterFilters, columns: RosterColumns, chunk: int = EXPORT_CHUNK
) -> Iterator[RosterRow]:
    """Every row of the roster, read ``chunk`` enrolments at a time (for the export)."""
    enrolments = roster(course=course, filters=filters, columns=columns)
    start = 0
    while True:
        batch = list(enrolments[start : start + chunk])
        yield from roster_rows(course=course, enrolments=batch, columns=columns)
        if len(batch) < chunk:
            return
        start += chunk


# --- Item statistics ------------------------------------------------------------------


@dataclass
class ChoiceStat:
    choice: Choice
    count: int  # attempts that chose it
    share: float | None  # of the attempts that drew the question


@dataclass
class ItemStat:
    question: Question
    drawn: int = 0  # submitted attempts that drew it
    correct: int = 0
    unanswered: int = 0
    discrimination: float | None = None
    choices: list[ChoiceStat] = field(default_factory=list)

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.drawn if self.drawn else None


@dataclass
class QuizStats:
    attempts: int  # submitted
    learners: int
    passed: int
    mean_score: Decimal | None
    items: list[ItemStat]


@dataclass
class _Sums:
    """Running sums for the correlation of x (item 0/1) and y (rest score)."""

    n: int = 0
    x: float = 0.0
    y: float = 0.0
    xx: float = 0.0
    yy: float = 0.0
    xy: float = 0.0

    def add(self, x: float, y: float) -> None:
        self.n += 1
        self.x += x
        self.y += y
        self.xx += x * x
        self.yy += y * y
        self.xy += x * y

    def correlation(self) -> float | None:
        if self.n < MIN_ATTEMPTS:
            return None
        var_x = self.n * self.xx - self.x * self.x
        var_y = self.n * self.yy - self.y * self.y
        # Zero up to rounding (relative to the terms subtracted): everyone scored the same
        # on the item or on the rest, and there is no correlation to show.
        if var_x <= 1e-9 * self.n * self.xx or var_y <= 1e-9 * self.n * self.yy:
            return None
        r = (self.n * self.xy - self.x * self.y) / math.sqrt(var_x * var_y)
        return max(-1.0, min(1.0, round(r, 6))) + 0.0  # + 0.0: no "-0.00" on the page


def _chosen(answer: Any) -> list[int]:
    if isinstance(answer, bool):
        return []
    if isinstance(answer, int):
        return [answer]
    if isinstance(answer, list):
        return [a for a in answer if isinstance(a, int) and not isinstance(a, bool)]
    return []


def quiz_stats(*, quiz: Quiz) -> QuizStats:
    """Per question of the quiz's bank: how often it was drawn and answered right, its
    discrimination, and for choice questions how often each choice was chosen. Counts
    submitted attempts only."""
    questions = list(quiz.questions.prefetch_related("choices").order_by("position", "pk"))
    items = {q.pk: ItemStat(q) for q in questions}
    sums = {q.pk: _Sums() for q in questions}
    chosen: dict[int, dict[int, int]] = {q.pk: defaultdict(int) for q in questions}
    attempts = passed = 0
    learners: set[int] = set()
    total_score = Decimal(0)
    submitted = (
        Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False)
        .order_by("pk")
        .values_list("learner_id", "score", "passed", "results", "answers")
    )
    for learner_id, score, has_passed, results, answers in submitted.iterator(chunk_size=2000):
        attempts += 1
        learners.add(learner_id)
        passed += bool(has_passed)
        total_score += score or Decimal(0)
        marks: dict[int, int] = {}
        for key, result in (results or {}).items():
            try:
                marks[int(key)] = 1 if isinstance(result, dict) and result.get("correct") else 0
            except (TypeError, ValueError):
                continue
        right = sum(marks.values())
        answers = answers if isinstance(answers, dict) else {}
        for pk, mark in marks.items():
            item = items.get(pk)
            if item is None:
                continue  # a question since deleted
            item.drawn += 1
            item.correct += mark
            answer = answers.get(str(pk))
            if answer is None or answer == [] or answer == "":
                item.unanswered += 1
            if item.question.kind in CHOICE_KINDS:
                for choice_id in _chosen(answer):
                    chosen[pk][choice_id] += 1
            if len(marks) > 1:
                sums[pk].add(mark, (right - mark) / (len(marks) - 1))
    for pk, item in items.items():
        item.discrimination = sums[pk].correlation()
        if item.question.kind in CHOICE_KINDS:
            item.choices = [
                ChoiceStat(
                    choice,
                    chosen[pk].get(choice.pk, 0),
                    chosen[pk].get(choice.pk, 0) / item.drawn if item.drawn else None,
                )
                for choice in item.question.choices.all()
            ]
    mean = (total_score / attempts).quantize(Decimal("0.01")) if attempts else None
    return QuizStats(attempts, len(learners), passed, mean, list(items.values()))


# --- Export ---------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """``value`` as a spreadsheet shows it as text: a leading apostrophe stops a cell
    starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) from running
    as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _score(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def roster_csv_header(*, columns: RosterColumns, language: str) -> list[str]:
    with override(language):
        quizzes = [
            _("Best score (%%): %(quiz)s") % {"quiz": translated(q, "title", language).text}
            for q in columns.quizzes
        ]
        return [
            spreadsheet_safe(cell)
            for cell in [
                _("Name (Latin script)"),
                _("Name (native script)"),
                _("Institution"),
                _("Country"),
                _("Enrolled"),
                _("Progress (%)"),
                _("Last activity"),
                *quizzes,
                _("Completed"),
                _("Certificate number"),
                _("Certificate revoked"),
            ]
        ]


def roster_csv_cells(row: RosterRow, *, language: str, zone: Any) -> list[str]:
    """One row of the export: dates as ``YYYY-MM-DD`` and times as ``YYYY-MM-DD HH:MM``
    in ``zone``, scores as plain numbers with a dot, every cell spreadsheet-safe."""

    def day(value: datetime | None) -> str:
        return timezone.localtime(value, zone).strftime("%Y-%m-%d") if value else ""

    learner = row.learner
    certificate = row.certificate
    cells = [
        learner.name_latin,
        learner.name_native,
        "; ".join(translated(i, "name", language).text for i in row.institutions),
        translated(learner.country, "name", language).text if learner.country else "",
        day(row.enrolment.enrolled_at),
        str(row.percent),
        timezone.localtime(row.last_activity, zone).strftime("%Y-%m-%d %H:%M"),
        *[_score(score) for score in row.best_scores],
        day(row.enrolment.completed_at),
        certificate.uid if certificate else "",
        day(certificate.revoked_at) if certificate else "",
    ]
    return [spreadsheet_safe(cell) for cell in cells]
