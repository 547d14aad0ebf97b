"""The course team's teaching pages: the roster of learners (page and CSV) and each
quiz's item statistics."""

from __future__ import annotations

import csv
import io
import re
import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from huitong.accounts.models import User
from huitong.alliance import services as alliance_services
from huitong.certificates.models import Certificate
from huitong.courses import quizzes, services, teaching
from huitong.courses.models import Choice, Enrolment, Question, Quiz
from huitong.courses.tests.helpers import Built, enrol, make_course
from huitong.courses.tests.quiz_helpers import BuiltQuiz, make_quiz
from huitong.testing import World, make_user

# --- A course with two learners -------------------------------------------------------


@dataclass
class Class:
    built: Built
    bq: BuiltQuiz
    done: Enrolment  # world.member (李芳): passed the quiz, completed, certified
    halfway: Enrolment  # Petar: read the lesson, failed the quiz

    def team(self) -> Client:
        client = Client()
        client.force_login(self.built.teacher)
        return client


def petar(world: World, email: str = "petar@example.org", **fields: Any) -> User:
    fields.setdefault("name_latin", "Petar Petrović")
    fields.setdefault("name_native", "Петар Петровић")
    user = make_user(email, country_id="RS", **fields)
    alliance_services.affiliation_grant(
        actor=None, user=user, institution=world.other_institution, role="student"
    )
    return user


def a_class(world: World) -> Class:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    User.objects.filter(pk=world.member.pk).update(country_id="CN")
    done = enrol(built.course, world.member)
    services.lesson_complete(enrolment=done, lesson=built.lesson)
    attempt, _created = quizzes.attempt_start(enrolment=done, quiz=bq.quiz)
    quizzes.attempt_submit(attempt=attempt, answers=bq.right_answers())
    halfway = enrol(built.course, petar(world))
    services.lesson_complete(enrolment=halfway, lesson=built.lesson)
    attempt, _created = quizzes.attempt_start(enrolment=halfway, quiz=bq.quiz)
    answers = bq.right_answers()
    answers[str(bq.single.pk)] = bq.single_wrong.pk
    answers[str(bq.multiple.pk)] = [bq.multiple_right[0].pk]
    answers[str(bq.numeric.pk)] = "40"
    quizzes.attempt_submit(attempt=attempt, answers=answers)  # 2 of 5: 40 %
    done.refresh_from_db()
    return Class(built, bq, done, halfway)


def roster_url(course_id: int, **query: str) -> str:
    url = reverse("courses:roster", kwargs={"course_id": course_id})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def names(response: Any) -> list[str]:
    return [row.learner.name_latin for row in response.context["rows"]]


# --- Roster ---------------------------------------------------------------------------


def test_the_roster_shows_each_learners_progress_and_results(world: World) -> None:
    cls = a_class(world)
    certificate = Certificate.objects.get(holder=world.member)
    response = cls.team().get(roster_url(cls.built.course.pk))
    assert response.status_code == 200
    html = response.content.decode()
    rows = {row.learner.pk: row for row in response.context["rows"]}
    done, halfway = rows[world.member.pk], rows[cls.halfway.learner_id]
    assert done.percent == 100
    assert done.best_scores == [Decimal("100.00")]
    assert done.certificate == certificate
    assert done.institutions == [world.institution]
    assert halfway.percent == 50  # the text lesson of two required lessons
    assert halfway.best_scores == [Decimal("40.00")]
    assert halfway.certificate is None
    assert halfway.enrolment.completed_at is None
    assert halfway.last_activity >= halfway.enrolment.enrolled_at
    for text in ("李芳", "Petar Petrović", "Петар Петровић", "University of Belgrade", "Serbia",
                 "China", certificate.uid, "40%", "100%", "Check your knowledge"):  # fmt: skip
        assert text in html, text


def test_the_last_activity_is_the_latest_lesson_or_quiz_activity(world: World) -> None:
    cls = a_class(world)
    attempt = cls.halfway.learner.quiz_attempts.get()
    response = cls.team().get(roster_url(cls.built.course.pk))
    row = next(r for r in response.context["rows"] if r.learner.pk == cls.halfway.learner_id)
    assert row.last_activity == attempt.submitted_at


def test_the_roster_sorts_by_name_progress_and_enrolment(world: World) -> None:
    cls = a_class(world)
    later = enrol(cls.built.course, petar(world, "ana@example.org", name_latin="Ana Jovanović"))
    assert later.enrolled_at >= cls.halfway.enrolled_at
    client, c = cls.team(), cls.built.course.pk
    assert names(client.get(roster_url(c))) == ["Ana Jovanović", "Member", "Petar Petrović"]
    assert names(client.get(roster_url(c, sort="-name"))) == [
        "Petar Petrović", "Member", "Ana Jovanović"
    ]  # fmt: skip
    assert names(client.get(roster_url(c, sort="-progress"))) == [
        "Member", "Petar Petrović", "Ana Jovanović"
    ]  # fmt: skip
    assert names(client.get(roster_url(c, sort="progress")))[0] == "Ana Jovanović"
    assert names(client.get(roster_url(c, sort="-enrolled"))) == [
        "Ana Jovanović", "Petar Petrović", "Member"
    ]  # fmt: skip
    html = client.get(roster_url(c, sort="-progress")).content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=progress" in html  # the header now offers the other direction


def test_the_enrolled_column_is_not_the_enrolled_counter_in_chinese(world: World) -> None:
    """The column header has a context of its own: the counter "N enrolled" reads
    "人已报名" in Chinese, which is wrong as the header of a column of dates."""
    cls = a_class(world)
    User.objects.filter(pk=cls.built.teacher.pk).update(preferred_language="zh-hans")
    html = cls.team().get(roster_url(cls.built.course.pk)).content.decode()
    assert '<html lang="zh-hans">' in html
    header = html.split("<thead", 1)[1].split("</thead>", 1)[0]
    assert "sort=-enrolled" in header or "sort=enrolled" in header
    assert "人已报名" not in header


def test_the_roster_filters_by_text_and_state(world: World) -> None:
    cls = a_class(world)
    client, c = cls.team(), cls.built.course.pk
    assert names(client.get(roster_url(c, q="李芳"))) == ["Member"]
    assert names(client.get(roster_url(c, q="PETR"))) == ["Petar Petrović"]
    assert names(client.get(roster_url(c, q="Петар"))) == ["Petar Petrović"]
    assert names(client.get(roster_url(c, q="belgrade"))) == ["Petar Petrović"]
    assert names(client.get(roster_url(c, state="completed"))) == ["Member"]
    assert names(client.get(roster_url(c, state="in_progress"))) == ["Petar Petrović"]
    response = client.get(roster_url(c, q="nobody"))
    assert names(response) == []
    assert "No learner matches." in response.content.decode()


def test_an_unknown_state_or_sort_is_refused_and_ignored(world: World) -> None:
    cls = a_class(world)
    response = cls.team().get(roster_url(cls.built.course.pk, state="lost", sort="salary"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2
    assert response.context["form"].errors["state"]


def test_the_roster_shows_50_learners_a_page(world: World) -> None:
    built = make_course(world, access_policy="open")
    for i in range(51):
        enrol(built.course, make_user(f"learner{i:02}@example.org", name_latin=f"L{i:02}"))
    client = Client()
    client.force_login(built.teacher)
    first = client.get(roster_url(built.course.pk))
    assert len(first.context["rows"]) == 50
    assert "51 learners" in first.content.decode()
    second = client.get(roster_url(built.course.pk, page="2"))
    assert names(second) == ["L50"]


def test_a_teaching_assistant_and_an_alliance_admin_see_the_roster(world: World) -> None:
    cls = a_class(world)
    assistant = make_user("ta@example.org")
    services.team_add(
        actor=cls.built.teacher, course=cls.built.course, user=assistant, role="teaching_assistant"
    )
    for user in (assistant, world.alliance_admin):
        client = Client()
        client.force_login(user)
        assert client.get(roster_url(cls.built.course.pk)).status_code == 200


def test_an_enrolled_learner_may_not_see_the_roster(world: World) -> None:
    cls = a_class(world)
    response = world.client_for("member").get(roster_url(cls.built.course.pk))
    assert response.status_code == 403
    assert "Petar" not in response.content.decode()


# --- CSV export -----------------------------------------------------------------------


def csv_rows(response: Any) -> tuple[bytes, list[list[str]]]:
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)  # type: ignore[arg-type]
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_roster_downloads_as_csv_for_spreadsheets(world: World) -> None:
    cls = a_class(world)
    c = cls.built.course.pk
    response = cls.team().get(reverse("courses:roster_csv", kwargs={"course_id": c}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="course-{c}-roster.csv"'
    body, rows = csv_rows(response)
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    header, *data = rows
    assert header[:7] == [
        "Name (Latin script)", "Name (native script)", "Institution", "Country", "Enrolled",
        "Progress (%)", "Last activity",
    ]  # fmt: skip
    assert header[7] == "Best score (%): Check your knowledge"
    assert header[8:] == ["Completed", "Certificate number", "Certificate revoked"]
    by_name = {row[0]: row for row in data}
    member = by_name["Member"]
    assert member[1] == "李芳"
    assert member[2] == "Southwest Medical University"
    assert member[3] == "China"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", member[4])
    assert member[5] == "100"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", member[6])
    assert member[7] == "100"
    assert member[8] == cls.done.completed_at.strftime("%Y-%m-%d")  # type: ignore[union-attr]
    assert member[9] == Certificate.objects.get(holder=world.member).uid
    assert member[10] == ""
    assert by_name["Petar Petrović"][1:8] == [
        "Петар Петровић", "University of Belgrade", "Serbia", by_name["Petar Petrović"][4],
        "50", by_name["Petar Petrović"][6], "40",
    ]  # fmt: skip
    assert by_name["Petar Petrović"][8:] == ["", "", ""]


def test_the_csv_has_every_row_and_follows_the_filters(world: World) -> None:
    built = make_course(world, access_policy="open")
    for i in range(55):
        enrol(built.course, make_user(f"learner{i:02}@example.org", name_latin=f"L{i:02}"))
    client = Client()
    client.force_login(built.teacher)
    url = reverse("courses:roster_csv", kwargs={"course_id": built.course.pk})
    _body, rows = csv_rows(client.get(url))
    assert [row[0] for row in rows[1:]] == [f"L{i:02}" for i in range(55)]
    _body, rows = csv_rows(client.get(url + "?q=L5&sort=-name"))
    assert [row[0] for row in rows[1:]] == [f"L{i}" for i in range(54, 49, -1)]


def test_the_export_reads_the_rows_in_chunks(world: World) -> None:
    built = make_course(world, access_policy="open")
    for i in range(5):
        enrol(built.course, make_user(f"learner{i}@example.org", name_latin=f"L{i}"))
    columns = teaching.roster_columns(course=built.course)
    rows = teaching.roster_all_rows(
        course=built.course, filters=teaching.RosterFilters(), columns=columns, chunk=2
    )
    assert [row.learner.name_latin for row in rows] == ["L0", "L1", "L2", "L3", "L4"]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)"])
def test_the_csv_cannot_carry_a_formula(world: World, name: str) -> None:
    built = make_course(world, access_policy="open")
    enrol(built.course, make_user("tricky@example.org", name_latin=name, name_native="=1+1"))
    client = Client()
    client.force_login(built.teacher)
    response = client.get(reverse("courses:roster_csv", kwargs={"course_id": built.course.pk}))
    _body, rows = csv_rows(response)
    assert rows[1][:2] == ["'" + name, "'=1+1"]


def test_spreadsheet_safe_leaves_plain_text_alone() -> None:
    assert teaching.spreadsheet_safe("Li Fang") == "Li Fang"
    assert teaching.spreadsheet_safe("李芳") == "李芳"
    assert teaching.spreadsheet_safe("") == ""
    assert teaching.spreadsheet_safe("\t=1") == "'\t=1"


def test_the_csv_is_for_the_team_only(world: World) -> None:
    cls = a_class(world)
    url = reverse("courses:roster_csv", kwargs={"course_id": cls.built.course.pk})
    assert world.client_for("member").get(url).status_code == 403
    assert world.client_for("outsider").get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))


# --- Item statistics ------------------------------------------------------------------


@dataclass
class Bank:
    built: Built
    quiz: Quiz
    questions: list[Question]
    right: list[Choice]
    wrong: list[Choice]
    enrolment: Enrolment


def a_bank(world: World) -> Bank:
    built = make_course(world)
    lesson = services.lesson_create(
        actor=built.teacher, module=built.module, title="Points", kind="quiz", is_published=True
    )
    quiz = quizzes.quiz_update(
        actor=built.teacher, quiz=quizzes.quiz_for_lesson(lesson), attempt_limit=20
    )
    questions: list[Question] = []
    right: list[Choice] = []
    wrong: list[Choice] = []
    for i in range(3):
        question = quizzes.question_create(
            actor=built.teacher, quiz=quiz, kind="single", prompt=f"Question {i + 1}?"
        )
        questions.append(question)
        for text, correct, into in (("Right", True, right), ("Wrong", False, wrong)):
            into.append(
                quizzes.choice_create(
                    actor=built.teacher, question=question, text=text, is_correct=correct
                )
            )
    return Bank(built, quiz, questions, right, wrong, enrol(built.course, world.member))


def answer(bank: Bank, pattern: str, *, submit: bool = True) -> None:
    """One attempt: "1" right, "0" wrong, "-" no answer, per question."""
    attempt, _created = quizzes.attempt_start(enrolment=bank.enrolment, quiz=bank.quiz)
    answers: dict[str, Any] = {}
    for mark, question, right, wrong in zip(
        pattern, bank.questions, bank.right, bank.wrong, strict=True
    ):
        if mark != "-":
            answers[str(question.pk)] = right.pk if mark == "1" else wrong.pk
    if submit:
        quizzes.attempt_submit(attempt=attempt, answers=answers)
    else:
        quizzes.attempt_save_answers(attempt=attempt, answers=answers)


PATTERNS = ["111", "110", "101", "010", "000", "10-"]


def stats_url(bank: Bank) -> str:
    return reverse(
        "courses:quiz_statistics",
        kwargs={"course_id": bank.built.course.pk, "lesson_id": bank.quiz.lesson_id},
    )


def expected_discrimination(index: int) -> float:
    item = [int(p[index] == "1") for p in PATTERNS]
    rest = [sum(int(m == "1") for j, m in enumerate(p) if j != index) / 2 for p in PATTERNS]
    return statistics.correlation(item, rest)


def test_item_statistics_count_draws_right_answers_and_discrimination(world: World) -> None:
    bank = a_bank(world)
    for pattern in PATTERNS:
        answer(bank, pattern)
    answer(bank, "111", submit=False)  # still open: does not count
    client = Client()
    client.force_login(bank.built.teacher)
    response = client.get(stats_url(bank))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.attempts == 6
    assert stats.learners == 1
    first, _second, third = stats.items
    assert [item.drawn for item in stats.items] == [6, 6, 6]
    assert [item.correct for item in stats.items] == [4, 3, 2]
    assert [item.unanswered for item in stats.items] == [0, 0, 1]
    for index, item in enumerate(stats.items):
        assert item.discrimination == pytest.approx(expected_discrimination(index))
    assert first.discrimination == pytest.approx(2 / 34**0.5)  # worked by hand, as a check
    assert [(c.choice.text, c.count) for c in first.choices] == [("Right", 4), ("Wrong", 2)]
    assert [(c.choice.text, c.count) for c in third.choices] == [("Right", 2), ("Wrong", 3)]
    html = response.content.decode()
    assert "67%" in html  # 4 of 6 answered the first question right
    assert "0.34" in html
    assert "point-biserial" in html


def test_discrimination_needs_five_attempts(world: World) -> None:
    bank = a_bank(world)
    for pattern in PATTERNS[:4]:
        answer(bank, pattern)
    client = Client()
    client.force_login(bank.built.teacher)
    response = client.get(stats_url(bank))
    stats = response.context["stats"]
    assert stats.attempts == 4
    assert all(item.discrimination is None for item in stats.items)
    assert stats.items[0].correct == 3
    assert response.content.decode().count('<td class="discrimination"><span class="muted"') == 3


def test_an_item_everyone_gets_right_has_no_discrimination(world: World) -> None:
    bank = a_bank(world)
    for pattern in ["111", "110", "101", "100", "100"]:
        answer(bank, pattern)
    stats = teaching.quiz_stats(quiz=bank.quiz)
    assert stats.items[0].correct == 5
    assert stats.items[0].discrimination is None
    assert stats.items[1].discrimination is not None


def test_multiple_choice_counts_each_chosen_answer(world: World) -> None:
    cls = a_class(world)
    stats = teaching.quiz_stats(quiz=cls.bq.quiz)
    multiple = next(item for item in stats.items if item.question == cls.bq.multiple)
    counts = {c.choice.text: c.count for c in multiple.choices}
    assert counts == {"ST36": 2, "ST25": 1, "LI4": 0}
    assert multiple.correct == 1
    numeric = next(item for item in stats.items if item.question == cls.bq.numeric)
    assert numeric.choices == []
    assert numeric.correct == 1


def test_a_question_with_no_attempts_shows_dashes(world: World) -> None:
    bank = a_bank(world)
    client = Client()
    client.force_login(bank.built.teacher)
    response = client.get(stats_url(bank))
    assert response.status_code == 200
    assert response.context["stats"].attempts == 0
    assert all(item.drawn == 0 for item in response.context["stats"].items)


def test_statistics_are_only_for_quiz_lessons_of_the_course(world: World) -> None:
    bank = a_bank(world)
    client = Client()
    client.force_login(bank.built.teacher)
    c = bank.built.course.pk
    text_lesson = reverse(
        "courses:quiz_statistics", kwargs={"course_id": c, "lesson_id": bank.built.lesson.pk}
    )
    assert client.get(text_lesson).status_code == 404
    other = make_course(world, title="Other course")
    other_quiz = make_quiz(other.teacher, other.module)
    elsewhere = reverse(
        "courses:quiz_statistics", kwargs={"course_id": c, "lesson_id": other_quiz.lesson.pk}
    )
    assert client.get(elsewhere).status_code == 404
    assert world.client_for("member").get(stats_url(bank)).status_code == 403


# --- The manage page ------------------------------------------------------------------


def test_the_manage_page_links_to_the_roster_and_each_quizs_statistics(world: World) -> None:
    cls = a_class(world)
    html = cls.team().get(reverse("courses:manage", kwargs={"course_id": cls.built.course.pk}))
    content = html.content.decode()
    assert reverse("courses:roster", kwargs={"course_id": cls.built.course.pk}) in content
    assert (
        reverse(
            "courses:quiz_statistics",
            kwargs={"course_id": cls.built.course.pk, "lesson_id": cls.bq.lesson.pk},
        )
        in content
    )
