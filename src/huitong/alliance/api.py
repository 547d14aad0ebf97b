"""The alliance network's HTTP API: alliances, countries, institutions, memberships and
affiliations. Every endpoint goes through ``access`` and writes through ``services``."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import LimitOffsetPagination, paginate

from huitong.accounts.access import current_user
from huitong.alliance import access, selectors, services
from huitong.alliance.models import (
    Affiliation,
    AffiliationRole,
    Alliance,
    Institution,
    InstitutionKind,
    Membership,
)
from huitong.core.api import PUBLIC, LocalizedText, localized
from huitong.core.errors import ServiceError
from huitong.core.models import Continent, Country
from huitong.core.page_cache import cache_public_page

router = Router(tags=["alliance network"])


class CountryOut(Schema):
    code: str
    alpha3: str
    name: str
    localized_name: LocalizedText
    continent: str

    @staticmethod
    def resolve_localized_name(obj: Country) -> dict[str, Any]:
        return localized(obj, "name")


class FiguresOut(Schema):
    members: int
    founding: int
    countries: int
    continents: int
    people: int
    people_by_role: dict[str, int]


class AllianceOut(Schema):
    slug: str
    name: str
    short_name: str
    description: str
    original_language: str
    translations: dict[str, dict[str, str]]
    localized_name: LocalizedText
    founded_on: date | None
    website: str
    figures: FiguresOut

    @staticmethod
    def resolve_localized_name(obj: Alliance) -> dict[str, Any]:
        return localized(obj, "name")

    @staticmethod
    def resolve_figures(obj: Alliance) -> dict[str, Any]:
        figures = selectors.alliance_figures(alliance=obj)
        return {
            "members": figures.members,
            "founding": figures.founding,
            "countries": figures.countries,
            "continents": figures.continents,
            "people": figures.people,
            "people_by_role": figures.people_by_role,
        }


class InstitutionOut(Schema):
    id: int
    name: str
    localized_name: LocalizedText
    kind: str
    country: str = Field(..., alias="country_id")
    city: str
    website: str
    description: str
    original_language: str
    translations: dict[str, dict[str, str]]

    @staticmethod
    def resolve_localized_name(obj: Institution) -> dict[str, Any]:
        return localized(obj, "name")


class InstitutionIn(Schema):
    name: str
    kind: Literal["university", "hospital", "society", "institute", "government"]
    country: str = Field(..., description="ISO 3166-1 alpha-2 code, e.g. RS")
    city: str
    website: str = ""
    description: str = ""
    original_language: str = "en"
    translations: dict[str, dict[str, str]] = Field(default_factory=dict)


class InstitutionPatch(Schema):
    name: str | None = None
    kind: Literal["university", "hospital", "society", "institute", "government"] | None = None
    country: str | None = None
    city: str | None = None
    website: str | None = None
    description: str | None = None
    original_language: str | None = None
    translations: dict[str, dict[str, str]] | None = None


class MembershipOut(Schema):
    id: int
    alliance: str = Field(..., alias="alliance.slug")
    institution: InstitutionOut
    status: str
    is_founding: bool
    applied_at: datetime | None
    joined_on: date | None
    left_on: date | None


class MembershipIn(Schema):
    institution_id: int
    note: str = ""


class NoteIn(Schema):
    note: str = ""


class AffiliationOut(Schema):
    id: int
    user_id: int
    user_name: str = Field(..., alias="user.display_name")
    institution_id: int
    role: str
    status: str
    requested_at: datetime
    decided_at: datetime | None


class AffiliationIn(Schema):
    institution_id: int
    role: Literal["institution_admin", "faculty", "student", "clinician", "researcher"]
    message: str = ""


class DirectoryFilters(Schema):
    country: str = ""
    kind: Literal["", "university", "hospital", "society", "institute", "government"] = ""
    status: str = ""
    q: str = Field("", max_length=100)


class InstitutionFilters(Schema):
    country: str = ""
    kind: Literal["", "university", "hospital", "society", "institute", "government"] = ""
    alliance: str = ""
    q: str = Field("", max_length=100)


class AffiliationFilters(Schema):
    institution: int | None = None
    status: Literal["", "pending", "approved", "rejected", "ended"] = ""
    role: Literal["", "institution_admin", "faculty", "student", "clinician", "researcher"] = ""


def _country(code: str) -> Country:
    country = Country.objects.filter(pk=code.strip().upper()).first()
    if country is None:
        raise ServiceError(
            _("“%(code)s” is not an ISO 3166-1 country code.") % {"code": code},
            code="unknown_country",
        )
    return country


# --- Countries and alliances ----------------------------------------------------------


@router.get("/countries", response=list[CountryOut], auth=PUBLIC)
@decorate_view(cache_public_page)
def list_countries(request: HttpRequest, continent: str = "") -> list[Country]:
    countries = list(selectors.countries_by_code().values())
    if continent:
        if continent.upper() not in Continent.values:
            raise ServiceError(_("Unknown continent."), code="unknown_continent")
        countries = [c for c in countries if c.continent == continent.upper()]
    return sorted(countries, key=lambda c: c.code)


@router.get("/alliances", response=list[AllianceOut], auth=PUBLIC)
@decorate_view(cache_public_page)
def list_alliances(request: HttpRequest) -> list[Alliance]:
    return [card.alliance for card in selectors.alliance_cards()]


@router.get("/alliances/{slug}", response=AllianceOut, auth=PUBLIC)
@decorate_view(cache_public_page)
def get_alliance(request: HttpRequest, slug: str) -> Alliance:
    return access.alliance_for_public(slug=slug)


@router.get("/alliances/{slug}/memberships", response=list[MembershipOut], auth=PUBLIC)
@decorate_view(cache_public_page)
@paginate(LimitOffsetPagination)
def list_memberships(request: HttpRequest, slug: str, filters: Query[DirectoryFilters]) -> Any:
    alliance = access.alliance_for_public(slug=slug)
    statuses = access.membership_status_filter_for(request.user, alliance)
    if filters.status and filters.status not in statuses:
        raise ServiceError(_("Select a valid choice."), code="invalid_status")
    return selectors.directory(
        alliance=alliance,
        statuses=statuses,
        country=filters.country,
        kind=filters.kind,
        status=filters.status,
        query=filters.q,
    ).select_related("alliance")


@router.post("/alliances/{slug}/memberships", response={201: MembershipOut})
def apply_for_membership(request: HttpRequest, slug: str, payload: MembershipIn) -> Any:
    user = current_user(request)
    alliance = access.alliance_for_public(slug=slug)
    institution = access.institution_for_admin(user=user, institution_id=payload.institution_id)
    membership = services.membership_apply(
        actor=user, alliance=alliance, institution=institution, note=payload.note
    )
    return Status(201, membership)


@router.get("/memberships/{membership_id}", response=MembershipOut, auth=PUBLIC)
def get_membership(request: HttpRequest, membership_id: int) -> Membership:
    return access.membership_for_viewer(user=request.user, membership_id=membership_id)


@router.post("/memberships/{membership_id}/{action}", response=MembershipOut)
def transition_membership(
    request: HttpRequest,
    membership_id: int,
    action: Literal["approve", "reject", "suspend", "reinstate", "leave", "reapply"],
    payload: NoteIn,
) -> Membership:
    user = current_user(request)
    membership = access.membership_for_transition(
        user=user, membership_id=membership_id, action=action
    )
    return services.membership_transition(
        actor=user, membership=membership, action=action, note=payload.note
    )


# --- Institutions ---------------------------------------------------------------------


@router.get("/institutions", response=list[InstitutionOut], auth=PUBLIC)
@decorate_view(cache_public_page)
@paginate(LimitOffsetPagination)
def list_institutions(request: HttpRequest, filters: Query[InstitutionFilters]) -> Any:
    return selectors.institutions(
        country=filters.country, kind=filters.kind, alliance=filters.alliance, query=filters.q
    )


@router.get("/institutions/{institution_id}", response=InstitutionOut, auth=PUBLIC)
@decorate_view(cache_public_page)
def get_institution(request: HttpRequest, institution_id: int) -> Institution:
    return access.institution_for_viewer(user=request.user, institution_id=institution_id)


@router.post("/institutions", response={201: InstitutionOut})
def create_institution(request: HttpRequest, payload: InstitutionIn) -> Any:
    user = current_user(request)
    fields = payload.dict()
    fields["country"] = _country(payload.country)
    institution = services.institution_create(actor=user, **fields)
    return Status(201, institution)


@router.patch("/institutions/{institution_id}", response=InstitutionOut)
def update_institution(
    request: HttpRequest, institution_id: int, payload: InstitutionPatch
) -> Institution:
    user = current_user(request)
    institution = access.institution_for_admin(user=user, institution_id=institution_id)
    fields = payload.dict(exclude_unset=True)
    if fields.get("country") is not None:
        fields["country"] = _country(fields["country"])
    fields = {name: value for name, value in fields.items() if value is not None}
    return services.institution_update(actor=user, institution=institution, **fields)


# --- Affiliations ---------------------------------------------------------------------


@router.get("/affiliations", response=list[AffiliationOut])
@paginate(LimitOffsetPagination)
def list_affiliations(request: HttpRequest, filters: Query[AffiliationFilters]) -> Any:
    """The signed-in person's own affiliations, or with ``institution``, that
    institution's people (for its admins)."""
    user = current_user(request)
    institution = None
    if filters.institution is not None:
        institution = access.institution_for_admin(user=user, institution_id=filters.institution)
    return selectors.affiliations(
        user=user, institution=institution, status=filters.status, role=filters.role
    )


@router.post("/affiliations", response={201: AffiliationOut})
def request_affiliation(request: HttpRequest, payload: AffiliationIn) -> Any:
    user = current_user(request)
    institution = access.institution_for_affiliation_request(
        user=user, institution_id=payload.institution_id
    )
    affiliation = services.affiliation_request(
        user=user, institution=institution, role=payload.role, message=payload.message
    )
    return Status(201, affiliation)


@router.post("/affiliations/{affiliation_id}/{decision}", response=AffiliationOut)
def decide_affiliation(
    request: HttpRequest,
    affiliation_id: int,
    decision: Literal["approve", "reject", "end"],
) -> Affiliation:
    user = current_user(request)
    if decision == "end":
        affiliation = access.affiliation_for_end(user=user, affiliation_id=affiliation_id)
        return services.affiliation_end(actor=user, affiliation=affiliation)
    affiliation = access.affiliation_for_decision(user=user, affiliation_id=affiliation_id)
    return services.affiliation_decide(
        actor=user, affiliation=affiliation, approve=decision == "approve"
    )


__all__ = ["AffiliationRole", "InstitutionKind", "get_object_or_404", "router"]
