"""The learner's quiz pages: the quiz with the learner's attempts, an attempt to answer
(all its questions on one page, saved as the learner goes), and its results: the score and
which questions were wrong; the right answers and the feedback only once the learner has
passed or has no attempt left (``quizzes.answers_revealed``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huitong.accounts.access import current_user
from huitong.core.errors import ServiceError
from huitong.courses import access, quizzes
from huitong.courses.models import Attempt, Question, QuestionKind


def _attempt_url(attempt: Attempt, course_id: int, lesson_id: int) -> HttpResponseBase:
    return redirect(
        "courses:quiz_attempt", course_id=course_id, lesson_id=lesson_id, attempt_id=attempt.pk
    )


def posted_answers(request: HttpRequest, attempt: Attempt) -> dict[str, Any]:
    """The answers of a form post: field ``q<question id>`` per question of the attempt
    (several values for a multiple-choice question). A question left blank clears its
    answer."""
    answers: dict[str, Any] = {}
    kinds = dict(Question.objects.filter(pk__in=attempt.question_ids).values_list("pk", "kind"))
    for pk in attempt.question_ids:
        values = request.POST.getlist(f"q{pk}")
        if kinds.get(pk) == QuestionKind.MULTIPLE:
            answers[str(pk)] = values
        else:
            answers[str(pk)] = values[0] if len(values) == 1 else (values or None)
    return answers


@login_required
@require_GET
def quiz_detail(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponse:
    user = current_user(request)
    found = access.quiz_for_learner(user=user, course_id=course_id, lesson_id=lesson_id)
    quiz, opened = found.quiz, found.opened
    attempts: list[Attempt] = []
    if opened.enrolment is not None:
        attempts = [
            quizzes.attempt_close_if_expired(a)
            for a in Attempt.objects.filter(quiz=quiz, learner=user).order_by("number")
        ]
    open_attempt = next((a for a in attempts if a.is_open), None)
    return render(
        request,
        "courses/quiz.html",
        {
            "course": opened.course,
            "lesson": opened.lesson,
            "quiz": quiz,
            "enrolment": opened.enrolment,
            "is_staff": opened.is_staff,
            "attempts": attempts,
            "open_attempt": open_attempt,
            "attempts_left": max(0, quiz.attempt_limit - len(attempts)),
            "passed": any(a.passed for a in attempts),
            "question_count": quiz.questions.count(),
        },
    )


@login_required
@require_POST
def quiz_start(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponseBase:
    user = current_user(request)
    found = access.quiz_for_taker(user=user, course_id=course_id, lesson_id=lesson_id)
    assert found.opened.enrolment is not None
    try:
        attempt, _created = quizzes.attempt_start(enrolment=found.opened.enrolment, quiz=found.quiz)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("courses:quiz", course_id=course_id, lesson_id=lesson_id)
    return _attempt_url(attempt, course_id, lesson_id)


@login_required
@require_GET
def attempt_detail(
    request: HttpRequest, course_id: int, lesson_id: int, attempt_id: int
) -> HttpResponse:
    """An open attempt to answer, or a submitted one's results with feedback."""
    user = current_user(request)
    attempt = access.attempt_for_learner(
        user=user, course_id=course_id, lesson_id=lesson_id, attempt_id=attempt_id
    )
    attempt = quizzes.attempt_close_if_expired(attempt)
    lesson = attempt.quiz.lesson
    rows = []
    for question in quizzes.attempt_questions(attempt):
        answer = attempt.answers.get(str(question.pk))
        chosen = set(answer if isinstance(answer, list) else [answer])
        rows.append(
            {
                "question": question,
                "answer": "" if answer is None or question.has_choices else answer,
                "choices": [(c, c.pk in chosen) for c in quizzes.question_choices(question)],
                "correct": (attempt.results or {}).get(str(question.pk), {}).get("correct"),
            }
        )
    revealed = quizzes.answers_revealed(attempt)
    seconds_left = None
    if attempt.is_open and attempt.deadline is not None:
        seconds_left = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return render(
        request,
        "courses/quiz_attempt.html",
        {
            "course": lesson.module.course,
            "lesson": lesson,
            "quiz": attempt.quiz,
            "attempt": attempt,
            "rows": rows,
            "revealed": revealed,
            "seconds_left": seconds_left,
            "minutes_left": None if seconds_left is None else (seconds_left + 59) // 60,
        },
    )


@login_required
@require_POST
def attempt_save(
    request: HttpRequest, course_id: int, lesson_id: int, attempt_id: int
) -> HttpResponseBase:
    user = current_user(request)
    attempt = access.attempt_for_learner(
        user=user, course_id=course_id, lesson_id=lesson_id, attempt_id=attempt_id
    )
    try:
        quizzes.attempt_save_answers(attempt=attempt, answers=posted_answers(request, attempt))
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your answers are saved."))
    return _attempt_url(attempt, course_id, lesson_id)


@login_required
@require_POST
def attempt_submit(
    request: HttpRequest, course_id: int, lesson_id: int, attempt_id: int
) -> HttpResponseBase:
    """Submit (with the answers of the form, when it sends them). Sent twice, the second
    submission changes nothing."""
    user = current_user(request)
    attempt = access.attempt_for_learner(
        user=user, course_id=course_id, lesson_id=lesson_id, attempt_id=attempt_id
    )
    was_open = attempt.is_open
    answers = posted_answers(request, attempt) if "answers" in request.POST else None
    try:
        attempt = quizzes.attempt_submit(attempt=attempt, answers=answers)
    except ServiceError as error:
        messages.error(request, str(error))
        return _attempt_url(attempt, course_id, lesson_id)
    if was_open:
        if attempt.passed:
            messages.success(request, _("You passed the quiz."))
        else:
            messages.info(request, _("You did not reach the pass mark this time."))
    return _attempt_url(attempt, course_id, lesson_id)
