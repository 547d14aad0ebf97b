"""The demo's courses: Southwest Medical University's five English-taught courses, built,
reviewed and taken through the services, with their teams, translations, lessons of every
kind, learners and the certificates the completion rule issued.

The demo runs once for this module (inside a transaction rolled back at the end); each
test runs in a savepoint of its own on top of it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from huitong.accounts.models import User
from huitong.alliance.models import Affiliation
from huitong.certificates.models import Certificate
from huitong.core.models import AuditEntry
from huitong.courses.models import (
    Attempt,
    Course,
    CourseTeamMember,
    Enrolment,
    Lesson,
    LessonProgress,
    Module,
    Question,
)

TITLES = {
    "Medical Cell Biology",
    "Otorhinolaryngology Head and Neck Surgery",
    "Science of Acupuncture and Moxibustion",
    "Science of Chinese Tuina",
    "Traditional Chinese Medicine",
}
MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _standard_data() -> None:
    """Countries and the standard terminology, as the root conftest puts them back after
    a transactional test emptied the tables."""
    from django.apps import apps

    from huitong.core.models import Country
    from huitong.terminology.models import CodeSystem

    if not Country.objects.exists():
        importlib.import_module("huitong.core.migrations.0002_load_countries").load_countries(
            apps, None
        )
    if not CodeSystem.objects.exists():
        importlib.import_module("huitong.terminology.migrations.0002_standard_content").load(
            apps, None
        )


@pytest.fixture(scope="module")
def demo_media(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    media = tmp_path_factory.mktemp("demo") / "media"
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=MD5),
        transaction.atomic(),
    ):
        _standard_data()
        call_command("demo", stdout=StringIO(), stderr=StringIO())
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_media: Path, db: None, settings: Any) -> Path:
    settings.MEDIA_ROOT = demo_media
    return demo_media


def courses() -> dict[str, Course]:
    return {
        c.title: c for c in Course.objects.filter(provider__name="Southwest Medical University")
    }


def test_the_five_courses_are_published_through_the_review(demo: Path) -> None:
    found = courses()
    assert set(found) == TITLES
    brimea_admin = User.objects.get(email="secretariat@brimea.example")
    for course in found.values():
        assert course.status == "approved"
        assert course.published_at is not None
        assert course.alliance.slug == "brimea"
        actions = list(
            AuditEntry.objects.filter(target_id=str(course.pk), action__startswith="course.")
            .order_by("pk")
            .values_list("action", flat=True)
        )
        assert actions[0] == "course.create"
        assert actions[-1] == "course.approve"
        assert "course.submit" in actions
        assert AuditEntry.objects.get(target_id=str(course.pk), action="course.approve").actor == (
            brimea_admin
        )
    ent = found["Otorhinolaryngology Head and Neck Surgery"]
    assert AuditEntry.objects.filter(target_id=str(ent.pk), action="course.request_changes")
    assert found["Medical Cell Biology"].recognition == ["provincial_mooc"]
    assert found["Otorhinolaryngology Head and Neck Surgery"].recognition == ["national_mooc"]
    assert found["Traditional Chinese Medicine"].access_policy == "open"
    html = Client().get("/courses/").content.decode()
    assert all(title in html for title in TITLES)


def test_each_course_has_a_team_of_seven_or_eight_with_one_lead(demo: Path) -> None:
    found = courses()
    everyone: set[int] = set()
    for course in found.values():
        team = list(CourseTeamMember.objects.filter(course=course).select_related("user"))
        assert 7 <= len(team) <= 8
        roles = [m.role for m in team]
        assert roles.count("lead_instructor") == 1
        assert "instructor" in roles
        assert "teaching_assistant" in roles
        for member in team:
            assert member.user.name_native  # Chinese names in characters …
            assert member.user.name_latin.isascii()  # … and in pinyin
            assert member.user.affiliations.filter(
                institution=course.provider, status="approved"
            ).exists()
        everyone |= {m.user_id for m in team}
    assert len(everyone) == sum(c.team.count() for c in found.values())
    acupuncture = found["Science of Acupuncture and Moxibustion"]
    lead = acupuncture.team.get(role="lead_instructor").user
    assert lead.email == "teacher@swmu.example"


def test_titles_texts_modules_and_lessons_are_translated(demo: Path) -> None:
    for course in courses().values():
        zh = course.translations["zh-hans"]
        assert zh["title"]
        assert zh["summary"]
        assert zh["description"]
        modules = list(Module.objects.filter(course=course))
        assert 3 <= len(modules) <= 4
        assert all(m.translations["zh-hans"]["title"] for m in modules)
        for lesson in Lesson.objects.filter(module__course=course):
            assert lesson.is_published
            assert lesson.translations["zh-hans"]["title"]
            if lesson.body:
                assert lesson.translations["zh-hans"]["body"]
    client = Client()
    client.cookies["huitong_language"] = "zh-hans"
    acupuncture = courses()["Science of Acupuncture and Moxibustion"]
    page = client.get(f"/courses/{acupuncture.pk}/").content.decode()
    assert "针灸学" in page
    assert "经络与腧穴" in page


def test_the_lessons_are_of_every_kind_with_what_each_kind_needs(demo: Path) -> None:
    lessons = Lesson.objects.filter(module__course__in=courses().values())
    kinds = dict(lessons.values_list("kind").annotate(n=Count("id")))
    assert set(kinds) == {"text", "video", "reading", "quiz", "live"}
    assert all(lesson.video_url for lesson in lessons.filter(kind="video"))
    for reading in lessons.filter(kind="reading"):
        assert reading.reading_name.endswith(".pdf")
        with reading.reading_file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    now = timezone.now()
    starts = [(lesson, lesson.starts_at) for lesson in lessons.filter(kind="live")]
    assert all(start is not None for _lesson, start in starts)
    future = [lesson for lesson, start in starts if start and start > now]
    past = [lesson for lesson, start in starts if start and start < now]
    assert future
    assert all(lesson.meeting_url for lesson in future)
    assert past
    assert all(lesson.recording_url for lesson in past)
    # A lesson that names ST36 links to the point, for a learner who reads it.
    text = lessons.get(title="Locating points: the cun")
    assert "[[ST36]]" in text.body
    client = Client()
    client.force_login(User.objects.get(email="physician@belgrade.example"))
    html = client.get(text.get_absolute_url()).content.decode()
    assert '<a class="term"' in html
    assert '<span class="term-code">ST36</span>' in html
    assert "term-unknown" not in html


def test_a_quiz_asks_questions_of_every_kind(demo: Path) -> None:
    acupuncture = courses()["Science of Acupuncture and Moxibustion"]
    questions = Question.objects.filter(quiz__lesson__module__course=acupuncture)
    assert questions.count() >= 8
    assert set(questions.values_list("kind", flat=True)) == {
        "single",
        "multiple",
        "true_false",
        "numeric",
        "short_text",
    }
    for question in questions:
        assert question.translations["zh-hans"]["prompt"]
        for choice in question.choices.all():
            assert choice.translations["zh-hans"]["text"]


def test_learners_from_several_countries_enrol_progress_and_complete(demo: Path) -> None:
    countries: set[str] = set()
    for course in courses().values():
        enrolments = Enrolment.objects.filter(course=course)
        generated = enrolments.filter(learner__email__endswith="@people.demo.huitong.example")
        assert 40 <= generated.count() <= 120
        assert course.enrolment_count == enrolments.count()
        assert enrolments.filter(completed_at__isnull=False).exists()
        assert enrolments.filter(completed_at__isnull=True, progress__isnull=False).exists()
        countries |= set(enrolments.values_list("learner__country", flat=True))
    assert len(countries) >= 10
    attempts = Attempt.objects.filter(quiz__lesson__module__course__in=courses().values())
    assert attempts.filter(passed=True).exists()
    assert attempts.filter(passed=False, submitted_at__isnull=False).exists()


def test_completions_have_verifiable_certificates(demo: Path) -> None:
    completed = Enrolment.objects.filter(
        course__in=courses().values(), completed_at__isnull=False
    ).select_related("learner", "course")
    certificates = Certificate.objects.filter(kind="course")
    assert completed.count() > 0
    assert certificates.count() == completed.count()
    enrolment = completed.first()
    assert enrolment is not None
    certificate = certificates.get(source_id=str(enrolment.pk))
    assert certificate.holder == enrolment.learner
    assert certificate.title == enrolment.course.title
    assert certificate.details["score"] is not None
    page = Client().get(certificate.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Valid certificate" in html
    assert enrolment.learner.name_latin in html


def test_the_demo_logins_learn_too(demo: Path) -> None:
    found = courses()
    physician = User.objects.get(email="physician@belgrade.example")
    part_way = Enrolment.objects.get(
        learner=physician, course=found["Science of Acupuncture and Moxibustion"]
    )
    assert part_way.completed_at is None
    assert LessonProgress.objects.filter(enrolment=part_way, completed_at__isnull=False).count()
    assert part_way.last_lesson is not None
    student = User.objects.get(email="student@uj.example")
    done = Enrolment.objects.get(learner=student, course=found["Traditional Chinese Medicine"])
    assert done.completed_at is not None
    assert Certificate.objects.filter(holder=student, source_id=str(done.pk)).exists()
    client = Client()
    client.force_login(student)
    html = client.get(f"/courses/{done.course_id}/").content.decode()
    assert 'id="certificate"' in html


def test_the_alliance_page_counts_the_courses(demo: Path) -> None:
    html = Client().get("/a/brimea/").content.decode()
    block = html.split('id="course-figures"', 1)[1].split("</ul>", 1)[0]
    assert "<strong>5</strong> published courses" in block
    learners = Enrolment.objects.values("learner").distinct().count()
    assert f"<strong>{learners}</strong> learners" in block


def test_running_the_demo_again_changes_nothing(demo: Path) -> None:
    def counts() -> list[int]:
        return [
            Course.objects.count(),
            CourseTeamMember.objects.count(),
            Module.objects.count(),
            Lesson.objects.count(),
            Enrolment.objects.count(),
            LessonProgress.objects.count(),
            Attempt.objects.count(),
            Certificate.objects.count(),
            User.objects.count(),
            Affiliation.objects.count(),
            AuditEntry.objects.count(),
        ]

    before = counts()
    call_command("demo", stdout=StringIO(), stderr=StringIO())
    assert counts() == before


def test_the_start_banner_and_readme_name_the_alliance_and_what_there_is() -> None:
    from huitong.alliance.demo_data import ALLIANCES

    root = Path(__file__).resolve().parents[4]
    banner = " ".join((root / "dev.py").read_text(encoding="utf-8").split())
    brimea = next(a for a in ALLIANCES if a["slug"] == "brimea")
    assert f"alliance admin, {brimea['name']};" in banner
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    summary = readme.split("This version contains", 1)[1].split("##", 1)[0]
    assert "quizzes" in summary
    assert "training courses" in summary


def test_the_history_is_spread_over_the_past_months_in_order(demo: Path) -> None:
    from datetime import timedelta

    now = timezone.now()
    found = courses().values()
    for course in found:
        published = course.published_at
        assert published is not None
        assert now - timedelta(days=560) < published < now - timedelta(days=400)
        enrolments = Enrolment.objects.filter(course=course)
        dates = sorted(e.enrolled_at for e in enrolments)
        assert dates[0] > published
        assert dates[-1] < now
        assert (dates[-1] - dates[0]).days > 300  # spread over the months, not load time
    completed = Enrolment.objects.filter(course__in=found, completed_at__isnull=False)
    certificates = {
        c.source_id: c
        for c in Certificate.objects.filter(
            kind="course", source_id__in=[str(e.pk) for e in completed]
        )
    }
    gaps = []
    for enrolment in completed:
        assert enrolment.completed_at is not None
        assert enrolment.enrolled_at < enrolment.completed_at < now
        assert certificates[str(enrolment.pk)].issued_at == enrolment.completed_at
        gaps.append((enrolment.completed_at - enrolment.enrolled_at).days)
    assert sorted(gaps)[len(gaps) // 2] >= 14  # completions come weeks after enrolment
    for attempt in Attempt.objects.filter(quiz__lesson__module__course__in=found):
        enrolled = Enrolment.objects.get(
            course=attempt.quiz.lesson.module.course, learner=attempt.learner
        ).enrolled_at
        assert enrolled < attempt.started_at
        assert attempt.submitted_at is not None
        assert attempt.started_at <= attempt.submitted_at < now
    approve = AuditEntry.objects.filter(action="course.approve", target_id__in=[
        str(c.pk) for c in found
    ])  # fmt: skip
    assert all(entry.created_at < now - timedelta(days=300) for entry in approve)


def test_simulated_quiz_answers_look_like_real_ones(demo: Path) -> None:
    """Questions differ in difficulty, and no wrong answer draws most of the answers."""
    from collections import Counter

    measured = 0
    for course in courses().values():
        attempts = Attempt.objects.filter(
            quiz__lesson__module__course=course, submitted_at__isnull=False
        )
        shares: list[float] = []
        for question in Question.objects.filter(quiz__lesson__module__course=course):
            given = [a for a in attempts if str(question.pk) in a.results]
            if len(given) < 10:
                continue
            right = sum(a.results[str(question.pk)]["correct"] for a in given)
            shares.append(right / len(given))
            # A true/false question has a single wrong answer, whose share is simply the
            # question's difficulty; only real distractors are checked.
            if question.kind == "single":
                wrong = Counter(
                    a.answers.get(str(question.pk))
                    for a in given
                    if not a.results[str(question.pk)]["correct"]
                )
                if wrong:
                    assert wrong.most_common(1)[0][1] / len(given) < 0.5, question.prompt
        if shares:
            measured += 1
            assert max(shares) - min(shares) >= 0.2, course.title  # easy and hard questions
    assert measured >= 3
