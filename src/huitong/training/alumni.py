"""Reads of the attendance part: who attended what (the check-in list of a session, the
attendance overview of an edition with the certificate rule), a person's journey across
editions and roles, and the alumni figures of an edition and of a programme.

Each read runs a fixed number of queries, whatever the number of people.

Definitions used by the figures (docs/training.md, "Attendance, certificates and alumni"):

- **people** of an edition: its accepted applications in the role *participant* (the
  people trained); invited speakers and collaborating experts are a separate figure
  (``invited``) and appear only in the breakdown by role; across a programme's editions
  each person counts once, with the country and profession of their profile today;
- **acceptance rate**: accepted / decided, among the applications that went through review
  (invited speakers and experts are not reviewed and not counted). Decided means accepted,
  not accepted, on the waiting list, offered a place, or offer expired; applications still
  waiting for a decision and withdrawn ones are left out;
- **attendance rate**: check-ins at required sessions / (participants * required
  sessions), for accepted applications in the role *participant* (speakers and experts
  come for their own sessions and would pull the figure down for no reason);
- **institution**: the institutions where the person has an approved affiliation; a
  person with two counts for both, a person with none under "No institution given".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, Lower
from django.utils.translation import gettext as _

from huitong.accounts.models import ProfessionalRole, User
from huitong.alliance.models import Affiliation, AffiliationStatus, Institution
from huitong.alliance.selectors import institutions_of
from huitong.certificates.models import Certificate
from huitong.core.i18n import translated
from huitong.core.models import Continent, Country
from huitong.terminology.search import fold
from huitong.training.attendance import Attendance
from huitong.training.models import (
    Application,
    ApplicationStatus,
    CheckIn,
    Edition,
    EditionOrganiser,
    EditionStatus,
    ParticipantRole,
    Programme,
    Session,
    Speaker,
)

DECIDED_STATUSES = (
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.OFFERED,
    ApplicationStatus.EXPIRED,
)
# Bars drawn per chart; the table under it has every row.
CHART_ROWS = 15


def _certificate_exists() -> Exists:
    return Exists(
        Certificate.objects.filter(
            source_type=ContentType.objects.get_for_model(Application),
            source_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
    )


def certificates_of(applications: Iterable[Application]) -> dict[int, Certificate]:
    """The certificates of these applications, by application id, in one query."""
    ids = [str(a.pk) for a in applications]
    if not ids:
        return {}
    found = Certificate.objects.filter(
        source_type=ContentType.objects.get_for_model(Application), source_id__in=ids
    )
    return {int(c.source_id): c for c in found}


# --- Attendance of an edition ---------------------------------------------------------


def participants(edition: Edition) -> QuerySet[Application]:
    """The edition's accepted applications, by name."""
    return (
        Application.objects.filter(edition=edition, status=ApplicationStatus.ACCEPTED)
        .select_related("applicant", "applicant__country")
        .order_by(Lower("applicant__name_latin"), "applicant__name_native", "pk")
    )


def attendance_of(
    *, edition: Edition, applications: list[Application] | None = None
) -> list[Attendance]:
    """Each application's attendance (all accepted ones when none are given), with its
    certificate: four queries."""
    if applications is None:
        applications = list(participants(edition))
    sessions = {
        s.pk: s
        for s in Session.objects.filter(edition=edition).only(
            "kind", "required", "cme_hours", "starts_at", "ends_at", "edition_id"
        )
    }
    required_total = sum(1 for s in sessions.values() if s.required)
    attended: dict[int, list[int]] = defaultdict(list)
    for application_id, session_id in CheckIn.objects.filter(
        application__in=[a.pk for a in applications]
    ).values_list("application_id", "session_id"):
        attended[application_id].append(session_id)
    certificates = certificates_of(applications)
    rows = []
    for application in applications:
        application.edition = edition
        mine = [sessions[pk] for pk in attended.get(application.pk, []) if pk in sessions]
        rows.append(
            Attendance(
                application=application,
                attended=len(mine),
                required_attended=sum(1 for s in mine if s.required),
                required_total=required_total,
                hours=sum((s.credit_hours for s in mine), Decimal("0")),
                rule=edition.attendance_rule,
                certificate=certificates.get(application.pk),
            )
        )
    return rows


@dataclass
class OverviewRow:
    attendance: Attendance
    institutions: list[Institution]

    @property
    def application(self) -> Application:
        return self.attendance.application

    @property
    def person(self) -> User:
        return self.attendance.application.applicant


def attendance_overview(*, edition: Edition) -> list[OverviewRow]:
    rows = attendance_of(edition=edition)
    institutions = institutions_of(r.application.applicant_id for r in rows)
    return [OverviewRow(r, institutions.get(r.application.applicant_id, [])) for r in rows]


# --- The check-in list of a session ---------------------------------------------------


def search_participants(*, edition: Edition, query: str) -> QuerySet[Application]:
    """Accepted applications whose person matches every word of ``query`` in a name (any
    script), the country (name or code) or an institution."""
    found = participants(edition)
    for word in query.split()[:5]:
        institution = Affiliation.objects.filter(
            user=OuterRef("applicant"),
            status=AffiliationStatus.APPROVED,
            institution__search_text__contains=fold(word),
        )
        found = found.filter(
            Q(applicant__name_latin__icontains=word)
            | Q(applicant__name_native__icontains=word)
            | Q(applicant__country__name__icontains=word)
            | Q(applicant__country__code__iexact=word)
            | Exists(institution)
        )
    return found


@dataclass
class RosterRow:
    application: Application
    institutions: list[Institution]
    checkin: CheckIn | None

    @property
    def person(self) -> User:
        return self.application.applicant


def session_roster(*, session: Session, applications: list[Application]) -> list[RosterRow]:
    """Rows of a session's check-in list for a page of applications: two queries."""
    checkins = {
        c.application_id: c
        for c in CheckIn.objects.filter(
            session=session, application__in=[a.pk for a in applications]
        )
    }
    institutions = institutions_of(a.applicant_id for a in applications)
    return [
        RosterRow(a, institutions.get(a.applicant_id, []), checkins.get(a.pk)) for a in applications
    ]


@dataclass
class Presence:
    present: int
    expected: int


def session_presence(*, session: Session) -> Presence:
    """Participants (role *participant*) checked in to the session, of those accepted:
    speakers and experts come for their own sessions and are not expected."""
    return Presence(
        present=CheckIn.objects.filter(
            session=session,
            application__status=ApplicationStatus.ACCEPTED,
            application__role=ParticipantRole.PARTICIPANT,
        ).count(),
        expected=Application.objects.filter(
            edition_id=session.edition_id,
            status=ApplicationStatus.ACCEPTED,
            role=ParticipantRole.PARTICIPANT,
        ).count(),
    )


def session_checkins(*, session: Session) -> QuerySet[CheckIn]:
    """The session's check-ins, first first, with the people."""
    return (
        CheckIn.objects.filter(session=session)
        .select_related("application__applicant", "application__applicant__country")
        .order_by("checked_in_at", "pk")
    )


# --- A person's journey ---------------------------------------------------------------


@dataclass
class JourneyStep:
    """What a person was at one edition: their roles (participant, speaker, expert,
    organiser), the sessions they attended and spoke at, and their certificate."""

    edition: Edition
    roles: list[str] = field(default_factory=list)
    application: Application | None = None
    attended: int = 0
    spoke: int = 0
    certificate: Certificate | None = None


def journey(*, person: User, include_drafts: bool = False) -> list[JourneyStep]:
    """The person's editions, oldest first: five queries."""
    steps: dict[int, JourneyStep] = {}
    editions = Edition.objects.select_related("programme", "country")
    if not include_drafts:
        editions = editions.exclude(status=EditionStatus.DRAFT)

    def step(edition: Edition) -> JourneyStep:
        return steps.setdefault(edition.pk, JourneyStep(edition))

    applications = list(
        Application.objects.filter(
            applicant=person,
            status=ApplicationStatus.ACCEPTED,
            edition__in=editions,
        )
        .select_related("edition", "edition__programme", "edition__country")
        .annotate(attended=Count("checkins"))
    )
    certificates = certificates_of(applications)
    roles = dict(ParticipantRole.choices)
    for application in applications:
        entry = step(application.edition)
        entry.application = application
        entry.roles.append(str(roles[application.role]))
        entry.attended = application.attended
        entry.certificate = certificates.get(application.pk)
    spoken = Counter(
        Speaker.objects.filter(
            user=person, session__edition__in=editions, session__edition__timetable_published=True
        ).values_list("session__edition_id", flat=True)
    )
    if spoken:
        for edition in editions.filter(pk__in=list(spoken)):
            entry = step(edition)
            entry.spoke = spoken[edition.pk]
            if str(roles[ParticipantRole.SPEAKER]) not in entry.roles:
                entry.roles.append(str(roles[ParticipantRole.SPEAKER]))
    for organiser in EditionOrganiser.objects.filter(
        user=person, edition__in=editions
    ).select_related("edition", "edition__programme", "edition__country"):
        step(organiser.edition).roles.append(organiser.get_role_display())
    return sorted(steps.values(), key=lambda s: (s.edition.starts_on, s.edition.pk))


# --- Figures --------------------------------------------------------------------------


@dataclass
class CountRow:
    key: str
    label: str
    count: int


@dataclass
class Breakdown:
    dimension: str  # country, continent, profession, institution, role, edition
    title: str
    rows: list[CountRow]

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows)


@dataclass
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator, 1)


@dataclass
class EditionRow:
    edition: Edition
    applications: int  # reviewed ones and invitations, all statuses
    people: int  # accepted participants (role participant)
    countries: int  # of the participants
    invited: int  # accepted speakers and experts
    acceptance: Rate
    attendance: Rate
    certificates: int


@dataclass
class Person:
    pk: int
    country_id: str | None
    profession: str


def _sorted(counter: Counter[str], labels: dict[str, str]) -> list[CountRow]:
    rows = [CountRow(key, labels.get(key, key), n) for key, n in counter.items()]
    # "not given" last, then largest first, then by name.
    return sorted(rows, key=lambda r: (r.key == "", -r.count, r.label.casefold()))


def _breakdowns(people: list[Person], roles: Counter[str]) -> list[Breakdown]:
    not_given = _("Not given")
    countries = {c.code: c for c in Country.objects.filter(pk__in={p.country_id for p in people})}
    by_country: Counter[str] = Counter(p.country_id or "" for p in people)
    country_labels = {code: translated(c, "name").text for code, c in countries.items()}
    by_continent: Counter[str] = Counter(
        countries[p.country_id].continent if p.country_id else "" for p in people
    )
    continent_labels = {code: str(label) for code, label in Continent.choices}
    by_profession: Counter[str] = Counter(p.profession for p in people)
    profession_labels = {code: str(label) for code, label in ProfessionalRole.choices}
    institutions = institutions_of(p.pk for p in people)
    by_institution: Counter[str] = Counter()
    institution_labels: dict[str, str] = {}
    for person in people:
        mine = institutions.get(person.pk, [])
        for institution in mine:
            by_institution[str(institution.pk)] += 1
            institution_labels[str(institution.pk)] = translated(institution, "name").text
        if not mine:
            by_institution[""] += 1
    role_labels = {code: str(label) for code, label in ParticipantRole.choices}
    for labels in (country_labels, continent_labels, profession_labels):
        labels[""] = not_given
    institution_labels[""] = _("No institution given")
    return [
        Breakdown("country", _("By country"), _sorted(by_country, country_labels)),
        Breakdown("continent", _("By continent"), _sorted(by_continent, continent_labels)),
        Breakdown("profession", _("By profession"), _sorted(by_profession, profession_labels)),
        Breakdown("institution", _("By institution"), _sorted(by_institution, institution_labels)),
        Breakdown("role", _("By role"), _sorted(roles, role_labels)),
    ]


def _edition_rows(editions: list[Edition]) -> list[EditionRow]:
    """The headline figures of each edition: four grouped queries for all of them."""
    ids = [e.pk for e in editions]
    statuses: dict[int, Counter[str]] = defaultdict(Counter)
    reviewed: dict[int, Counter[str]] = defaultdict(Counter)
    for edition_id, status, invited, n in (
        Application.objects.filter(edition__in=ids)
        .order_by()
        .values_list("edition_id", "status", "invited")
        .annotate(n=Count("pk"))
    ):
        statuses[edition_id][status] += n
        if not invited:
            reviewed[edition_id][status] += n
    countries: dict[int, set[str]] = defaultdict(set)
    learners: dict[int, int] = defaultdict(int)
    guests: dict[int, int] = defaultdict(int)
    certificates: dict[int, int] = defaultdict(int)
    for edition_id, country_id, role, has_certificate in (
        Application.objects.filter(edition__in=ids, status=ApplicationStatus.ACCEPTED)
        .annotate(has_certificate=_certificate_exists())
        .values_list("edition_id", "applicant__country_id", "role", "has_certificate")
    ):
        if role == ParticipantRole.PARTICIPANT:
            learners[edition_id] += 1
            if country_id:
                countries[edition_id].add(country_id)
        else:
            guests[edition_id] += 1
        if has_certificate:
            certificates[edition_id] += 1
    required = dict(
        Session.objects.filter(edition__in=ids, required=True)
        .order_by()
        .values_list("edition_id")
        .annotate(n=Count("pk"))
    )
    present = dict(
        CheckIn.objects.filter(
            session__edition__in=ids,
            session__required=True,
            application__status=ApplicationStatus.ACCEPTED,
            application__role=ParticipantRole.PARTICIPANT,
        )
        .order_by()
        .values_list("session__edition_id")
        .annotate(n=Count("pk"))
    )
    rows = []
    for edition in editions:
        decided = sum(reviewed[edition.pk][s] for s in DECIDED_STATUSES)
        rows.append(
            EditionRow(
                edition=edition,
                applications=sum(statuses[edition.pk].values()),
                people=learners[edition.pk],
                countries=len(countries[edition.pk]),
                invited=guests[edition.pk],
                acceptance=Rate(reviewed[edition.pk][ApplicationStatus.ACCEPTED], decided),
                attendance=Rate(
                    present.get(edition.pk, 0), learners[edition.pk] * required.get(edition.pk, 0)
                ),
                certificates=certificates[edition.pk],
            )
        )
    return rows


@dataclass
class EditionFigures:
    row: EditionRow
    breakdowns: list[Breakdown]


def edition_figures(*, edition: Edition) -> EditionFigures:
    accepted = Application.objects.filter(edition=edition, status=ApplicationStatus.ACCEPTED)
    people = []
    roles: Counter[str] = Counter()
    for pk, country, profession, role in accepted.values_list(
        "applicant_id", "applicant__country_id", "applicant__professional_role", "role"
    ):
        roles[role] += 1
        if role == ParticipantRole.PARTICIPANT:
            people.append(Person(pk, country, profession))
    return EditionFigures(_edition_rows([edition])[0], _breakdowns(people, roles))


@dataclass
class Returning:
    """A person who took part in more than one edition of the programme."""

    person: User
    steps: list[tuple[Edition, str]]  # (edition, role display), oldest first


@dataclass
class ProgrammeFigures:
    editions: list[EditionRow]
    people: int  # distinct participants (role participant) across the editions
    participations: int  # participations in the role participant
    invited: int  # distinct speakers and experts who never took part as participants
    countries: int
    breakdowns: list[Breakdown]
    returning: list[Returning]


def programme_editions(*, programme: Programme, include_drafts: bool) -> list[Edition]:
    editions = Edition.objects.filter(programme=programme).select_related("country", "programme")
    if not include_drafts:
        editions = editions.exclude(status=EditionStatus.DRAFT)
    return list(editions.order_by("starts_on", "number"))


def programme_figures(*, programme: Programme, include_drafts: bool = False) -> ProgrammeFigures:
    editions = programme_editions(programme=programme, include_drafts=include_drafts)
    by_pk = {e.pk: e for e in editions}
    rows = _edition_rows(editions)
    accepted = list(
        Application.objects.filter(edition__in=list(by_pk), status=ApplicationStatus.ACCEPTED)
        .order_by("edition__starts_on", "pk")
        .values_list(
            "applicant_id",
            "applicant__country_id",
            "applicant__professional_role",
            "role",
            "edition_id",
        )
    )
    people: dict[int, Person] = {}
    guests: set[int] = set()
    roles: Counter[str] = Counter()
    taken: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for person_id, country, profession, role, edition_id in accepted:
        if role == ParticipantRole.PARTICIPANT:
            people.setdefault(person_id, Person(person_id, country, profession))
        else:
            guests.add(person_id)
        roles[role] += 1
        taken[person_id].append((edition_id, role))
    role_labels = dict(ParticipantRole.choices)
    again = {pk: steps for pk, steps in taken.items() if len(steps) > 1}
    users = User.objects.in_bulk(list(again))
    returning = [
        Returning(users[pk], [(by_pk[e], str(role_labels[r])) for e, r in steps])
        for pk, steps in again.items()
    ]
    returning.sort(key=lambda r: r.person.name_latin.casefold())
    by_edition = Breakdown(
        "edition",
        _("People per edition"),
        [CountRow(str(r.edition.pk), _edition_label(r.edition), r.people) for r in rows],
    )
    return ProgrammeFigures(
        editions=rows,
        people=len(people),
        participations=sum(1 for row in accepted if row[3] == ParticipantRole.PARTICIPANT),
        invited=len(guests - set(people)),
        countries=len({p.country_id for p in people.values() if p.country_id}),
        breakdowns=[by_edition, *_breakdowns(list(people.values()), roles)],
        returning=returning,
    )


def _edition_label(edition: Edition) -> str:
    return _("No. %(number)d · %(year)d %(city)s") % {
        "number": edition.number,
        "year": edition.starts_on.year,
        "city": edition.city,
    }


# --- Charts ---------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    value: int
    width: int
    y: int


@dataclass
class Chart:
    """A bar chart drawn on the server as SVG (no script, no network)."""

    title: str
    bars: list[Bar]
    height: int
    more: int  # rows left out of the chart (the table has them)


def chart(breakdown: Breakdown, limit: int = CHART_ROWS) -> Chart:
    shown = breakdown.rows[:limit]
    largest = max((r.count for r in shown), default=1) or 1
    bars = []
    y = 4
    for row in shown:
        bars.append(Bar(row.label, row.count, max(2, round(420 * row.count / largest)), y))
        y += 20
    return Chart(breakdown.title, bars, y + 4, max(0, len(breakdown.rows) - limit))


def figures_csv_rows(breakdowns: list[Breakdown]) -> list[list[Any]]:
    """The figures as rows of (dimension, key, label, count) for the CSV export."""
    return [[b.dimension, r.key, r.label, r.count] for b in breakdowns for r in b.rows]
