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

The history is dated as it would have happened, not at load time: while the demo runs,
``django.utils.timezone.now`` (which every service, ``auto_now_add`` field and audit
record reads) returns the moment of the step being replayed (as in
``huitong.training.demo``). Each course is written over some weeks and published 14 to 18
months before the load; its learners enrol at times spread from then until a few days
before the load, complete lessons days apart, take the quiz after the last lesson (again
some days later after a failure), so completions come weeks after enrolment and a
certificate is issued at the moment of completion. Nothing is dated in the future.

Quiz answers are simulated with a small item-response model: each learner has an
ability, each question a difficulty and a discrimination (all seeded), and a learner
answers a question right with the logistic probability of the difference; a wrong answer
picks one of the question's wrong choices with weights of its own (some distractors
attract more than others). Whether a learner passes is drawn first (the share who
complete); the answers are then drawn from the model until they give that outcome.

Idempotent: a course that already exists (same provider and title) is left as it is.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
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
from huitong.core.clock import now_from
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
# A past live lesson took place this long after its course was published.
LIVE_AFTER = dt.timedelta(days=30)

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


# --- The clock ------------------------------------------------------------------------


class Clock:
    """The moment the demo's history is at: what ``timezone.now()`` returns while
    replaying. ``step`` advances it at each reading (authoring: one minute a change)."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment
        self.step = dt.timedelta(0)

    def set(self, moment: dt.datetime, step: dt.timedelta = dt.timedelta(0)) -> None:
        self.moment = moment
        self.step = step

    def now(self) -> dt.datetime:
        moment = self.moment
        self.moment = moment + self.step
        return moment


@contextmanager
def replay(start: dt.datetime) -> Iterator[Clock]:
    """Within the block, ``timezone.now()`` is the clock's time (the demo runs alone in its
    process: a management command or a test)."""
    clock = Clock(start)
    with now_from(clock.now):
        yield clock


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


def _starts_at(spec: LessonSpec, now: dt.datetime, published: dt.datetime) -> dt.datetime | None:
    """A coming live lesson in ten days; a past one (with its recording) a month after the
    course was published."""
    if not spec.live:
        return None
    day = now + dt.timedelta(days=10) if spec.live == "future" else published + LIVE_AFTER
    return day.replace(hour=12, minute=0, second=0, microsecond=0)


def _lesson_fields(
    spec: LessonSpec, course: CourseSpec, now: dt.datetime, published: dt.datetime
) -> dict[str, Any]:
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
            "starts_at": _starts_at(spec, now, published),
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
    clock: Clock,
    published: dt.datetime,
) -> Course:
    """Create, fill, submit and publish one course, as its team and the reviewer would:
    written over the weeks before ``published``, reviewed and published then."""
    description_zh = "" if spec.changes_requested else spec.description.zh
    clock.set(published - dt.timedelta(days=45), step=dt.timedelta(minutes=1))
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
                actor=author, module=module, **_lesson_fields(lesson_spec, spec, now, published)
            )
            if lesson_spec.kind == LessonKind.QUIZ:
                _add_quiz(lesson, lesson_spec, author)
    clock.set(published - dt.timedelta(days=9, hours=3))
    services.course_submit(actor=lead, course=course)
    if spec.changes_requested is not None:
        clock.set(published - dt.timedelta(days=6, hours=5))
        services.course_review(
            actor=reviewer, course=course, approve=False, comment=spec.changes_requested.en
        )
        clock.set(published - dt.timedelta(days=3, hours=1), step=dt.timedelta(minutes=1))
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
    clock.set(published)
    return services.course_review(actor=reviewer, course=course, approve=True)


# --- Learners -------------------------------------------------------------------------


@dataclass
class Item:
    """A question as the simulation sees it: the right answer, the wrong ones a learner
    may give (with how much each attracts), and the seeded difficulty and
    discrimination of the item-response model."""

    right: Any
    wrong: list[Any]
    weights: list[float]
    difficulty: float
    discrimination: float


@dataclass
class Outline:
    """What a learner goes through: the lessons to complete in order, and the quiz."""

    lessons: list[Lesson]
    quiz: Quiz | None
    items: dict[int, Item] = field(default_factory=dict)  # question id → its simulation


def _wrong_answers(question: Question, rng: random.Random) -> list[Any]:
    choices = list(question.choices.all())
    correct = [c.pk for c in choices if c.is_correct]
    incorrect = [c.pk for c in choices if not c.is_correct]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        return incorrect
    if question.kind == QuestionKind.MULTIPLE:
        partial = [correct[:i] for i in range(1, len(correct))]  # some right ones only
        mixed = [sorted([*correct[:1], pk]) for pk in incorrect]  # a wrong one ticked too
        return [*partial, *mixed] or [incorrect[:1]]
    if question.kind == QuestionKind.NUMERIC:
        answer = question.numeric_answer or Decimal(0)
        step = max(question.tolerance * 3, Decimal(1))
        return [str(answer + k * step) for k in (-2, -1, 1, 2)]
    accepted = question.accepted_answers[0]
    return [accepted[: max(1, len(accepted) - 2)], "?"]


def _items(quiz: Quiz, key: str) -> dict[int, Item]:
    items = {}
    question: Question
    for number, question in enumerate(quiz.questions.prefetch_related("choices")):
        rng = random.Random(f"{SEED}:{key}:question:{number}")
        choices = list(question.choices.all())
        right: Any
        if question.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
            right = next(c.pk for c in choices if c.is_correct)
        elif question.kind == QuestionKind.MULTIPLE:
            right = sorted(c.pk for c in choices if c.is_correct)
        elif question.kind == QuestionKind.NUMERIC:
            right = str(question.numeric_answer or Decimal(0))
        else:
            right = question.accepted_answers[0]
        wrong = _wrong_answers(question, rng)
        items[question.pk] = Item(
            right=right,
            wrong=wrong,
            weights=[rng.uniform(0.2, 1.0) for _ in wrong],
            difficulty=rng.gauss(-0.7, 0.9),
            discrimination=rng.uniform(0.6, 1.8),
        )
    return items


def outline_of(course: Course, key: str) -> Outline:
    lessons = list(
        Lesson.objects.filter(module__course=course, is_published=True)
        .select_related("module")
        .order_by("module__position", "position", "pk")
    )
    now = timezone.now()
    quiz = Quiz.objects.filter(lesson__module__course=course).select_related("lesson").first()
    if quiz is not None:
        quiz.lesson = next(lesson for lesson in lessons if lesson.pk == quiz.lesson_id)
    doable = [
        lesson
        for lesson in lessons
        if lesson.kind != LessonKind.QUIZ
        and not (lesson.kind == LessonKind.LIVE and lesson.starts_at and lesson.starts_at > now)
    ]
    return Outline(doable, quiz, _items(quiz, key) if quiz is not None else {})


def _answers(
    outline: Outline, question_ids: list[int], ability: float, rng: random.Random, *, passes: bool
) -> dict[str, Any]:
    """Answers drawn from the model until they pass (or fail) the quiz, as ``passes``
    says; after many draws, the learner's best (or worst) answers."""
    assert outline.quiz is not None
    ids = [pk for pk in question_ids if pk in outline.items]
    for _draw in range(200):
        right = {
            pk: rng.random()
            < 1 / (1 + math.exp(-outline.items[pk].discrimination
                                * (ability - outline.items[pk].difficulty)))
            for pk in ids
        }  # fmt: skip
        score = 100 * sum(right.values()) / max(1, len(ids))
        if (score >= outline.quiz.pass_mark) == passes:
            break
    else:
        right = dict.fromkeys(ids, passes)
    answers = {}
    for pk in ids:
        item = outline.items[pk]
        answers[str(pk)] = (
            item.right if right[pk] else rng.choices(item.wrong, weights=item.weights)[0]
        )
    return answers


@dataclass
class Journey:
    """When a learner does what: the moments of their steps, in order, never after
    ``until``; a step that would come later is not taken (yet)."""

    clock: Clock
    moment: dt.datetime
    until: dt.datetime
    rng: random.Random

    def at(self, moment: dt.datetime) -> bool:
        """Move on to ``moment``; False if it is after ``until`` (the step waits)."""
        if moment > self.until:
            return False
        self.moment = moment
        self.clock.set(moment)
        return True

    def later(self, low_days: float, high_days: float) -> bool:
        return self.at(self.moment + dt.timedelta(days=self.rng.uniform(low_days, high_days)))


def _take_quiz(
    enrolment: Enrolment, outline: Outline, ability: float, rng: random.Random, *, passes: bool
) -> bool:
    """One attempt, answered by the model with the given outcome; whether it passed (it
    may not, if the course's completion depends on something else too)."""
    assert outline.quiz is not None
    attempt, _created = quizzes.attempt_start(enrolment=enrolment, quiz=outline.quiz)
    answers = _answers(outline, list(attempt.question_ids), ability, rng, passes=passes)
    return quizzes.attempt_submit(attempt=attempt, answers=answers).passed


def learn(
    enrolment: Enrolment,
    outline: Outline,
    journey: Journey,
    *,
    lessons: int,
    quiz: str,
    ability: float,
) -> None:
    """Complete the first ``lessons`` lessons, days apart; then ``quiz``: "" (not taken),
    "fail", "pass" or "fail-then-pass". Steps that would fall after ``journey.until`` are
    not taken: that learner is not there yet."""
    done: list[Lesson] = []
    for lesson in outline.lessons[:lessons]:
        moment = journey.moment + dt.timedelta(days=journey.rng.uniform(0.2, 6))
        if lesson.starts_at is not None and moment < lesson.starts_at:
            moment = lesson.starts_at + dt.timedelta(hours=journey.rng.uniform(1, 30))
        if not journey.at(moment):
            break
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
        done.append(lesson)
    finished = len(done) == lessons
    if finished and quiz and outline.quiz is not None and journey.later(0.1, 4):
        if quiz in ("fail", "fail-then-pass"):
            _take_quiz(enrolment, outline, ability, journey.rng, passes=False)
            if quiz == "fail-then-pass" and journey.later(1, 6):
                _take_quiz(enrolment, outline, ability + 0.6, journey.rng, passes=True)
        else:
            _take_quiz(enrolment, outline, ability, journey.rng, passes=True)
        services.lesson_visit(enrolment=enrolment, lesson=outline.quiz.lesson)
    elif len(done) < len(outline.lessons):
        services.lesson_visit(enrolment=enrolment, lesson=outline.lessons[len(done)])
    elif done:
        services.lesson_visit(enrolment=enrolment, lesson=done[-1])


def enrol_learners(
    course: Course,
    learners: Sequence[User],
    outline: Outline,
    rng: random.Random,
    *,
    clock: Clock,
    opened: dt.datetime,
    until: dt.datetime,
) -> None:
    """Enrol the learners at times spread from ``opened`` to ``until``; each goes some
    way through the course, some to its end."""
    total = len(outline.lessons)
    span = (until - opened).total_seconds()
    for learner in learners:
        # A little more enrolment in the recent months, as a course becomes known.
        enrolled = opened + dt.timedelta(seconds=span * rng.random() ** 0.8)
        journey = Journey(clock, enrolled, until, rng)
        journey.at(enrolled)
        enrolment, created = services.enrolment_create(course=course, learner=learner)
        if not created:
            continue
        ability = rng.gauss(0.4, 1.0)
        draw = rng.random()
        if draw < COMPLETE_SHARE:
            quiz = "fail-then-pass" if rng.random() < 0.2 else "pass"
            learn(enrolment, outline, journey, lessons=total, quiz=quiz, ability=ability)
        elif draw < 1 - IDLE_SHARE:
            # Most of those who stop do so early, as in any MOOC.
            early = rng.random() < 0.6
            lessons = rng.randint(1, max(1, total // 3) if early else total)
            quiz = "fail" if lessons == total and rng.random() < 0.5 else ""
            learn(enrolment, outline, journey, lessons=lessons, quiz=quiz, ability=ability - 0.5)


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
    for number, spec in enumerate(COURSES):
        size = spec.team_size - (1 if spec.lead_email else 0)
        team, team_pool = team_pool[:size], team_pool[size:]
        lead = logins[spec.lead_email] if spec.lead_email else team[0]
        others = team if spec.lead_email else team[1:]
        if Course.objects.filter(provider=provider, title=spec.title.en).exists():
            progress.advance(1)
            continue
        rng = random.Random(f"{SEED}:{spec.key}")
        # Published 14 to 18 months ago, the courses one after another.
        published = (now - dt.timedelta(days=540 - 30 * number)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        with transaction.atomic(), replay(now) as clock:
            course = build_course(
                spec,
                provider=provider,
                alliance=alliance,
                lead=lead,
                team=others,
                reviewer=reviewer,
                now=now,
                clock=clock,
                published=published,
            )
            clock.set(now)
            outline = outline_of(course, spec.key)
            learners = _draw(rng, abroad, home, spec.learners)
            enrol_learners(
                course,
                learners,
                outline,
                rng,
                clock=clock,
                opened=published + dt.timedelta(days=2),
                until=now - dt.timedelta(hours=2),
            )
            _demo_logins(spec, course, outline, logins, clock=clock, now=now)
        progress.advance(1)


def _demo_logins(
    spec: CourseSpec,
    course: Course,
    outline: Outline,
    logins: dict[str, User],
    *,
    clock: Clock,
    now: dt.datetime,
) -> None:
    """The demo logins' own learning: a physician part-way through acupuncture (enrolled
    five weeks ago), a student with the certificate of the course open to everyone
    (enrolled four months ago)."""
    rng = random.Random(f"{SEED}:{spec.key}:logins")
    if spec.key == "acupuncture" and "physician@belgrade.example" in logins:
        journey = Journey(clock, now - dt.timedelta(days=35), now - dt.timedelta(hours=20), rng)
        journey.at(journey.moment)
        enrolment, _created = services.enrolment_create(
            course=course, learner=logins["physician@belgrade.example"]
        )
        learn(enrolment, outline, journey, lessons=4, quiz="", ability=1.0)
    if spec.key == "tcm" and "student@uj.example" in logins:
        journey = Journey(clock, now - dt.timedelta(days=120), now - dt.timedelta(days=1), rng)
        journey.at(journey.moment)
        enrolment, _created = services.enrolment_create(
            course=course, learner=logins["student@uj.example"]
        )
        learn(enrolment, outline, journey, lessons=len(outline.lessons), quiz="pass", ability=1.5)
