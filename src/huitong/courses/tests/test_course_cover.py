"""A course's cover: the team uploads a PNG, JPEG or WebP image (checked by its first bytes
and its size); without one the catalogue and the course page draw a cover from the
course's discipline and title."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from huitong.core.models import AuditEntry
from huitong.courses import services
from huitong.courses.covers import title_lines
from huitong.courses.models import Course
from huitong.courses.tests.helpers import make_course, make_teacher
from huitong.courses.tests.test_authoring import COURSE_FORM
from huitong.testing import World

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
WEBP = b"RIFF\x24\x04\x00\x00WEBPVP8 " + bytes(range(256)) * 4


def covers(settings: Any) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "courses" / "covers"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def edit(built: Any, cover: Any = None, **extra: Any) -> Any:
    client = Client()
    client.force_login(built.teacher)
    data = {**COURSE_FORM, "title": built.course.title, **extra}
    if cover is not None:
        data["cover"] = cover
    return client.post(f"/courses/{built.course.pk}/edit/", data)


def test_the_team_uploads_a_cover_shown_on_the_card_and_the_course_page(
    world: World, settings: Any
) -> None:
    built = make_course(world)
    response = edit(built, SimpleUploadedFile("Poster.PNG", PNG, content_type="image/png"))
    assert response.status_code == 302, response.content.decode()[:2000]
    course = Course.objects.get()
    assert course.cover.name.startswith("courses/covers/")
    assert course.cover.name.endswith(".png")
    assert "Poster" not in course.cover.name  # an unguessable name
    stored = covers(settings)
    assert [p.read_bytes() for p in stored] == [PNG]
    assert AuditEntry.objects.filter(action="course.update", data__after__cover=course.cover.name)
    url = f"/media/{course.cover.name}"
    catalogue = Client().get("/courses/").content.decode()
    page = Client().get(f"/courses/{course.pk}/").content.decode()
    for html in (catalogue, page):
        assert '<img class="course-cover' in html
        assert f'src="{url}"' in html
        assert '<svg class="course-cover' not in html


def test_a_course_is_created_with_its_cover(world: World, settings: Any) -> None:
    teacher = make_teacher(world)
    client = Client()
    client.force_login(teacher)
    response = client.post(
        "/courses/new/",
        {
            **COURSE_FORM,
            "provider": world.institution.pk,
            "alliance": world.alliance.pk,
            "cover": SimpleUploadedFile("cover.jpg", JPEG, content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Course.objects.get().cover.name.endswith(".jpg")
    assert [p.read_bytes() for p in covers(settings)] == [JPEG]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("cover.gif", b"GIF89a" + bytes(100)),
            "“cover.gif” is not an image this platform takes. Upload a PNG, JPEG or WebP image.",
        ),
        (
            SimpleUploadedFile("cover.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
            "“cover.svg” is not an image this platform takes.",
        ),
        (
            SimpleUploadedFile("cover.png", b"<html>not an image</html>" * 10),
            "“cover.png” does not hold what its name says: it is not a real .png file.",
        ),
        (SimpleUploadedFile("cover.jpg", PNG), "“cover.jpg” does not hold what its name says"),
        (
            SimpleUploadedFile("cover.webp", b"RIFF\x24\x04\x00\x00WAVEfmt " + bytes(64)),
            "“cover.webp” does not hold what its name says",
        ),
    ],
)
def test_a_file_that_is_not_a_png_jpeg_or_webp_is_refused(
    world: World, settings: Any, upload: Any, message: str
) -> None:
    built = make_course(world)
    response = edit(built, upload, summary="A new summary that must not be saved.")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in str(e) for e in errors["cover"]), errors
    course = Course.objects.get()
    assert not course.cover
    assert course.summary != "A new summary that must not be saved."
    assert covers(settings) == []
    assert not AuditEntry.objects.filter(action="course.update").exists()


def test_a_cover_over_the_size_limit_is_refused(world: World, settings: Any) -> None:
    settings.COURSE_COVER_MAX_BYTES = 1024 * 1024
    built = make_course(world)
    big = SimpleUploadedFile("cover.webp", WEBP[:16] + bytes(1024 * 1024))
    response = edit(built, big)
    assert response.status_code == 200
    assert "The file is larger than 1 MB." in str(response.context["form"].errors["cover"])
    assert not Course.objects.get().cover
    assert covers(settings) == []
    # The form says which limit applies.
    client = Client()
    client.force_login(built.teacher)
    assert "at most 1 MB" in client.get(f"/courses/{built.course.pk}/edit/").content.decode()


def test_the_default_limit_is_two_megabytes(world: World, settings: Any) -> None:
    built = make_course(world)
    with pytest.raises(ValidationError) as error:
        services.course_update(
            actor=built.teacher,
            course=built.course,
            cover=SimpleUploadedFile("cover.png", PNG[:16] + bytes(2 * 1024 * 1024)),
        )
    assert "larger than 2 MB" in str(error.value.message_dict["cover"])
    services.course_update(
        actor=built.teacher,
        course=built.course,
        cover=SimpleUploadedFile("cover.webp", WEBP + bytes(2 * 1024 * 1024 - len(WEBP))),
    )
    assert Course.objects.get().cover.name.endswith(".webp")


def test_replacing_or_clearing_a_cover_removes_the_old_file_after_commit(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course(world)
    services.course_update(
        actor=built.teacher, course=built.course, cover=SimpleUploadedFile("a.png", PNG)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.course_update(
            actor=built.teacher, course=built.course, cover=SimpleUploadedFile("b.jpg", JPEG)
        )
    assert [p.read_bytes() for p in covers(settings)] == [JPEG]
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(built, **{"cover-clear": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Course.objects.get().cover
    assert covers(settings) == []


def test_saving_the_form_without_a_new_file_keeps_the_cover(world: World, settings: Any) -> None:
    built = make_course(world)
    services.course_update(
        actor=built.teacher, course=built.course, cover=SimpleUploadedFile("a.png", PNG)
    )
    name = Course.objects.get().cover.name
    assert edit(built, summary="Changed.").status_code == 302
    course = Course.objects.get()
    assert course.summary == "Changed."
    assert course.cover.name == name


def test_without_a_cover_one_is_drawn_from_the_discipline(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course(world)  # acupuncture and moxibustion, no cover
    page = Client().get(f"/courses/{built.course.pk}/").content.decode()
    catalogue = Client().get("/courses/").content.decode()
    for html in (page, catalogue):
        svg = html.split('<svg class="course-cover', 1)[1].split("</svg>", 1)[0]
        assert "cover-needles" in svg
        assert 'fill="#8c2f1c"' in svg  # the discipline's colour
        assert ">Science of Acupuncture</tspan>" in svg
        assert ">and Moxibustion</tspan>" in svg
        assert "Acupuncture and moxibustion" in svg  # the discipline's name
        assert "<script" not in svg  # drawn here: nothing runs, nothing is fetched
        assert "href" not in svg
        assert '<img class="course-cover' not in html
    with django_capture_on_commit_callbacks(execute=True):
        services.course_update(actor=built.teacher, course=built.course, discipline="tuina")
    tuina = Client().get(f"/courses/{built.course.pk}/").content.decode()
    assert "cover-circles" in tuina
    assert 'fill="#2f6b4f"' in tuina


def test_the_drawn_cover_shows_the_title_in_the_readers_language(world: World) -> None:
    built = make_course(world)
    client = Client()
    client.cookies["huitong_language"] = "zh-hans"
    html = client.get(f"/courses/{built.course.pk}/").content.decode()
    svg = html.split('<svg class="course-cover', 1)[1].split("</svg>", 1)[0]
    assert '<tspan x="24" y="176">针灸学</tspan>' in svg
    assert 'lang="zh-hans"' in svg


def test_long_titles_are_broken_into_three_lines_at_most() -> None:
    assert title_lines("Medical Cell Biology") == ["Medical Cell Biology"]
    assert title_lines("Otorhinolaryngology Head and Neck Surgery") == [
        "Otorhinolaryngology",
        "Head and Neck Surgery",
    ]
    long = title_lines(
        "A very long title that certainly goes over three lines of text on a cover image"
    )
    assert len(long) == 3
    assert long[-1].endswith("…")
    assert all(len(line) <= 22 for line in long)
    chinese = title_lines(
        "中医学与中西医结合临床实践的若干问题及其解决办法研究与展望以及未来的发展方向"
    )
    assert len(chinese) == 3
    assert chinese[0] == "中医学与中西医结合临床"  # eleven characters: 22 units
    assert chinese[-1].endswith("…")
    assert title_lines("Pneumonoultramicroscopicsilicovolcanoconiosis")[0].endswith("…")
