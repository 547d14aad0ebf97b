"""Quizzes: the course team's question banks and the learners' attempts.

An attempt draws its questions from the quiz's bank at random, keeps the learner's
answers as they go (so that it survives a page reload), and is graded once: when the
learner submits it, or when it is found past its deadline (with the answers saved
before the deadline). Passing the quiz completes its lesson through the progress
service, so the course's completion and certificate follow.

Rules that concurrent requests could break are checked under row locks: the attempt
limit under the enrolment's lock, the submission under the attempt's lock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huitong.accounts.models import User
from huitong.core.audit import ACTIONS, audit_record
from huitong.core.errors import Conflict, ServiceError
from huitong.core.services import audit_diff, check_fields, data_changed
from huitong.courses import services
from huitong.courses.models import (
    CHOICE_KINDS,
    Attempt,
    Choice,
    Enrolment,
    Lesson,
    LessonKind,
    Question,
    QuestionKind,
    Quiz,
)
from huitong.terminology.search import fold

ACTIONS.update(
    {
        "course.quiz_update": _("edited a quiz's settings"),
        "course.question_create": _("added a quiz question"),
        "course.question_update": _("edited a quiz question"),
        "course.question_delete": _("deleted a quiz question"),
        "course.choice_create": _("added an answer choice"),
        "course.choice_update": _("edited an answer choice"),
        "course.choice_delete": _("deleted an answer choice"),
        "quiz.attempt_start": _("started a quiz attempt"),
        "quiz.attempt_submit": _("submitted a quiz attempt"),
    }
)

QUIZ_FIELDS = ("pass_mark", "attempt_limit", "time_limit", "questions_per_attempt")
QUESTION_FIELDS = (
    "kind",
    "prompt",
    "feedback",
    "position",
    "numeric_answer",
    "tolerance",
    "accepted_answers",
    "original_language",
    "translations",
)
CHOICE_FIELDS = ("text", "is_correct", "position", "original_language", "translations")
# The longest short text answer a learner may give.
MAX_TEXT_ANSWER = 500


def _course_of(quiz: Quiz) -> Any:
    return quiz.lesson.module.course


# --- Authoring ------------------------------------------------------------------------


def quiz_for_lesson(lesson: Lesson) -> Quiz:
    """The quiz of a lesson of kind "quiz", created with the default settings."""
    if lesson.kind != LessonKind.QUIZ:
        raise ServiceError(_("Only quiz lessons have a quiz."), code="not_quiz")
    quiz, _created = Quiz.objects.get_or_create(lesson=lesson)
    quiz.lesson = lesson
    return quiz


def quiz_update(*, actor: User | None, quiz: Quiz, **fields: Any) -> Quiz:
    check_fields(fields, QUIZ_FIELDS, "quiz")
    before = {name: getattr(quiz, name) for name in fields}
    for name, value in fields.items():
        setattr(quiz, name, value)
    quiz.full_clean(exclude=["lesson"])
    old, new = audit_diff(before, quiz)
    if not old:
        return quiz
    course = _course_of(quiz)
    with transaction.atomic():
        quiz.save()
        audit_record(
            actor=actor,
            action="course.quiz_update",
            target=course,
            alliance=course.alliance,
            data={"lesson": quiz.lesson_id, "before": old, "after": new},
        )
    data_changed()
    return quiz


def _clean_accepted(fields: dict[str, Any]) -> None:
    if "accepted_answers" in fields and isinstance(fields["accepted_answers"], list):
        fields["accepted_answers"] = [
            a.strip() for a in fields["accepted_answers"] if isinstance(a, str) and a.strip()
        ]


def question_create(*, actor: User | None, quiz: Quiz, **fields: Any) -> Question:
    check_fields(fields, QUESTION_FIELDS, "question")
    _clean_accepted(fields)
    if fields.get("position") is None:
        fields["position"] = services._next_position(quiz.questions.all())
    question = Question(quiz=quiz, **fields)
    question.full_clean()
    course = _course_of(quiz)
    with transaction.atomic():
        question.save()
        audit_record(
            actor=actor,
            action="course.question_create",
            target=course,
            alliance=course.alliance,
            data={"lesson": quiz.lesson_id, "question": question.pk},
        )
    data_changed()
    return question


def question_update(*, actor: User | None, question: Question, **fields: Any) -> Question:
    check_fields(fields, QUESTION_FIELDS, "question")
    _clean_accepted(fields)
    if "position" in fields and fields["position"] is None:
        del fields["position"]
    before = {name: getattr(question, name) for name in fields}
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean()
    old, new = audit_diff(before, question)
    if not old:
        return question
    course = _course_of(question.quiz)
    with transaction.atomic():
        question.save()
        audit_record(
            actor=actor,
            action="course.question_update",
            target=course,
            alliance=course.alliance,
            data={"question": question.pk, "before": old, "after": new},
        )
    data_changed()
    return question


def question_delete(*, actor: User | None, question: Question) -> None:
    course = _course_of(question.quiz)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="course.question_delete",
            target=course,
            alliance=course.alliance,
            data={"question": question.pk, "prompt": question.prompt[:200]},
        )
        question.delete()
    data_changed()


def choice_create(*, actor: User | None, question: Question, **fields: Any) -> Choice:
    check_fields(fields, CHOICE_FIELDS, "choice")
    if question.kind not in CHOICE_KINDS:
        raise ServiceError(_("Only choice questions have answer choices."), code="no_choices")
    if fields.get("position") is None:
        fields["position"] = services._next_position(question.choices.all())
    choice = Choice(question=question, **fields)
    choice.text = choice.text.strip()
    choice.full_clean()
    course = _course_of(question.quiz)
    with transaction.atomic():
        choice.save()
        audit_record(
            actor=actor,
            action="course.choice_create",
            target=course,
            alliance=course.alliance,
            data={"question": question.pk, "choice": choice.pk},
        )
    data_changed()
    return choice


def choice_update(*, actor: User | None, choice: Choice, **fields: Any) -> Choice:
    check_fields(fields, CHOICE_FIELDS, "choice")
    if "position" in fields and fields["position"] is None:
        del fields["position"]
    before = {name: getattr(choice, name) for name in fields}
    for name, value in fields.items():
        setattr(choice, name, value)
    choice.text = choice.text.strip()
    choice.full_clean()
    old, new = audit_diff(before, choice)
    if not old:
        return choice
    course = _course_of(choice.question.quiz)
    with transaction.atomic():
        choice.save()
        audit_record(
            actor=actor,
            action="course.choice_update",
            target=course,
            alliance=course.alliance,
            data={"choice": choice.pk, "before": old, "after": new},
        )
    data_changed()
    return choice


def choice_delete(*, actor: User | None, choice: Choice) -> None:
    course = _course_of(choice.question.quiz)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="course.choice_delete",
            target=course,
            alliance=course.alliance,
            data={"choice": choice.pk, "text": choice.text[:200]},
        )
        choice.delete()
    data_changed()


# --- Answers --------------------------------------------------------------------------


def _bad(message: Any) -> ServiceError:
    return ServiceError(message, code="invalid_answer")


def parse_answer(question: Question, raw: Any, choice_ids: set[int]) -> Any:
    """The stored form of a learner's answer to ``question`` (None for no answer), or
    ServiceError when it is not an answer to this question."""
    if raw is None or raw == "" or raw == []:
        return None
    if question.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        if isinstance(raw, list):
            if len(raw) != 1:
                raise _bad(_("Choose one answer."))
            raw = raw[0]
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise _bad(_("Choose one of the answers shown.")) from None
        if value not in choice_ids:
            raise _bad(_("Choose one of the answers shown."))
        return value
    if question.kind == QuestionKind.MULTIPLE:
        items = raw if isinstance(raw, list) else [raw]
        try:
            values = sorted({int(item) for item in items})
        except (TypeError, ValueError):
            raise _bad(_("Choose among the answers shown.")) from None
        if not set(values) <= choice_ids:
            raise _bad(_("Choose among the answers shown."))
        return values
    if isinstance(raw, (list, bool)):
        raise _bad(_("Give one answer."))
    text = str(raw).strip()
    if question.kind == QuestionKind.NUMERIC:
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise _bad(_("Enter a number, such as 3 or 2.5.")) from None
        if not number.is_finite() or len(text) > 40:
            raise _bad(_("Enter a number, such as 3 or 2.5."))
        return str(number)
    if len(text) > MAX_TEXT_ANSWER:
        raise _bad(
            _("An answer may be at most %(count)s characters long.") % {"count": MAX_TEXT_ANSWER}
        )
    return text or None


def _is_correct(question: Question, answer: Any) -> bool:
    if answer is None:
        return False
    if question.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        return any(c.pk == answer and c.is_correct for c in question_choices(question))
    if question.kind == QuestionKind.MULTIPLE:
        correct = sorted(c.pk for c in question_choices(question) if c.is_correct)
        return bool(correct) and correct == list(answer)
    if question.kind == QuestionKind.NUMERIC:
        if question.numeric_answer is None:
            return False
        return abs(Decimal(answer) - question.numeric_answer) <= question.tolerance
    given = fold(str(answer)).strip()
    return any(fold(accepted).strip() == given for accepted in question.accepted_answers or [])


# Where ``attempt_questions`` keeps the questions it read on the attempt object, and the
# choices it read on each question.
_DRAWN = "_drawn_questions"
_CHOICES = "_drawn_choices"


def question_choices(question: Question) -> list[Choice]:
    """The question's choices in order: those ``attempt_questions`` read with it, else
    from the database."""
    known: list[Choice] | None = question.__dict__.get(_CHOICES)
    return known if known is not None else list(question.choices.all())


def attempt_questions(attempt: Attempt, *, fresh: bool = False) -> list[Question]:
    """The attempt's questions, in the order drawn, with their choices (two queries).

    Read once per attempt object (the questions drawn never change; ``fresh`` reads them
    again): checking the answers, grading and the response of one request share them.
    The choices are grouped here rather than by ``prefetch_related``, which builds a
    query set per question: a submission is the busiest write of the platform.
    """
    if not fresh and _DRAWN in attempt.__dict__:
        drawn: list[Question] = attempt.__dict__[_DRAWN]
        return drawn
    found = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
    for question in found.values():
        question.__dict__[_CHOICES] = []
    for choice in Choice.objects.filter(question_id__in=list(found)):
        question = found[choice.question_id]
        choice.question = question
        question.__dict__[_CHOICES].append(choice)
    drawn = [found[pk] for pk in attempt.question_ids if pk in found]
    attempt.__dict__[_DRAWN] = drawn
    return drawn


# Where the access helpers keep the learner's enrolment on the attempt they return.
_ENROLMENT = "_enrolment"


def _share_questions(source: Attempt, locked: Attempt) -> Attempt:
    """Give the locked copy of an attempt the questions and enrolment already read for
    it."""
    for name in (_DRAWN, _ENROLMENT):
        if name in source.__dict__:
            locked.__dict__[name] = source.__dict__[name]
    return locked


# --- Attempts -------------------------------------------------------------------------


@dataclass
class AttemptsLeft:
    used: int
    limit: int

    @property
    def left(self) -> int:
        return max(0, self.limit - self.used)


def attempts_left(*, quiz: Quiz, learner: User) -> AttemptsLeft:
    return AttemptsLeft(
        Attempt.objects.filter(quiz=quiz, learner=learner).count(), quiz.attempt_limit
    )


def answers_revealed(attempt: Attempt) -> bool:
    """Whether the results of ``attempt`` may show the right answers and the feedback:
    only once it is submitted and the learner has passed the quiz or used every attempt,
    with no attempt still open. Before that they see their score and which questions
    were wrong, not the right answers to copy into the next attempt (one query)."""
    if attempt.is_open:
        return False
    rows = list(
        Attempt.objects.filter(quiz_id=attempt.quiz_id, learner_id=attempt.learner_id).values_list(
            "passed", "submitted_at"
        )
    )
    if any(submitted is None for _passed, submitted in rows):
        return False
    return any(passed for passed, _submitted in rows) or len(rows) >= attempt.quiz.attempt_limit


def _expired(attempt: Attempt, now: datetime) -> bool:
    return attempt.deadline is not None and now > attempt.deadline


def with_enrolment(attempt: Attempt, enrolment: Enrolment) -> Attempt:
    """Keep the learner's enrolment (with its course, alliance and provider) on the
    attempt, so that grading does not read it again."""
    attempt.__dict__[_ENROLMENT] = enrolment
    return attempt


def _enrolment(attempt: Attempt) -> Enrolment:
    known: Enrolment | None = attempt.__dict__.get(_ENROLMENT)
    if known is not None:
        return known
    lesson = attempt.quiz.lesson
    return Enrolment.objects.select_related("course", "course__alliance", "course__provider").get(
        course_id=lesson.module.course_id, learner_id=attempt.learner_id
    )


def _grade(locked: Attempt, now: datetime) -> Attempt:
    """Close ``locked`` (locked by the caller) with the answers it holds."""
    questions = attempt_questions(locked)
    results: dict[str, dict[str, Any]] = {}
    right = 0
    for question in questions:
        correct = _is_correct(question, locked.answers.get(str(question.pk)))
        right += correct
        results[str(question.pk)] = {"correct": correct}
    total = len(questions)
    score = (
        (Decimal(right * 100) / Decimal(total)).quantize(Decimal("0.01")) if total else Decimal(0)
    )
    locked.score = score
    locked.passed = total > 0 and score >= locked.quiz.pass_mark
    locked.submitted_at = now
    locked.results = results
    locked.save(update_fields=["answers", "score", "passed", "submitted_at", "results"])
    enrolment = _enrolment(locked)
    audit_record(
        actor=locked.learner,
        action="quiz.attempt_submit",
        target=locked,
        alliance=enrolment.course.alliance,
        institution=enrolment.course.provider,
        data={"score": str(score), "passed": locked.passed},
    )
    if locked.passed:
        lesson = locked.quiz.lesson
        if lesson.is_published:
            services.quiz_passed(enrolment=enrolment, lesson=lesson)
    return locked


def _loaded(instance: Any, *path: str) -> bool:
    """Whether the chain of relations ``path`` is already loaded on ``instance``."""
    for name in path:
        if not instance._meta.get_field(name).is_cached(instance):
            return False
        instance = getattr(instance, name)
    return True


def _lock(attempt: Attempt) -> Attempt:
    """The attempt's row, locked; its quiz, lesson, module and learner are taken from
    ``attempt`` when they are loaded there (they do not change), else read with it."""
    if _loaded(attempt, "quiz", "lesson", "module") and _loaded(attempt, "learner"):
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        locked.quiz = attempt.quiz
        locked.learner = attempt.learner
        return locked
    return (
        Attempt.objects.select_for_update()
        .select_related("quiz", "quiz__lesson", "quiz__lesson__module", "learner")
        .get(pk=attempt.pk)
    )


def attempt_close_if_expired(attempt: Attempt, now: datetime | None = None) -> Attempt:
    """An open attempt found past its deadline is graded with what was saved in time."""
    now = now or timezone.now()
    if not attempt.is_open or not _expired(attempt, now):
        return attempt
    with transaction.atomic():
        locked = _lock(attempt)
        if locked.is_open:
            _grade(locked, now)
    return locked


def attempt_start(
    *, enrolment: Enrolment, quiz: Quiz, now: datetime | None = None
) -> tuple[Attempt, bool]:
    """Start an attempt, or return the learner's open one (``created`` False).

    Under the enrolment's row lock, so that two starts at once never exceed the limit.
    """
    now = now or timezone.now()
    lesson = quiz.lesson
    if lesson.module.course_id != enrolment.course_id:
        raise ValueError("The quiz is not part of the enrolment's course.")
    if not lesson.is_published:
        raise Conflict(_("This lesson is not published."), code="not_published")
    with transaction.atomic():
        Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
        attempts = list(Attempt.objects.filter(quiz=quiz, learner_id=enrolment.learner_id))
        for attempt in attempts:
            if attempt.is_open:
                if not _expired(attempt, now):
                    return attempt, False
                _grade(_lock(attempt), now)
        if len(attempts) >= quiz.attempt_limit:
            raise Conflict(
                _("You have used all %(count)s attempts at this quiz.")
                % {"count": quiz.attempt_limit},
                code="no_attempts_left",
            )
        bank = list(quiz.questions.values_list("pk", flat=True))
        if not bank:
            raise Conflict(_("This quiz has no questions yet."), code="no_questions")
        count = min(quiz.questions_per_attempt or len(bank), len(bank))
        drawn = random.sample(bank, count)
        number = (max((a.number for a in attempts), default=0)) + 1
        attempt = Attempt.objects.create(
            quiz=quiz,
            learner=enrolment.learner,  # read once, for the attempt and its audit record
            number=number,
            question_ids=drawn,
            deadline=now + timedelta(minutes=quiz.time_limit) if quiz.time_limit else None,
        )
        audit_record(
            actor=enrolment.learner,
            action="quiz.attempt_start",
            target=attempt,
            alliance=enrolment.course.alliance,
            institution=enrolment.course.provider,
        )
    return attempt, True


def _parsed(attempt: Attempt, answers: dict[Any, Any]) -> dict[str, Any]:
    """Every answer checked before any is saved: one bad answer saves nothing."""
    questions = {q.pk: q for q in attempt_questions(attempt)}
    parsed: dict[str, Any] = {}
    for key, raw in answers.items():
        try:
            question = questions[int(key)]
        except (KeyError, TypeError, ValueError):
            raise _bad(_("This question is not part of your attempt.")) from None
        choice_ids = {c.pk for c in question_choices(question)}
        parsed[str(question.pk)] = parse_answer(question, raw, choice_ids)
    return parsed


class TimeUp(Conflict):
    """The attempt was past its deadline: closed with the answers saved in time."""

    def __init__(self, attempt: Attempt) -> None:
        super().__init__(
            _("The time for this attempt is up; it was graded with the answers saved in time."),
            code="time_up",
        )
        self.attempt = attempt


def attempt_save_answers(
    *, attempt: Attempt, answers: dict[Any, Any], now: datetime | None = None
) -> Attempt:
    """Save some answers of an open attempt (``{question id: answer}``; an empty answer
    clears it). After the deadline nothing is saved and the attempt is closed."""
    now = now or timezone.now()
    attempt_questions(attempt, fresh=True)
    parsed = _parsed(attempt, answers)
    with transaction.atomic():
        locked = _share_questions(attempt, _lock(attempt))
        if not locked.is_open:
            raise Conflict(_("This attempt is already submitted."), code="submitted")
        if _expired(locked, now):
            _grade(locked, now)
            expired = True
        else:
            expired = False
            merged = dict(locked.answers)
            for key, value in parsed.items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            locked.answers = merged
            locked.save(update_fields=["answers"])
    if expired:
        raise TimeUp(locked)
    return locked


def attempt_submit(
    *, attempt: Attempt, answers: dict[Any, Any] | None = None, now: datetime | None = None
) -> Attempt:
    """Grade the attempt, with ``answers`` saved first when given and in time.

    Idempotent: a submission sent twice is counted once; the second gets the first's
    result.
    """
    now = now or timezone.now()
    # Read before the transaction, so that it holds its locks (on SQLite, the database's
    # write lock) for less time.
    attempt_questions(attempt, fresh=True)
    with transaction.atomic():
        locked = _share_questions(attempt, _lock(attempt))
        if not locked.is_open:
            return locked
        if answers and not _expired(locked, now):
            for key, value in _parsed(locked, answers).items():
                if value is None:
                    locked.answers.pop(key, None)
                else:
                    locked.answers[key] = value
        return _grade(locked, now)


def best_scores(*, enrolment: Enrolment) -> dict[int, Decimal]:
    """The learner's best score per quiz lesson of the course."""
    rows = (
        Attempt.objects.filter(
            learner_id=enrolment.learner_id,
            quiz__lesson__module__course_id=enrolment.course_id,
            submitted_at__isnull=False,
        )
        .values_list("quiz__lesson_id")
        .annotate(best=Max("score"))
    )
    return {lesson_id: best for lesson_id, best in rows if best is not None}


def validation_messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]
