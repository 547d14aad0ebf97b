"""Generated courses and enrolments in bulk, for benchmarks (``huitong demo --scale``).

``scale_courses`` makes published courses spread over the generated member institutions
and their alliances, each with two modules of text lessons (one course in
``quiz_every`` also has a quiz with a bank of questions), and enrolments of the
generated people: a few popular courses, a long tail, some lessons done and some courses
completed. Everything goes in with ``bulk_create`` in batches, so a million enrolments
take a minute, not hours; there are no audit records because nobody did anything.

``bulk_create`` skips ``Course.save()``, so the catalogue's derived columns
(``search_text``, ``language_keys``, ``recognition_keys``) are computed here the same way,
and ``Course.enrolment_count`` is set from the enrolments made (the capacity check
constraint holds). Generated enrolments have no certificates and learners' generated
lesson progress has no attempts behind it: no quiz lesson is ever marked done, so no
enrolment in a course with a quiz is complete.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO, cast

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from huitong.alliance.generate import Progress
from huitong.alliance.models import Institution, Membership, MembershipStatus
from huitong.courses.models import (
    AccessPolicy,
    Choice,
    Course,
    CourseStatus,
    Discipline,
    Enrolment,
    Lesson,
    LessonKind,
    LessonProgress,
    Level,
    Module,
    Question,
    QuestionKind,
    Quiz,
    Recognition,
    _keys,
)
from huitong.terminology.search import fold

BATCH = 2000
ENROLMENT_BATCH = 5000
# Questions in the bank of each generated quiz, and drawn for each attempt.
QUIZ_BANK = 24
QUIZ_DRAW = 20

# (English, Chinese) topics per discipline.
TOPICS: dict[str, list[tuple[str, str]]] = {
    Discipline.ACUPUNCTURE_MOXIBUSTION: [
        ("Acupuncture", "针灸"),
        ("Moxibustion", "艾灸"),
        ("Meridians and Points", "经络腧穴"),
        ("Needling Techniques", "刺法"),
        ("Scalp Acupuncture", "头针"),
    ],
    Discipline.TUINA: [
        ("Tuina", "推拿"),
        ("Paediatric Tuina", "小儿推拿"),
        ("Tuina Manipulations", "推拿手法"),
    ],
    Discipline.TCM_THEORY: [
        ("TCM Theory", "中医基础理论"),
        ("TCM Diagnostics", "中医诊断学"),
        ("Chinese Materia Medica", "中药学"),
        ("Chinese Medical Formulas", "方剂学"),
        ("The Yellow Emperor's Inner Classic", "黄帝内经"),
    ],
    Discipline.BASIC_MEDICAL_SCIENCE: [
        ("Anatomy", "解剖学"),
        ("Physiology", "生理学"),
        ("Pathology", "病理学"),
        ("Pharmacology", "药理学"),
        ("Biochemistry", "生物化学"),
    ],
    Discipline.CLINICAL_SPECIALTY: [
        ("Integrative Oncology", "中西医结合肿瘤学"),
        ("Pain Management", "疼痛管理"),
        ("Gynaecology", "妇科学"),
        ("Rehabilitation", "康复医学"),
        ("Geriatrics", "老年医学"),
    ],
}
# (English before the topic, Chinese after it)
ASPECTS = [
    ("Foundations of", "基础"),
    ("Introduction to", "导论"),
    ("Clinical Practice in", "临床实践"),
    ("Advanced", "进阶"),
    ("Research Methods in", "研究方法"),
    ("Case Studies in", "案例分析"),
]
SERIES = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LANGUAGE_SETS = [
    (["en"], 40),
    (["en", "zh-hans"], 25),
    (["zh-hans"], 15),
    (["sr-latn", "en"], 6),
    (["pl"], 4),
    (["pt-br", "en"], 5),
    (["en", "zh-hans", "sr-latn"], 5),
]
RECOGNITION_SETS: list[tuple[list[str], int]] = [
    ([], 70),
    ([Recognition.ALLIANCE_RECOMMENDED], 15),
    ([Recognition.PROVINCIAL_MOOC], 8),
    ([Recognition.NATIONAL_MOOC], 4),
    ([Recognition.NATIONAL_MOOC, Recognition.ALLIANCE_RECOMMENDED], 3),
]
POLICIES = [
    (AccessPolicy.ALLIANCE_MEMBERS, 70),
    (AccessPolicy.OPEN, 25),
    (AccessPolicy.INVITATION_CODE, 5),
]
# How many of a course's text lessons a learner has done (the last: all of them).
DONE_WEIGHTS = [55, 20, 10, 5, 10]
DONE_RANGE = range(len(DONE_WEIGHTS))
DONE_CUM = list(itertools.accumulate(DONE_WEIGHTS))


@dataclass
class CourseFigures:
    courses: int = 0
    modules: int = 0
    lessons: int = 0
    quizzes: int = 0
    questions: int = 0
    enrolments: int = 0
    lesson_progress: int = 0
    completed: int = 0


def search_columns(course: Course) -> None:
    """Fill the derived columns that ``Course.save()`` fills (bulk_create skips it)."""
    texts = [course.title, course.summary]
    for entry in (course.translations or {}).values():
        texts += [entry.get("title", ""), entry.get("summary", "")]
    course.search_text = " | ".join(fold(t) for t in texts if t)
    course.language_keys = _keys(list(course.languages or []))
    course.recognition_keys = _keys(list(course.recognition or []))


def _weighted(rng: random.Random, options: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _providers(institutions: Sequence[Institution] | None) -> list[tuple[int, int]]:
    """(institution id, alliance id) of the approved memberships of ``institutions``
    (every approved membership when None)."""
    memberships = Membership.objects.filter(status=MembershipStatus.APPROVED)
    if institutions is not None:
        memberships = memberships.filter(institution__in=[i.pk for i in institutions])
    return list(memberships.order_by("pk").values_list("institution_id", "alliance_id"))


def _text_lesson_body(topic: str, title: str, n: int) -> str:
    return (
        f"## {title}\n\n"
        f"This lesson of *{topic}* sets out what a practitioner needs to know, with the "
        f"evidence behind it and the questions still open.\n\n"
        f"- the key concepts and their history\n"
        f"- how they are applied in the clinic\n"
        f"- common mistakes, and how to avoid them\n\n"
        f"Read it once, then try the exercise at the end: note {n + 2} observations of your "
        f"own and compare them with a colleague's.\n"
    )


def _course(rng: random.Random, n: int, provider: tuple[int, int], now: dt.datetime) -> Course:
    discipline = Discipline.values[n % len(Discipline.values)]
    topic, topic_zh = rng.choice(TOPICS[discipline])
    aspect, aspect_zh = rng.choice(ASPECTS)
    series = rng.choice(SERIES)
    title = f"{aspect} {topic} {series}"
    title_zh = f"{topic_zh}{aspect_zh} {series}"
    summary = (
        f"{aspect} {topic.lower() if topic[1:].islower() else topic}: concepts, clinical "
        f"reasoning and practice for {rng.choice(['students', 'clinicians', 'educators'])}."
    )
    summary_zh = f"{topic_zh}{aspect_zh}：概念、临床思维与实践。"
    languages = list(_weighted(rng, LANGUAGE_SETS))
    original = "zh-hans" if languages == ["zh-hans"] else "en"
    translations: dict[str, dict[str, str]] = {}
    if original == "zh-hans":
        title, title_zh, summary, summary_zh = title_zh, title, summary_zh, summary
        translations["en"] = {"title": title_zh, "summary": summary_zh}
    elif rng.random() < 0.6:
        translations["zh-hans"] = {"title": title_zh, "summary": summary_zh}
    policy = _weighted(rng, POLICIES)
    published = now - dt.timedelta(days=rng.uniform(30, 730))
    course = Course(
        title=title,
        summary=summary,
        description=(
            f"{summary}\n\nThe course runs over two modules of reading and exercises. "
            f"Each lesson ends with a short task; the course is complete when every lesson "
            f"is done."
        ),
        prerequisites="" if rng.random() < 0.5 else "Basic knowledge of human anatomy.",
        provider_id=provider[0],
        alliance_id=provider[1],
        discipline=discipline,
        languages=languages,
        level=rng.choice(Level.values),
        estimated_hours=Decimal(rng.randint(8, 160)) / 2,
        recognition=[str(r) for r in _weighted(rng, RECOGNITION_SETS)],
        status=CourseStatus.APPROVED,
        submitted_at=published - dt.timedelta(days=rng.uniform(1, 20)),
        reviewed_at=published,
        published_at=published,
        access_policy=policy,
        invitation_code=f"JOIN-{n:05d}" if policy == AccessPolicy.INVITATION_CODE else "",
        original_language=original,
        translations=translations,
    )
    search_columns(course)
    return course


def _modules_and_lessons(
    rng: random.Random, courses: Sequence[Course], with_quiz: Sequence[bool]
) -> tuple[list[Module], list[Lesson], list[Lesson]]:
    """Two modules of two text lessons per course; a quiz lesson at the end of the
    second module of the courses ``with_quiz``. Returns modules, text lessons, quiz
    lessons (saved)."""
    modules: list[Module] = []
    for course in courses:
        zh = "zh-hans" in course.translations or course.original_language == "zh-hans"
        for position, (title, title_zh) in enumerate(
            [("Concepts", "概念"), ("Practice", "实践")], start=1
        ):
            modules.append(
                Module(
                    course=course,
                    title=title,
                    position=position,
                    translations={"zh-hans": {"title": title_zh}} if zh else {},
                )
            )
    Module.objects.bulk_create(modules)
    texts: list[Lesson] = []
    quiz_lessons: list[Lesson] = []
    for index, course in enumerate(courses):
        zh = "zh-hans" in course.translations
        for m in (0, 1):
            module = modules[2 * index + m]
            for position in (1, 2):
                n = 2 * m + position
                title = f"Lesson {n}: {module.title.lower()} {position}"
                body = _text_lesson_body(course.title, title, n)
                translations: dict[str, dict[str, str]] = {}
                if zh:
                    translations["zh-hans"] = {"title": f"第{n}课"}
                    if rng.random() < 0.5:
                        translations["zh-hans"]["body"] = f"## 第{n}课\n\n本课讲解{course.title}。"
                texts.append(
                    Lesson(
                        module=module,
                        title=title,
                        kind=LessonKind.TEXT,
                        position=position,
                        body=body,
                        is_published=True,
                        required=True,
                        translations=translations,
                    )
                )
        if with_quiz[index]:
            quiz_lessons.append(
                Lesson(
                    module=modules[2 * index + 1],
                    title="Check your knowledge",
                    kind=LessonKind.QUIZ,
                    position=3,
                    is_published=True,
                    required=True,
                    translations={"zh-hans": {"title": "知识测验"}},
                )
            )
    Lesson.objects.bulk_create(texts)
    Lesson.objects.bulk_create(quiz_lessons)
    return modules, texts, quiz_lessons


def _quizzes(rng: random.Random, lessons: Sequence[Lesson]) -> tuple[int, int]:
    """A quiz for each quiz lesson, with a bank of QUIZ_BANK questions (mostly single
    choice; some true/false, multiple choice and numeric). Returns (quizzes, questions)."""
    quizzes = [
        Quiz(
            lesson=lesson,
            pass_mark=60,
            attempt_limit=3,
            time_limit=30,
            questions_per_attempt=QUIZ_DRAW,
        )
        for lesson in lessons
    ]
    Quiz.objects.bulk_create(quizzes)
    kinds = (
        [QuestionKind.SINGLE] * 16
        + [QuestionKind.TRUE_FALSE] * 4
        + [QuestionKind.MULTIPLE] * 3
        + [QuestionKind.NUMERIC]
    )
    questions: list[Question] = []
    for quiz in quizzes:
        for position, kind in enumerate(kinds[:QUIZ_BANK], start=1):
            numeric = kind == QuestionKind.NUMERIC
            questions.append(
                Question(
                    quiz=quiz,
                    kind=kind,
                    position=position,
                    prompt=(
                        f"Question {position}: how many cun below the knee is ST36?"
                        if numeric
                        else f"Question {position}: which statement about the lesson is right?"
                    ),
                    feedback="See the lessons of the first module.",
                    numeric_answer=Decimal(3) if numeric else None,
                    tolerance=Decimal(0),
                    translations={"zh-hans": {"prompt": f"第{position}题"}},
                )
            )
    Question.objects.bulk_create(questions)
    choices: list[Choice] = []
    for question in questions:
        if question.kind == QuestionKind.TRUE_FALSE:
            right = rng.randrange(2)
            texts = [("True", "对"), ("False", "错")]
            choices += [
                Choice(
                    question=question,
                    text=text,
                    is_correct=i == right,
                    position=i + 1,
                    translations={"zh-hans": {"text": zh}},
                )
                for i, (text, zh) in enumerate(texts)
            ]
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            right_ones = set(
                rng.sample(range(4), 2 if question.kind == QuestionKind.MULTIPLE else 1)
            )
            choices += [
                Choice(
                    question=question,
                    text=f"Statement {'ABCD'[i]}",
                    is_correct=i in right_ones,
                    position=i + 1,
                )
                for i in range(4)
            ]
    for start in range(0, len(choices), BATCH):
        Choice.objects.bulk_create(choices[start : start + BATCH])
    return len(quizzes), len(questions)


def _plan_enrolments(
    rng: random.Random, courses: int, learners: int, total: int
) -> tuple[array[int], array[int]]:
    """Who takes what: ``total`` distinct (learner index, course index) pairs, the
    learners taking about as many courses each, the courses' popularity long-tailed
    (the most popular about 1 % of all enrolments). Sorted by learner."""
    total = min(total, courses * learners)
    rank = list(range(courses))
    rng.shuffle(rank)
    cum = list(itertools.accumulate(1 / (rank[c] + 10) ** 0.9 for c in range(courses)))
    population = range(courses)
    base, extra = divmod(total, learners) if learners else (0, 0)
    learner_of: array[int] = array("l")
    course_of: array[int] = array("l")
    for learner in range(learners):
        k = min(courses, base + (1 if learner < extra else 0))
        if 2 * k > courses:
            chosen = set(rng.sample(population, k))
        else:
            chosen = set()
            while len(chosen) < k:
                chosen.update(rng.choices(population, cum_weights=cum, k=k - len(chosen)))
        for course in sorted(chosen):
            learner_of.append(learner)
            course_of.append(course)
    return learner_of, course_of


def scale_courses(
    *,
    count: int,
    enrolments: int,
    learners: Sequence[int],
    seed: int,
    institutions: Sequence[Institution] | None = None,
    quiz_every: int = 50,
    stream: TextIO | None = None,
) -> CourseFigures:
    """Generate ``count`` published courses over the approved memberships of
    ``institutions`` and ``enrolments`` enrolments of the users ``learners`` (ids).

    Idempotent in the demo's sense: when courses of these providers exist already,
    nothing is generated again."""
    figures = CourseFigures()
    providers = _providers(institutions)
    if not count or not providers:
        return figures
    provider_ids = {p for p, _a in providers}
    if Course.objects.filter(provider_id__in=provider_ids).exists():
        return figures
    rng = random.Random(seed)
    now = timezone.now()
    learner_of, course_of = _plan_enrolments(rng, count, len(learners), enrolments)
    taken = [0] * count
    for course_index in course_of:
        taken[course_index] += 1

    progress = Progress("courses", count, stream)
    course_ids: list[int] = []
    published: list[dt.datetime] = []
    lessons_of: list[list[int]] = []  # text lessons in order, per course index
    has_quiz: list[bool] = []
    for start in range(0, count, BATCH):
        numbers = range(start, min(count, start + BATCH))
        batch = []
        for n in numbers:
            course = _course(rng, n, providers[rng.randrange(len(providers))], now)
            course.enrolment_count = taken[n]
            if rng.random() < 0.08:
                # Some courses are limited, a few of them full.
                course.capacity = taken[n] + rng.choice([0, 0, 5, 20, 100, 500])
            batch.append(course)
        quiz_flags = [n % quiz_every == 0 for n in numbers] if quiz_every else [False] * len(batch)
        with transaction.atomic():
            Course.objects.bulk_create(batch)
            modules, texts, quiz_lessons = _modules_and_lessons(rng, batch, quiz_flags)
            made_quizzes, made_questions = _quizzes(rng, quiz_lessons)
        course_ids += [c.pk for c in batch]
        published += [cast(dt.datetime, c.published_at) for c in batch]
        lessons_of += [
            [lesson.pk for lesson in texts[4 * i : 4 * i + 4]] for i in range(len(batch))
        ]
        has_quiz += quiz_flags
        figures.courses += len(batch)
        figures.modules += len(modules)
        figures.lessons += len(texts) + len(quiz_lessons)
        figures.quizzes += made_quizzes
        figures.questions += made_questions
        progress.advance(len(batch))

    progress = Progress("enrolments", len(course_of), stream)
    adapt = connection.ops.adapt_datetimefield_value
    next_enrolment = (Enrolment.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    next_mark = (LessonProgress.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    for start in range(0, len(course_of), ENROLMENT_BATCH):
        stop = min(len(course_of), start + ENROLMENT_BATCH)
        rows: list[tuple[Any, ...]] = []
        marks: list[tuple[Any, ...]] = []
        for i in range(start, stop):
            c = course_of[i]
            opened = published[c]
            enrolled = opened + (now - opened) * rng.random()
            done = rng.choices(DONE_RANGE, cum_weights=DONE_CUM)[0]
            lessons = lessons_of[c]
            completed = None
            if done == len(lessons) and not has_quiz[c]:
                completed = min(now, enrolled + dt.timedelta(days=rng.uniform(3, 90)))
                figures.completed += 1
            rows.append(
                (
                    next_enrolment,
                    course_ids[c],
                    learners[learner_of[i]],
                    adapt(enrolled),
                    adapt(completed),
                    lessons[done - 1] if done else None,
                )
            )
            for k in range(done):
                when = adapt(min(now, enrolled + dt.timedelta(days=k + 1)))
                marks.append((next_mark, next_enrolment, lessons[k], when, 0.0, when))
                next_mark += 1
            next_enrolment += 1
        with transaction.atomic():
            _insert(Enrolment, ENROLMENT_COLUMNS, rows)
            _insert(LessonProgress, PROGRESS_COLUMNS, marks)
        figures.enrolments += len(rows)
        figures.lesson_progress += len(marks)
        progress.advance(len(rows))
    _reset_sequences(Enrolment, LessonProgress)
    return figures


# The million-row tables are written with plain INSERTs: bulk_create spends most of its
# time preparing each value of each row, which for a million enrolments and their
# progress is minutes. The ids are given (the generator runs alone), then the
# database's sequences are moved past them.
ENROLMENT_COLUMNS = (
    "id",
    "course_id",
    "learner_id",
    "enrolled_at",
    "completed_at",
    "last_lesson_id",
)
PROGRESS_COLUMNS = (
    "id",
    "enrolment_id",
    "lesson_id",
    "completed_at",
    "video_position",
    "updated_at",
)


def _insert(model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    # Table and column names from the model and the constants above, quoted.
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    values = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({values})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _reset_sequences(*models_: type[models.Model]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
