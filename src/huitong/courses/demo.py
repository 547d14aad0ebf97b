"""The demo's courses: Southwest Medical University's five English-taught courses on the
cloud course platform of the Belt and Road International Medical Education Alliance
(content in huitong.courses.demo_content).

Everything a person would do goes through the services the pages call: the lead
instructor creates the course, adds the team, writes modules, lessons and quizzes, submits
it; the alliance's secretariat reviews and publishes it; learners enrol, complete lessons,
take the quiz, and the completion rule issues their certificates. The course history,
the audit log and the certificates are therefore real.

The faculty of the teams are generated SWMU people (Chinese names in pinyin and in
characters), bulk-created like the other generated people (huitong.alliance.generate).
Learners are the generated people of the alliance's member institutions, drawn with a
seeded random generator, so two databases built the same way hold the same demo.

Idempotent: a course that already exists (same provider and title) is left as it is.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from huitong.accounts.models import ProfessionalRole, User
from huitong.alliance.models import (
    Affiliation,
    AffiliationRole,
    AffiliationStatus,
    Alliance,
    Institution,
    MembershipStatus,
)
from huitong.courses import quizzes, services
from huitong.courses.demo_content import COURSES, CourseSpec, LessonSpec, ReadingSpec, Text
from huitong.courses.models import (
    Course,
    Enrolment,
    Lesson,
    LessonKind,
    Question,
    QuestionKind,
    Quiz,
    TeamRole,
)

SEED = 2025
# The generated people of huitong.alliance.generate (the demo command's load_people).
PEOPLE_DOMAIN = "people.demo.huitong.example"
FACULTY_DOMAIN = "swmu.example"
# The demo's one password (see the demo command).
DEMO_PASSWORD = "huitong-demo"
# Share of generated learners who finish the course, and who enrol but do nothing yet.
COMPLETE_SHARE = 0.25
IDLE_SHARE = 0.25
# Share of the learners from outside China.
ABROAD_SHARE = 0.65

SURNAMES = [
    ("Zhang", "张"), ("Wang", "王"), ("Li", "李"), ("Liu", "刘"), ("Chen", "陈"),
    ("Yang", "杨"), ("Huang", "黄"), ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"),
    ("Xu", "徐"), ("Sun", "孙"), ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"),
    ("Guo", "郭"), ("He", "何"), ("Luo", "罗"), ("Gao", "高"), ("Deng", "邓"),
    ("Tang", "唐"), ("Feng", "冯"), ("Xie", "谢"), ("Song", "宋"),
]  # fmt: skip
GIVEN_NAMES = [
    ("Xiaoyan", "晓燕"), ("Jianguo", "建国"), ("Haiyan", "海燕"), ("Zhiqiang", "志强"),
    ("Yuqing", "雨晴"), ("Wenjie", "文杰"), ("Lihua", "丽华"), ("Mingyu", "明宇"),
    ("Xiuying", "秀英"), ("Guoqiang", "国强"), ("Hongmei", "红梅"), ("Chunyan", "春燕"),
    ("Zhiwei", "志伟"), ("Shuang", "爽"), ("Ting", "婷"), ("Hao", "浩"), ("Yun", "云"),
    ("Xin", "欣"), ("Rui", "睿"), ("Jiahui", "佳慧"), ("Zihan", "子涵"), ("Yifan", "一帆"),
    ("Shufen", "淑芬"), ("Dehua", "德华"), ("Kai", "凯"), ("Lan", "兰"),
]  # fmt: skip


# --- People ---------------------------------------------------------------------------


def _faculty_names(count: int) -> list[tuple[str, str]]:
    """``count`` distinct Chinese names, (pinyin, characters), always the same ones."""
    rng = random.Random(f"{SEED}:faculty")
    pairs = [(s, g) for s in SURNAMES for g in GIVEN_NAMES]
    rng.shuffle(pairs)
    names = []
    for (s_latin, s_native), (g_latin, g_native) in pairs:
        if (s_latin, g_latin) == ("Li", "Fang"):  # the demo login teacher@swmu.example
            continue
        names.append((f"{s_latin} {g_latin}", f"{s_native}{g_native}"))
        if len(names) == count:
            break
    return names


def faculty(provider: Institution, count: int) -> list[User]:
    """The provider's generated faculty (created once), in a fixed order."""
    names = _faculty_names(count)
    emails = [
        f"{latin.split()[1].lower()}.{latin.split()[0].lower()}@{FACULTY_DOMAIN}"
        for latin, _native in names
    ]
    missing = set(emails) - set(
        User.objects.filter(email__in=emails).values_list("email", flat=True)
    )
    if missing:
        password = make_password(DEMO_PASSWORD)
        now = timezone.now()
        User.objects.bulk_create(
            [
                User(
                    email=email,
                    password=password,
                    name_latin=latin,
                    name_native=native,
                    country_id=provider.country_id,
                    preferred_language="zh-hans",
                    time_zone="Asia/Shanghai",
                    professional_role=ProfessionalRole.EDUCATOR,
                    email_verified_at=now,
                )
                for email, (latin, native) in zip(emails, names, strict=True)
                if email in missing
            ],
            ignore_conflicts=True,
        )
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    Affiliation.objects.bulk_create(
        [
            Affiliation(
                user=users[email],
                institution=provider,
                role=AffiliationRole.FACULTY,
                status=AffiliationStatus.APPROVED,
                decided_at=timezone.now(),
            )
            for email in emails
        ],
        ignore_conflicts=True,
    )
    return [users[email] for email in emails]


def learner_pool(members: Sequence[Institution]) -> tuple[list[User], list[User]]:
    """The generated people of the member institutions: (from abroad, from China), in a
    fixed order."""
    people = (
        User.objects.filter(
            email__endswith=f"@{PEOPLE_DOMAIN}",
            affiliations__institution__in=members,
            affiliations__status=AffiliationStatus.APPROVED,
        )
        .distinct()
        .order_by("email")
    )
    abroad: list[User] = []
    home: list[User] = []
    for person in people:
        (home if person.country_id == "CN" else abroad).append(person)
    return abroad, home


def _draw(rng: random.Random, abroad: list[User], home: list[User], count: int) -> list[User]:
    from_abroad = min(len(abroad), round(count * ABROAD_SHARE))
    chosen = rng.sample(abroad, from_abroad) + rng.sample(home, min(len(home), count - from_abroad))
    rng.shuffle(chosen)
    return chosen


# --- Readings -------------------------------------------------------------------------


def reading_pdf(spec: ReadingSpec, *, course: Text, provider: str) -> bytes:
    """A small bilingual handout as a PDF (English, then Chinese)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from huitong.core.pdf import HEAD, LATIN, LINE, MUTED, markup, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{spec.title.en} — {course.en}",
        author=provider,
    )
    title = ParagraphStyle("title", fontName=LATIN, fontSize=17, leading=22, spaceAfter=2)
    muted = ParagraphStyle("muted", fontName=LATIN, fontSize=9, leading=12, textColor=MUTED)
    body = ParagraphStyle("body", fontName=LATIN, fontSize=10, leading=14, spaceAfter=4)
    chinese = ParagraphStyle("chinese", parent=body, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=LATIN, fontSize=8.5, leading=11)
    header = ParagraphStyle("header", parent=cell, fontSize=9)
    story: list[Any] = [
        Paragraph(markup(spec.title.en), title),
        Paragraph(markup(spec.title.zh), title),
        Paragraph(markup(f"{course.en} · {course.zh} — {provider}"), muted),
        Spacer(1, 5 * mm),
        Paragraph(markup(spec.intro.en), body),
        Paragraph(markup(spec.intro.zh), chinese),
        Spacer(1, 3 * mm),
    ]
    rows = [[Paragraph(markup(text), header) for text in spec.headers]]
    rows += [[Paragraph(markup(text), cell) for text in row] for row in spec.rows]
    width = document.width
    columns = len(spec.headers)
    widths = [width * 0.14, width * 0.24, width * 0.62] if columns == 3 else [width / columns] * 2
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("GRID", (0, 0), (-1, -1), 0.5, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [table, Spacer(1, 4 * mm)]
    for note in spec.notes:
        story += [Paragraph(markup(note.en), body), Paragraph(markup(note.zh), chinese)]
    story += [
        Spacer(1, 6 * mm),
        Paragraph(markup("Huitong demo course material · 汇通演示课程资料"), muted),
    ]
    document.build(story)
    return buffer.getvalue()


# --- Building a course ----------------------------------------------------------------


def _team_roles(size: int) -> list[TeamRole]:
    """Lead instructor, instructors, and two or three teaching assistants."""
    assistants = 3 if size >= 8 else 2
    return (
        [TeamRole.LEAD_INSTRUCTOR]
        + [TeamRole.INSTRUCTOR] * (size - 1 - assistants)
        + [TeamRole.TEACHING_ASSISTANT] * assistants
    )


def _zh(**texts: str) -> dict[str, dict[str, str]]:
    return {"zh-hans": {k: v for k, v in texts.items() if v}}


def _starts_at(spec: LessonSpec, now: dt.datetime) -> dt.datetime | None:
    if not spec.live:
        return None
    day = now + dt.timedelta(days=10 if spec.live == "future" else -21)
    return day.replace(hour=12, minute=0, second=0, microsecond=0)


def _lesson_fields(spec: LessonSpec, course: CourseSpec, now: dt.datetime) -> dict[str, Any]:
    body = spec.body or Text("", "")
    fields: dict[str, Any] = {
        "title": spec.title.en,
        "kind": spec.kind,
        "body": body.en,
        "is_published": True,
        "required": spec.required,
        "original_language": "en",
        "translations": _zh(title=spec.title.zh, body=body.zh),
    }
    if spec.kind == LessonKind.VIDEO:
        fields |= {"video_url": spec.video_url, "video_duration": spec.video_duration}
    if spec.kind == LessonKind.LIVE:
        fields |= {
            "starts_at": _starts_at(spec, now),
            "meeting_url": spec.meeting_url,
            "recording_url": spec.recording_url,
        }
    if spec.reading is not None:
        pdf = reading_pdf(
            spec.reading, course=course.title, provider="Southwest Medical University"
        )
        fields["reading_file"] = ContentFile(pdf, name=spec.reading.filename)
    return fields


def _add_quiz(lesson: Lesson, spec: LessonSpec, author: User) -> None:
    quiz = quizzes.quiz_for_lesson(lesson)
    quizzes.quiz_update(actor=author, quiz=quiz, pass_mark=spec.pass_mark, attempt_limit=3)
    for item in spec.questions:
        feedback = item.feedback or Text("", "")
        question = quizzes.question_create(
            actor=author,
            quiz=quiz,
            kind=item.kind,
            prompt=item.prompt.en,
            feedback=feedback.en,
            numeric_answer=Decimal(item.numeric) if item.numeric is not None else None,
            tolerance=Decimal(item.tolerance),
            accepted_answers=list(item.accepted),
            original_language="en",
            translations=_zh(prompt=item.prompt.zh, feedback=feedback.zh),
        )
        for choice in item.choices:
            quizzes.choice_create(
                actor=author,
                question=question,
                text=choice.text.en,
                is_correct=choice.correct,
                original_language="en",
                translations=_zh(text=choice.text.zh),
            )


def build_course(
    spec: CourseSpec,
    *,
    provider: Institution,
    alliance: Alliance,
    lead: User,
    team: Sequence[User],
    reviewer: User,
    now: dt.datetime,
) -> Course:
    """Create, fill, submit and publish one course, as its team and the reviewer would."""
    description_zh = "" if spec.changes_requested else spec.description.zh
    course = services.course_create(
        actor=lead,
        provider=provider,
        alliance=alliance,
        title=spec.title.en,
        summary=spec.summary.en,
        description=spec.description.en,
        prerequisites=spec.prerequisites.en,
        original_language="en",
        translations=_zh(
            title=spec.title.zh,
            summary=spec.summary.zh,
            description=description_zh,
            prerequisites=spec.prerequisites.zh,
        ),
        discipline=spec.discipline,
        languages=list(spec.languages),
        level=spec.level,
        estimated_hours=Decimal(spec.estimated_hours),
        recognition=list(spec.recognition),
        access_policy=spec.access_policy,
    )
    roles = _team_roles(spec.team_size)[1:]
    for member, role in zip(team, roles, strict=True):
        services.team_add(actor=lead, course=course, user=member, role=role)
    authors = [lead, *(m for m, r in zip(team, roles, strict=True) if r == TeamRole.INSTRUCTOR)]
    for number, module_spec in enumerate(spec.modules):
        author = authors[number % len(authors)]
        module = services.module_create(
            actor=author,
            course=course,
            title=module_spec.title.en,
            original_language="en",
            translations=_zh(title=module_spec.title.zh),
        )
        for lesson_spec in module_spec.lessons:
            lesson = services.lesson_create(
                actor=author, module=module, **_lesson_fields(lesson_spec, spec, now)
            )
            if lesson_spec.kind == LessonKind.QUIZ:
                _add_quiz(lesson, lesson_spec, author)
    services.course_submit(actor=lead, course=course)
    if spec.changes_requested is not None:
        services.course_review(
            actor=reviewer, course=course, approve=False, comment=spec.changes_requested.en
        )
        course = services.course_update(
            actor=lead,
            course=course,
            translations={
                **course.translations,
                "zh-hans": {
                    **course.translations.get("zh-hans", {}),
                    "description": spec.description.zh,
                },
            },
        )
        services.course_submit(actor=lead, course=course)
    return services.course_review(actor=reviewer, course=course, approve=True)


# --- Learners -------------------------------------------------------------------------


@dataclass
class Outline:
    """What a learner goes through: the lessons to complete in order, and the quiz."""

    lessons: list[Lesson]
    quiz: Quiz | None
    answers: dict[int, Any]  # question id → the right answer
    wrong: dict[int, Any]  # question id → a wrong one


def _answers(quiz: Quiz) -> tuple[dict[int, Any], dict[int, Any]]:
    right: dict[int, Any] = {}
    wrong: dict[int, Any] = {}
    question: Question
    for question in quiz.questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        correct = [c.pk for c in choices if c.is_correct]
        incorrect = [c.pk for c in choices if not c.is_correct]
        if question.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
            right[question.pk], wrong[question.pk] = correct[0], incorrect[0]
        elif question.kind == QuestionKind.MULTIPLE:
            right[question.pk], wrong[question.pk] = correct, correct[:1] + incorrect[:1]
        elif question.kind == QuestionKind.NUMERIC:
            answer = question.numeric_answer or Decimal(0)
            right[question.pk], wrong[question.pk] = str(answer), str(answer + 1)
        else:
            right[question.pk], wrong[question.pk] = question.accepted_answers[0], "?"
    return right, wrong


def outline_of(course: Course) -> Outline:
    lessons = list(
        Lesson.objects.filter(module__course=course, is_published=True)
        .select_related("module")
        .order_by("module__position", "position", "pk")
    )
    now = timezone.now()
    quiz = Quiz.objects.filter(lesson__module__course=course).select_related("lesson").first()
    if quiz is not None:
        quiz.lesson = next(lesson for lesson in lessons if lesson.pk == quiz.lesson_id)
    right, wrong = _answers(quiz) if quiz is not None else ({}, {})
    doable = [
        lesson
        for lesson in lessons
        if lesson.kind != LessonKind.QUIZ
        and not (lesson.kind == LessonKind.LIVE and lesson.starts_at and lesson.starts_at > now)
    ]
    return Outline(doable, quiz, right, wrong)


def _take_quiz(enrolment: Enrolment, outline: Outline, *, wrong: int) -> bool:
    """One attempt with ``wrong`` answers wrong; whether it passed."""
    assert outline.quiz is not None
    attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=outline.quiz)
    missed = set(list(outline.answers)[:wrong])
    answers = {
        str(pk): (outline.wrong[pk] if pk in missed else answer)
        for pk, answer in outline.answers.items()
    }
    return quizzes.attempt_submit(attempt=attempt, answers=answers).passed


def _most_wrong_to_pass(outline: Outline) -> int:
    assert outline.quiz is not None
    total = len(outline.answers)
    return max(n for n in range(total + 1) if (total - n) * 100 >= outline.quiz.pass_mark * total)


def learn(enrolment: Enrolment, outline: Outline, *, lessons: int, quiz: str, wrong: int) -> None:
    """Complete the first ``lessons`` lessons; then ``quiz``: "" (not taken), "fail", "pass"
    (with ``wrong`` answers wrong) or "fail-then-pass"."""
    done = outline.lessons[:lessons]
    for lesson in done:
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    if quiz and outline.quiz is not None:
        if quiz in ("fail", "fail-then-pass"):
            _take_quiz(enrolment, outline, wrong=len(outline.answers))
        if quiz in ("pass", "fail-then-pass"):
            _take_quiz(enrolment, outline, wrong=wrong)
        services.lesson_visit(enrolment=enrolment, lesson=outline.quiz.lesson)
    elif lessons < len(outline.lessons):
        services.lesson_visit(enrolment=enrolment, lesson=outline.lessons[lessons])
    elif done:
        services.lesson_visit(enrolment=enrolment, lesson=done[-1])


def enrol_learners(
    course: Course, learners: Sequence[User], outline: Outline, rng: random.Random
) -> None:
    """Enrol the learners; each goes some way through the course, some to its end."""
    total = len(outline.lessons)
    most_wrong = _most_wrong_to_pass(outline) if outline.quiz is not None else 0
    for learner in learners:
        enrolment, created = services.enrolment_create(course=course, learner=learner)
        if not created:
            continue
        draw = rng.random()
        if draw < COMPLETE_SHARE:
            quiz = "fail-then-pass" if rng.random() < 0.2 else "pass"
            learn(enrolment, outline, lessons=total, quiz=quiz, wrong=rng.randint(0, most_wrong))
        elif draw < 1 - IDLE_SHARE:
            # Most of those who stop do so early, as in any MOOC.
            early = rng.random() < 0.6
            lessons = rng.randint(1, max(1, total // 3) if early else total)
            quiz = "fail" if lessons == total and rng.random() < 0.5 else ""
            learn(enrolment, outline, lessons=lessons, quiz=quiz, wrong=0)


# --- The demo -------------------------------------------------------------------------


LEARNER_LOGINS = ("physician@belgrade.example", "student@uj.example")


def load_courses(
    *,
    provider: Institution,
    alliance: Alliance,
    reviewer: User,
    stream: TextIO | None = None,
) -> None:
    """Build the five courses with their teams and learners (idempotent)."""
    from huitong.alliance.generate import Progress

    progress = Progress("courses", len(COURSES), stream)
    emails = [*(s.lead_email for s in COURSES if s.lead_email), *LEARNER_LOGINS]
    logins = {u.email: u for u in User.objects.filter(email__in=emails)}
    team_pool = faculty(provider, sum(s.team_size - bool(s.lead_email) for s in COURSES))
    members = Institution.objects.filter(
        memberships__alliance=alliance, memberships__status=MembershipStatus.APPROVED
    )
    abroad, home = learner_pool(list(members))
    now = timezone.now()
    for spec in COURSES:
        size = spec.team_size - (1 if spec.lead_email else 0)
        team, team_pool = team_pool[:size], team_pool[size:]
        lead = logins[spec.lead_email] if spec.lead_email else team[0]
        others = team if spec.lead_email else team[1:]
        if Course.objects.filter(provider=provider, title=spec.title.en).exists():
            progress.advance(1)
            continue
        rng = random.Random(f"{SEED}:{spec.key}")
        with transaction.atomic():
            course = build_course(
                spec,
                provider=provider,
                alliance=alliance,
                lead=lead,
                team=others,
                reviewer=reviewer,
                now=now,
            )
            outline = outline_of(course)
            enrol_learners(course, _draw(rng, abroad, home, spec.learners), outline, rng)
            _demo_logins(spec, course, outline, logins)
        progress.advance(1)


def _demo_logins(
    spec: CourseSpec, course: Course, outline: Outline, logins: dict[str, User]
) -> None:
    """The demo logins' own learning: a physician part-way through acupuncture, a student
    with the certificate of the course open to everyone."""
    if spec.key == "acupuncture" and "physician@belgrade.example" in logins:
        enrolment, _created = services.enrolment_create(
            course=course, learner=logins["physician@belgrade.example"]
        )
        learn(enrolment, outline, lessons=4, quiz="", wrong=0)
    if spec.key == "tcm" and "student@uj.example" in logins:
        enrolment, _created = services.enrolment_create(
            course=course, learner=logins["student@uj.example"]
        )
        learn(enrolment, outline, lessons=len(outline.lessons), quiz="pass", wrong=0)
