"""Every course page works in English and in 简体中文: the interface follows the reader's
language, the content shows its translation or the original, marked as such."""

from __future__ import annotations

import pytest
from django.test import Client

from huitong.courses import services
from huitong.courses.tests.helpers import enrol, make_course
from huitong.testing import World


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_renders_in(world: World, language: str) -> None:
    built = make_course(world)
    submitted = make_course(world, teacher=built.teacher, publish=False, title="Submitted")
    services.course_submit(actor=built.teacher, course=submitted.course)
    for user in (world.member, built.teacher, world.alliance_admin):
        user.preferred_language = language
        user.save()
    enrol(built.course, world.member)
    c = built.course.pk
    member, teacher, admin = Client(), Client(), Client()
    member.force_login(world.member)
    teacher.force_login(built.teacher)
    admin.force_login(world.alliance_admin)
    anonymous = Client()
    anonymous.cookies["huitong_language"] = language
    pages = [
        (anonymous, "/courses/"),
        (anonymous, f"/courses/{c}/"),
        (member, "/courses/mine/"),
        (member, built.lesson.get_absolute_url()),
        (teacher, "/courses/new/"),
        (teacher, f"/courses/{c}/manage/"),
        (teacher, f"/courses/{c}/edit/"),
        (teacher, f"/courses/{c}/history/"),
        (teacher, f"/courses/{c}/modules/new/"),
        (teacher, f"/courses/{c}/lessons/{built.lesson.pk}/edit/"),
        (admin, "/courses/review/"),
        (admin, f"/courses/{submitted.course.pk}/review/"),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode(), url


def test_the_reader_sees_the_translation_or_the_marked_original(world: World) -> None:
    built = make_course(world)
    anonymous = Client()
    anonymous.cookies["huitong_language"] = "zh-hans"
    html = anonymous.get(f"/courses/{built.course.pk}/").content.decode()
    assert '<h1><span lang="zh-hans">针灸学</span></h1>' in html
    assert '<span lang="zh-hans">经络、腧穴与针灸技术。</span>' in html
    assert '<span lang="zh-hans">经络与腧穴</span>' in html  # the module
    assert '<span lang="en">Zusanli</span> <abbr class="fallback"' in html  # not translated
    polish = Client()
    polish.cookies["huitong_language"] = "pl"
    html = polish.get(f"/courses/{built.course.pk}/").content.decode()
    assert '<span lang="en">Science of Acupuncture and Moxibustion</span> <abbr' in html
