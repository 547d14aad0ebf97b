"""draft → submitted → approved (published) | changes requested → submitted …, decided by
the admins of the course's alliance; later edits of a published course are recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from huitong.core.errors import Conflict, NotAllowed, ServiceError
from huitong.core.models import AuditEntry
from huitong.courses import services
from huitong.courses.models import CourseStatus
from huitong.courses.tests.helpers import make_course
from huitong.testing import World


def test_the_team_submits_and_a_reviewer_approves(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course(world, publish=False)
    lead = world.client_for("anonymous")
    lead.force_login(built.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(f"/courses/{built.course.pk}/submit/")
    assert response.status_code == 302
    built.course.refresh_from_db()
    assert built.course.status == CourseStatus.SUBMITTED
    assert [m.to for m in mail.outbox] == [[world.alliance_admin.email]]
    assert f"/courses/{built.course.pk}/review/" in mail.outbox[0].body

    reviewer = world.client_for("alliance_admin")
    queue = reviewer.get("/courses/review/").content.decode()
    assert "Science of Acupuncture and Moxibustion" in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(
            f"/courses/{built.course.pk}/review/", {"decision": "approve", "comment": ""}
        )
    assert response.status_code == 302
    built.course.refresh_from_db()
    assert built.course.status == CourseStatus.APPROVED
    assert built.course.published_at is not None
    assert mail.outbox[-1].to == [built.teacher.email]
    assert "It is now in the catalogue" in mail.outbox[-1].body


def test_a_reviewer_asks_for_changes_with_a_comment(world: World) -> None:
    built = make_course(world, publish=False)
    services.course_submit(actor=built.teacher, course=built.course)
    reviewer = world.client_for("alliance_admin")
    response = reviewer.post(
        f"/courses/{built.course.pk}/review/", {"decision": "request_changes", "comment": ""}
    )
    assert response.status_code == 200
    assert "Say what should change." in response.content.decode()
    built.course.refresh_from_db()
    assert built.course.status == CourseStatus.SUBMITTED

    reviewer.post(
        f"/courses/{built.course.pk}/review/",
        {"decision": "request_changes", "comment": "Add Chinese subtitles to the videos."},
    )
    built.course.refresh_from_db()
    assert built.course.status == CourseStatus.CHANGES_REQUESTED
    lead = world.client_for("anonymous")
    lead.force_login(built.teacher)
    page = lead.get(f"/courses/{built.course.pk}/manage/").content.decode()
    assert "Add Chinese subtitles to the videos." in page
    services.course_submit(actor=built.teacher, course=built.course)
    built.course.refresh_from_db()
    assert built.course.status == CourseStatus.SUBMITTED


def test_a_course_is_submitted_only_when_ready(world: World) -> None:
    built = make_course(world, publish=False, summary="")
    services.lesson_update(actor=built.teacher, lesson=built.lesson, is_published=False)
    with pytest.raises(ServiceError) as error:
        services.course_submit(actor=built.teacher, course=built.course)
    assert error.value.code == "not_ready"
    assert "Write the course's summary." in str(error.value)
    assert "Publish at least one lesson." in str(error.value)
    built.course.refresh_from_db()
    assert built.course.status == CourseStatus.DRAFT


def test_only_a_submitted_course_is_reviewed_and_only_by_its_alliance(world: World) -> None:
    built = make_course(world, publish=False)
    with pytest.raises(Conflict):
        services.course_review(actor=world.alliance_admin, course=built.course, approve=True)
    services.course_submit(actor=built.teacher, course=built.course)
    with pytest.raises(Conflict):
        services.course_submit(actor=built.teacher, course=built.course)
    with pytest.raises(NotAllowed):
        services.course_review(actor=built.teacher, course=built.course, approve=True)
    assert not AuditEntry.objects.filter(action="course.approve").exists()


def test_edits_of_a_published_course_are_recorded_with_before_and_after(world: World) -> None:
    built = make_course(world)
    services.course_update(
        actor=built.teacher,
        course=built.course,
        summary="A new summary.",
        estimated_hours=40,
    )
    entry = AuditEntry.objects.get(action="course.update")
    assert entry.data["published"] is True
    assert entry.data["before"] == {
        "summary": "Meridians, points and techniques of acupuncture and moxibustion.",
        "estimated_hours": "32.0",
    }
    assert entry.data["after"] == {"summary": "A new summary.", "estimated_hours": "40"}
    services.lesson_update(actor=built.teacher, lesson=built.lesson, title="Zusanli (ST36)")
    lesson_entry = AuditEntry.objects.get(action="course.lesson_update")
    assert lesson_entry.data["before"] == {"title": "Zusanli"}
    assert lesson_entry.data["after"] == {"title": "Zusanli (ST36)"}

    lead = world.client_for("anonymous")
    lead.force_login(built.teacher)
    history = lead.get(f"/courses/{built.course.pk}/history/").content.decode()
    assert "edited the course" in history
    assert "<del>Meridians, points and techniques of acupuncture and moxibustion.</del>" in history
    assert "<ins>A new summary.</ins>" in history
    assert "<ins>Zusanli (ST36)</ins>" in history


def test_an_edit_that_changes_nothing_records_nothing(world: World) -> None:
    built = make_course(world)
    services.course_update(actor=built.teacher, course=built.course, title=built.course.title)
    assert not AuditEntry.objects.filter(action="course.update").exists()


def test_publishing_records_where_the_course_names_terms(world: World) -> None:
    from huitong.terminology.models import TermUsage

    built = make_course(world, publish=False)
    assert not TermUsage.objects.exists()
    services.course_submit(actor=built.teacher, course=built.course)
    services.course_review(actor=world.alliance_admin, course=built.course, approve=True)
    urls = set(TermUsage.objects.values_list("url", flat=True))
    assert urls == {
        f"/courses/{built.course.pk}/",
        f"/courses/{built.course.pk}/lessons/{built.lesson.pk}/",
    }


def test_a_review_without_a_decision_is_refused(world: World) -> None:
    built = make_course(world, publish=False)
    services.course_submit(actor=built.teacher, course=built.course)
    response = world.client_for("alliance_admin").post(
        f"/courses/{built.course.pk}/review/", {"comment": "Looks good."}
    )
    assert response.status_code == 200
    assert "Choose to approve the course or to ask for changes." in response.content.decode()
    built.course.refresh_from_db()
    assert built.course.status == CourseStatus.SUBMITTED


def test_the_alliance_admin_page_links_to_the_review_queue_with_the_count(world: World) -> None:
    reviewer = world.client_for("alliance_admin")

    def queue_link() -> str:
        html = reviewer.get(f"/a/{world.alliance.slug}/manage/").content.decode()
        return html.split('id="review-queue"', 1)[1].split("</p>", 1)[0]

    assert "0 courses waiting for review" in queue_link()
    built = make_course(world, publish=False)
    services.course_submit(actor=built.teacher, course=built.course)
    link = queue_link()
    assert 'href="/courses/review/"' in link
    assert "1 course waiting for review" in link


def test_the_profile_links_to_my_learning_and_to_the_courses_i_teach(world: World) -> None:
    member = world.client_for("member").get("/accounts/profile/").content.decode()
    links = member.split('id="my-links"', 1)[1].split("</p>", 1)[0]
    assert 'href="/courses/mine/"' in links
    assert "Courses I teach" not in links
    built = make_course(world, publish=False)
    teacher = world.client_for("anonymous")
    teacher.force_login(built.teacher)
    html = teacher.get("/accounts/profile/").content.decode()
    links = html.split('id="my-links"', 1)[1].split("</p>", 1)[0]
    assert 'href="/courses/mine/#my-teaching"' in links
    assert "Courses I teach" in links
