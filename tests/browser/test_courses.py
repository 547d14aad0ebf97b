"""What learners, course teams and reviewers do with courses in the browser: find a
course in Chinese, enrol, complete a text lesson, a video and a quiz, download the
certificate and check it; build a lesson with its Chinese translation, submit the course,
review and publish it; be refused enrolment with the reason shown."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from huitong.accounts.models import User
from huitong.alliance.models import AffiliationRole
from huitong.alliance.services import affiliation_grant
from huitong.courses import quizzes, services
from huitong.courses.models import Course, Enrolment, Lesson, LessonProgress, Module
from huitong.testing import PASSWORD, World, build_world, make_user

pytestmark = [
    pytest.mark.browser,
    # The live server needs a transactional database, emptied after every test: restore
    # the countries that a migration loads.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ZH = "zh-hans"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Uploaded videos go to a temporary folder (``<MEDIA_ROOT>-private``)."""
    settings.MEDIA_ROOT = tmp_path / "media"


# --- Interface language ---------------------------------------------------------------


def interface_text(msgid: str, language: str = "en") -> str:
    """``msgid`` as the application renders it in ``language`` (same catalogues, same
    process): the names of the fields, links and buttons of a translated page."""
    with translation.override(language):
        return translation.gettext(msgid)


def interface_pattern(msgid: str, language: str = "en") -> re.Pattern[str]:
    """A sentence with ``%(placeholders)s`` as rendered in ``language``, placeholders
    matching anything."""
    parts = re.split(r"%\(\w+\)s", interface_text(msgid, language))
    return re.compile(".+".join(re.escape(part) for part in parts))


def log_in(page: Page, email: str, *, language: str = "en", go: bool = True) -> None:
    """Log in on the log-in page (``go=False``: the page is already open there)."""
    if go:
        page.goto("/accounts/login/")
    main = page.get_by_role("main")
    main.get_by_label(interface_text("E-mail address", language), exact=True).fill(email)
    main.get_by_label(interface_text("Password", language), exact=True).fill(PASSWORD)
    main.get_by_role("button", name=interface_text("Log in", language)).click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def choose_language(page: Page, name: str) -> None:
    """Pick a language in the header's switcher and press its button."""
    switcher = page.locator("#language-switcher")
    switcher.get_by_role("combobox").select_option(label=name)
    switcher.get_by_role("button").click()


def status_message(page: Page) -> Any:
    return page.get_by_role("main").get_by_role("status")


# --- Data -----------------------------------------------------------------------------

# A small WebM that Chromium itself records from a canvas (MediaRecorder, VP8): a real,
# playable video made without network and without a binary file in the repository.
RECORD_WEBM = """async (milliseconds) => {
  const canvas = document.createElement("canvas");
  canvas.width = 320; canvas.height = 180;
  document.body.appendChild(canvas);
  const context = canvas.getContext("2d");
  const recorder = new MediaRecorder(canvas.captureStream(25), {mimeType: "video/webm;codecs=vp8"});
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  let frame = 0;
  const paint = () => {
    context.fillStyle = `hsl(${(frame * 24) % 360}, 60%, 45%)`;
    context.fillRect(0, 0, 320, 180);
    context.fillStyle = "#fff";
    context.fillRect(10 + (frame++ * 8) % 280, 70, 30, 30);
  };
  paint();
  const timer = setInterval(paint, 40);
  recorder.start();
  await new Promise((resolve) => setTimeout(resolve, milliseconds));
  recorder.stop();
  await stopped;
  clearInterval(timer);
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let text = "";
  for (const byte of bytes) { text += String.fromCharCode(byte); }
  return btoa(text);
}"""


def record_webm(browser: Browser, milliseconds: int = 1200) -> bytes:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<!doctype html><title>recorder</title><body></body>")
        data = base64.b64decode(page.evaluate(RECORD_WEBM, milliseconds))
    finally:
        context.close()
    assert data[:4] == b"\x1a\x45\xdf\xa3", "MediaRecorder did not produce a WebM file"
    return data


def learner(world: World, email: str, name: str, native: str, language: str = ZH) -> User:
    """Someone affiliated with a member institution, so the alliance's courses admit them."""
    user = make_user(email, name_latin=name, name_native=native, preferred_language=language)
    affiliation_grant(
        actor=None, user=user, institution=world.institution, role=AffiliationRole.STUDENT
    )
    return user


def teacher(world: World, email: str, name: str, native: str = "") -> User:
    user = make_user(email, name_latin=name, name_native=native)
    affiliation_grant(
        actor=None, user=user, institution=world.institution, role=AffiliationRole.FACULTY
    )
    return user


def draft_course(world: World, lead: User, **fields: Any) -> tuple[Course, Module]:
    course = services.course_create(
        actor=lead,
        provider=world.institution,
        alliance=world.alliance,
        **{
            "title": "Science of Acupuncture and Moxibustion",
            "summary": "Meridians, points and techniques of acupuncture and moxibustion.",
            "discipline": "acupuncture_moxibustion",
            "languages": ["en"],
            "level": "introductory",
            "estimated_hours": 32,
            "access_policy": "alliance_members",
            "translations": {ZH: {"title": "针灸学", "summary": "经络、腧穴与针灸技术。"}},
            **fields,
        },
    )
    module = services.module_create(
        actor=lead,
        course=course,
        title="Meridians and points",
        translations={ZH: {"title": "经络与腧穴"}},
    )
    return course, module


def publish(world: World, lead: User, course: Course) -> Course:
    services.course_submit(actor=lead, course=course)
    return services.course_review(actor=world.alliance_admin, course=course, approve=True)


@dataclass
class BuiltQuiz:
    lesson: Lesson
    where: str  # the single-choice question, in Chinese
    where_right: str
    which: str  # the multiple-choice question, in Chinese
    how_far: str  # the numeric question, in Chinese


def add_quiz(lead: User, module: Module) -> BuiltQuiz:
    lesson = services.lesson_create(
        actor=lead,
        module=module,
        title="Check your knowledge",
        kind="quiz",
        is_published=True,
        translations={ZH: {"title": "知识测验"}},
    )
    quiz = quizzes.quiz_update(
        actor=lead, quiz=quizzes.quiz_for_lesson(lesson), pass_mark=60, attempt_limit=3
    )
    where = quizzes.question_create(
        actor=lead,
        quiz=quiz,
        kind="single",
        prompt="Where is ST36?",
        translations={ZH: {"prompt": "足三里在哪里？"}},
    )
    for text, chinese, correct in (
        ("Three cun below the knee", "膝下三寸", True),
        ("On the back of the hand", "手背", False),
    ):
        quizzes.choice_create(
            actor=lead,
            question=where,
            text=text,
            is_correct=correct,
            translations={ZH: {"text": chinese}},
        )
    which = quizzes.question_create(
        actor=lead,
        quiz=quiz,
        kind="multiple",
        prompt="Which are points of the stomach meridian?",
        translations={ZH: {"prompt": "哪些是足阳明胃经的穴位？"}},
    )
    for code, correct in (("ST36", True), ("ST25", True), ("LI4", False)):
        quizzes.choice_create(actor=lead, question=which, text=code, is_correct=correct)
    quizzes.question_create(
        actor=lead,
        quiz=quiz,
        kind="numeric",
        prompt="How many cun below the knee is ST36?",
        translations={ZH: {"prompt": "足三里在膝下几寸？"}},
        numeric_answer=Decimal("3"),
    )
    return BuiltQuiz(
        lesson, "足三里在哪里？", "膝下三寸", "哪些是足阳明胃经的穴位？", "足三里在膝下几寸？"
    )


# --- Tests ----------------------------------------------------------------------------


def test_a_chinese_learner_finds_learns_passes_and_verifies_the_certificate(
    new_context: Any, browser: Browser
) -> None:
    world = build_world()
    lead = teacher(world, "wang.li@swmu.example", "Wang Li", "王丽")
    course, module = draft_course(world, lead)
    text_lesson = services.lesson_create(
        actor=lead,
        module=module,
        title="Zusanli",
        kind="text",
        body="ST36 lies three cun below the knee.",
        is_published=True,
        translations={ZH: {"title": "足三里", "body": "足三里位于膝下三寸。"}},
    )
    video = record_webm(browser)
    video_lesson = services.lesson_create(
        actor=lead,
        module=module,
        title="Needling ST36",
        kind="video",
        video_file=SimpleUploadedFile("needling.webm", video, content_type="video/webm"),
        is_published=True,
        translations={ZH: {"title": "针刺足三里"}},
    )
    quiz = add_quiz(lead, module)
    publish(world, lead, course)
    other, other_module = draft_course(
        world,
        lead,
        title="Science of Chinese Tuina",
        discipline="tuina",
        translations={ZH: {"title": "推拿学"}},
    )
    services.lesson_create(
        actor=lead,
        module=other_module,
        title="Rolling",
        kind="text",
        body="Gun fa.",
        is_published=True,
    )
    publish(world, lead, other)
    learner(world, "zhang.min@example.org", "Zhang Min", "张敏")

    # Her profile's language is Chinese: logging in turns the interface to Chinese.
    page = new_context()
    log_in(page, "zhang.min@example.org")
    expect(page.locator("html")).to_have_attribute("lang", ZH)

    # She searches the catalogue for a Chinese word of the course's translated title.
    page.get_by_role("banner").get_by_role("link", name=interface_text("Courses", ZH)).click()
    search = page.get_by_role("search")
    search.get_by_role("textbox", name=interface_text("Search", ZH)).fill("针灸")
    search.get_by_role("button", name=interface_text("Search", ZH)).click()
    expect(page).to_have_url(re.compile(r"[?&]q=%E9%92%88%E7%81%B8"))
    cards = page.locator("#courses")
    expect(cards.get_by_role("link", name="针灸学", exact=True)).to_be_visible()
    expect(cards.get_by_role("link", name="推拿学")).to_have_count(0)
    cards.get_by_role("link", name="针灸学", exact=True).click()

    # She enrols, and lands on the first lesson.
    expect(page.get_by_role("heading", level=1)).to_have_text("针灸学")
    page.locator("#enrolment").get_by_role("button", name=interface_text("Enrol", ZH)).click()
    expect(status_message(page)).to_contain_text(
        interface_text("You are enrolled. Welcome to the course!", ZH)
    )
    expect(page).to_have_url(re.compile(rf"/lessons/{text_lesson.pk}/$"))

    # The text lesson, read in Chinese, is marked as done; the video comes next.
    statuses: list[int] = []  # of the responses that stream the video
    page.on(
        "response",
        lambda response: statuses.append(response.status) if "/video/" in response.url else None,
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("足三里")
    expect(page.locator("#lesson")).to_contain_text("足三里位于膝下三寸。")
    page.get_by_role("button", name=interface_text("Mark as done and go on", ZH)).click()
    expect(page).to_have_url(re.compile(rf"/lessons/{video_lesson.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("针刺足三里")

    # The video lesson: no button to mark it; it completes when watched to the end.
    player = page.locator("#lesson-video")
    expect(
        page.get_by_role("button", name=interface_text("Mark as done and go on", ZH))
    ).to_have_count(0)
    note = page.locator("#video-note")
    expect(note).to_have_text(
        interface_text("The lesson is complete once you have watched the video to the end.", ZH)
    )
    page.wait_for_function("document.getElementById('lesson-video').readyState >= 1")
    player.click()  # the player's own play button, in the middle of the picture
    page.wait_for_function("document.getElementById('lesson-video').ended")
    # The page's script reports the end to the server, and ticks the note once it is
    # recorded.
    expect(note).to_have_text("✓")
    # The application streamed it with range requests (206 Partial Content).
    assert 206 in statuses, statuses
    page.reload()
    expect(page.locator("#completion")).to_contain_text(
        interface_text("You have completed this lesson.", ZH)
    )

    # The quiz: answered in Chinese, submitted, passed.
    page.get_by_role("navigation", name=interface_text("Lessons", ZH)).get_by_role(
        "link", name="知识测验"
    ).click()
    page.get_by_role("link", name=interface_text("Take the quiz", ZH)).click()
    page.get_by_role("button", name=interface_text("Start the quiz", ZH)).click()
    form = page.locator("#quiz-form")
    form.get_by_role("group", name=quiz.where).get_by_label(quiz.where_right).check()
    which = form.get_by_role("group", name=quiz.which)
    # The codes have no Chinese translation: each is marked "EN" after the code.
    which.get_by_role("checkbox", name="ST36").check()
    which.get_by_role("checkbox", name="ST25").check()
    form.get_by_role("group", name=quiz.how_far).get_by_role("textbox").fill("3")
    form.get_by_role("button", name=interface_text("Submit", ZH), exact=True).click()
    expect(status_message(page)).to_contain_text(interface_text("You passed the quiz.", ZH))
    result = page.locator("#result")
    expect(result).to_contain_text("100")
    expect(result).to_contain_text(interface_text("passed", ZH))

    # The course is complete, with its certificate.
    page.get_by_role("main").get_by_role("link", name="针灸学").first.click()
    enrolment = page.locator("#enrolment")
    expect(enrolment).to_contain_text(
        interface_pattern("You completed this course on %(date)s.", ZH)
    )
    expect(enrolment.get_by_role("progressbar")).to_have_attribute("value", "100")
    with page.expect_download() as download_info:
        enrolment.get_by_role("link", name=interface_text("Download the PDF", ZH)).click()
    download = download_info.value
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Zhang Min" in text
    assert "张敏" in text.replace(" ", "")
    assert "Science of Acupuncture and Moxibustion" in text

    # The certificate's page, opened from the course, says it is valid.
    enrolment.get_by_role("link", name=interface_text("Your certificate", ZH)).click()
    expect(page).to_have_url(re.compile(r"/verify/[\w-]+/$"))
    expect(page.locator("#verdict")).to_have_text(interface_text("Valid certificate", ZH))
    expect(page.get_by_role("heading", level=1)).to_have_text("针灸学")
    expect(page.get_by_role("main")).to_contain_text("Zhang Min (张敏)")
    assert download.suggested_filename == f"certificate-{page.url.rstrip('/').split('/')[-1]}.pdf"

    # What the learner did is what the platform recorded.
    done = Enrolment.objects.get(course=course, learner__email="zhang.min@example.org")
    assert done.completed_at is not None
    assert set(
        LessonProgress.objects.filter(enrolment=done, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    ) == {text_lesson.pk, video_lesson.pk, quiz.lesson.pk}


def test_the_team_builds_a_translated_lesson_and_the_alliance_publishes_the_course(
    new_context: Any,
) -> None:
    world = build_world()
    lead = teacher(world, "wang.li@swmu.example", "Wang Li", "王丽")
    instructor = teacher(world, "chen.jie@swmu.example", "Chen Jie", "陈杰")
    course, _module = draft_course(world, lead)
    services.team_add(actor=lead, course=course, user=instructor, role="instructor")
    learner(world, "zhang.min@example.org", "Zhang Min", "张敏")

    # An instructor of the team adds a lesson, with its Chinese translation.
    page = new_context()
    log_in(page, "chen.jie@swmu.example")
    page.get_by_role("banner").get_by_role("link", name="Courses", exact=True).click()
    page.get_by_role("link", name="My learning").click()
    page.locator("#my-teaching").get_by_role("link", name=course.title).click()
    expect(page.locator("#course-status")).to_have_text("Draft")
    page.get_by_role("link", name="Add a lesson").click()
    form = page.get_by_role("main").locator("form")
    form.get_by_label("Title", exact=True).fill("The conception vessel")
    form.get_by_label("Kind", exact=True).select_option(label="Text")
    form.get_by_label("Published", exact=True).check()
    form.get_by_label("Text", exact=True).fill("The conception vessel runs along the midline.")
    page.get_by_text("Translations", exact=True).click()
    chinese = form.get_by_role("group", name="简体中文")
    chinese.get_by_label("title").fill("任脉")
    chinese.get_by_label("text").fill("任脉循行于前正中线。")
    form.get_by_role("button", name="Save").click()
    expect(status_message(page)).to_contain_text("The lesson is added.")
    lessons = page.locator("section").filter(
        has=page.get_by_role("heading", name="Meridians and points")
    )
    expect(lessons.get_by_role("row").filter(has_text="The conception vessel")).to_contain_text(
        "published"
    )

    # The lead instructor submits the course for review.
    lead_page = new_context()
    log_in(lead_page, "wang.li@swmu.example")
    lead_page.goto(f"/courses/{course.pk}/manage/")
    lead_page.get_by_role("button", name="Submit for review").click()
    expect(status_message(lead_page)).to_contain_text("The course is submitted.")
    expect(lead_page.locator("#course-status")).to_have_text("Submitted for review")
    assert any(m.to == [world.alliance_admin.email] for m in mail.outbox)

    # An admin of the alliance finds it in the review queue and approves it.
    admin = new_context()
    log_in(admin, world.alliance_admin.email)
    admin.goto("/courses/mine/")
    admin.get_by_role("link", name="Courses waiting for review").click()
    admin.locator("#review-queue").get_by_role("link", name=course.title).click()
    review = admin.locator("#review-form")
    expect(admin.locator("#outline")).to_contain_text("The conception vessel")
    review.get_by_label("Comment to the team").fill("Clear and well translated. Welcome!")
    review.get_by_role("button", name="Approve and publish").click()
    expect(status_message(admin)).to_contain_text("The course is published.")
    expect(admin.get_by_role("cell", name="No course is waiting.")).to_be_visible()
    [reviewed] = [m for m in mail.outbox if m.to == ["wang.li@swmu.example"]]
    assert "Clear and well translated. Welcome!" in reviewed.body

    # Anyone now finds it in the catalogue.
    visitor = new_context()
    visitor.goto("/courses/")
    visitor.locator("#courses").get_by_role("link", name=course.title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(course.title)
    expect(visitor.locator("#outline")).to_contain_text("The conception vessel")

    # A visitor who reads Chinese switches the interface, logs in, enrols, and reads the
    # lesson's Chinese title.
    reader = new_context()
    reader.goto("/")
    choose_language(reader, "简体中文")
    expect(reader.locator("html")).to_have_attribute("lang", ZH)
    reader.get_by_role("banner").get_by_role("link", name=interface_text("Courses", ZH)).click()
    reader.locator("#courses").get_by_role("link", name="针灸学").click()
    expect(reader.locator("#outline")).to_contain_text("任脉")
    reader.locator("#enrolment").get_by_role("link", name=interface_text("Log in", ZH)).click()
    log_in(reader, "zhang.min@example.org", language=ZH, go=False)
    expect(reader.get_by_role("heading", level=1)).to_have_text("针灸学")
    reader.locator("#enrolment").get_by_role("button", name=interface_text("Enrol", ZH)).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("任脉")
    expect(reader.locator("#lesson")).to_contain_text("任脉循行于前正中线。")
    expect(reader.locator("html")).to_have_attribute("lang", ZH)


def test_enrolment_is_refused_with_the_reason(new_context: Any) -> None:
    world = build_world()
    lead = teacher(world, "wang.li@swmu.example", "Wang Li")
    by_code, module = draft_course(
        world, lead, access_policy="invitation_code", invitation_code="BELGRADE-2025"
    )
    services.lesson_create(
        actor=lead, module=module, title="Zusanli", kind="text", body="ST36.", is_published=True
    )
    publish(world, lead, by_code)
    full, module = draft_course(
        world, lead, title="Science of Chinese Tuina", discipline="tuina", capacity=1
    )
    services.lesson_create(
        actor=lead, module=module, title="Rolling", kind="text", body="Gun fa.", is_published=True
    )
    publish(world, lead, full)
    first = learner(world, "first@example.org", "Ana Kovač", "", language="en")
    services.enrolment_create(course=full, learner=first)
    learner(world, "late@example.org", "Piotr Nowak", "", language="en")

    page = new_context()
    log_in(page, "late@example.org")

    # A wrong invitation code is refused, and the learner can try again.
    page.goto(f"/courses/{by_code.pk}/")
    enrolment = page.locator("#enrolment")
    enrolment.get_by_label("Invitation code").fill("BELGRADE-2024")
    enrolment.get_by_role("button", name="Enrol").click()
    expect(status_message(page)).to_contain_text(
        "This invitation code is not valid for this course."
    )
    expect(page).to_have_url(re.compile(rf"/courses/{by_code.pk}/$"))
    enrolment.get_by_label("Invitation code").fill("belgrade-2025")
    enrolment.get_by_role("button", name="Enrol").click()
    expect(status_message(page)).to_contain_text("You are enrolled.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zusanli")

    # A full course says so, and offers no button.
    page.goto(f"/courses/{full.pk}/")
    expect(page.locator("#enrol-reason")).to_have_text("The course is full.")
    expect(page.locator("#enrolment").get_by_role("button")).to_have_count(0)
    expect(page.locator("#enrolment")).to_contain_text("0 of 1 places left")
    assert not Enrolment.objects.filter(course=full, learner__email="late@example.org").exists()
