"""The courses' HTTP API: the catalogue, a course, enrolment and the learner's progress.
Every endpoint goes through ``access`` and writes through ``services``."""

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import LimitOffsetPagination, paginate

from huitong.accounts.access import current_user
from huitong.core.api import PUBLIC, LanguageFilter, LocalizedText, localized
from huitong.core.page_cache import cache_public_page
from huitong.courses import access, quizzes, selectors, services
from huitong.courses.models import Course, Enrolment, Lesson, Module

router = Router(tags=["courses"])

# A filter's values, "" for any (one Literal each, so that an error names the filter).
DisciplineFilter = Literal[
    "",
    "acupuncture_moxibustion",
    "tuina",
    "tcm_theory",
    "basic_medical_science",
    "clinical_specialty",
]
LevelFilter = Literal["", "introductory", "intermediate", "advanced"]
RecognitionFilter = Literal["", "national_mooc", "provincial_mooc", "alliance_recommended"]
SortCode = Literal["newest", "popular", "title", "shortest"]


class ProviderOut(Schema):
    id: int
    name: str
    localized_name: LocalizedText
    country: str = Field(..., alias="country_id")

    @staticmethod
    def resolve_localized_name(obj: Any) -> dict[str, Any]:
        return localized(obj, "name")


class CourseCardOut(Schema):
    id: int
    title: str
    localized_title: LocalizedText
    summary: str
    localized_summary: LocalizedText
    provider: ProviderOut
    alliance: str = Field(..., alias="alliance.slug")
    discipline: str
    level: str
    languages: list[str]
    recognition: list[str]
    estimated_hours: float
    enrolment_count: int
    capacity: int | None
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_localized_title(obj: Course) -> dict[str, Any]:
        return localized(obj, "title")

    @staticmethod
    def resolve_localized_summary(obj: Course) -> dict[str, Any]:
        return localized(obj, "summary")

    @staticmethod
    def resolve_url(obj: Course) -> str:
        return obj.get_absolute_url()


class TeamMemberOut(Schema):
    name_latin: str = Field(..., alias="user.name_latin")
    name_native: str = Field(..., alias="user.name_native")
    role: str


class LessonOut(Schema):
    id: int
    title: str
    localized_title: LocalizedText
    kind: str
    required: bool
    is_published: bool

    @staticmethod
    def resolve_localized_title(obj: Lesson) -> dict[str, Any]:
        return localized(obj, "title")


class ModuleOut(Schema):
    id: int
    title: str
    localized_title: LocalizedText
    lessons: list[LessonOut]

    @staticmethod
    def resolve_localized_title(obj: Module) -> dict[str, Any]:
        return localized(obj, "title")

    @staticmethod
    def resolve_lessons(obj: Module) -> list[Lesson]:
        return list(obj.shown_lessons)  # type: ignore[attr-defined]


class EligibilityOut(Schema):
    allowed: bool
    reason: str


class CourseDetailOut(CourseCardOut):
    description: str
    localized_description: LocalizedText
    prerequisites: str
    localized_prerequisites: LocalizedText
    original_language: str
    translations: dict[str, dict[str, str]]
    status: str
    access_policy: str
    enrolment_opens: datetime | None
    enrolment_closes: datetime | None
    places_left: int | None
    team: list[TeamMemberOut]
    modules: list[ModuleOut]
    may_enrol: EligibilityOut
    enrolled: bool

    @staticmethod
    def resolve_localized_description(obj: Course) -> dict[str, Any]:
        return localized(obj, "description")

    @staticmethod
    def resolve_localized_prerequisites(obj: Course) -> dict[str, Any]:
        return localized(obj, "prerequisites")

    # ``get_course`` puts these on the course it returns.
    @staticmethod
    def resolve_team(obj: Course) -> Any:
        return obj.team_members  # type: ignore[attr-defined]

    @staticmethod
    def resolve_modules(obj: Course) -> Any:
        return obj.outline  # type: ignore[attr-defined]

    @staticmethod
    def resolve_may_enrol(obj: Course) -> Any:
        return obj.eligibility  # type: ignore[attr-defined]

    @staticmethod
    def resolve_enrolled(obj: Course) -> bool:
        return bool(obj.is_enrolled)  # type: ignore[attr-defined]


class CatalogueFiltersIn(Schema):
    q: str = Field("", max_length=100)
    discipline: DisciplineFilter = ""
    provider: int | None = None
    country: str = Field("", max_length=2)
    language: LanguageFilter = ""
    level: LevelFilter = ""
    recognition: RecognitionFilter = ""
    sort: SortCode = "newest"


class EnrolIn(Schema):
    code: str = Field("", max_length=40, description="The invitation code, for such courses.")


class EnrolmentOut(Schema):
    id: int
    course_id: int
    enrolled_at: datetime
    completed_at: datetime | None


class LessonProgressOut(Schema):
    lesson_id: int
    completed: bool
    video_position: float


class ProgressOut(Schema):
    course_id: int
    enrolled_at: datetime
    completed_at: datetime | None
    percent: int
    required_lessons: int
    required_completed: int
    last_lesson_id: int | None
    resume_lesson_id: int | None
    lessons: list[LessonProgressOut]


class MyCourseOut(Schema):
    course: CourseCardOut
    enrolled_at: datetime
    completed_at: datetime | None
    percent: int


# --- Catalogue and courses ------------------------------------------------------------


@router.get("/courses", response=list[CourseCardOut], auth=PUBLIC)
@decorate_view(cache_public_page)
@paginate(LimitOffsetPagination)
def list_courses(request: HttpRequest, filters: Query[CatalogueFiltersIn]) -> Any:
    """Published courses; ``q`` searches titles and summaries in every language."""
    return selectors.catalogue(selectors.CatalogueFilters(**filters.dict())).select_related(
        "alliance"
    )


@router.get("/courses/mine", response=list[MyCourseOut])
def my_courses(request: HttpRequest) -> list[dict[str, Any]]:
    """The signed-in learner's courses with their progress."""
    rows = selectors.my_learning(user=current_user(request))
    return [
        {
            "course": row.course,
            "enrolled_at": row.enrolment.enrolled_at,
            "completed_at": row.enrolment.completed_at,
            "percent": row.percent,
        }
        for row in rows
    ]


@router.get("/courses/{course_id}", response=CourseDetailOut, auth=PUBLIC)
@decorate_view(cache_public_page)
def get_course(request: HttpRequest, course_id: int) -> Course:
    """A published course (a draft for its team and the alliance's admins), with its team,
    outline and whether the caller may enrol."""
    course = access.course_for_viewer(user=request.user, course_id=course_id)
    staff = access.is_staff(request.user, course)
    allowed, reason = access.may_enrol(request.user, course)
    course.team_members = selectors.course_team(course=course)  # type: ignore[attr-defined]
    course.outline = selectors.course_outline(course=course, include_drafts=staff)  # type: ignore[attr-defined]
    course.eligibility = {"allowed": allowed, "reason": reason}  # type: ignore[attr-defined]
    course.is_enrolled = bool(  # type: ignore[attr-defined]
        request.user.is_authenticated
        and Enrolment.objects.filter(course=course, learner=request.user).exists()
    )
    return course


@router.post("/courses/{course_id}/enrolment", response={200: EnrolmentOut, 201: EnrolmentOut})
def enrol(request: HttpRequest, course_id: int, payload: EnrolIn) -> Any:
    """Enrol the caller (201); enrolling again returns the enrolment (200)."""
    user = current_user(request)
    course = access.course_for_enrolment(user=user, course_id=course_id)
    enrolment, created = services.enrolment_create(course=course, learner=user, code=payload.code)
    return Status(201 if created else 200, enrolment)


@router.get("/courses/{course_id}/progress", response=ProgressOut)
def my_progress(request: HttpRequest, course_id: int) -> dict[str, Any]:
    """The caller's progress in a course they are enrolled in."""
    enrolment = access.enrolment_for_learner(user=current_user(request), course_id=course_id)
    outline = selectors.course_outline(course=enrolment.course, include_drafts=False)
    progress = selectors.course_progress(enrolment=enrolment, outline=outline)
    resume = selectors.resume_lesson(enrolment=enrolment, outline=outline, progress=progress)
    return {
        "course_id": enrolment.course_id,
        "enrolled_at": enrolment.enrolled_at,
        "completed_at": enrolment.completed_at,
        "percent": 100 if enrolment.completed_at else progress.percent,
        "required_lessons": progress.required_total,
        "required_completed": progress.required_done,
        "last_lesson_id": enrolment.last_lesson_id,
        "resume_lesson_id": resume.pk if resume else None,
        "lessons": [
            {
                "lesson_id": lesson.pk,
                "completed": lesson.pk in progress.completed,
                "video_position": progress.positions.get(lesson.pk, 0.0),
            }
            for lesson in selectors.outline_lessons(outline)
        ],
    }


@router.post("/courses/{course_id}/lessons/{lesson_id}/complete", response=LessonProgressOut)
def complete_lesson(request: HttpRequest, course_id: int, lesson_id: int) -> dict[str, Any]:
    """Mark a text, reading or live lesson (or a linked video) as done."""
    opened = access.lesson_for_learner(
        user=current_user(request), course_id=course_id, lesson_id=lesson_id
    )
    if opened.enrolment is None:
        raise PermissionDenied(_("Enrol in the course to record your progress."))
    progress = services.lesson_complete(enrolment=opened.enrolment, lesson=opened.lesson)
    return {
        "lesson_id": progress.lesson_id,
        "completed": progress.completed_at is not None,
        "video_position": progress.video_position,
    }


# --- Quizzes --------------------------------------------------------------------------

QUIZ = "/courses/{course_id}/lessons/{lesson_id}/quiz"


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(
        ...,
        description=(
            "Question id → answer: a choice id (single choice, true/false), a list of choice "
            "ids (multiple choice), a number or a numeric string, or a text. Empty clears it."
        ),
    )


class SubmitIn(Schema):
    answers: dict[str, Any] | None = Field(None, description="Answers to save first, if any.")


class ChoiceOut(Schema):
    id: int
    text: str
    localized_text: LocalizedText
    is_correct: bool | None = Field(
        None,
        description="Only once the learner has passed the quiz or used every attempt.",
    )


class QuestionOut(Schema):
    id: int
    kind: str
    prompt: str
    localized_prompt: LocalizedText
    choices: list[ChoiceOut]
    answer: Any = None
    correct: bool | None = Field(None, description="Only once the attempt is submitted.")
    feedback: LocalizedText | None = Field(
        None, description="Only once the learner has passed the quiz or used every attempt."
    )


class AttemptOut(Schema):
    id: int
    number: int
    started_at: datetime
    deadline: datetime | None
    submitted_at: datetime | None
    score: float | None
    passed: bool | None
    pass_mark: int
    questions: list[QuestionOut]


def _attempt_out(attempt: Any) -> dict[str, Any]:
    done = not attempt.is_open
    # The right answers and the feedback only once the learner passed or has no attempt
    # left; before that, the score and which questions were wrong.
    revealed = quizzes.answers_revealed(attempt)
    questions = []
    for question in quizzes.attempt_questions(attempt):
        result = (attempt.results or {}).get(str(question.pk), {})
        questions.append(
            {
                "id": question.pk,
                "kind": question.kind,
                "prompt": question.prompt,
                "localized_prompt": localized(question, "prompt"),
                "choices": [
                    {
                        "id": c.pk,
                        "text": c.text,
                        "localized_text": localized(c, "text"),
                        "is_correct": c.is_correct if revealed else None,
                    }
                    for c in quizzes.question_choices(question)
                ],
                "answer": attempt.answers.get(str(question.pk)),
                "correct": result.get("correct") if done else None,
                "feedback": (
                    localized(question, "feedback") if revealed and question.feedback else None
                ),
            }
        )
    return {
        "id": attempt.pk,
        "number": attempt.number,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "score": float(attempt.score) if attempt.score is not None else None,
        "passed": attempt.passed if done else None,
        "pass_mark": attempt.quiz.pass_mark,
        "questions": questions,
    }


@router.post(f"{QUIZ}/attempts", response={200: AttemptOut, 201: AttemptOut})
def start_attempt(request: HttpRequest, course_id: int, lesson_id: int) -> Any:
    """Start an attempt at the quiz (201), or get the open one (200). Enrolled learners
    only; refused (409) once the attempt limit is used."""
    found = access.quiz_for_taker(
        user=current_user(request), course_id=course_id, lesson_id=lesson_id
    )
    assert found.opened.enrolment is not None
    attempt, created = quizzes.attempt_start(enrolment=found.opened.enrolment, quiz=found.quiz)
    attempt.quiz = found.quiz
    return Status(201 if created else 200, _attempt_out(attempt))


def _own_attempt(request: HttpRequest, course_id: int, lesson_id: int, attempt_id: int) -> Any:
    return access.attempt_for_learner(
        user=current_user(request), course_id=course_id, lesson_id=lesson_id, attempt_id=attempt_id
    )


@router.api_operation(
    ["PUT", "POST"], f"{QUIZ}/attempts/{{attempt_id}}/answers", response=AttemptOut
)
def save_answers(
    request: HttpRequest, course_id: int, lesson_id: int, attempt_id: int, payload: AnswersIn
) -> dict[str, Any]:
    """Save answers of an open attempt. One invalid answer saves none (400); after the
    deadline nothing is saved and the attempt is graded (409 ``time_up``)."""
    attempt = _own_attempt(request, course_id, lesson_id, attempt_id)
    saved = quizzes.attempt_save_answers(attempt=attempt, answers=payload.answers)
    saved.quiz = attempt.quiz
    return _attempt_out(saved)


@router.post(f"{QUIZ}/attempts/{{attempt_id}}/submit", response=AttemptOut)
def submit_attempt(
    request: HttpRequest, course_id: int, lesson_id: int, attempt_id: int, payload: SubmitIn
) -> dict[str, Any]:
    """Submit the attempt for grading. Idempotent: submitted again, it returns the same
    result."""
    attempt = _own_attempt(request, course_id, lesson_id, attempt_id)
    graded = quizzes.attempt_submit(attempt=attempt, answers=payload.answers)
    graded.quiz = attempt.quiz
    return _attempt_out(graded)


@router.get(f"{QUIZ}/attempts/{{attempt_id}}", response=AttemptOut)
def get_attempt(
    request: HttpRequest, course_id: int, lesson_id: int, attempt_id: int
) -> dict[str, Any]:
    """One of the caller's attempts; once submitted, with the grading and feedback."""
    attempt = _own_attempt(request, course_id, lesson_id, attempt_id)
    closed = quizzes.attempt_close_if_expired(attempt)
    closed.quiz = attempt.quiz
    return _attempt_out(closed)
