"""What physicians and organisers do with a training course in the browser: a Polish
physician applies with a CV and is accepted; a Serbian participant checks in to sessions
with the codes shown in the room, is checked in from the organisers' list, receives the
certificate of attendance and verifies it; a place freed by a withdrawal goes to the
first person on the waiting list, who confirms it."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import formats, timezone, translation
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from huitong.accounts.models import User
from huitong.certificates.models import Certificate
from huitong.core.models import Country
from huitong.testing import PASSWORD, World, build_world, make_user
from huitong.training import applications, services
from huitong.training.applications import Decision
from huitong.training.models import (
    Application,
    ApplicationStatus,
    CheckIn,
    CheckInMethod,
    Edition,
    FieldKind,
    Session,
    SessionKind,
)

pytestmark = [
    pytest.mark.browser,
    # The live server needs a transactional database, emptied after every test: restore
    # the countries that a migration loads.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PL = "pl"
SR = "sr-latn"
BELGRADE = ZoneInfo("Europe/Belgrade")
EDITION_TITLES = {
    "en": "6th International Advanced Training Course on Clinical Practice of TCM",
    PL: "6. Międzynarodowy Zaawansowany Kurs Praktyki Klinicznej TCM",
    SR: "6. Međunarodni napredni kurs kliničke prakse TKM",
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Uploaded CVs go to a temporary folder (``<MEDIA_ROOT>-private``)."""
    settings.MEDIA_ROOT = tmp_path / "media"


# --- Interface language ---------------------------------------------------------------


def interface_text(msgid: str, language: str = "en") -> str:
    """``msgid`` as the application renders it in ``language`` (same catalogues, same
    process), so that the tests follow the translations as they are completed."""
    with translation.override(language):
        return translation.gettext(msgid)


def interface_pattern(msgid: str, language: str = "en") -> re.Pattern[str]:
    """A sentence with ``%(placeholders)s`` (or ``d``) as rendered in ``language``,
    placeholders matching anything."""
    parts = re.split(r"%\(\w+\)[sd]", interface_text(msgid, language))
    return re.compile(".+".join(re.escape(part) for part in parts))


def in_language(language: str, function: Any, *args: Any) -> str:
    with translation.override(language):
        return str(function(*args))


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    main = page.get_by_role("main")
    main.get_by_label("E-mail address", exact=True).fill(email)
    main.get_by_label("Password", exact=True).fill(PASSWORD)
    main.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def status_message(page: Page) -> Any:
    return page.get_by_role("main").get_by_role("status").first


# --- Data (written through the services) ----------------------------------------------


@dataclass
class Course:
    world: World
    organiser: User
    edition: Edition


def training_course(
    *,
    starts_on: dt.date,
    days: int = 13,
    capacity: int = 200,
    deadline: dt.datetime | None = None,
) -> Course:
    """A published edition of the alliance's programme, in Belgrade, titled in English,
    Polish and Serbian; its organiser chairs the team."""
    world = build_world()
    organiser = make_user("organiser@swmu.example", name_latin="Wang Wei", name_native="王伟")
    programme = services.programme_create(
        actor=organiser,
        alliance=world.alliance,
        organiser=world.institution,
        slug="tcm-advanced",
        title="International Advanced Training Course on Clinical Practice of TCM",
        description="Lectures and practical workshops.",
    )
    edition = services.edition_create(
        actor=organiser,
        programme=programme,
        organising_institutions=[world.institution],
        partner_institutions=[world.other_institution],
        number=6,
        title=EDITION_TITLES["en"],
        translations={
            code: {"title": title} for code, title in EDITION_TITLES.items() if code != "en"
        },
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=days - 1),
        venue="Faculty of Medicine",
        city="Belgrade",
        country=Country.objects.get(pk="RS"),
        time_zone="Europe/Belgrade",
        languages=["en", "zh-hans", SR],
        capacity=capacity,
        application_deadline=deadline or timezone.now() + dt.timedelta(days=30),
    )
    edition = services.edition_publish(actor=organiser, edition=edition)
    return Course(world, organiser, edition)


def cv_pdf(name: str) -> bytes:
    """A small, real PDF (one page of text), as a physician's CV would be."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(f"Curriculum vitae — {name}")
    canvas.drawString(72, 770, f"Curriculum vitae: {name}")
    canvas.drawString(72, 750, "Specialist in internal medicine; acupuncture since 2015.")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def applied_and_decided(course: Course, person: User, decision: Decision) -> Application:
    """``person`` applied (in their profile's language) and the organisers decided."""
    application = applications.application_submit(
        applicant=person, edition=course.edition, answers={}, language=person.preferred_language
    )
    return applications.application_decide(
        actor=course.organiser, application=application, decision=decision
    )


def mail_to(email: str) -> list[Any]:
    return [message for message in mail.outbox if message.to == [email]]


# --- Tests ----------------------------------------------------------------------------


def test_a_polish_physician_applies_with_a_cv_and_the_organiser_accepts(
    new_context: Any,
) -> None:
    course = training_course(starts_on=timezone.localdate() + dt.timedelta(days=60))
    edition, organiser = course.edition, course.organiser

    def question(kind: str, label: str, polish: str, **fields: Any) -> None:
        applications.form_field_create(
            actor=organiser,
            edition=edition,
            kind=kind,
            label=label,
            translations={PL: {"label": polish}},
            **fields,
        )

    question(FieldKind.LONG_TEXT, "Why do you want to take part?", "Dlaczego chcesz wziąć udział?")
    question(
        FieldKind.CHOICE,
        "Profession",
        "Zawód",
        choices=[
            {"label": "Physician", "translations": {PL: "Lekarz"}},
            {"label": "Researcher", "translations": {PL: "Badacz"}},
        ],
    )
    question(FieldKind.FILE, "CV", "Życiorys (CV)")
    make_user(
        "anna.kowalska@example.pl",
        name_latin="Anna Kowalska",
        preferred_language=PL,
        country=Country.objects.get(pk="PL"),
    )
    cv = cv_pdf("Anna Kowalska")

    # Her profile's language is Polish: logging in turns the interface to Polish. She
    # finds the edition under "Training" and opens its application form.
    page = new_context()
    log_in(page, "anna.kowalska@example.pl")
    expect(page.locator("html")).to_have_attribute("lang", PL)
    page.get_by_role("banner").get_by_role("link", name=interface_text("Training", PL)).click()
    page.locator("#programmes").get_by_role("link", name=EDITION_TITLES[PL]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EDITION_TITLES[PL])
    box = page.locator("#application-box")
    box.get_by_role("link", name=interface_text("Apply", PL), exact=True).click()

    # The questions are in Polish; she answers them and attaches her CV.
    form = page.locator("#application-form")
    form.get_by_label("Dlaczego chcesz wziąć udział?").fill(
        "Leczę ból przewlekły akupunkturą i chcę poznać badania kliniczne."
    )
    form.get_by_label("Zawód").select_option(label="Lekarz")
    form.get_by_label("Życiorys (CV)").set_input_files(
        {"name": "cv-anna-kowalska.pdf", "mimeType": "application/pdf", "buffer": cv}
    )
    form.get_by_role("button", name=interface_text("Submit the application", PL)).click()

    # Her status page, in Polish: submitted.
    expect(page).to_have_url(re.compile(rf"/training/{edition.pk}/application/$"))
    expect(status_message(page)).to_contain_text(
        interface_text("Your application is submitted. We sent you an e-mail to confirm it.", PL)
    )
    status = page.locator("#application-status")
    expect(status.locator(".status")).to_have_text(interface_text("Submitted", PL))
    expect(page.locator("#answers")).to_contain_text("Lekarz")
    expect(
        page.locator("#answers").get_by_role("link", name="cv-anna-kowalska.pdf")
    ).to_be_visible()
    application = Application.objects.get(
        edition=edition, applicant__email="anna.kowalska@example.pl"
    )
    assert application.language == PL
    assert application.status == ApplicationStatus.SUBMITTED
    [received] = mail_to("anna.kowalska@example.pl")
    assert EDITION_TITLES[PL] in received.subject  # the e-mail was written in Polish

    # The organiser finds her in the review list, reads the CV, and accepts her.
    reviewer = new_context()
    log_in(reviewer, organiser.email)
    reviewer.goto(edition.get_absolute_url())
    reviewer.locator("#application-box").get_by_role("link", name="Review the applications").click()
    expect(reviewer.locator("#places")).to_contain_text("200")
    row = reviewer.locator("#applications tbody tr").filter(has_text="Anna Kowalska")
    expect(row).to_contain_text("Submitted")
    row.get_by_role("link", name="Anna Kowalska").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Anna Kowalska")
    answers = reviewer.locator("#answers")
    expect(answers).to_contain_text("Physician")
    cv_link = answers.get_by_role("link", name="cv-anna-kowalska.pdf")
    stored = reviewer.request.get(cv_link.get_attribute("href") or "")
    assert stored.status == 200
    assert stored.body() == cv
    decision = reviewer.locator("#decision")
    decision.get_by_role("group", name="Decision").get_by_role("radio", name="Accept").check()
    decision.get_by_label("Message to the applicant").fill(
        "Welcome to Belgrade! Please bring your white coat for the clinical practice."
    )
    decision.get_by_role("button", name="Save the decision").click()
    expect(status_message(reviewer)).to_contain_text(
        "The decision is saved and the applicant is told."
    )
    expect(
        reviewer.locator("#applications tbody tr").filter(has_text="Anna Kowalska")
    ).to_contain_text("Accepted")

    # She sees that she is accepted, with the organisers' message.
    page.reload()
    expect(status.locator(".status")).to_have_text(interface_text("Accepted", PL))
    expect(status).to_contain_text(interface_text("You are accepted. See you at the course!", PL))
    expect(status).to_contain_text("Please bring your white coat")
    expect(page.locator("#withdraw").get_by_role("button")).to_have_text(
        interface_text("Withdraw my application", PL)
    )

    # The e-mail about the decision is written in Polish: the edition's Polish title,
    # the dates as Django writes them in Polish, the organisers' message.
    [_received, accepted] = mail_to("anna.kowalska@example.pl")
    assert EDITION_TITLES[PL] in accepted.subject
    assert interface_pattern("You are accepted: %(title)s", PL).search(accepted.subject)
    polish_start = in_language(PL, formats.date_format, edition.starts_on, "DATE_FORMAT")
    assert polish_start != in_language("en", formats.date_format, edition.starts_on, "DATE_FORMAT")
    assert polish_start in accepted.body
    assert interface_pattern("Good news: your application to “%(title)s” is accepted.", PL).search(
        accepted.body
    )
    assert "Please bring your white coat" in accepted.body
    edition.refresh_from_db()
    assert edition.places_taken == 1


def test_a_participant_checks_in_by_code_and_verifies_the_certificate(new_context: Any) -> None:
    now = timezone.now()
    today = timezone.localdate(now, BELGRADE)
    # The edition runs from the day before yesterday to the day after tomorrow (in
    # Belgrade), and takes late applications until tomorrow.
    course = training_course(
        starts_on=today - dt.timedelta(days=2),
        days=5,
        deadline=now + dt.timedelta(days=1),
    )
    edition, organiser = course.edition, course.organiser

    def session(title: str, starts: dt.timedelta, hours: float, **fields: Any) -> Session:
        starts_at = (now + starts).replace(second=0, microsecond=0)
        fields.setdefault("kind", SessionKind.LECTURE)
        return services.session_create(
            actor=organiser,
            edition=edition,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=hours),
            **fields,
        )

    # Yesterday's lecture (people signed a paper list), the lecture going on now, a
    # workshop that starts in ten minutes (its code works 15 minutes before) and the
    # closing ceremony tomorrow.
    opening = session("Opening lecture: TCM in Europe", -dt.timedelta(hours=24), 1, room="Hall A")
    lecture = session(
        "Acupuncture in pain medicine",
        -dt.timedelta(minutes=30),
        1.5,
        room="Hall A",
        translations={SR: {"title": "Akupunktura u medicini bola"}},
    )
    workshop = session(
        "Pulse diagnosis workshop",
        dt.timedelta(minutes=10),
        1,
        kind=SessionKind.WORKSHOP,
        room="Room 2",
        translations={SR: {"title": "Radionica dijagnostike pulsa"}},
    )
    ceremony = session(
        "Closing ceremony", dt.timedelta(hours=26), 1, kind=SessionKind.CEREMONY, required=False
    )
    services.timetable_publish(actor=organiser, edition=edition)
    serbia = Country.objects.get(pk="RS")
    jelena = make_user(
        "jelena.markovic@example.rs",
        name_latin="Jelena Marković",
        name_native="Јелена Марковић",
        preferred_language=SR,
        country=serbia,
    )
    mine = applied_and_decided(course, jelena, "accept")
    other = applied_and_decided(
        course,
        make_user("milan.petrovic@example.rs", name_latin="Milan Petrović", country=serbia),
        "accept",
    )

    # Jelena's interface is Serbian (Latin script). From the edition's page she opens the
    # check-in page, where the sessions open now are listed.
    page = new_context()
    log_in(page, jelena.email)
    expect(page.locator("html")).to_have_attribute("lang", SR)
    page.goto(edition.get_absolute_url())
    page.locator("#attendance-links").get_by_role(
        "link", name=interface_text("Check in to a session", SR)
    ).click()
    expect(page.locator("#open-sessions")).to_contain_text("Akupunktura u medicini bola")
    expect(page.locator("#open-sessions")).to_contain_text("Radionica dijagnostike pulsa")
    form = page.locator("#self-checkin")
    code = form.get_by_label(interface_text("Session code", SR))
    check_in = form.get_by_role("button", name=interface_text("Check in", SR))

    # The lecture's code, typed as people do (lower case, with a space).
    lecture.refresh_from_db()
    code.fill(f"{lecture.checkin_code[:3].lower()} {lecture.checkin_code[3:]}")
    check_in.click()
    expect(status_message(page)).to_contain_text(
        interface_pattern("You are checked in to “%(title)s”.", SR)
    )
    expect(status_message(page)).to_contain_text("Akupunktura u medicini bola")

    # A wrong code is refused with its reason, and nothing is recorded.
    wrong = "ZZZ999" if lecture.checkin_code != "ZZZ999" else "YYY888"
    code.fill(wrong)
    check_in.click()
    expect(form.get_by_role("alert")).to_have_text(
        interface_text(
            "This is not the code of a session. Check the code shown in the room and try again.",
            SR,
        )
    )
    # The ceremony's code does not work before its time.
    ceremony.refresh_from_db()
    code.fill(ceremony.checkin_code)
    check_in.click()
    expect(form.get_by_role("alert")).to_have_text(
        interface_pattern(
            "Check-in for “%(title)s” opens at %(time)s, %(minutes)d minutes before "
            "the session starts.",
            SR,
        )
    )
    # The workshop, which starts in ten minutes, is open for check-in already.
    workshop.refresh_from_db()
    code.fill(workshop.checkin_code)
    check_in.click()
    expect(status_message(page)).to_contain_text("Radionica dijagnostike pulsa")
    expect(page.locator("#my-checkins tbody tr")).to_have_count(2)
    assert set(CheckIn.objects.filter(application=mine).values_list("session", "method")) == {
        (lecture.pk, CheckInMethod.CODE),
        (workshop.pk, CheckInMethod.CODE),
    }

    # The organiser checks her in to yesterday's lecture from its check-in list, found by
    # the native spelling of her name.
    desk = new_context()
    log_in(desk, organiser.email)
    desk.goto(edition.get_absolute_url())
    desk.locator("#attendance-links").get_by_role(
        "link", name="Attendance and certificates"
    ).click()
    desk.locator("#sessions tbody tr").filter(has_text=opening.title).get_by_role(
        "link", name="list"
    ).click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Check-in list")
    expect(desk.locator("#present-count")).to_have_text("0")
    expect(desk.locator("#expected-count")).to_have_text("2")
    search = desk.locator("#checkin-search")
    search.get_by_role("searchbox", name="Search").fill("Марковић")
    search.get_by_role("button", name="Search").click()
    rows = desk.locator("#checkin-list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Jelena Marković")
    her_row = desk.locator(f"#participant-{mine.pk}")
    her_row.get_by_role("button", name="Check in").click()
    # The page's script posts in the background and updates the row and the count.
    expect(her_row.locator("td").last).to_have_text(interface_pattern("%(name)s is checked in."))
    expect(her_row).to_have_class(re.compile(r"\bpresent\b"))
    expect(desk.locator("#present-count")).to_have_text("1")
    desk.reload()  # the same search comes back, with the check-in recorded
    expect(her_row).to_contain_text(interface_pattern("Checked in at %(time)s"))
    expect(her_row.get_by_role("button", name="Undo")).to_be_visible()
    assert CheckIn.objects.get(session=opening, application=mine).method == CheckInMethod.LIST

    # She now attended the three required sessions (the rule asks for 80 %): the
    # organiser issues the certificates of everyone who meets the rule.
    desk.get_by_role("navigation", name="Attendance").get_by_role(
        "link", name="Attendance and certificates"
    ).click()
    expect(desk.locator(f"#application-{other.pk}")).to_contain_text("0 / 3")
    row = desk.locator(f"#application-{mine.pk}")
    expect(row).to_contain_text("3 / 3")
    desk.locator("#issue-all").get_by_role("button", name="Issue 1 certificate").click()
    expect(status_message(desk)).to_contain_text("1 certificate of attendance issued.")
    certificate = Certificate.objects.get(holder=jelena)
    expect(row.get_by_role("link", name=certificate.uid)).to_be_visible()
    assert not Certificate.objects.filter(holder=other.applicant).exists()
    # The hours are those of the sessions attended: 1 + 1.5 + 1.
    assert certificate.hours == Decimal("3.5")

    # On her profile, the course and its certificate; she opens the certificate's page.
    page.get_by_role("banner").get_by_role("link", name=interface_text("My profile", SR)).click()
    journey = page.locator("#training-journey")
    expect(journey).to_contain_text(EDITION_TITLES[SR])
    journey.get_by_role("link", name=re.compile(re.escape(certificate.uid))).click()
    expect(page).to_have_url(re.compile(rf"/verify/{certificate.uid}/$"))
    expect(page.locator("#verdict")).to_have_text(interface_text("Valid certificate", SR))
    expect(page.get_by_role("heading", level=1)).to_have_text(EDITION_TITLES[SR])
    main = page.get_by_role("main")
    expect(main).to_contain_text("Jelena Marković (Јелена Марковић)")
    hours = main.locator("dt", has_text=interface_text("CME/CPD hours", SR)).locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(hours).to_have_text(in_language(SR, formats.localize, certificate.hours))

    # She downloads the PDF: it bears her name in both scripts and the certificate's number.
    with page.expect_download() as download_info:
        main.get_by_role("link", name=interface_text("Download the PDF", SR)).click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Jelena Marković" in text, text
    assert "Јелена Марковић" in text, text
    assert certificate.uid in text, text


def test_a_place_freed_by_a_withdrawal_goes_to_the_waiting_list(new_context: Any) -> None:
    course = training_course(starts_on=timezone.localdate() + dt.timedelta(days=60), capacity=1)
    edition, organiser = course.edition, course.organiser
    first = make_user("first@example.org", name_latin="Ana Kovač")
    waiting = make_user("tomasz.nowak@example.pl", name_latin="Tomasz Nowak", preferred_language=PL)
    applied_and_decided(course, first, "accept")
    second = applications.application_submit(
        applicant=waiting, edition=edition, answers={}, language=PL
    )

    # The edition is full: accepting the second applicant is refused with the reason,
    # and the organiser puts him on the waiting list instead.
    reviewer = new_context()
    log_in(reviewer, organiser.email)
    reviewer.goto(f"/training/{edition.pk}/applications/{second.pk}/")
    decision = reviewer.locator("#decision")
    decision.get_by_role("group", name="Decision").get_by_role("radio", name="Accept").check()
    decision.get_by_role("button", name="Save the decision").click()
    expect(reviewer.get_by_role("main").get_by_role("alert")).to_contain_text(
        interface_pattern(
            "All %(capacity)d places are taken. Put the application on the waiting list: "
            "it will be offered the next place that frees."
        )
    )
    decision = reviewer.locator("#decision")
    decision.get_by_role("group", name="Decision").get_by_role(
        "radio", name="Put on the waiting list"
    ).check()
    decision.get_by_role("button", name="Save the decision").click()
    expect(status_message(reviewer)).to_contain_text("The decision is saved")
    second.refresh_from_db()
    assert second.status == ApplicationStatus.WAITLISTED

    # He sees his place on the waiting list.
    other = new_context()
    log_in(other, waiting.email)
    other.goto(edition.get_absolute_url())
    other.locator("#application-box").get_by_role(
        "link", name=interface_text("See your application", PL)
    ).click()
    status = other.locator("#application-status")
    expect(status.locator(".status")).to_have_text(interface_text("On the waiting list", PL))

    # The accepted participant withdraws on her status page.
    page = new_context()
    log_in(page, first.email)
    page.goto(f"/training/{edition.pk}/application/")
    expect(page.locator("#application-status .status")).to_have_text("Accepted")
    page.locator("#withdraw").get_by_role("button", name="Withdraw my application").click()
    expect(status_message(page)).to_contain_text("Your application is withdrawn.")
    expect(page.locator("#application-status .status")).to_have_text("Withdrawn")

    # The place is offered to him, by e-mail and on his page, and he confirms it.
    offer_subject = interface_pattern("A place is offered to you: %(title)s", PL)
    [offered] = [m for m in mail_to(waiting.email) if offer_subject.search(m.subject)]
    assert EDITION_TITLES[PL] in offered.subject  # written in Polish, his language
    other.reload()
    expect(status.locator(".status")).to_have_text(interface_text("Place offered", PL))
    status.get_by_role("button", name=interface_text("Confirm my place", PL)).click()
    expect(status_message(other)).to_contain_text(
        interface_text("Your place is confirmed. See you there!", PL)
    )
    expect(status.locator(".status")).to_have_text(interface_text("Accepted", PL))
    second.refresh_from_db()
    edition.refresh_from_db()
    assert second.status == ApplicationStatus.ACCEPTED
    assert edition.places_taken == 1
    assert Application.objects.get(applicant=first).status == ApplicationStatus.WITHDRAWN

    # The review list shows the new state.
    reviewer.goto(f"/training/{edition.pk}/applications/")
    expect(
        reviewer.locator("#applications tbody tr").filter(has_text="Tomasz Nowak")
    ).to_contain_text("Accepted")
    expect(reviewer.locator("#applications tbody tr").filter(has_text="Ana Kovač")).to_contain_text(
        "Withdrawn"
    )
