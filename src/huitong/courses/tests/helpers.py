"""Courses for tests, built through the services as the pages would build them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from huitong.accounts.models import User
from huitong.alliance import services as alliance_services
from huitong.courses import services
from huitong.courses.models import Course, Lesson, Module
from huitong.testing import World, make_user

# The first bytes of real files of each kind: enough for the upload checks.
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 40
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
VTT = (
    "WEBVTT\n\n00:00.000 --> 00:04.000\n足三里 (ST36) is on the stomach meridian.\n\n"
    "00:04.500 --> 00:09.000\nIt lies below the knee.\n"
).encode()


def video_upload(name: str = "lecture.mp4", content: bytes = MP4) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="video/mp4")


def pdf_upload(name: str = "reading.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def vtt_upload(name: str = "zh.vtt", content: bytes = VTT) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/vtt")


def make_teacher(world: World, email: str = "teacher@example.org", **fields: Any) -> User:
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        return existing
    fields.setdefault("name_latin", "Wang Li")
    fields.setdefault("name_native", "王丽")
    teacher = make_user(email, **fields)
    alliance_services.affiliation_grant(
        actor=None, user=teacher, institution=world.institution, role="faculty"
    )
    return teacher


COURSE_DEFAULTS: dict[str, Any] = {
    "title": "Science of Acupuncture and Moxibustion",
    "summary": "Meridians, points and techniques of acupuncture and moxibustion.",
    "description": "Locate [[ST36]] and needle it safely.",
    "discipline": "acupuncture_moxibustion",
    "languages": ["en"],
    "level": "introductory",
    "estimated_hours": 32,
    "recognition": ["provincial_mooc"],
    "access_policy": "alliance_members",
    "translations": {"zh-hans": {"title": "针灸学", "summary": "经络、腧穴与针灸技术。"}},
}


@dataclass
class Built:
    course: Course
    teacher: User
    module: Module
    lesson: Lesson  # a published text lesson
    draft: Lesson  # an unpublished text lesson


def make_course(
    world: World,
    *,
    teacher: User | None = None,
    publish: bool = True,
    selected: tuple[Any, ...] = (),
    **fields: Any,
) -> Built:
    teacher = teacher or make_teacher(world)
    course = services.course_create(
        actor=teacher,
        provider=world.institution,
        alliance=world.alliance,
        selected_institutions=selected,
        **{**COURSE_DEFAULTS, **fields},
    )
    module = services.module_create(
        actor=teacher,
        course=course,
        title="Meridians and points",
        translations={"zh-hans": {"title": "经络与腧穴"}},
    )
    lesson = services.lesson_create(
        actor=teacher,
        module=module,
        title="Zusanli",
        kind="text",
        body="[[ST36]] lies three cun below the knee.",
        is_published=True,
    )
    draft = services.lesson_create(
        actor=teacher,
        module=module,
        title="Work in progress",
        kind="text",
        body="Not ready.",
        is_published=False,
    )
    if publish:
        services.course_submit(actor=teacher, course=course)
        course = services.course_review(actor=world.alliance_admin, course=course, approve=True)
    course.refresh_from_db()
    return Built(course, teacher, module, lesson, draft)


def enrol(course: Course, user: User, code: str = "") -> Any:
    enrolment, _created = services.enrolment_create(course=course, learner=user, code=code)
    return enrolment
