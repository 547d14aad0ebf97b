"""A learner takes a quiz on the pages: starts it, saves answers (they survive a reload),
sees the time left, submits and reads the results with feedback."""

from __future__ import annotations

from huitong.courses.models import Attempt, LessonProgress
from huitong.courses.tests.helpers import enrol, make_course
from huitong.courses.tests.quiz_helpers import make_quiz
from huitong.testing import World


def test_a_learner_takes_the_quiz_on_the_pages(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, time_limit=20)
    enrolment = enrol(built.course, world.member)
    client = world.client_for("member")
    c, lesson = built.course.pk, bq.lesson.pk
    lesson_page = client.get(bq.lesson.get_absolute_url()).content.decode()
    assert f"/courses/{c}/lessons/{lesson}/quiz/" in lesson_page
    quiz_page = client.get(f"/courses/{c}/lessons/{lesson}/quiz/").content.decode()
    assert "Start the quiz" in quiz_page
    response = client.post(f"/courses/{c}/lessons/{lesson}/quiz/start/")
    attempt = Attempt.objects.get(learner=world.member)
    assert response["Location"] == f"/courses/{c}/lessons/{lesson}/quiz/attempts/{attempt.pk}/"
    base = response["Location"]
    page = client.get(base).content.decode()
    assert "Time left: about 20 minutes." in page
    assert "Where is ST36?" in page
    client.post(base + "save/", {"answers": "1", f"q{bq.single.pk}": str(bq.single_right.pk),
                                 f"q{bq.text.pk}": "zusanli"})  # fmt: skip
    reloaded = client.get(base).content.decode()
    assert f'value="{bq.single_right.pk}" checked' in reloaded
    assert 'value="zusanli"' in reloaded
    data = {"answers": "1", f"q{bq.single.pk}": str(bq.single_right.pk),
            f"q{bq.multiple.pk}": [str(c.pk) for c in bq.multiple_right],
            f"q{bq.true_false.pk}": str(bq.true_choice.pk), f"q{bq.numeric.pk}": "37",
            f"q{bq.text.pk}": "zusanli"}  # fmt: skip
    results = client.post(base + "submit/", data, follow=True).content.decode()
    assert "You passed the quiz." in results
    assert "Your score: 100.00%" in results
    assert "About: Where is ST36?" in results  # the feedback
    assert LessonProgress.objects.get(enrolment=enrolment, lesson=bq.lesson).completed_at


def test_the_learner_reads_the_questions_in_their_language(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module)
    enrol(built.course, world.member)
    world.member.preferred_language = "zh-hans"
    world.member.save(update_fields=["preferred_language"])
    client = world.client_for("member")
    client.post(f"/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/start/")
    attempt = Attempt.objects.get(learner=world.member)
    page = client.get(
        f"/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/attempts/{attempt.pk}/",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "足三里在哪里？" in page


def test_a_learner_who_used_every_attempt_cannot_start_another(world: World) -> None:
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, attempt_limit=1)
    enrol(built.course, world.member)
    client = world.client_for("member")
    start = f"/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/start/"
    client.post(start)
    attempt = Attempt.objects.get(learner=world.member)
    client.post(
        f"/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/attempts/{attempt.pk}/submit/"
    )
    response = client.post(start, follow=True)
    assert "You have used all 1 attempts at this quiz." in response.content.decode()
    assert Attempt.objects.filter(learner=world.member).count() == 1


def test_a_failed_attempt_shows_what_was_wrong_but_not_the_answers(world: World) -> None:
    """While attempts remain, the results show the score and which questions were wrong,
    not the right answers or the feedback (to copy into the next attempt); once the last
    attempt is used, they show both."""
    built = make_course(world)
    bq = make_quiz(built.teacher, built.module, attempt_limit=2)
    enrol(built.course, world.member)
    client = world.client_for("member")
    base = f"/courses/{built.course.pk}/lessons/{bq.lesson.pk}/quiz/"
    wrong = {"answers": "1", f"q{bq.single.pk}": str(bq.single_wrong.pk),
             f"q{bq.true_false.pk}": str(bq.true_choice.pk)}  # fmt: skip

    def fail_once() -> str:
        client.post(base + "start/")
        attempt = Attempt.objects.filter(learner=world.member).order_by("-number")[0]
        url = f"{base}attempts/{attempt.pk}/"
        client.post(url + "submit/", wrong)
        page: str = client.get(url).content.decode()
        return page

    first = fail_once()
    assert "Your score: 20.00%" in first
    single = first.split(f'id="question-{bq.single.pk}"', 1)[1].split("</section>", 1)[0]
    assert "Not correct." in single
    assert "✓" not in first
    assert "About:" not in first  # no feedback
    assert 'id="answers-hidden"' in first
    last = fail_once()
    single = last.split(f'id="question-{bq.single.pk}"', 1)[1].split("</section>", 1)[0]
    assert "✓" in single
    assert "About: Where is ST36?" in single
    assert 'id="answers-hidden"' not in last
