"""The course team's quiz pages: a quiz lesson's settings, its question bank and each
question's answer choices, with translations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huitong.accounts.access import current_user
from huitong.core.forms import TRANSLATIONS_HELP, form_saved
from huitong.courses import access, quizzes
from huitong.courses.forms import ChoiceForm, QuestionForm, QuizForm
from huitong.courses.models import Choice, Lesson, Question


def _to_quiz(course_id: int, lesson_id: int) -> HttpResponseBase:
    return redirect("courses:quiz_edit", course_id=course_id, lesson_id=lesson_id)


def _to_question(course_id: int, lesson_id: int, question_id: int) -> HttpResponseBase:
    return redirect(
        "courses:question_edit", course_id=course_id, lesson_id=lesson_id, question_id=question_id
    )


@login_required
@require_http_methods(["GET", "POST"])
def quiz_edit(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponseBase:
    user = current_user(request)
    quiz = access.quiz_for_editor(user=user, course_id=course_id, lesson_id=lesson_id)
    form = QuizForm(request.POST or None, instance=quiz)
    done = form_saved(
        request,
        form,
        lambda: quizzes.quiz_update(actor=user, quiz=quiz, **form.service_fields()),
        success=_("The quiz is saved."),
        then=lambda _quiz: _to_quiz(course_id, lesson_id),
    )
    if done is not None:
        return done
    questions = list(quiz.questions.prefetch_related("choices"))
    return render(
        request,
        "courses/quiz_form.html",
        {
            "form": form,
            "course": quiz.lesson.module.course,
            "lesson": quiz.lesson,
            "quiz": quiz,
            "questions": questions,
        },
    )


def _question_page(
    request: HttpRequest, form: QuestionForm, lesson: Lesson, question: Question | None
) -> HttpResponseBase:
    return render(
        request,
        "courses/question_form.html",
        {
            "form": form,
            "course": lesson.module.course,
            "lesson": lesson,
            "question": question,
            "choices": list(question.choices.all()) if question else [],
            "choice_form": ChoiceForm() if question and question.has_choices else None,
            "translations_help": TRANSLATIONS_HELP,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponseBase:
    user = current_user(request)
    quiz = access.quiz_for_editor(user=user, course_id=course_id, lesson_id=lesson_id)
    form = QuestionForm(request.POST or None, instance=Question(quiz=quiz))

    def then(question: Question) -> HttpResponseBase:
        if question.has_choices:
            return _to_question(course_id, lesson_id, question.pk)
        return _to_quiz(course_id, lesson_id)

    done = form_saved(
        request,
        form,
        lambda: quizzes.question_create(actor=user, quiz=quiz, **form.service_fields()),
        success=_("The question is added."),
        then=then,
    )
    if done is not None:
        return done
    return _question_page(request, form, quiz.lesson, None)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(
    request: HttpRequest, course_id: int, lesson_id: int, question_id: int
) -> HttpResponseBase:
    user = current_user(request)
    question = access.question_for_editor(
        user=user, course_id=course_id, lesson_id=lesson_id, question_id=question_id
    )
    form = QuestionForm(request.POST or None, instance=question)
    done = form_saved(
        request,
        form,
        lambda: quizzes.question_update(actor=user, question=question, **form.service_fields()),
        success=_("The question is saved."),
        then=lambda _question: _to_quiz(course_id, lesson_id),
        on_error=question.refresh_from_db,
    )
    if done is not None:
        return done
    return _question_page(request, form, question.quiz.lesson, question)


@login_required
@require_POST
def question_delete(
    request: HttpRequest, course_id: int, lesson_id: int, question_id: int
) -> HttpResponseBase:
    user = current_user(request)
    question = access.question_for_editor(
        user=user, course_id=course_id, lesson_id=lesson_id, question_id=question_id
    )
    quizzes.question_delete(actor=user, question=question)
    messages.success(request, _("The question is deleted."))
    return _to_quiz(course_id, lesson_id)


@login_required
@require_http_methods(["GET", "POST"])
def choice_create(
    request: HttpRequest, course_id: int, lesson_id: int, question_id: int
) -> HttpResponseBase:
    user = current_user(request)
    question = access.question_for_editor(
        user=user, course_id=course_id, lesson_id=lesson_id, question_id=question_id
    )
    form = ChoiceForm(request.POST or None, instance=Choice(question=question))
    done = form_saved(
        request,
        form,
        lambda: quizzes.choice_create(actor=user, question=question, **form.service_fields()),
        success=_("The answer choice is added."),
        then=lambda _choice: _to_question(course_id, lesson_id, question_id),
    )
    if done is not None:
        return done
    return render(
        request,
        "courses/choice_form.html",
        {
            "form": form,
            "course": question.quiz.lesson.module.course,
            "lesson": question.quiz.lesson,
            "question": question,
            "translations_help": TRANSLATIONS_HELP,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def choice_edit(
    request: HttpRequest, course_id: int, lesson_id: int, choice_id: int
) -> HttpResponseBase:
    user = current_user(request)
    choice = access.choice_for_editor(
        user=user, course_id=course_id, lesson_id=lesson_id, choice_id=choice_id
    )
    form = ChoiceForm(request.POST or None, instance=choice)
    done = form_saved(
        request,
        form,
        lambda: quizzes.choice_update(actor=user, choice=choice, **form.service_fields()),
        success=_("The answer choice is saved."),
        then=lambda _choice: _to_question(course_id, lesson_id, choice.question_id),
        on_error=choice.refresh_from_db,
    )
    if done is not None:
        return done
    return render(
        request,
        "courses/choice_form.html",
        {
            "form": form,
            "course": choice.question.quiz.lesson.module.course,
            "lesson": choice.question.quiz.lesson,
            "question": choice.question,
            "choice": choice,
            "translations_help": TRANSLATIONS_HELP,
        },
    )


@login_required
@require_POST
def choice_delete(
    request: HttpRequest, course_id: int, lesson_id: int, choice_id: int
) -> HttpResponseBase:
    user = current_user(request)
    choice = access.choice_for_editor(
        user=user, course_id=course_id, lesson_id=lesson_id, choice_id=choice_id
    )
    quizzes.choice_delete(actor=user, choice=choice)
    messages.success(request, _("The answer choice is deleted."))
    return _to_question(course_id, lesson_id, choice.question_id)
