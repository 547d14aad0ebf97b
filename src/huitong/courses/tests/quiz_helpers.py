"""Quizzes for tests, built through the services as the team's pages would build them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from huitong.accounts.models import User
from huitong.courses import quizzes, services
from huitong.courses.models import Choice, Lesson, Module, Question, Quiz


@dataclass
class BuiltQuiz:
    lesson: Lesson
    quiz: Quiz
    single: Question
    single_right: Choice
    single_wrong: Choice
    multiple: Question
    multiple_right: tuple[Choice, Choice]
    multiple_wrong: Choice
    true_false: Question
    true_choice: Choice
    false_choice: Choice
    numeric: Question
    text: Question

    @property
    def questions(self) -> list[Question]:
        return [self.single, self.multiple, self.true_false, self.numeric, self.text]

    def right_answers(self) -> dict[str, Any]:
        return {
            str(self.single.pk): self.single_right.pk,
            str(self.multiple.pk): [c.pk for c in self.multiple_right],
            str(self.true_false.pk): self.true_choice.pk,
            str(self.numeric.pk): "36.9",
            str(self.text.pk): "Zusanli",
        }


def make_quiz(
    teacher: User, module: Module, *, required: bool = True, published: bool = True, **settings: Any
) -> BuiltQuiz:
    lesson = services.lesson_create(
        actor=teacher, module=module, title="Check your knowledge", kind="quiz",
        is_published=published, required=required,
        translations={"zh-hans": {"title": "知识测验"}},
    )  # fmt: skip
    quiz = quizzes.quiz_for_lesson(lesson)
    settings.setdefault("pass_mark", 60)
    settings.setdefault("attempt_limit", 3)
    quiz = quizzes.quiz_update(actor=teacher, quiz=quiz, **settings)

    def question(kind: str, prompt: str, **fields: Any) -> Question:
        return quizzes.question_create(
            actor=teacher, quiz=quiz, kind=kind, prompt=prompt,
            feedback=f"About: {prompt}", **fields,
        )  # fmt: skip

    def choice(q: Question, text: str, correct: bool = False) -> Choice:
        return quizzes.choice_create(actor=teacher, question=q, text=text, is_correct=correct)

    single = question(
        "single", "Where is ST36?", translations={"zh-hans": {"prompt": "足三里在哪里？"}}
    )
    single_right = choice(single, "Below the knee", True)
    single_wrong = choice(single, "On the hand")
    multiple = question("multiple", "Which are stomach meridian points?")
    multiple_right = (choice(multiple, "ST36", True), choice(multiple, "ST25", True))
    multiple_wrong = choice(multiple, "LI4")
    true_false = question("true_false", "Moxibustion uses heat.")
    true_choice = choice(true_false, "True", True)
    false_choice = choice(true_false, "False")
    numeric = question(
        "numeric", "Normal body temperature in °C?", numeric_answer=Decimal("37"),
        tolerance=Decimal("0.5"),
    )  # fmt: skip
    text = question("short_text", "Pinyin name of ST36?", accepted_answers=["Zúsānlǐ"])
    return BuiltQuiz(
        lesson, quiz, single, single_right, single_wrong, multiple, multiple_right,
        multiple_wrong, true_false, true_choice, false_choice, numeric, text,
    )  # fmt: skip
