"""Videos are served with HTTP range requests (206 Partial Content) so that a player can
seek; subtitles and readings too; only to people who may open the lesson."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from huitong.courses import services
from huitong.courses.media import Unsatisfiable, parse_range
from huitong.courses.tests.helpers import (
    MP4,
    VTT,
    enrol,
    make_course,
    pdf_upload,
    video_upload,
    vtt_upload,
)
from huitong.testing import World


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def video(world: World) -> dict[str, Any]:
    built = make_course(world)
    lesson = services.lesson_create(
        actor=built.teacher, module=built.module, title="Lecture", kind="video",
        video_file=video_upload(), is_published=True,
    )  # fmt: skip
    track = services.subtitle_add(
        actor=built.teacher, lesson=lesson, language="zh-hans", file=vtt_upload()
    )
    enrol(built.course, world.member)
    base = f"/courses/{built.course.pk}/lessons/{lesson.pk}"
    return {"built": built, "lesson": lesson, "track": track, "url": f"{base}/video/"}


def test_the_whole_video_is_served_with_accept_ranges(world: World, video: dict[str, Any]) -> None:
    response = world.client_for("member").get(video["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(MP4))
    assert body(response) == MP4


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-99", 0, 99), ("bytes=100-", 100, len(MP4) - 1), ("bytes=-50", len(MP4) - 50,
     len(MP4) - 1), ("bytes=1000-999999", 1000, len(MP4) - 1)],
)  # fmt: skip
def test_a_range_request_gets_206_partial_content(
    world: World, video: dict[str, Any], header: str, start: int, end: int
) -> None:
    response = world.client_for("member").get(video["url"], HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(MP4)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == MP4[start : end + 1]


def test_a_range_beyond_the_end_gets_416(world: World, video: dict[str, Any]) -> None:
    response = world.client_for("member").get(video["url"], HTTP_RANGE=f"bytes={len(MP4)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(MP4)}"


def test_an_outdated_if_range_gets_the_whole_file(world: World, video: dict[str, Any]) -> None:
    client = world.client_for("member")
    etag = client.get(video["url"])["ETag"]
    same = client.get(video["url"], HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert same.status_code == 206
    other = client.get(video["url"], HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"other"')
    assert other.status_code == 200
    assert body(other) == MP4


def test_the_range_header_is_parsed_as_rfc_9110_says() -> None:
    assert parse_range("bytes=0-0", 10) == (0, 0)
    assert parse_range("bytes=5-", 10) == (5, 9)
    assert parse_range("bytes=-3", 10) == (7, 9)
    assert parse_range("bytes=-30", 10) == (0, 9)
    assert parse_range("bytes=5-2", 10) is None  # malformed: the whole file
    assert parse_range("bytes=0-1,4-5", 10) is None  # several ranges: the whole file
    assert parse_range("items=0-1", 10) is None
    assert parse_range("bytes=-", 10) is None
    for unsatisfiable in ("bytes=10-", "bytes=-0"):
        with pytest.raises(Unsatisfiable):
            parse_range(unsatisfiable, 10)


def test_subtitles_are_served_as_webvtt(world: World, video: dict[str, Any]) -> None:
    built, track = video["built"], video["track"]
    response = world.client_for("member").get(
        f"/courses/{built.course.pk}/subtitles/{track.pk}.vtt"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert body(response) == VTT


def test_a_reading_is_downloaded_under_its_name(world: World) -> None:
    built = make_course(world)
    lesson = services.lesson_create(
        actor=built.teacher, module=built.module, title="Reading", kind="reading",
        reading_file=pdf_upload("Jingluo 经络.pdf"), is_published=True,
    )  # fmt: skip
    enrol(built.course, world.member)
    response = world.client_for("member").get(
        f"/courses/{built.course.pk}/lessons/{lesson.pk}/reading/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''Jingluo%20%E7%BB%8F%E7%BB%9C.pdf" in response["Content-Disposition"]


def test_files_are_refused_to_people_who_may_not_open_the_lesson(
    world: World, video: dict[str, Any]
) -> None:
    built, track = video["built"], video["track"]
    subtitles = f"/courses/{built.course.pk}/subtitles/{track.pk}.vtt"
    assert world.client_for("outsider").get(video["url"]).status_code == 403
    assert world.client_for("outsider").get(subtitles).status_code == 403
    assert Client().get(video["url"]).status_code == 302  # to the log-in page
    team = Client()
    team.force_login(built.teacher)
    assert team.get(video["url"]).status_code == 200
    services.lesson_update(actor=built.teacher, lesson=video["lesson"], is_published=False)
    assert world.client_for("member").get(video["url"]).status_code == 404
    assert world.client_for("member").get(subtitles).status_code == 404
    assert team.get(video["url"]).status_code == 200
    assert (
        world.client_for("member").get(f"/media/{video['lesson'].video_file.name}").status_code
        == 404
    )


def test_a_head_request_gets_the_headers(world: World, video: dict[str, Any]) -> None:
    response = world.client_for("member").head(video["url"])
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(MP4))
    assert response["Accept-Ranges"] == "bytes"
