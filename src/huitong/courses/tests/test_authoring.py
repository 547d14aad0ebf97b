"""The team builds a course on its pages: the course with translations, modules, lessons
and the team itself. Bad input is refused with a message and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from huitong.core.errors import Conflict, ServiceError
from huitong.core.models import AuditEntry
from huitong.courses import services
from huitong.courses.models import Course, CourseTeamMember, Lesson, Module
from huitong.courses.tests.helpers import enrol, make_course, make_teacher
from huitong.testing import World, make_institution, make_user

COURSE_FORM: dict[str, Any] = {
    "title": "Science of Chinese Tuina",
    "summary": "Manipulations of tuina.",
    "description": "",
    "prerequisites": "",
    "original_language": "en",
    "discipline": "tuina",
    "level": "intermediate",
    "languages": ["en", "zh-hans"],
    "estimated_hours": "24",
    "recognition": ["provincial_mooc"],
    "access_policy": "alliance_members",
    "invitation_code": "",
    "enrolment_opens": "",
    "enrolment_closes": "",
    "capacity": "",
}


def teacher_client(world: World) -> tuple[Client, Any]:
    teacher = make_teacher(world)
    client = Client()
    client.force_login(teacher)
    return client, teacher


def test_faculty_of_a_member_create_a_course_with_translations(world: World) -> None:
    client, teacher = teacher_client(world)
    response = client.post(
        "/courses/new/",
        {
            **COURSE_FORM,
            "provider": world.institution.pk,
            "alliance": world.alliance.pk,
            "tr__zh-hans__title": "中国推拿学",
            "tr__zh-hans__summary": "推拿手法。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    course = Course.objects.get()
    assert response["Location"] == f"/courses/{course.pk}/manage/"
    assert course.status == "draft"
    assert course.languages == ["en", "zh-hans"]
    assert course.translations == {"zh-hans": {"title": "中国推拿学", "summary": "推拿手法。"}}
    assert CourseTeamMember.objects.get(course=course).user == teacher
    assert course.team.get().role == "lead_instructor"
    assert AuditEntry.objects.filter(action="course.create").exists()


def test_people_without_a_member_affiliation_cannot_create_courses(world: World) -> None:
    response = world.client_for("outsider").get("/courses/new/")
    assert response.status_code == 403
    assert world.client_for("alliance_admin").get("/courses/new/").status_code == 403


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"languages": []}, "languages", "This field is required."),
        ({"title": ""}, "title", "This field is required."),
        ({"discipline": "astrology"}, "discipline", "Select a valid choice."),
        (
            {"access_policy": "invitation_code"},
            "invitation_code",
            "A course open by invitation code needs the code learners will enter.",
        ),
        (
            {"enrolment_opens": "2026-03-01T09:00", "enrolment_closes": "2026-02-01T09:00"},
            "enrolment_closes",
            "Enrolment must close after it opens.",
        ),
        (
            {"access_policy": "selected_institutions"},
            "selected_institutions",
            "Choose the institutions whose people may enrol.",
        ),
        ({"estimated_hours": "-3"}, "estimated_hours", "greater than or equal to 0"),
        ({"capacity": "-1"}, "capacity", "greater than or equal to 0"),
    ],
)
def test_bad_course_input_is_refused_and_writes_nothing(
    world: World, change: dict[str, Any], field: str, message: str
) -> None:
    client, _teacher = teacher_client(world)
    data = {**COURSE_FORM, "provider": world.institution.pk, "alliance": world.alliance.pk}
    response = client.post("/courses/new/", {**data, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in str(e) for e in errors[field]), errors
    assert not Course.objects.exists()
    assert not AuditEntry.objects.filter(action="course.create").exists()


def test_the_provider_must_be_a_member_of_the_alliance(world: World) -> None:
    stranger = make_institution("Unknown Academy", country="BR", city="Recife")
    with pytest.raises(ServiceError) as error:
        services.course_create(
            actor=None,
            provider=stranger,
            alliance=world.alliance,
            title="X",
            discipline="tuina",
            languages=["en"],
            level="introductory",
        )
    assert error.value.code == "provider_not_member"
    assert not Course.objects.exists()


def test_the_capacity_cannot_drop_below_the_learners_enrolled(world: World) -> None:
    from django.core.exceptions import ValidationError

    built = make_course(world, access_policy="open")
    enrol(built.course, world.member)
    enrol(built.course, world.outsider)
    with pytest.raises(ValidationError) as error:
        services.course_update(actor=built.teacher, course=built.course, capacity=1)
    assert "below the 2 people already enrolled" in str(error.value)
    built.course.refresh_from_db()
    assert built.course.capacity is None


def test_an_editor_edits_the_course_and_its_translations(world: World) -> None:
    built = make_course(world)
    client = Client()
    client.force_login(built.teacher)
    page = client.get(f"/courses/{built.course.pk}/edit/")
    assert page.status_code == 200
    response = client.post(
        f"/courses/{built.course.pk}/edit/",
        {
            **COURSE_FORM,
            "title": built.course.title,
            "tr__zh-hans__title": "针灸学",
            "tr__zh-hans__description": "学习[[ST36]]。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    built.course.refresh_from_db()
    assert built.course.discipline == "tuina"
    assert built.course.translations["zh-hans"]["description"] == "学习[[ST36]]。"


def test_modules_and_lessons_are_added_with_translations(world: World) -> None:
    built = make_course(world, publish=False)
    client = Client()
    client.force_login(built.teacher)
    response = client.post(
        f"/courses/{built.course.pk}/modules/new/",
        {"title": "Tuina manipulations", "position": "", "original_language": "en",
         "tr__zh-hans__title": "推拿手法"},
    )  # fmt: skip
    assert response.status_code == 302
    module = Module.objects.get(title="Tuina manipulations")
    assert module.position == 2
    assert module.translated("title", "zh-hans").text == "推拿手法"

    response = client.post(
        f"/courses/{built.course.pk}/modules/{module.pk}/lessons/new/",
        {
            "title": "Rolling (gun fa)",
            "kind": "text",
            "position": "",
            "is_published": "on",
            "required": "on",
            "body": "Roll the hand over [[LI4]].",
            "original_language": "en",
            "tr__zh-hans__title": "滚法",
            "tr__zh-hans__body": "在[[LI4]]上滚动。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    lesson = Lesson.objects.get(title="Rolling (gun fa)")
    assert lesson.is_published
    assert lesson.required
    assert lesson.translated("body", "zh-hans").text == "在[[LI4]]上滚动。"
    assert lesson.missing_translations() == ["sr-latn", "pl", "pt-br"]

    response = client.post(
        f"/courses/{built.course.pk}/lessons/{lesson.pk}/edit/",
        {
            "title": "Rolling",
            "kind": "text",
            "position": "4",
            "body": "Roll.",
            "original_language": "en",
        },
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert (lesson.title, lesson.position, lesson.is_published) == ("Rolling", 4, False)
    assert lesson.translations == {}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "text", "body": ""}, "body", "A text lesson needs its text."),
        ({"kind": "video"}, "video_file", "A video lesson needs a video file or a link."),
        ({"kind": "reading"}, "reading_file", "A reading lesson needs its document."),
        ({"kind": "live"}, "starts_at", "A live session needs its start."),
        ({"kind": "quiz?"}, "kind", "Select a valid choice."),
        ({"kind": "text", "video_url": "not a link"}, "video_url", "Enter a valid URL."),
        ({"kind": "live", "starts_at": "tomorrow"}, "starts_at", "Enter a valid date/time."),
    ],
)
def test_a_lesson_missing_what_its_kind_needs_is_refused(
    world: World, data: dict[str, str], field: str, message: str
) -> None:
    built = make_course(world, publish=False)
    client = Client()
    client.force_login(built.teacher)
    before = Lesson.objects.count()
    response = client.post(
        f"/courses/{built.course.pk}/modules/{built.module.pk}/lessons/new/",
        {"title": "A lesson", "original_language": "en", "body": "Text.", **data},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in str(e) for e in errors.get(field, [])), errors
    assert Lesson.objects.count() == before


def test_a_lesson_with_progress_is_unpublished_not_deleted(world: World) -> None:
    built = make_course(world)
    enrolment = enrol(built.course, world.member)
    services.lesson_complete(enrolment=enrolment, lesson=built.lesson)
    with pytest.raises(Conflict) as error:
        services.lesson_delete(actor=built.teacher, lesson=built.lesson)
    assert error.value.code == "has_progress"
    services.lesson_delete(actor=built.teacher, lesson=built.draft)
    assert not Lesson.objects.filter(pk=built.draft.pk).exists()


def test_a_module_with_lessons_is_not_deleted(world: World) -> None:
    built = make_course(world, publish=False)
    client = Client()
    client.force_login(built.teacher)
    response = client.post(
        f"/courses/{built.course.pk}/modules/{built.module.pk}/delete/", follow=True
    )
    assert "The module still has lessons." in response.content.decode()
    assert Module.objects.filter(pk=built.module.pk).exists()
    empty = services.module_create(actor=built.teacher, course=built.course, title="Empty")
    client.post(f"/courses/{built.course.pk}/modules/{empty.pk}/delete/")
    assert not Module.objects.filter(pk=empty.pk).exists()


def test_the_lead_adds_and_removes_team_members(world: World) -> None:
    built = make_course(world)
    colleague = make_user("zhang.wei@example.cn", name_latin="Zhang Wei", name_native="张伟")
    client = Client()
    client.force_login(built.teacher)
    client.post(
        f"/courses/{built.course.pk}/team/add/",
        {"email": "ZHANG.WEI@example.cn", "role": "instructor"},
    )
    member = CourseTeamMember.objects.get(course=built.course, user=colleague)
    assert member.role == "instructor"
    again = client.post(
        f"/courses/{built.course.pk}/team/add/",
        {"email": colleague.email, "role": "teaching_assistant"},
        follow=True,
    )
    assert "This person is already in the course&#x27;s team." in again.content.decode()
    nobody = client.post(
        f"/courses/{built.course.pk}/team/add/",
        {"email": "nobody@example.org", "role": "instructor"},
        follow=True,
    )
    assert "No one has an account with the e-mail address nobody@example.org" in (
        nobody.content.decode()
    )
    lead = CourseTeamMember.objects.get(course=built.course, user=built.teacher)
    last = client.post(f"/courses/{built.course.pk}/team/{lead.pk}/remove/", follow=True)
    assert "A course keeps at least one lead instructor." in last.content.decode()
    client.post(f"/courses/{built.course.pk}/team/{member.pk}/remove/")
    assert not CourseTeamMember.objects.filter(pk=member.pk).exists()
    assert AuditEntry.objects.filter(action="course.team_remove").count() == 1


def test_teaching_assistants_see_drafts_but_do_not_edit(world: World) -> None:
    built = make_course(world, publish=False)
    assistant = make_user("ta@example.org")
    services.team_add(actor=None, course=built.course, user=assistant, role="teaching_assistant")
    client = Client()
    client.force_login(assistant)
    assert client.get(f"/courses/{built.course.pk}/").status_code == 200
    assert client.get(f"/courses/{built.course.pk}/manage/").status_code == 200
    assert client.get(f"/courses/{built.course.pk}/lessons/{built.draft.pk}/").status_code == 200
    assert client.get(f"/courses/{built.course.pk}/edit/").status_code == 403
    assert client.post(f"/courses/{built.course.pk}/submit/").status_code == 403


def test_staff_see_which_parts_lack_a_translation(world: World) -> None:
    built = make_course(world)
    client = Client()
    client.force_login(built.teacher)
    response = client.get(f"/courses/{built.course.pk}/manage/")
    rows = response.context["translation_rows"]
    assert [(row.what, row.title, row.missing) for row in rows] == [
        ("Course", built.course.title, ["zh-hans", "sr-latn", "pl", "pt-br"]),
        ("Module", "Meridians and points", ["sr-latn", "pl", "pt-br"]),
        ("Lesson", "Zusanli", ["zh-hans", "sr-latn", "pl", "pt-br"]),
        ("Lesson", "Work in progress", ["zh-hans", "sr-latn", "pl", "pt-br"]),
    ]
    summary = {code: n for code, _name, n in response.context["missing_by_language"]}
    assert summary == {"en": 0, "zh-hans": 3, "sr-latn": 4, "pl": 4, "pt-br": 4}


def test_an_empty_position_keeps_the_lessons_place(world: World) -> None:
    built = make_course(world, publish=False)
    client = Client()
    client.force_login(built.teacher)
    response = client.post(
        f"/courses/{built.course.pk}/lessons/{built.draft.pk}/edit/",
        {"title": "Renamed", "kind": "text", "position": "", "body": "Text.",
         "original_language": "en"},
    )  # fmt: skip
    assert response.status_code == 302
    built.draft.refresh_from_db()
    assert (built.draft.title, built.draft.position) == ("Renamed", 2)
