"""The course certificate: issued once, when the course's completion rule holds (every
required published lesson completed, which for a quiz lesson means its quiz passed)."""

from __future__ import annotations

from decimal import Decimal

from huitong.certificates.models import Certificate
from huitong.certificates.services import certificate_issue
from huitong.courses.models import Enrolment, Lesson, LessonKind


def course_score(*, enrolment: Enrolment) -> str | None:
    """The mean of the learner's best scores in the course's required quizzes."""
    from huitong.courses.quizzes import best_scores

    required = set(
        Lesson.objects.filter(
            module__course_id=enrolment.course_id,
            is_published=True,
            required=True,
            kind=LessonKind.QUIZ,
        ).values_list("pk", flat=True)
    )
    if not required:
        return None
    best = best_scores(enrolment=enrolment)
    scores = [best.get(pk, Decimal(0)) for pk in required]
    return str((sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01")))


def course_certificate_issue(*, enrolment: Enrolment) -> Certificate | None:
    """Issue the enrolment's certificate (once) if the course is complete."""
    if enrolment.completed_at is None:
        return None
    course = enrolment.course
    return certificate_issue(
        source=enrolment,
        kind="course",
        holder=enrolment.learner,
        title=course.title,
        title_translations={
            lang: entry["title"]
            for lang, entry in (course.translations or {}).items()
            if entry.get("title")
        },
        original_language=course.original_language,
        issuer=course.provider.name,
        details={"course_id": course.pk, "score": course_score(enrolment=enrolment)},
    )


def certificates_for(enrolments: list[Enrolment]) -> dict[int, Certificate]:
    """The certificates of these enrolments, by enrolment id, in one query."""
    from django.contrib.contenttypes.models import ContentType

    if not enrolments:
        return {}
    source_type = ContentType.objects.get_for_model(Enrolment)
    found = Certificate.objects.filter(
        source_type=source_type, source_id__in=[str(e.pk) for e in enrolments]
    )
    return {int(c.source_id): c for c in found}
