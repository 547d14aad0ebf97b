"""Uploads of the wrong type, with the wrong content or over the size limit are refused
with a clear message, and nothing is written: no lesson, no subtitle track, no file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from huitong.core.errors import ServiceError
from huitong.courses import media, services
from huitong.courses.models import Lesson, SubtitleTrack
from huitong.courses.tests.helpers import (
    MP4,
    VTT,
    make_course,
    pdf_upload,
    video_upload,
    vtt_upload,
)
from huitong.testing import World


def stored_files() -> list[Path]:
    root = Path(media.private_storage.location)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def lesson_page(world: World, built: Any, files: dict[str, Any], kind: str = "video") -> Any:
    client = Client()
    client.force_login(built.teacher)
    return client.post(
        f"/courses/{built.course.pk}/modules/{built.module.pk}/lessons/new/",
        {"title": "A lecture", "kind": kind, "original_language": "en", **files},
    )


def test_a_video_is_uploaded_outside_the_public_media_folder(world: World, settings: Any) -> None:
    built = make_course(world, publish=False)
    response = lesson_page(world, built, {"video_file": video_upload()})
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson = Lesson.objects.get(title="A lecture")
    path = Path(media.private_storage.path(lesson.video_file.name))
    assert path.read_bytes() == MP4
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "lecture" not in path.name  # an unguessable name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("lecture.exe", b"MZ\x90\x00"),
            "“lecture.exe” is not a video this platform can play.",
        ),
        (
            SimpleUploadedFile("lecture.mp4", b"<html>not a video</html>" * 10),
            "“lecture.mp4” does not hold what its name says",
        ),
        (SimpleUploadedFile("empty.webm", b""), "The submitted file is empty."),
    ],
)
def test_a_file_that_is_not_a_video_is_refused(world: World, upload: Any, message: str) -> None:
    built = make_course(world, publish=False)
    response = lesson_page(world, built, {"video_file": upload})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in str(e) for e in errors["video_file"]), errors
    assert not Lesson.objects.filter(title="A lecture").exists()
    assert stored_files() == []


def test_a_video_over_the_size_limit_is_refused(world: World, settings: Any) -> None:
    settings.COURSE_VIDEO_MAX_BYTES = 1024 * 1024
    built = make_course(world, publish=False)
    big = video_upload(content=MP4[:32] + bytes(1024 * 1024))
    response = lesson_page(world, built, {"video_file": big})
    assert response.status_code == 200
    assert "The file is larger than 1 MB." in str(response.context["form"].errors["video_file"])
    assert not Lesson.objects.filter(title="A lecture").exists()
    assert stored_files() == []


def test_readings_take_documents_only(world: World) -> None:
    built = make_course(world, publish=False)
    refused = lesson_page(
        world, built, {"reading_file": SimpleUploadedFile("notes.html", b"<p>hi</p>")}, "reading"
    )
    assert "is not a document this platform takes" in str(
        refused.context["form"].errors["reading_file"]
    )
    fake = lesson_page(
        world, built, {"reading_file": SimpleUploadedFile("notes.pdf", b"hello")}, "reading"
    )
    assert "does not hold what its name says" in str(fake.context["form"].errors["reading_file"])
    assert stored_files() == []
    accepted = lesson_page(world, built, {"reading_file": pdf_upload("Meridians.pdf")}, "reading")
    assert accepted.status_code == 302
    lesson = Lesson.objects.get(title="A lecture")
    assert lesson.reading_name == "Meridians.pdf"


def test_a_failed_save_leaves_no_file_behind(world: World, monkeypatch: Any) -> None:
    built = make_course(world, publish=False)

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.lesson_create(
            actor=built.teacher,
            module=built.module,
            title="A lecture",
            kind="video",
            video_file=video_upload(),
        )
    assert not Lesson.objects.filter(title="A lecture").exists()
    assert stored_files() == []


def test_replacing_a_video_removes_the_old_file_after_commit(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course(world, publish=False)
    lesson = services.lesson_create(
        actor=built.teacher, module=built.module, title="A lecture", kind="video",
        video_file=video_upload(),
    )  # fmt: skip
    first = lesson.video_file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_update(
            actor=built.teacher, lesson=lesson, video_file=video_upload("second.mp4")
        )
    lesson.refresh_from_db()
    assert lesson.video_file.name != first
    assert not media.private_storage.exists(first)
    assert media.private_storage.exists(lesson.video_file.name)


# --- Subtitles ------------------------------------------------------------------------


def video_lesson(world: World) -> tuple[Any, Lesson]:
    built = make_course(world, publish=False)
    lesson = services.lesson_create(
        actor=built.teacher, module=built.module, title="A lecture", kind="video",
        video_file=video_upload(), is_published=True,
    )  # fmt: skip
    return built, lesson


def test_webvtt_subtitles_are_added_per_language(world: World) -> None:
    built, lesson = video_lesson(world)
    client = Client()
    client.force_login(built.teacher)
    response = client.post(
        f"/courses/{built.course.pk}/lessons/{lesson.pk}/subtitles/add/",
        {"language": "zh-hans", "file": vtt_upload()},
        follow=True,
    )
    assert "The subtitles are added." in response.content.decode()
    track = SubtitleTrack.objects.get(lesson=lesson)
    assert track.language == "zh-hans"
    again = client.post(
        f"/courses/{built.course.pk}/lessons/{lesson.pk}/subtitles/add/",
        {"language": "zh-hans", "file": vtt_upload()},
        follow=True,
    )
    assert "already has subtitles in this language" in again.content.decode()
    assert SubtitleTrack.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("zh.srt", VTT, "is not a WebVTT file"),
        ("zh.vtt", b"1\n00:00:01,000 --> 00:00:02,000\nHi\n", "starts with the line “WEBVTT”"),
        (
            "zh.vtt",
            b"WEBVTT\n\n00:01.000 -> 00:02.000\nHi\n00:01 --> 00:02\n",
            "Line 5: “00:01 --> 00:02” is not a cue timing",
        ),
        ("zh.vtt", b"WEBVTT\n\n00:05.000 --> 00:02.000\nHi\n", "Line 3: the cue ends before"),
        ("zh.vtt", b"WEBVTT\n\nNOTE nothing here\n", "The subtitles have no cue."),
        ("zh.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n足三里\n".encode("gb18030"), "not UTF-8"),
    ],
)
def test_subtitles_that_are_not_valid_webvtt_are_refused(
    world: World, name: str, content: bytes, message: str
) -> None:
    built, lesson = video_lesson(world)
    with pytest.raises(ValidationError) as error:
        services.subtitle_add(
            actor=built.teacher, lesson=lesson, language="zh-hans",
            file=SimpleUploadedFile(name, content),
        )  # fmt: skip
    assert message in str(error.value)
    assert not SubtitleTrack.objects.exists()
    assert [p.suffix for p in stored_files()] == [".mp4"]


def test_a_byte_order_mark_and_cue_settings_are_valid_webvtt(world: World) -> None:
    built, lesson = video_lesson(world)
    content = (
        b"\xef\xbb\xbfWEBVTT - Zusanli\r\n\r\n01:00:00.000 --> 01:00:02.500 align:start\r\nHi\r\n"
    )
    services.subtitle_add(
        actor=built.teacher, lesson=lesson, language="en",
        file=SimpleUploadedFile("en.vtt", content),
    )  # fmt: skip
    assert SubtitleTrack.objects.count() == 1


def test_only_video_lessons_take_subtitles(world: World) -> None:
    built = make_course(world, publish=False)
    with pytest.raises(ServiceError) as error:
        services.subtitle_add(
            actor=built.teacher, lesson=built.lesson, language="en", file=vtt_upload()
        )
    assert error.value.code == "not_video"
