"""The training API's programmes, editions and timetable (read only). Every endpoint goes
through ``access``; anonymous clients read what anonymous visitors see, cached like the
pages. A timetable in draft is shown to the edition's organisers only."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema
from ninja.decorators import decorate_view
from ninja.pagination import LimitOffsetPagination, paginate

from huitong.core.api import PUBLIC, LanguageFilter, LocalizedText, localized
from huitong.core.page_cache import cache_public_page
from huitong.training import access, selectors, services
from huitong.training.api import router
from huitong.training.models import Edition, Programme, Session, Speaker

StatusFilter = Literal["", "published", "cancelled"]


class InstitutionRefOut(Schema):
    id: int
    name: str
    localized_name: LocalizedText
    country: str = Field(..., alias="country_id")

    @staticmethod
    def resolve_localized_name(obj: Any) -> dict[str, Any]:
        return localized(obj, "name")


class EditionCardOut(Schema):
    id: int
    programme: str = Field(..., alias="programme.slug")
    number: int
    title: str
    localized_title: LocalizedText
    starts_on: date
    ends_on: date
    city: str
    country: str = Field(..., alias="country_id")
    time_zone: str
    languages: list[str]
    status: str
    capacity: int
    places_left: int
    timetable_published: bool
    url: str

    @staticmethod
    def resolve_localized_title(obj: Edition) -> dict[str, Any]:
        return localized(obj, "title")

    @staticmethod
    def resolve_url(obj: Edition) -> str:
        return obj.get_absolute_url()


class ProgrammeOut(Schema):
    slug: str
    title: str
    localized_title: LocalizedText
    description: str
    localized_description: LocalizedText
    alliance: str = Field(..., alias="alliance.slug")
    organiser: InstitutionRefOut
    url: str

    @staticmethod
    def resolve_localized_title(obj: Programme) -> dict[str, Any]:
        return localized(obj, "title")

    @staticmethod
    def resolve_localized_description(obj: Programme) -> dict[str, Any]:
        return localized(obj, "description")

    @staticmethod
    def resolve_url(obj: Programme) -> str:
        return obj.get_absolute_url()


class ProgrammeDetailOut(ProgrammeOut):
    editions: list[EditionCardOut]

    @staticmethod
    def resolve_editions(obj: Programme) -> Any:
        return obj.visible_editions  # type: ignore[attr-defined]


class OrganiserOut(Schema):
    name_latin: str = Field(..., alias="user.name_latin")
    name_native: str = Field(..., alias="user.name_native")
    role: str


class EditionDetailOut(EditionCardOut):
    description: str
    localized_description: LocalizedText
    venue: str
    localized_venue: LocalizedText
    original_language: str
    translations: dict[str, dict[str, str]]
    applications_open: datetime | None
    application_deadline: datetime | None
    attendance_rule: int
    organising_institutions: list[InstitutionRefOut]
    partner_institutions: list[InstitutionRefOut]
    organisers: list[OrganiserOut]

    @staticmethod
    def resolve_localized_description(obj: Edition) -> dict[str, Any]:
        return localized(obj, "description")

    @staticmethod
    def resolve_localized_venue(obj: Edition) -> dict[str, Any]:
        return localized(obj, "venue")

    # ``get_edition`` puts these on the edition it returns.
    @staticmethod
    def resolve_organising_institutions(obj: Edition) -> Any:
        return obj.institutions.organising  # type: ignore[attr-defined]

    @staticmethod
    def resolve_partner_institutions(obj: Edition) -> Any:
        return obj.institutions.partners  # type: ignore[attr-defined]

    @staticmethod
    def resolve_organisers(obj: Edition) -> Any:
        return obj.team  # type: ignore[attr-defined]


class SpeakerOut(Schema):
    name: str
    name_native: str
    affiliation: str
    member: bool

    @staticmethod
    def resolve_member(obj: Speaker) -> bool:
        return obj.user_id is not None


class SessionOut(Schema):
    id: int
    kind: str
    title: str
    localized_title: LocalizedText
    description: str
    localized_description: LocalizedText
    room: str
    track: str
    starts_at: datetime = Field(..., description="In UTC.")
    ends_at: datetime = Field(..., description="In UTC.")
    local_start: str = Field(..., description="ISO 8601 in the edition's time zone.")
    local_end: str = Field(..., description="ISO 8601 in the edition's time zone.")
    day: date = Field(..., description="The day in the edition's time zone.")
    required: bool
    credit_hours: Decimal
    speakers: list[SpeakerOut]
    material_count: int
    url: str

    @staticmethod
    def resolve_localized_title(obj: Session) -> dict[str, Any]:
        return localized(obj, "title")

    @staticmethod
    def resolve_localized_description(obj: Session) -> dict[str, Any]:
        return localized(obj, "description")

    @staticmethod
    def resolve_speakers(obj: Session) -> list[Speaker]:
        return list(obj.speakers.all())

    @staticmethod
    def resolve_url(obj: Session) -> str:
        return obj.get_absolute_url()


class TimetableOut(Schema):
    edition_id: int
    time_zone: str
    published: bool
    sessions: list[SessionOut]


class EditionFiltersIn(Schema):
    programme: str = Field("", max_length=60, description="A programme's short address.")
    year: int | None = Field(None, ge=1900, le=2200, description="Editions held in that year.")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2 code.")
    language: LanguageFilter = ""
    status: StatusFilter = ""


@router.get("/training/programmes", response=list[ProgrammeOut], auth=PUBLIC)
@decorate_view(cache_public_page)
@paginate(LimitOffsetPagination)
def list_programmes(request: HttpRequest) -> Any:
    """Training programmes, each held edition after edition."""
    return Programme.objects.select_related("alliance", "organiser").order_by("title", "pk")


@router.get("/training/programmes/{slug}", response=ProgrammeDetailOut, auth=PUBLIC)
@decorate_view(cache_public_page)
def get_programme(request: HttpRequest, slug: str) -> Programme:
    """A programme with its editions (drafts only for their organisers and the
    alliance's admins)."""
    programme = access.programme_for_viewer(user=request.user, slug=slug)
    editions = selectors.programme_editions(programme=programme, user=request.user)
    for edition in editions:
        edition.programme = programme
    programme.visible_editions = editions  # type: ignore[attr-defined]
    return programme


@router.get("/training/editions", response=list[EditionCardOut], auth=PUBLIC)
@decorate_view(cache_public_page)
@paginate(LimitOffsetPagination)
def list_editions(request: HttpRequest, filters: Query[EditionFiltersIn]) -> Any:
    """Published and cancelled editions, newest first."""
    return selectors.edition_list(selectors.EditionFilters(**filters.dict()))


@router.get("/training/editions/{edition_id}", response=EditionDetailOut, auth=PUBLIC)
@decorate_view(cache_public_page)
def get_edition(request: HttpRequest, edition_id: int) -> Edition:
    """An edition with its organising and partner institutions and its organiser team."""
    edition = access.edition_for_viewer(user=request.user, edition_id=edition_id)
    edition.institutions = selectors.edition_institutions(edition=edition)  # type: ignore[attr-defined]
    edition.team = selectors.edition_team(edition=edition)  # type: ignore[attr-defined]
    return edition


@router.get("/training/editions/{edition_id}/timetable", response=TimetableOut, auth=PUBLIC)
@decorate_view(cache_public_page)
def get_timetable(request: HttpRequest, edition_id: int) -> dict[str, Any]:
    """The edition's sessions in time order, with their speakers. A timetable in draft is
    shown to the edition's organisers only (404 for everyone else)."""
    edition = access.edition_for_viewer(user=request.user, edition_id=edition_id)
    if not access.timetable_visible(request.user, edition):
        raise Http404
    zone = services.zone_of(edition)
    sessions = selectors.edition_sessions(edition=edition)
    rows = []
    for session in sessions:
        start = session.starts_at.astimezone(zone)
        session.local_start = start.isoformat()  # type: ignore[attr-defined]
        session.local_end = session.ends_at.astimezone(zone).isoformat()  # type: ignore[attr-defined]
        session.day = start.date()  # type: ignore[attr-defined]
        rows.append(session)
    return {
        "edition_id": edition.pk,
        "time_zone": edition.time_zone,
        "published": edition.timetable_published,
        "sessions": rows,
    }
