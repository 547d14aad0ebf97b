"""Every non-trivial read of the alliance network, shared by pages and the API."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from huitong.accounts.models import User
from huitong.alliance.models import (
    PUBLIC_MEMBERSHIP_STATUSES,
    Affiliation,
    AffiliationRole,
    AffiliationStatus,
    Alliance,
    Institution,
    InstitutionKind,
    Membership,
    MembershipStatus,
)
from huitong.core import cache as figures_cache
from huitong.core.models import AuditEntry, Continent, Country
from huitong.terminology.search import fold


def countries_by_code() -> dict[str, Country]:
    """All countries, cached: they change only by migration."""
    return figures_cache.cached(
        "countries", lambda: {country.code: country for country in Country.objects.all()}
    )


@dataclass
class AllianceFigures:
    members: int = 0
    founding: int = 0
    countries: int = 0
    continents: int = 0
    applications: int = 0
    people: int = 0
    people_by_role: dict[str, int] = field(default_factory=dict)
    members_by_kind: dict[str, int] = field(default_factory=dict)
    # The cloud course platform: published courses, distinct learners, completed
    # enrolments, the countries learners come from (their profile's), the largest first.
    any_course: bool = False  # any course at all, whatever its status
    courses: int = 0
    learners: int = 0
    completions: int = 0
    learner_countries: int = 0
    learners_by_country: list[tuple[str, int]] = field(default_factory=list)
    # The training programmes (on-site courses): each with ``edition_count`` (its
    # published editions); the editions, the people trained (accepted participants, each
    # counted once; invited speakers and experts are not) and the countries they come from.
    programmes: list[Any] = field(default_factory=list)
    editions: int = 0
    trained: int = 0
    trained_countries: int = 0

    def role_rows(self) -> list[tuple[str, int]]:
        labels = dict(AffiliationRole.choices)
        return [
            (str(labels[role]), self.people_by_role.get(role, 0)) for role in AffiliationRole.values
        ]

    def kind_rows(self) -> list[tuple[str, int]]:
        labels = dict(InstitutionKind.choices)
        return [
            (str(labels[kind]), self.members_by_kind[kind])
            for kind in InstitutionKind.values
            if self.members_by_kind.get(kind)
        ]

    def learner_country_rows(self) -> list[tuple[Country, int]]:
        """The countries most learners come from (at most ``TOP_COUNTRIES``)."""
        countries = countries_by_code()
        return [(countries[code], n) for code, n in self.learners_by_country if code in countries]


# How many countries the alliance's page lists under "Learners by country".
TOP_COUNTRIES = 10


def _course_figures(alliance_id: int) -> dict[str, Any]:
    from huitong.courses.models import Course, CourseStatus, Enrolment

    courses = Course.objects.filter(alliance_id=alliance_id).aggregate(
        any=Count("id"), approved=Count("id", filter=Q(status=CourseStatus.APPROVED))
    )
    enrolments = Enrolment.objects.filter(course__alliance_id=alliance_id)
    totals = enrolments.aggregate(
        learners=Count("learner_id", distinct=True),
        completions=Count("id", filter=Q(completed_at__isnull=False)),
        countries=Count("learner__country", distinct=True),
    )
    by_country = (
        enrolments.filter(learner__country__isnull=False)
        .values_list("learner__country")
        .annotate(n=Count("learner_id", distinct=True))
        .order_by("-n", "learner__country")[:TOP_COUNTRIES]
    )
    return {
        "any_course": bool(courses["any"]),
        "courses": courses["approved"],
        "learners": totals["learners"],
        "completions": totals["completions"],
        "learner_countries": totals["countries"],
        "learners_by_country": [(code, n) for code, n in by_country],
    }


def _training_figures(alliance_id: int) -> dict[str, Any]:
    """The alliance's training programmes and what their published editions achieved:
    two queries."""
    from huitong.training.models import (
        Application,
        ApplicationStatus,
        EditionStatus,
        ParticipantRole,
        Programme,
    )

    programmes = list(
        Programme.objects.filter(alliance_id=alliance_id)
        .annotate(
            edition_count=Count("editions", filter=Q(editions__status=EditionStatus.PUBLISHED))
        )
        .order_by("title", "pk")
    )
    if not programmes:
        return {}
    trained = Application.objects.filter(
        edition__programme__alliance_id=alliance_id,
        edition__status=EditionStatus.PUBLISHED,
        status=ApplicationStatus.ACCEPTED,
        role=ParticipantRole.PARTICIPANT,
    ).aggregate(
        people=Count("applicant_id", distinct=True),
        countries=Count("applicant__country", distinct=True),
    )
    return {
        "programmes": programmes,
        "editions": sum(p.edition_count for p in programmes),
        "trained": trained["people"],
        "trained_countries": trained["countries"],
    }


def _compute_figures(alliance_id: int) -> AllianceFigures:
    members = Membership.objects.filter(alliance_id=alliance_id, status=MembershipStatus.APPROVED)
    totals = members.aggregate(
        members=Count("id"),
        founding=Count("id", filter=Q(is_founding=True)),
        countries=Count("institution__country", distinct=True),
        continents=Count("institution__country__continent", distinct=True),
    )
    by_kind = dict(members.values_list("institution__kind").annotate(n=Count("id")))
    people = Affiliation.objects.filter(
        status=AffiliationStatus.APPROVED,
        institution__memberships__alliance_id=alliance_id,
        institution__memberships__status=MembershipStatus.APPROVED,
    )
    by_role = dict(people.values_list("role").annotate(n=Count("user_id", distinct=True)))
    return AllianceFigures(
        members=totals["members"],
        founding=totals["founding"],
        countries=totals["countries"],
        continents=totals["continents"],
        applications=Membership.objects.filter(
            alliance_id=alliance_id, status=MembershipStatus.APPLIED
        ).count(),
        people=people.values("user_id").distinct().count(),
        people_by_role=by_role,
        members_by_kind=by_kind,
        **_course_figures(alliance_id),
        **_training_figures(alliance_id),
    )


def alliance_figures(*, alliance: Alliance) -> AllianceFigures:
    """Live figures of an alliance: computed from the data, cached until the next change."""
    return figures_cache.cached(f"figures:{alliance.pk}", lambda: _compute_figures(alliance.pk))


@dataclass
class AllianceCard:
    alliance: Alliance
    figures: AllianceFigures


def alliance_cards() -> list[AllianceCard]:
    alliances = list(Alliance.objects.select_related("initiator").order_by("founded_on", "name"))
    return [AllianceCard(a, alliance_figures(alliance=a)) for a in alliances]


@dataclass
class CountryRow:
    country: Country
    members: int


@dataclass
class ContinentGroup:
    code: str
    label: str
    members: int
    countries: list[CountryRow]


def members_by_country(*, alliance: Alliance) -> list[ContinentGroup]:
    """Member institutions per country, grouped by continent, largest first."""

    def compute() -> list[tuple[str, int]]:
        rows = (
            Membership.objects.filter(alliance=alliance, status=MembershipStatus.APPROVED)
            .values_list("institution__country")
            .annotate(n=Count("id"))
        )
        return [(code, n) for code, n in rows]

    counts = figures_cache.cached(f"by-country:{alliance.pk}", compute)
    countries = countries_by_code()
    groups: dict[str, ContinentGroup] = {}
    labels = dict(Continent.choices)
    for code, n in counts:
        country = countries[code]
        group = groups.setdefault(
            country.continent,
            ContinentGroup(country.continent, str(labels[country.continent]), 0, []),
        )
        group.members += n
        group.countries.append(CountryRow(country, n))
    for group in groups.values():
        group.countries.sort(key=lambda row: (-row.members, str(row.country)))
    return sorted(groups.values(), key=lambda g: (-g.members, g.label))


def approved_members(*, alliance_id: int) -> QuerySet[Institution]:
    """The alliance's approved member institutions, by name (for choosing among them)."""
    return Institution.objects.filter(
        memberships__alliance_id=alliance_id, memberships__status=MembershipStatus.APPROVED
    ).order_by("name")


def is_approved_member(*, alliance: Alliance, institution: Institution) -> bool:
    return institution.memberships.filter(
        alliance=alliance, status=MembershipStatus.APPROVED
    ).exists()


def member_countries(*, alliance: Alliance) -> list[Country]:
    """Countries with at least one member (for the directory's country filter)."""

    def compute() -> list[str]:
        return sorted(
            set(
                Membership.objects.filter(alliance=alliance, status__in=PUBLIC_MEMBERSHIP_STATUSES)
                .values_list("institution__country", flat=True)
                .distinct()
            )
        )

    countries = countries_by_code()
    codes = figures_cache.cached(f"member-countries:{alliance.pk}", compute)
    return sorted((countries[code] for code in codes), key=str)


def directory(
    *,
    alliance: Alliance,
    statuses: tuple[str, ...],
    country: str = "",
    kind: str = "",
    status: str = "",
    query: str = "",
) -> QuerySet[Membership]:
    memberships = Membership.objects.filter(alliance=alliance, status__in=statuses)
    if country:
        memberships = memberships.filter(institution__country_id=country.upper())
    if kind:
        memberships = memberships.filter(institution__kind=kind)
    if status:
        memberships = memberships.filter(status=status)
    if query:
        memberships = memberships.filter(institution__search_text__contains=fold(query))
    return memberships.select_related("institution", "institution__country").order_by(
        "institution__name", "pk"
    )


def institutions(
    *, country: str = "", kind: str = "", alliance: str = "", query: str = "", user: Any = None
) -> QuerySet[Institution]:
    """Institutions anyone may see (members or former members of some alliance)."""
    visible = Institution.objects.filter(memberships__status__in=PUBLIC_MEMBERSHIP_STATUSES)
    if alliance:
        visible = visible.filter(memberships__alliance__slug=alliance)
    if country:
        visible = visible.filter(country_id=country.upper())
    if kind:
        visible = visible.filter(kind=kind)
    if query:
        visible = visible.filter(search_text__contains=fold(query))
    return (
        Institution.objects.filter(pk__in=visible.values("pk"))
        .select_related("country")
        .order_by("name", "pk")
    )


@dataclass
class InstitutionProfile:
    memberships: list[Membership]
    people_by_role: list[tuple[str, int]]


def institution_profile(*, institution: Institution, show_all: bool) -> InstitutionProfile:
    memberships = institution.memberships.select_related("alliance")
    if not show_all:
        memberships = memberships.filter(status__in=PUBLIC_MEMBERSHIP_STATUSES)
    counts = dict(
        institution.affiliations.filter(status=AffiliationStatus.APPROVED)
        .values_list("role")
        .annotate(n=Count("id"))
    )
    labels = dict(AffiliationRole.choices)
    return InstitutionProfile(
        memberships=list(memberships.order_by("alliance__name")),
        people_by_role=[
            (str(labels[r]), counts[r]) for r in AffiliationRole.values if counts.get(r)
        ],
    )


def institution_people(*, institution: Institution, status: str = "") -> QuerySet[Affiliation]:
    people = institution.affiliations.select_related("user", "user__country")
    if status:
        people = people.filter(status=status)
    return people.order_by("status", "user__name_latin", "pk")


def affiliations_of_user(*, user: User) -> QuerySet[Affiliation]:
    return user.affiliations.select_related("institution", "institution__country").order_by(
        "-requested_at"
    )


def institutions_of(user_ids: Iterable[int]) -> dict[int, list[Institution]]:
    """The institutions where each person has an approved affiliation, by name."""
    found: dict[int, list[Institution]] = defaultdict(list)
    rows = (
        Affiliation.objects.filter(user_id__in=list(user_ids), status=AffiliationStatus.APPROVED)
        .select_related("institution")
        .order_by("institution__name", "institution__pk")
    )
    for affiliation in rows:
        mine = found[affiliation.user_id]
        if all(i.pk != affiliation.institution_id for i in mine):
            mine.append(affiliation.institution)
    return found


def affiliations(
    *, user: User, institution: Institution | None, status: str = "", role: str = ""
) -> QuerySet[Affiliation]:
    """The API's list: one institution's people (for its admins) or the user's own."""
    if institution is not None:
        rows = Affiliation.objects.filter(institution=institution)
    else:
        rows = Affiliation.objects.filter(user=user)
    if status:
        rows = rows.filter(status=status)
    if role:
        rows = rows.filter(role=role)
    return rows.select_related("user", "institution").order_by("-requested_at", "-pk")


def institutions_administered_by(*, user: User) -> QuerySet[Institution]:
    return Institution.objects.filter(
        affiliations__user=user,
        affiliations__role=AffiliationRole.INSTITUTION_ADMIN,
        affiliations__status=AffiliationStatus.APPROVED,
    ).order_by("name")


def alliances_administered_by(*, user: User) -> QuerySet[Alliance]:
    if user.is_superuser:
        return Alliance.objects.order_by("name")
    return user.administered_alliances.order_by("name")


def applications(*, alliance: Alliance) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(alliance=alliance)
        .select_related("institution", "institution__country")
        .order_by("status", "institution__name")
    )


def audit_log(
    *, alliance: Alliance | None = None, institution: Institution | None = None
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("actor")
    if alliance is not None:
        entries = entries.filter(alliance=alliance)
    if institution is not None:
        entries = entries.filter(institution=institution)
    return entries.order_by("-created_at", "-pk")
