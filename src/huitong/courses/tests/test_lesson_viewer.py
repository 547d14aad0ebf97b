"""The lesson viewer: Markdown with linked terms in the reader's language, video with
subtitles, readings, live sessions in the viewer's time zone; drafts stay invisible to
learners."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from huitong.courses import services
from huitong.courses.tests.helpers import (
    enrol,
    make_course,
    pdf_upload,
    video_upload,
    vtt_upload,
)
from huitong.testing import World, make_user


def test_a_text_lesson_renders_markdown_with_term_links(world: World) -> None:
    built = make_course(world)
    services.lesson_update(
        actor=built.teacher,
        lesson=built.lesson,
        body="**[[ST36]]** lies below the knee.\n\n<script>alert(1)</script>",
    )
    enrol(built.course, world.member)
    html = world.client_for("member").get(built.lesson.get_absolute_url()).content.decode()
    assert '<strong><a class="term" href="/terms/' in html
    assert '<span class="term-code">ST36</span>' in html
    assert "<script>alert(1)</script>" not in html


def test_a_chinese_reader_reads_the_translation_or_a_marked_original(world: World) -> None:
    built = make_course(world)
    services.lesson_update(
        actor=built.teacher,
        lesson=built.lesson,
        translations={"zh-hans": {"title": "足三里", "body": "[[ST36]]位于膝下三寸。"}},
    )
    reader = make_user("li.ming@example.cn", preferred_language="zh-hans")
    from huitong.alliance import services as alliance_services

    alliance_services.affiliation_grant(
        actor=None, user=reader, institution=world.institution, role="student"
    )
    enrol(built.course, reader)
    client = Client()
    client.force_login(reader)
    html = client.get(built.lesson.get_absolute_url()).content.decode()
    assert '<h1><span lang="zh-hans">足三里</span></h1>' in html
    assert "位于膝下三寸" in html
    course_page = client.get(built.course.get_absolute_url()).content.decode()
    assert '<span lang="zh-hans">针灸学</span>' in course_page
    # The description is not translated: shown in English, marked as such.
    assert '<div class="prose" lang="en"><abbr class="fallback"' in course_page


def test_a_video_lesson_has_a_player_with_subtitle_tracks(world: World) -> None:
    built = make_course(world)
    lesson = services.lesson_create(
        actor=built.teacher, module=built.module, title="Lecture", kind="video",
        video_file=video_upload(), is_published=True,
    )  # fmt: skip
    track = services.subtitle_add(
        actor=built.teacher, lesson=lesson, language="zh-hans", file=vtt_upload()
    )
    enrol(built.course, world.member)
    html = world.client_for("member").get(lesson.get_absolute_url()).content.decode()
    base = f"/courses/{built.course.pk}"
    assert (
        '<video id="lesson-video" controls preload="metadata" '
        f'src="{base}/lessons/{lesson.pk}/video/"' in html
    )
    assert f'data-progress-url="{base}/lessons/{lesson.pk}/progress/"' in html
    assert (
        f'<track kind="subtitles" srclang="zh-hans" label="简体中文" '
        f'src="{base}/subtitles/{track.pk}.vtt">'
    ) in html
    assert "once you have watched the video to the end" in html


def test_a_reading_lesson_offers_its_document(world: World) -> None:
    built = make_course(world)
    lesson = services.lesson_create(
        actor=built.teacher, module=built.module, title="Reading", kind="reading",
        reading_file=pdf_upload("Meridians.pdf"), is_published=True,
    )  # fmt: skip
    enrol(built.course, world.member)
    html = world.client_for("member").get(lesson.get_absolute_url()).content.decode()
    assert f'href="/courses/{built.course.pk}/lessons/{lesson.pk}/reading/" download' in html
    assert "Download “Meridians.pdf”" in html


def test_a_live_session_starts_at_the_viewers_time(world: World) -> None:
    built = make_course(world)
    start = dt.datetime(2025, 12, 6, 8, 0, tzinfo=dt.UTC)
    lesson = services.lesson_create(
        actor=built.teacher, module=built.module, title="Live clinic", kind="live",
        starts_at=start, meeting_url="https://meet.example.org/tcm",
        recording_url="https://video.example.org/tcm", is_published=True,
    )  # fmt: skip
    for user, zone, shown in [
        (world.member, "Asia/Shanghai", "Dec. 6, 2025, 4 p.m."),
        (world.outsider, "America/Sao_Paulo", "Dec. 6, 2025, 5 a.m."),
    ]:
        user.time_zone = zone
        user.save()
        services.course_update(actor=None, course=built.course, access_policy="open")
        enrol(built.course, user)
        client = Client()
        client.force_login(user)
        html = client.get(lesson.get_absolute_url()).content.decode()
        assert f">{shown}</time>" in html
        assert f"your time zone: {zone}" in html
        assert 'href="https://meet.example.org/tcm"' in html
        assert 'href="https://video.example.org/tcm"' in html


def test_a_live_session_is_entered_in_the_authors_time_zone(world: World) -> None:
    built = make_course(world, publish=False)
    built.teacher.time_zone = "Europe/Belgrade"
    built.teacher.save()
    client = Client()
    client.force_login(built.teacher)
    response = client.post(
        f"/courses/{built.course.pk}/modules/{built.module.pk}/lessons/new/",
        {"title": "Live", "kind": "live", "starts_at": "2025-12-06T09:00",
         "original_language": "en"},
    )  # fmt: skip
    assert response.status_code == 302
    lesson = built.module.lessons.get(title="Live")
    assert lesson.starts_at == dt.datetime(2025, 12, 6, 8, 0, tzinfo=dt.UTC)


def test_draft_lessons_are_invisible_to_learners(world: World) -> None:
    built = make_course(world)
    enrol(built.course, world.member)
    client = world.client_for("member")
    assert client.get(built.draft.get_absolute_url()).status_code == 404
    course_page = client.get(built.course.get_absolute_url()).content.decode()
    assert "Work in progress" not in course_page
    team = Client()
    team.force_login(built.teacher)
    draft_page = team.get(built.draft.get_absolute_url())
    assert draft_page.status_code == 200
    assert "Learners do not see this lesson until it is published." in draft_page.content.decode()
    assert "Work in progress" in team.get(built.course.get_absolute_url()).content.decode()


def test_a_lesson_of_another_course_is_not_found_under_this_one(world: World) -> None:
    built = make_course(world)
    other = make_course(world, title="Another course")
    enrol(built.course, world.member)
    url = f"/courses/{built.course.pk}/lessons/{other.lesson.pk}/"
    assert world.client_for("member").get(url).status_code == 404


def test_the_course_page_shows_the_team_in_both_scripts(world: World) -> None:
    built = make_course(world)
    colleague = make_user(
        "petar@example.rs", name_latin="Petar Petrović", name_native="Петар Петровић"
    )
    services.team_add(actor=None, course=built.course, user=colleague, role="teaching_assistant")
    html = Client().get(built.course.get_absolute_url()).content.decode()
    team = html.split('id="team"')[1].split("</ul>")[0]
    assert '<span>Wang Li</span> <span class="native">王丽</span>' in team
    assert '<span class="native">Петар Петровић</span>' in team
    assert team.index("Lead instructor") < team.index("Teaching assistant")
    assert "Log in to enrol." in html
