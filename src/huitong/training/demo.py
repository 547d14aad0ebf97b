"""The demo's training course: CACMS's International Advanced Training Course on Clinical
Practice and Research Progress of TCM, its five editions in Beijing from 2017 and the 6th
in Belgrade, 6 to 18 December 2025 (content in ``huitong.training.demo_data``).

The history is replayed through the services the pages call, at the time it happened:
while the demo runs, ``django.utils.timezone.now`` (which every service, ``auto_now``
field and audit record reads) returns the moment of the step being replayed — a
published call for applications in June 2025, applications until the October deadline,
three review rounds, invitations of the experts, the timetable, a withdrawal in November
that offers the place to the first person on the waiting list, check-ins at each
session's time, certificates the day after the edition. So the application window, the
waiting list, the offer deadline, the session codes and the attendance rule are those of
the real services, and the audit log tells the story in order.

One shortcut: check-ins (some 13,000) are bulk-inserted with the audit entries the
check-in service would write, except those of the 6th edition's opening ceremony and of
the people whose journey the demo shows (the demo physician, the returning alumni), which
go through the service (badge scans, the organisers' list and session codes). The
participants themselves are generated people (names of their country, in Latin and native
script), bulk-created like ``huitong.alliance.generate``'s with one password hash.

Idempotent: an edition that exists (same programme and number) is left as it is.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import unicodedata
import zoneinfo
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from huitong.accounts.models import User
from huitong.alliance.demo_data import INSTITUTIONS
from huitong.alliance.models import (
    Affiliation,
    AffiliationRole,
    AffiliationStatus,
    Alliance,
    Institution,
)
from huitong.core.clock import now_from
from huitong.core.models import AuditEntry, Country
from huitong.training import applications, attendance, services
from huitong.training import demo_data as data
from huitong.training.models import (
    Application,
    ApplicationStatus,
    CheckIn,
    CheckInMethod,
    Edition,
    FormField,
    Invitation,
    OrganiserRole,
    ParticipantRole,
    Programme,
    Session,
    SessionKind,
)
from huitong.training.services import SpeakerIn

SEED = 2025
PEOPLE_DOMAIN = "training.demo.huitong.example"
DEMO_PASSWORD = "huitong-demo"
AFFILIATION_ROLES = {
    "physician": AffiliationRole.CLINICIAN,
    "educator": AffiliationRole.FACULTY,
    "researcher": AffiliationRole.RESEARCHER,
}
REJECTION = (
    "Thank you for your application. The places of this edition go to practising "
    "clinicians and researchers whose work the course fits most closely; we hope to see "
    "you at a later edition."
)
WAITLISTED = (
    "All places are taken. You are on the waiting list: if a place frees, it is offered "
    "to you by e-mail and you will have five days to confirm."
)
DECISIONS: dict[str, tuple[applications.Decision, str]] = {
    "rejected": ("reject", REJECTION),
    "waitlisted": ("waitlist", WAITLISTED),
    "offered": ("waitlist", WAITLISTED),
}
# What the people with their own story answer: (where they work, specialty, years of
# practice in 2025).
SPECIAL_ANSWERS = {
    data.PHYSICIAN_EMAIL: ("University Clinical Centre of Serbia, Belgrade", "rehab", 9),
    "dejan.marinkovic@belgrade.example": (
        "University Clinical Centre of Serbia, Belgrade",
        "rehab",
        14,
    ),
    "rafael.moreira@unifesp.example": ("Basic Health Unit, São Paulo", "gp", 12),
}
# The lectures (by number, from 0) the demo physician missed: she attended 46 of 49.
MILICA_MISSED = {8, 21, 33}
MILICA_MOTIVATION = (
    "Radim kao lekar na Klinici za fizikalnu medicinu i rehabilitaciju Univerzitetskog "
    "kliničkog centra Srbije. Mnogi naši pacijenti posle moždanog udara i sa hroničnim "
    "bolom u leđima pitaju za akupunkturu. Želim da naučim bezbednu primenu akupunkture i "
    "tuine i da sa kolegama pokrenem praćenje ishoda lečenja."
)


# --- The clock ------------------------------------------------------------------------


class Clock:
    """The time the demo's history is at. ``step`` advances it at each reading; ``queue``
    gives the times of the rows of one bulk insert, one reading per row (the models
    bulk-inserted here have one ``auto_now_add`` field each)."""

    def __init__(self) -> None:
        self.moment = timezone.now()
        self.step = dt.timedelta(0)
        self.pending: deque[dt.datetime] = deque()

    def set(self, moment: dt.datetime, step: dt.timedelta = dt.timedelta(0)) -> None:
        self.moment = moment
        self.step = step
        self.pending.clear()

    def queue(self, moments: list[dt.datetime]) -> None:
        self.pending = deque(moments)
        if moments:
            self.moment = moments[-1]

    def now(self) -> dt.datetime:
        if self.pending:
            return self.pending.popleft()
        moment = self.moment
        self.moment = moment + self.step
        return moment


@contextmanager
def replay() -> Iterator[Clock]:
    """Within the block, ``timezone.now()`` is the clock's time (the demo runs alone in its
    process: a management command or a test)."""
    clock = Clock()
    with now_from(clock.now):
        yield clock


def _at(moment: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.fromisoformat(moment).replace(tzinfo=zone)


def _local(day: dt.date, hhmm: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


# --- People ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A generated participant and what they answer on the application form."""

    email: str
    name_latin: str
    name_native: str
    country: str
    language: str
    time_zone: str
    profession: str
    institution: str  # institution key, "" for none
    workplace: str
    specialty: str
    years: int


def _names(text: str) -> list[tuple[str, str]]:
    found = []
    for token in text.split():
        latin, _sep, native = token.partition(":")
        found.append((latin.replace("_", " "), native.replace("_", " ")))
    return found


def _surnames(text: str) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    found = []
    for token in text.split():
        male, _sep, female = token.partition("/")
        (m,) = _names(male)
        (f,) = _names(female) if female else (m,)
        found.append((m, f))
    return found


def ascii_slug(text: str, separator: str = "") -> str:
    """``Đorđević`` → ``djordjevic``: for e-mail addresses and file names."""
    text = text.replace("đ", "dj").replace("Đ", "Dj").replace("ł", "l").replace("Ł", "L")
    text = text.replace("ß", "ss").replace("ı", "i")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = ("".join(c for c in word if c.isalnum()) for word in folded.split())
    return separator.join(word for word in words if word)


INSTITUTION_NAMES = {spec["key"]: spec["name"] for spec in INSTITUTIONS}
TAKEN_NAMES = {
    "Milica Petrović",
    "Anna Nowak",
    *(p["name_latin"] for p in (*data.GUESTS, *data.ORGANISERS)),
}


def country_pool(spec: data.CountrySpec, size: int) -> list[Candidate]:
    """The country's generated participants, always the same ones in the same order."""
    rng = random.Random(f"{SEED}:{spec['code']}")
    male, female = _names(spec["male"]), _names(spec["female"])
    surnames = _surnames(spec["surnames"])
    professions = [p for p, _w in data.PROFESSIONS]
    weights = [w for _p, w in data.PROFESSIONS]
    specialties = [c.key for c in data.SPECIALTIES]
    seen = set(TAKEN_NAMES)
    pool: list[Candidate] = []
    attempts = 0
    while len(pool) < size:
        attempts += 1
        if attempts > 100 * size + 1000:
            raise ValueError(f"Not enough distinct names for {spec['code']}")
        is_female = rng.random() < 0.58
        given = rng.choice(female if is_female else male)
        surname = rng.choice(surnames)[1 if is_female else 0]
        parts = (surname, given) if spec["family_first"] else (given, surname)
        latin = f"{parts[0][0]} {parts[1][0]}"
        native = f"{parts[0][1]} {parts[1][1]}" if parts[0][1] and parts[1][1] else ""
        if latin in seen:
            continue
        seen.add(latin)
        profession = rng.choices(professions, weights)[0]
        institution = (
            rng.choice(spec["institutions"]) if spec["institutions"] and rng.random() < 0.6 else ""
        )
        workplace = INSTITUTION_NAMES[institution] if institution else rng.choice(spec["hospitals"])
        if profession == "researcher" and rng.random() < 0.5:
            specialty = "research"
        else:
            specialty = rng.choices(specialties, data.SPECIALTY_WEIGHTS)[0]
        years = {
            "physician": rng.randint(3, 30),
            "educator": rng.randint(8, 35),
            "researcher": rng.randint(0, 15),
        }[profession]
        given_slug = ascii_slug(given[0])
        surname_slug = ascii_slug(surname[0])
        pool.append(
            Candidate(
                email=f"{given_slug}.{surname_slug}.{spec['code'].lower()}@{PEOPLE_DOMAIN}",
                name_latin=latin,
                name_native=native,
                country=spec["code"],
                language=spec["language"],
                time_zone=spec["time_zone"],
                profession=profession,
                institution=institution,
                workplace=workplace,
                specialty=specialty,
                years=years,
            )
        )
    return pool


@dataclass
class Entry:
    """One person's application to one edition, as the demo plays it."""

    email: str
    outcome: str = "accepted"  # accepted | rejected | waitlisted | withdrawn | offered
    candidate: Candidate | None = None


@dataclass
class Plan:
    """Who applies to which edition (by e-mail), and the generated people."""

    editions: dict[int, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    people: dict[str, Candidate] = field(default_factory=dict)


def plan() -> Plan:
    """The applicants of every edition: each country's generated people, the 6th
    edition's first, then the Beijing editions' in order, with the people who came back."""
    result = Plan()
    needed: Counter[str] = Counter()
    for spec in data.COUNTRIES:
        needed[spec["code"]] += spec["participants"] + spec["extras"]
    for edition in data.EDITIONS:
        for code, count in (*edition["countries"].items(), *edition["rejected"].items()):
            needed[code] += count
    pools = {spec["code"]: country_pool(spec, needed[spec["code"]]) for spec in data.COUNTRIES}
    for pool in pools.values():
        for candidate in pool:
            result.people[candidate.email] = candidate
    cursor: Counter[str] = Counter()
    sixth = result.editions[6]
    for spec in data.COUNTRIES:
        code = spec["code"]
        mine = pools[code][: spec["participants"] + spec["extras"]]
        cursor[code] = len(mine)
        outcomes = ["accepted"] * spec["participants"] + data.SIXTH_OUTCOMES.get(code, [])
        if code == data.OFFERED_FROM:
            outcomes[spec["participants"] - 1] = "offered"
        for candidate, outcome in zip(mine, outcomes, strict=True):
            sixth.append(Entry(candidate.email, outcome, candidate))
    sixth.append(Entry(data.PHYSICIAN_EMAIL))
    for edition in data.EDITIONS[:-1]:
        number = edition["number"]
        entries = result.editions[number]
        for code, count in edition["countries"].items():
            for candidate in pools[code][cursor[code] : cursor[code] + count]:
                entries.append(Entry(candidate.email, "accepted", candidate))
            cursor[code] += count
        for code, count in edition["rejected"].items():
            for candidate in pools[code][cursor[code] : cursor[code] + count]:
                entries.append(Entry(candidate.email, "rejected", candidate))
            cursor[code] += count
    returned: Counter[str] = Counter()
    for number, code, count in data.RETURNING:
        first = returned[code]
        for candidate in pools[code][first : first + count]:
            result.editions[number].append(Entry(candidate.email, "accepted", candidate))
        returned[code] += count
    guests = {g["key"]: g for g in data.GUESTS}
    result.editions[1].append(Entry(guests[data.JOURNEY_KEY]["email"]))
    result.editions[3].append(Entry(guests[data.BRAZIL_KEY]["email"]))
    return result


def _first_editions(the_plan: Plan) -> dict[str, int]:
    first: dict[str, int] = {}
    for number in sorted(the_plan.editions):
        for entry in the_plan.editions[number]:
            first.setdefault(entry.email, number)
    return first


def _opening(number: int) -> dt.datetime:
    spec = data.EDITIONS[number - 1]
    zone = zoneinfo.ZoneInfo(spec["time_zone"])
    if number == 6:
        return _at(data.SIXTH_TIMELINE["published"], zone)
    starts = dt.date.fromisoformat(spec["starts_on"])
    return _local(starts - dt.timedelta(days=150), "09:00", zone)


def create_people(the_plan: Plan, clock: Clock) -> dict[str, User]:
    """Create the generated participants, the experts and the organisers (once), each
    joining some weeks before their first edition opens, with their affiliations. Returns every
    person of the demo by e-mail, the demo logins included."""
    first = _first_editions(the_plan)
    specials = [*data.EXPERTS, *data.GUESTS, *data.ORGANISERS]
    rng = random.Random(f"{SEED}:joined")
    password = make_password(DEMO_PASSWORD)
    rows: list[tuple[dt.datetime, User, str]] = []
    for candidate in the_plan.people.values():
        number = first.get(candidate.email)
        if number is None:
            continue
        joined = _opening(number) - dt.timedelta(
            days=rng.randint(1, 60), minutes=rng.randint(0, 600)
        )
        person = User(
            email=candidate.email,
            name_latin=candidate.name_latin,
            name_native=candidate.name_native,
            country_id=candidate.country,
            preferred_language=candidate.language,
            time_zone=candidate.time_zone,
            professional_role=candidate.profession,
        )
        rows.append((joined, person, candidate.institution))
    for spec in specials:
        number = first.get(spec["email"], 1)
        joined = _opening(number) - dt.timedelta(days=rng.randint(20, 90))
        person = User(
            email=spec["email"],
            name_latin=spec["name_latin"],
            name_native=spec["name_native"],
            country_id=spec["country"],
            preferred_language=spec["language"],
            time_zone=spec["time_zone"],
            professional_role=spec["profession"],
        )
        rows.append((joined, person, spec["institution"]))
    rows.sort(key=lambda row: row[0])
    for joined, person, _key in rows:
        person.password = password
        person.date_joined = joined
        person.email_verified_at = joined + dt.timedelta(minutes=7)
    User.objects.bulk_create([person for _joined, person, _key in rows], ignore_conflicts=True)
    ids = dict(
        User.objects.filter(email__in=[p.email for _j, p, _k in rows]).values_list("email", "pk")
    )
    by_key = institutions_by_key()
    affiliations = [
        Affiliation(
            user_id=ids[person.email],
            institution=by_key[key],
            role=AFFILIATION_ROLES.get(person.professional_role, AffiliationRole.CLINICIAN),
            status=AffiliationStatus.APPROVED,
            decided_at=joined + dt.timedelta(days=1),
        )
        for joined, person, key in rows
        if key in by_key
    ]
    clock.queue([joined for joined, _p, key in rows if key in by_key])
    Affiliation.objects.bulk_create(affiliations, ignore_conflicts=True)
    clock.set(timezone.now())
    # The demo logins' accounts are made by the demo command today; in the story they
    # joined before they chaired the first edition, or applied to the 6th.
    for email, moment, zone in (
        (data.CHAIR_EMAIL, "2017-02-20T09:00", "Asia/Shanghai"),
        (data.PHYSICIAN_EMAIL, "2025-06-10T18:30", "Europe/Belgrade"),
    ):
        joined = _at(moment, zoneinfo.ZoneInfo(zone))
        User.objects.filter(email=email, date_joined__gt=joined).update(
            date_joined=joined, email_verified_at=joined + dt.timedelta(minutes=7)
        )
    emails = [
        *the_plan.people,
        *(s["email"] for s in specials),
        data.CHAIR_EMAIL,
        data.PHYSICIAN_EMAIL,
    ]
    return {u.email: u for u in User.objects.filter(email__in=emails)}


def institutions_by_key() -> dict[str, Institution]:
    """The institutions of ``huitong.alliance.demo_data`` by their key."""
    keys = {(spec["name"].casefold(), spec["country"]): spec["key"] for spec in INSTITUTIONS}
    found = {}
    for institution in Institution.objects.filter(country_id__in={k[1] for k in keys}):
        key = keys.get((institution.name.casefold(), institution.country_id))
        if key:
            found[key] = institution
    return found


@dataclass
class Cast:
    """The people of the demo: by e-mail, and the experts, guests and organisers by key."""

    users: dict[str, User]
    keys: dict[str, User]
    affiliations: dict[str, str]

    @property
    def chair(self) -> User:
        return self.keys["liu-jing"]

    def speakers(self, talk: data.Talk) -> list[SpeakerIn]:
        found = []
        for key in talk.speakers:
            if key.startswith("external:"):
                _prefix, name, affiliation = key.split(":", 2)
                found.append(SpeakerIn(name=name, affiliation=affiliation))
            else:
                found.append(SpeakerIn(user=self.keys[key], affiliation=self.affiliations[key]))
        return found


def make_cast(users: dict[str, User]) -> Cast:
    keys: dict[str, User] = {"liu-jing": users[data.CHAIR_EMAIL]}
    affiliations = {"liu-jing": data.IBRCM}
    for spec in (*data.EXPERTS, *data.GUESTS, *data.ORGANISERS):
        keys[spec["key"]] = users[spec["email"]]
        affiliations[spec["key"]] = spec["affiliation"]
    return Cast(users, keys, affiliations)


# --- Files ----------------------------------------------------------------------------


def cv_pdf(candidate: Candidate, country: str) -> bytes:
    """A one-page curriculum vitae, enough for the application form's file question."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from huitong.core.pdf import LATIN, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle(f"Curriculum vitae — {candidate.name_latin}")
    page.setFont(LATIN, 18)
    page.drawString(60, 770, "Curriculum vitae")
    page.setFont(LATIN, 13)
    page.drawString(60, 740, candidate.name_latin)
    if candidate.name_native:
        page.drawString(60, 722, candidate.name_native)
    specialty = next(c.label.en for c in data.SPECIALTIES if c.key == candidate.specialty)
    lines = [
        f"Country: {country}",
        f"Profession: {data.PROFESSION_WORDS[candidate.profession]}",
        f"Specialty: {specialty}",
        f"Years of clinical practice: {candidate.years}",
        f"Works at: {candidate.workplace}",
    ]
    page.setFont(LATIN, 10.5)
    for number, line in enumerate(lines):
        page.drawString(60, 690 - 18 * number, line)
    page.setFont(LATIN, 8)
    page.drawString(60, 60, "Generated for the Huitong demo.")
    page.showPage()
    page.save()
    return buffer.getvalue()


def slides_pdf(talk: data.Talk, speakers: list[SpeakerIn], edition: str) -> bytes:
    """Three landscape slides: the title, the outline, the references to read."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    from huitong.core.pdf import LATIN, MUTED, markup, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=20 * mm,
        title=talk.title.en,
        author=", ".join(s.name for s in speakers),
    )
    big = ParagraphStyle("big", fontName=LATIN, fontSize=28, leading=36, spaceAfter=10)
    body = ParagraphStyle("body", fontName=LATIN, fontSize=18, leading=26, spaceAfter=8)
    muted = ParagraphStyle("muted", parent=body, fontSize=13, leading=18, textColor=MUTED)
    names = " · ".join(f"{s.name} {s.name_native}".strip() for s in speakers)
    story: list[Any] = [
        Paragraph(markup(talk.title.en), big),
        Paragraph(markup(talk.title.zh), big),
        Spacer(1, 10 * mm),
        Paragraph(markup(names), body),
        Paragraph(markup(edition), muted),
        PageBreak(),
        Paragraph(markup("Outline · 提纲"), big),
        *(
            Paragraph(markup(f"• {line}"), body)
            for line in (
                "The clinical question and the patients it concerns",
                "What TCM offers: patterns, points, formulas",
                "The evidence: trials, reviews and their limits",
                "Safety, and how to start in your own practice",
            )
        ),
        PageBreak(),
        Paragraph(markup("To read · 延伸阅读"), big),
        Paragraph(
            markup("The reading list is handed out in the session. Huitong demo material."),
            muted,
        ),
    ]
    document.build(story)
    return buffer.getvalue()


# --- Building an edition ---------------------------------------------------------------

Event = tuple[dt.datetime, int, Callable[[], None]]


@dataclass
class SessionPlan:
    kind: str
    talk: data.Talk
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str
    track: str
    required: bool
    group: str = ""  # the afternoon group (A to D) of a workshop
    slides: bool = False
    sr: str = ""  # a Serbian title, for the ceremonies
    cme_hours: Decimal | None = None  # None: the session's length


def sixth_timetable(zone: zoneinfo.ZoneInfo) -> list[SessionPlan]:
    """The 13 days in Belgrade: morning practice, four plenary lectures, two afternoon
    rotations of four groups, evening seminars; opening and closing ceremonies."""
    spec = data.EDITIONS[5]
    first = dt.date.fromisoformat(spec["starts_on"])
    last = dt.date.fromisoformat(spec["ends_on"])
    lectures = iter(enumerate(data.LECTURES))
    plans: list[SessionPlan] = []
    slot = 0
    plenary = "Plenary lectures"

    def lecture(day: dt.date, start: str, end: str) -> None:
        index, talk = next(lectures)
        plans.append(
            SessionPlan(
                SessionKind.LECTURE,
                talk,
                _local(day, start, zone),
                _local(day, end, zone),
                data.PLENARY_ROOM,
                plenary,
                True,
                slides=index in data.SLIDES,
            )
        )

    def rotation(day: dt.date, start: str, end: str) -> None:
        nonlocal slot
        for number, track in enumerate(data.TRACKS):
            group = data.GROUPS[(number - slot) % len(data.GROUPS)]
            topic = track.topics[slot // len(data.GROUPS)]
            trainers = track.trainers
            first_trainer = slot // len(data.GROUPS) % len(trainers)
            chosen = (trainers[first_trainer], trainers[(first_trainer + 1) % len(trainers)])
            title = data.Text(f"{topic.en} (group {group})", f"{topic.zh}（{group}组）")
            plans.append(
                SessionPlan(
                    track.kind,
                    data.Talk(title, chosen),
                    _local(day, start, zone),
                    _local(day, end, zone),
                    track.room,
                    track.name.en,
                    False,
                    group=group,
                )
            )
        slot += 1

    def practice(day: dt.date) -> None:
        plans.append(
            SessionPlan(
                SessionKind.WORKSHOP,
                data.MORNING_PRACTICE,
                _local(day, "08:00", zone),
                _local(day, "08:40", zone),
                data.PRACTICE_ROOM,
                "Morning practice",
                False,
            )
        )

    def seminar(day: dt.date) -> None:
        talk = data.SEMINARS.get(day.isoformat())
        if talk is not None:
            plans.append(
                SessionPlan(
                    SessionKind.SEMINAR,
                    talk,
                    _local(day, "18:00", zone),
                    _local(day, "19:00", zone),
                    data.SEMINAR_ROOM,
                    "Evening seminars",
                    False,
                    # The welcome evening teaches nothing: no CME hours.
                    cme_hours=Decimal(0) if day == first else None,
                )
            )

    day = first
    while day <= last:
        if day == first:
            plans.append(
                SessionPlan(
                    SessionKind.CEREMONY,
                    data.OPENING,
                    _local(day, "09:00", zone),
                    _local(day, "10:00", zone),
                    data.PLENARY_ROOM,
                    "",
                    False,
                    sr=data.OPENING_SR,
                )
            )
            lecture(day, "10:30", "11:20")
            lecture(day, "11:40", "12:30")
            rotation(day, "14:30", "16:00")
            rotation(day, "16:15", "17:45")
        elif day.weekday() == 6:  # Sunday: lectures in the morning only
            for start, end in (("09:00", "09:50"), ("10:00", "10:50"), ("11:10", "12:00"),
                               ("12:10", "13:00")):  # fmt: skip
                lecture(day, start, end)
        elif day == last:
            practice(day)
            for start, end in (("09:00", "09:50"), ("10:00", "10:50"), ("11:10", "12:00")):
                lecture(day, start, end)
            rotation(day, "14:00", "15:30")
            plans.append(
                SessionPlan(
                    SessionKind.CEREMONY,
                    data.CLOSING,
                    _local(day, "16:00", zone),
                    _local(day, "17:00", zone),
                    data.PLENARY_ROOM,
                    "",
                    False,
                    sr=data.CLOSING_SR,
                )
            )
        else:
            practice(day)
            for start, end in (("09:00", "09:50"), ("10:00", "10:50"), ("11:10", "12:00"),
                               ("12:10", "13:00")):  # fmt: skip
                lecture(day, start, end)
            rotation(day, "14:30", "16:00")
            rotation(day, "16:15", "17:45")
        seminar(day)
        day += dt.timedelta(days=1)
    if next(lectures, None) is not None:
        raise ValueError("The 6th edition's timetable has more lectures than slots.")
    return plans


def past_timetable(number: int, zone: zoneinfo.ZoneInfo) -> list[SessionPlan]:
    """A Beijing edition: seven teaching sessions between two ceremonies."""
    first = dt.date.fromisoformat(data.EDITIONS[number - 1]["starts_on"])
    opening, closing = data.PAST_CEREMONIES
    day = dt.timedelta(days=1)
    plans = [
        SessionPlan(
            SessionKind.CEREMONY,
            opening,
            _local(first, "09:00", zone),
            _local(first, "09:45", zone),
            data.PAST_ROOMS["ceremony"],
            "",
            False,
        )
    ]
    for (offset, start, end, kind), talk in zip(
        data.PAST_SLOTS, data.PAST_PROGRAMMES[number], strict=True
    ):
        room = data.PAST_CLINICS[number] if kind == "clinical" else data.PAST_ROOMS[kind]
        plans.append(
            SessionPlan(
                kind,
                talk,
                _local(first + offset * day, start, zone),
                _local(first + offset * day, end, zone),
                room,
                "",
                True,
            )
        )
    plans.append(
        SessionPlan(
            SessionKind.CEREMONY,
            closing,
            _local(first + 11 * day, "10:00", zone),
            _local(first + 11 * day, "11:00", zone),
            data.PAST_ROOMS["ceremony"],
            "",
            False,
        )
    )
    return plans


def _translations(**texts: data.Text) -> dict[str, dict[str, str]]:
    """``{"zh-hans": {name: …}, "sr-latn": {name: …}}`` of the texts' translations."""
    found: dict[str, dict[str, str]] = {}
    for name, text in texts.items():
        if text.zh:
            found.setdefault("zh-hans", {})[name] = text.zh
        if text.sr:
            found.setdefault("sr-latn", {})[name] = text.sr
    return found


def edition_title(number: int) -> data.Text:
    en, zh, sr = data.ORDINALS[number]
    title = data.PROGRAMME_TITLE
    return data.Text(f"{en} {title.en}", f"{zh}{title.zh}", f"{sr} {title.sr}")


@dataclass
class Timeline:
    created: dt.datetime
    published: dt.datetime
    deadline: dt.datetime
    reviews: list[dt.datetime]
    invitations: dt.datetime
    timetable: dt.datetime
    timetable_published: dt.datetime
    certificates: dt.datetime


def timeline(spec: data.EditionSpec) -> Timeline:
    zone = zoneinfo.ZoneInfo(spec["time_zone"])
    if spec["number"] == 6:
        t = data.SIXTH_TIMELINE
        return Timeline(
            created=_at(t["created"], zone),
            published=_at(t["published"], zone),
            deadline=_at(t["deadline"], zone),
            reviews=[_at(moment, zone) for moment in data.SIXTH_REVIEWS],
            invitations=_at(t["invitations"], zone),
            timetable=_at(t["timetable"], zone),
            timetable_published=_at(t["timetable_published"], zone),
            certificates=_at(t["certificates"], zone),
        )
    starts = dt.date.fromisoformat(spec["starts_on"])
    ends = dt.date.fromisoformat(spec["ends_on"])

    def before(days: int, hhmm: str) -> dt.datetime:
        return _local(starts - dt.timedelta(days=days), hhmm, zone)

    return Timeline(
        created=before(160, "10:00"),
        published=before(150, "09:00"),
        deadline=before(45, "23:59"),
        reviews=[before(100, "09:00"), before(40, "09:00")],
        invitations=before(110, "11:00"),
        timetable=before(70, "10:00"),
        timetable_published=before(30, "12:00"),
        certificates=_local(ends + dt.timedelta(days=1), "10:00", zone),
    )


class EditionBuilder:
    """Plays one edition's history through the services, in the order it happened."""

    def __init__(
        self,
        *,
        spec: data.EditionSpec,
        programme: Programme,
        cast: Cast,
        entries: list[Entry],
        people: dict[str, Candidate],
        clock: Clock,
    ) -> None:
        self.spec = spec
        self.number = spec["number"]
        self.programme = programme
        self.cast = cast
        self.entries = entries
        self.people = people
        self.clock = clock
        self.zone = zoneinfo.ZoneInfo(spec["time_zone"])
        self.times = timeline(spec)
        self.rng = random.Random(f"{SEED}:edition:{self.number}")
        self.attendance_rng = random.Random(f"{SEED}:attendance:{self.number}")
        self.applications: dict[str, Application] = {}
        self.submitted: list[tuple[dt.datetime, Entry]] = []
        self.decided: set[str] = set()
        self.choices: dict[str, str] = {}
        self.fields: dict[str, FormField] = {}
        self.sessions: list[tuple[SessionPlan, Session]] = []
        self.invites: dict[str, Invitation] = {}
        self.countries = {c.code: c.name for c in Country.objects.all()}

    # The steps, each at its time.

    def build(self) -> Edition:
        self.edition = self.create()
        events: list[Event] = []
        order = 0

        def at(moment: dt.datetime, step: Callable[[], None]) -> None:
            nonlocal order
            order += 1
            events.append((moment, order, step))

        at(self.times.published, self.publish)
        for moment, entry in self.submission_times():
            at(moment, partial(self.submit, entry, moment))
        for moment in self.times.reviews:
            at(moment, partial(self.review, moment))
        for moment, step in self.invitations():
            at(moment, step)
        at(self.times.timetable, self.timetable)
        at(self.times.timetable_published, self.publish_timetable)
        if self.number == 6:
            moments = data.SIXTH_TIMELINE
            at(_at(moments["withdrawal"], self.zone), self.withdraw)
            at(_at(moments["offer_confirmed"], self.zone), self.confirm)
        for moment, _order, step in sorted(events, key=lambda e: (e[0], e[1])):
            self.clock.set(moment)
            step()
        self.check_ins()
        self.clock.set(self.times.certificates)
        attendance.certificates_issue_eligible(edition=self.edition, by=self.cast.chair)
        return self.edition

    def create(self) -> Edition:
        spec = self.spec
        sixth = self.number == 6
        chair = self.cast.chair
        self.clock.set(self.times.created)
        by_key = institutions_by_key()
        venue = data.BELGRADE_VENUE if sixth else data.BEIJING_VENUE
        title = edition_title(self.number)
        if not sixth:
            title = data.Text(title.en, title.zh)
        edition = services.edition_create(
            actor=chair,
            programme=self.programme,
            organising_institutions=[by_key[key] for key in data.ORGANISING],
            partner_institutions=[by_key[key] for key in spec["partners"]],
            number=self.number,
            title=title.en,
            description=spec["description"].en,
            venue=venue.en,
            original_language="en",
            translations=_translations(title=title, description=spec["description"], venue=venue),
            starts_on=dt.date.fromisoformat(spec["starts_on"]),
            ends_on=dt.date.fromisoformat(spec["ends_on"]),
            city=spec["city"],
            country=Country.objects.get(code=spec["country"]),
            time_zone=spec["time_zone"],
            languages=spec["languages"],
            capacity=spec["capacity"],
            applications_open=self.times.published,
            application_deadline=self.times.deadline,
            offer_days=5,
            attendance_rule=80,
        )
        team = [("zhao-hui", OrganiserRole.SECRETARIAT)]
        if sixth:
            team.append(("djordjevic", OrganiserRole.ORGANISER))
        for key, role in team:
            services.organiser_add(
                actor=chair, edition=edition, user=self.cast.keys[key], role=role
            )
        for field_spec in data.FORM_FIELDS:
            if not sixth and field_spec.key not in data.PAST_FORM_FIELDS:
                continue
            label, help_text = field_spec.label, field_spec.help_text
            if not sixth:
                label, help_text = (
                    data.Text(label.en, label.zh),
                    data.Text(help_text.en, help_text.zh),
                )
            choices = None
            if field_spec.kind == "choice":
                choices = [
                    {
                        "label": c.label.en,
                        "translations": {
                            "zh-hans": c.label.zh,
                            **({"sr-latn": c.label.sr} if sixth else {}),
                        },
                    }
                    for c in data.SPECIALTIES
                ]
            created = applications.form_field_create(
                actor=chair,
                edition=edition,
                kind=field_spec.kind,
                label=label.en,
                help_text=help_text.en,
                required=field_spec.required,
                choices=choices,
                original_language="en",
                translations=_translations(label=label, help_text=help_text),
            )
            self.fields[field_spec.key] = created
            if choices is not None:
                self.choices = {
                    c.key: str(choice["value"])
                    for c, choice in zip(data.SPECIALTIES, created.choices, strict=True)
                }
        return edition

    def publish(self) -> None:
        self.edition = services.edition_publish(actor=self.cast.chair, edition=self.edition)

    def submission_times(self) -> list[tuple[dt.datetime, Entry]]:
        """When each applicant applied: over the window, and the ones who end on the
        waiting list in its last days (the first of them is offered the freed place)."""
        opens = self.times.published + dt.timedelta(days=1)
        closes = self.times.deadline - dt.timedelta(days=5)
        late = sorted(
            (e for e in self.entries if e.outcome in ("waitlisted", "offered")),
            key=lambda e: e.outcome != "offered",
        )
        found = []
        for entry in self.entries:
            if entry in late:
                continue
            if entry.email == data.PHYSICIAN_EMAIL:
                moment = _at("2025-07-03T21:14", self.zone)
            else:
                moment = opens + (closes - opens) * self.rng.random()
            found.append((moment.replace(microsecond=0), entry))
        last_days = sorted(
            self.times.deadline - dt.timedelta(days=4) + dt.timedelta(hours=94) * self.rng.random()
            for _entry in late
        )
        found += [
            (moment.replace(microsecond=0), e) for moment, e in zip(last_days, late, strict=True)
        ]
        return sorted(found, key=lambda pair: pair[0])

    def candidate(self, entry: Entry) -> Candidate:
        if entry.candidate is not None:
            return entry.candidate
        user = self.cast.users[entry.email]
        workplace, specialty, years = SPECIAL_ANSWERS[entry.email]
        if self.number != 6:  # the journeys: years before
            years -= 2025 - int(self.spec["starts_on"][:4])
        return Candidate(
            email=user.email,
            name_latin=user.name_latin,
            name_native=user.name_native,
            country=user.country_id or "",
            language=user.preferred_language,
            time_zone=user.time_zone,
            profession=user.professional_role or "physician",
            institution="",
            workplace=workplace,
            specialty=specialty,
            years=max(years, 1),
        )

    def motivation(self, candidate: Candidate) -> str:
        if candidate.email == data.PHYSICIAN_EMAIL:
            return MILICA_MOTIVATION
        specialty = next(c.label.en for c in data.SPECIALTIES if c.key == candidate.specialty)
        opening = self.rng.choice(data.MOTIVATION_OPENINGS).format(
            profession=data.PROFESSION_WORDS[candidate.profession],
            workplace=candidate.workplace,
            specialty=specialty.lower() if candidate.specialty != "other" else "my field",
            years=candidate.years,
        )
        interest = data.MOTIVATION_INTERESTS[candidate.specialty]
        return f"{opening} {interest} {self.rng.choice(data.MOTIVATION_CLOSINGS)}"

    def submit(self, entry: Entry, moment: dt.datetime) -> None:
        user = self.cast.users[entry.email]
        candidate = self.candidate(entry)
        fields = self.fields
        answers: dict[str, Any] = {
            str(fields["specialty"].pk): self.choices[candidate.specialty],
            str(fields["years"].pk): candidate.years,
            str(fields["motivation"].pk): self.motivation(candidate),
        }
        files: dict[str, Any] = {}
        if "workplace" in fields:
            answers[str(fields["workplace"].pk)] = candidate.workplace
        if "arrival" in fields and self.rng.random() < 0.7:
            arrival = self.edition.starts_on - dt.timedelta(days=self.rng.choice((1, 1, 2)))
            answers[str(fields["arrival"].pk)] = arrival.isoformat()
        if "cv" in fields:
            pdf = cv_pdf(candidate, self.countries.get(candidate.country, candidate.country))
            name = f"cv-{ascii_slug(candidate.name_latin, '-')}.pdf"
            files[str(fields["cv"].pk)] = ContentFile(pdf, name=name)
        self.applications[entry.email] = applications.application_submit(
            applicant=user,
            edition=self.edition,
            answers=answers,
            files=files,
            language=user.preferred_language,
        )
        self.submitted.append((moment, entry))

    def review(self, moment: dt.datetime) -> None:
        """A review round: the chair decides every application received so far."""
        pending = [(t, e) for t, e in self.submitted if e.email not in self.decided]
        for number, (_submitted, entry) in enumerate(sorted(pending, key=lambda p: p[0])):
            self.clock.set(moment + dt.timedelta(minutes=2 * number))
            decision, message = DECISIONS.get(entry.outcome, ("accept", ""))
            self.applications[entry.email] = applications.application_decide(
                actor=self.cast.chair,
                application=self.applications[entry.email],
                decision=decision,
                message=message,
            )
            self.decided.add(entry.email)

    def speaker_keys(self) -> list[str]:
        """The edition's speakers with an account, invited by the chair (not the
        organisers, who are there anyway)."""
        if self.number == 6:
            talks = [
                data.OPENING,
                data.CLOSING,
                data.MORNING_PRACTICE,
                *data.LECTURES,
                *data.SEMINARS.values(),
                *(data.Talk(data.Text("", ""), track.trainers) for track in data.TRACKS),
            ]
        else:
            talks = [*data.PAST_CEREMONIES, *data.PAST_PROGRAMMES[self.number]]
        keys: list[str] = []
        for talk in talks:
            for key in talk.speakers:
                ours = key in ("liu-jing", "djordjevic", "zhao-hui")
                if key not in keys and not ours and not key.startswith("external:"):
                    keys.append(key)
        if self.number == 6:  # the collaborating experts who give no talk
            keys += [k for k in sorted(data.EXPERT_ROLE) if k not in keys]
        return keys

    def invitations(self) -> list[tuple[dt.datetime, Callable[[], None]]]:
        steps: list[tuple[dt.datetime, Callable[[], None]]] = []
        for number, key in enumerate(self.speaker_keys()):
            sent = self.times.invitations + dt.timedelta(minutes=4 * number)
            answered = sent + dt.timedelta(hours=self.rng.randint(5, 120))
            role = ParticipantRole.EXPERT if key in data.EXPERT_ROLE else ParticipantRole.SPEAKER
            if self.number != 6:
                role = ParticipantRole.SPEAKER
            steps.append((sent, partial(self.invite, key, role)))
            steps.append((answered, partial(self.accept_invitation, key)))
        return steps

    def invite(self, key: str, role: str) -> None:
        user = self.cast.keys[key]
        self.invites[key] = applications.invitation_create(
            actor=self.cast.chair,
            edition=self.edition,
            email=user.email,
            name=user.name_latin,
            role=role,
            expires_at=self.clock.moment + dt.timedelta(days=30),
        )

    def accept_invitation(self, key: str) -> None:
        user = self.cast.keys[key]
        with translation.override(user.preferred_language):
            self.applications[user.email] = applications.invitation_accept(
                user=user, invitation=self.invites[key]
            )

    def timetable(self) -> None:
        chair = self.cast.chair
        plans = (
            sixth_timetable(self.zone)
            if self.number == 6
            else past_timetable(self.number, self.zone)
        )
        self.clock.set(self.times.timetable, step=dt.timedelta(seconds=3))
        for plan in plans:
            translations = _translations(title=data.Text("", plan.talk.title.zh, plan.sr))
            speakers = self.cast.speakers(plan.talk)
            session = services.session_create(
                actor=chair,
                edition=self.edition,
                speakers=speakers,
                kind=plan.kind,
                title=plan.talk.title.en,
                original_language="en",
                translations=translations,
                room=plan.room,
                track=plan.track,
                starts_at=plan.starts_at,
                ends_at=plan.ends_at,
                required=plan.required,
                cme_hours=plan.cme_hours,
            )
            self.sessions.append((plan, session))
            if plan.slides:
                services.material_add(
                    actor=chair,
                    session=session,
                    file=ContentFile(
                        slides_pdf(plan.talk, speakers, self.edition.title),
                        name=f"{ascii_slug(plan.talk.title.en, '-')[:60]}.pdf",
                    ),
                    title="Slides · 幻灯片",
                )

    def publish_timetable(self) -> None:
        self.edition = services.timetable_publish(actor=self.cast.chair, edition=self.edition)

    def withdraw(self) -> None:
        """A participant withdraws in November: the first on the waiting list is offered
        the place."""
        entry = next(e for e in self.entries if e.outcome == "withdrawn")
        applications.application_withdraw(
            user=self.cast.users[entry.email], application=self.applications[entry.email]
        )

    def confirm(self) -> None:
        entry = next(e for e in self.entries if e.outcome == "offered")
        offered = Application.objects.select_related(
            "edition__programme__alliance", "edition__programme__organiser", "applicant"
        ).get(pk=self.applications[entry.email].pk)
        applications.offer_confirm(user=self.cast.users[entry.email], application=offered)

    # Attendance.

    def propensity(self, application: Application, rng: random.Random) -> float:
        """How likely the participant is at a required session: most come to nearly all,
        some miss a few, a few miss many."""
        draw, spread = rng.random(), rng.random()
        if application.applicant.email in SPECIAL_ANSWERS:
            return 1.0
        if draw < 0.8:
            return 0.9 + 0.1 * spread
        if draw < 0.93:
            return 0.78 + 0.12 * spread
        return 0.45 + 0.27 * spread

    def attends(
        self, plan: SessionPlan, application: Application, keen: float, group: str, lecture: int
    ) -> bool:
        draw = self.attendance_rng.random()
        if application.applicant.email == data.PHYSICIAN_EMAIL:
            if plan.required:
                return lecture not in MILICA_MISSED
            if plan.group:
                return plan.group == group
            return plan.kind == SessionKind.CEREMONY or draw < 0.5
        if plan.kind == SessionKind.CEREMONY:
            chance = 0.97 if plan is self.sessions[0][0] else 0.93
        elif plan.required:
            chance = keen
        elif plan.group:
            chance = keen if plan.group == group else 0.0
        elif plan.kind == SessionKind.SEMINAR:
            chance = 0.85 if plan.talk == data.SEMINARS["2025-12-06"] else 0.45 * keen
        else:  # the morning practice
            chance = 0.35 * keen
        return draw < chance

    def method(self, plan: SessionPlan) -> str:
        draw = self.attendance_rng.random()
        if self.number != 6 or plan.kind == SessionKind.CEREMONY:
            return CheckInMethod.BADGE if draw < 0.85 else CheckInMethod.LIST
        if plan.required:
            if draw < 0.35:
                return CheckInMethod.CODE
            return CheckInMethod.BADGE if draw < 0.9 else CheckInMethod.LIST
        if plan.group:
            return CheckInMethod.BADGE if draw < 0.8 else CheckInMethod.LIST
        return CheckInMethod.CODE if draw < 0.5 else CheckInMethod.BADGE

    def check_ins(self) -> None:
        """Each session's check-ins at its time: participants by their attendance and
        afternoon group, speakers and experts at their own sessions and the ceremonies."""
        edition = self.edition
        accepted = list(
            Application.objects.filter(edition=edition, status=ApplicationStatus.ACCEPTED)
            .select_related("applicant")
            .order_by("pk")
        )
        for application in accepted:
            application.edition = edition
        participants = [a for a in accepted if a.role == ParticipantRole.PARTICIPANT]
        invited = {a.applicant_id: a for a in accepted if a.invited}
        keen = {a.pk: self.propensity(a, self.attendance_rng) for a in participants}
        groups = {a.pk: data.GROUPS[n % len(data.GROUPS)] for n, a in enumerate(participants)}
        team = [self.cast.keys["zhao-hui"]]
        if self.number == 6:
            team.append(self.cast.keys["djordjevic"])
        lecture = 0
        for plan, session in self.sessions:
            session.edition = edition
            present = [
                a for a in participants if self.attends(plan, a, keen[a.pk], groups[a.pk], lecture)
            ]
            lecture += plan.required
            speakers = {
                self.cast.keys[key].pk for key in plan.talk.speakers if key in self.cast.keys
            }
            guests = [
                a
                for user_id, a in invited.items()
                if user_id in speakers
                or (plan.kind == SessionKind.CEREMONY and self.attendance_rng.random() < 0.85)
            ]
            rows = []
            for application in present:
                method = self.method(plan)
                if method == CheckInMethod.CODE:
                    moment = plan.starts_at + dt.timedelta(
                        minutes=-14 + 24 * self.attendance_rng.random()
                    )
                    by = application.applicant
                else:
                    moment = plan.starts_at - dt.timedelta(
                        minutes=1 + 14 * self.attendance_rng.random()
                    )
                    by = self.attendance_rng.choice(team)
                rows.append((moment.replace(microsecond=0), application, method, by))
            for application in guests:
                by = self.attendance_rng.choice(team)
                rows.append((plan.starts_at - dt.timedelta(minutes=5), application, "list", by))
            rows.sort(key=lambda row: (row[0], row[1].pk))
            # The service records the opening ceremony's badge scans and the check-ins
            # of the people with a story; the others are bulk-inserted.
            opening = self.number == 6 and plan is self.sessions[0][0]
            through_services = [
                row for row in rows if opening or row[1].applicant.email in SPECIAL_ANSWERS
            ]
            for moment, application, method, by in through_services:
                self.clock.set(moment)
                if method == CheckInMethod.CODE:
                    attendance.self_check_in(
                        application=application, code=session.checkin_code, now=moment
                    )
                elif method == CheckInMethod.BADGE:
                    attendance.check_in_by_badge(
                        session=session, badge_code=application.badge_code, by=by
                    )
                else:
                    attendance.check_in(
                        session=session, application=application, method=method, by=by
                    )
            chosen = {id(row) for row in through_services}
            self.bulk_check_in(session, [row for row in rows if id(row) not in chosen])

    def bulk_check_in(
        self, session: Session, rows: list[tuple[dt.datetime, Application, str, User]]
    ) -> None:
        """What ``attendance.check_in`` writes for each row (the check-in and its audit
        entry), in two inserts."""
        if not rows:
            return
        moments = [moment for moment, *_rest in rows]
        self.clock.queue(moments)
        made = CheckIn.objects.bulk_create(
            [
                CheckIn(session=session, application=application, method=method, checked_in_by=by)
                for _moment, application, method, by in rows
            ]
        )
        alliance = self.programme.alliance
        with translation.override("en"):
            entries = [
                AuditEntry(
                    actor=by,
                    action="training.checkin",
                    target_type=CheckIn._meta.label_lower,
                    target_id=str(checkin.pk),
                    target_repr=str(checkin)[:300],
                    alliance=alliance,
                    data={"session": session.pk, "application": application.pk, "method": method},
                )
                for checkin, (_moment, application, method, by) in zip(made, rows, strict=True)
            ]
        self.clock.queue(moments)
        AuditEntry.objects.bulk_create(entries)
        self.clock.set(moments[-1])


# --- The demo -------------------------------------------------------------------------


def create_programme(*, alliance: Alliance, cast: Cast, clock: Clock) -> Programme:
    clock.set(_at("2017-03-01T10:00", zoneinfo.ZoneInfo("Asia/Shanghai")))
    return services.programme_create(
        actor=cast.chair,
        alliance=alliance,
        organiser=institutions_by_key()[data.ORGANISER],
        slug=data.PROGRAMME_SLUG,
        title=data.PROGRAMME_TITLE.en,
        description=data.PROGRAMME_DESCRIPTION.en,
        original_language="en",
        translations=_translations(
            title=data.PROGRAMME_TITLE, description=data.PROGRAMME_DESCRIPTION
        ),
    )


def load_training(*, stream: TextIO | None = None) -> None:
    """Build the programme and its six editions with their people (idempotent)."""
    from huitong.alliance.generate import Progress

    progress = Progress("training", len(data.EDITIONS), stream)
    programme = Programme.objects.filter(slug=data.PROGRAMME_SLUG).first()
    done = set(programme.editions.values_list("number", flat=True)) if programme else set()
    if all(spec["number"] in done for spec in data.EDITIONS):
        progress.advance(len(data.EDITIONS))
        return
    the_plan = plan()
    alliance = Alliance.objects.get(slug=data.ALLIANCE)
    with replay() as clock, translation.override("en"):
        with transaction.atomic():
            cast = make_cast(create_people(the_plan, clock))
            if programme is None:
                programme = create_programme(alliance=alliance, cast=cast, clock=clock)
        for spec in data.EDITIONS:
            if spec["number"] not in done:
                with transaction.atomic():
                    EditionBuilder(
                        spec=spec,
                        programme=programme,
                        cast=cast,
                        entries=the_plan.editions[spec["number"]],
                        people=the_plan.people,
                        clock=clock,
                    ).build()
            progress.advance(1)
