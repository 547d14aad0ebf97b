"""The course's editors create a quiz lesson, set the quiz, and write questions and
answer choices with translations; teaching assistants and others cannot."""

from __future__ import annotations

from django.test import Client

from huitong.courses.models import Choice, Lesson, Question, Quiz
from huitong.courses.tests.helpers import make_course
from huitong.testing import World, make_user


def test_an_editor_builds_a_quiz_on_the_pages(world: World) -> None:
    built = make_course(world)
    client = Client()
    client.force_login(built.teacher)
    c = built.course.pk
    response = client.post(
        f"/courses/{c}/modules/{built.module.pk}/lessons/new/",
        {"title": "Quiz", "kind": "quiz", "original_language": "en", "is_published": "on",
         "required": "on"},
    )  # fmt: skip
    lesson = Lesson.objects.get(title="Quiz")
    assert response["Location"] == f"/courses/{c}/lessons/{lesson.pk}/quiz/edit/"
    base = f"/courses/{c}/lessons/{lesson.pk}/quiz/"
    assert client.get(base + "edit/").status_code == 200
    response = client.post(
        base + "edit/",
        {"pass_mark": "70", "attempt_limit": "2", "time_limit": "15", "questions_per_attempt": ""},
    )
    assert response.status_code == 302
    quiz = Quiz.objects.get(lesson=lesson)
    assert (quiz.pass_mark, quiz.attempt_limit, quiz.time_limit) == (70, 2, 15)
    response = client.post(
        base + "questions/new/",
        {"kind": "single", "prompt": "Where is ST36?", "feedback": "Below the knee.",
         "original_language": "en", "tolerance": "0",
         "tr__zh-hans__prompt": "足三里在哪里？", "tr__zh-hans__feedback": "膝下。"},
    )  # fmt: skip
    question = Question.objects.get(quiz=quiz)
    assert response["Location"] == f"{base}questions/{question.pk}/edit/"
    assert question.translations == {"zh-hans": {"prompt": "足三里在哪里？", "feedback": "膝下。"}}
    response = client.post(
        f"{base}questions/{question.pk}/choices/new/",
        {"text": "Below the knee", "is_correct": "on", "original_language": "en",
         "tr__zh-hans__text": "膝下"},
    )  # fmt: skip
    assert response.status_code == 302
    choice = Choice.objects.get(question=question)
    assert choice.is_correct
    assert choice.translations == {"zh-hans": {"text": "膝下"}}
    client.post(f"{base}choices/{choice.pk}/edit/",
                {"text": "Below the knee!", "original_language": "en"})  # fmt: skip
    choice.refresh_from_db()
    assert (choice.text, choice.is_correct) == ("Below the knee!", False)
    page = client.get(f"{base}questions/{question.pk}/edit/").content.decode()
    assert "Below the knee!" in page


def test_a_question_missing_its_answer_is_refused(world: World) -> None:
    built = make_course(world)
    client = Client()
    client.force_login(built.teacher)
    client.post(
        f"/courses/{built.course.pk}/modules/{built.module.pk}/lessons/new/",
        {"title": "Quiz", "kind": "quiz", "original_language": "en"},
    )
    lesson = Lesson.objects.get(title="Quiz")
    base = f"/courses/{built.course.pk}/lessons/{lesson.pk}/quiz/"
    for kind, message in (
        ("numeric", "A numeric question needs its answer."),
        ("short_text", "A short text question needs an accepted answer."),
    ):
        response = client.post(
            base + "questions/new/",
            {"kind": kind, "prompt": "?", "original_language": "en", "tolerance": "0"},
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Question.objects.exists()


def test_teaching_assistants_cannot_edit_a_quiz(world: World) -> None:
    from huitong.courses import services

    built = make_course(world)
    lesson = services.lesson_create(
        actor=built.teacher, module=built.module, title="Quiz", kind="quiz"
    )
    assistant = make_user("ta@example.org")
    services.team_add(actor=None, course=built.course, user=assistant, role="teaching_assistant")
    client = Client()
    client.force_login(assistant)
    url = f"/courses/{built.course.pk}/lessons/{lesson.pk}/quiz/edit/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"pass_mark": "1", "attempt_limit": "1"}).status_code == 403
    text_lesson_quiz = f"/courses/{built.course.pk}/lessons/{built.lesson.pk}/quiz/edit/"
    client.force_login(built.teacher)
    assert client.get(text_lesson_quiz).status_code == 404
