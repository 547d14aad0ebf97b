"""Every page and API endpoint of the foundation, for the five kinds of visitor.

A row says what each visitor gets: 200/201 the page or object, 302 a redirect (to the
log-in page for anonymous visitors, or back to a page after a successful action), 401
the API's "sign in" answer, 403 refused, 404 hidden.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from huitong.alliance import services
from huitong.alliance.models import Affiliation, Institution, Membership
from huitong.testing import World, make_institution, make_user

ACTORS = ("anonymous", "outsider", "member", "institution_admin", "alliance_admin")


@dataclass
class Extra:
    """Objects some rows need besides the base case."""

    hidden: Institution  # only applied to the alliance: not public yet
    pending: Affiliation  # someone's request waiting at the member institution
    membership: Membership  # the member institution's approved membership
    second_alliance_slug: str


def extra(world: World) -> Extra:
    hidden = make_institution("Kathmandu University", country="NP", city="Dhulikhel")
    services.membership_apply(actor=None, alliance=world.alliance, institution=hidden)
    applicant = make_user("applicant@example.org")
    pending = services.affiliation_request(
        user=applicant, institution=world.institution, role="student"
    )
    second = services.alliance_create(actor=None, slug="hospitals", name="Flagship Hospitals")
    membership = Membership.objects.get(alliance=world.alliance, institution=world.institution)
    return Extra(hidden, pending, membership, second.slug)


@dataclass
class Row:
    name: str
    method: str
    url: Callable[[World, Extra], str]
    expected: tuple[int, int, int, int, int]  # in the order of ACTORS
    data: Callable[[World, Extra], dict[str, Any]] | None = None
    json: bool = False


ALL_200 = (200, 200, 200, 200, 200)
SIGNED_IN_200 = (302, 200, 200, 200, 200)
INSTITUTION_ADMIN_ONLY = (302, 403, 403, 200, 403)
API_SIGNED_IN = (401, 200, 200, 200, 200)

PAGES = [
    Row("home", "get", lambda w, e: "/", ALL_200),
    Row("alliance home", "get", lambda w, e: f"/a/{w.alliance.slug}/", ALL_200),
    Row("directory", "get", lambda w, e: f"/a/{w.alliance.slug}/members/", ALL_200),
    Row(
        "directory filtered",
        "get",
        lambda w, e: f"/a/{w.alliance.slug}/members/?country=RS&kind=university",
        ALL_200,
    ),
    Row("world view", "get", lambda w, e: f"/a/{w.alliance.slug}/world/", ALL_200),
    Row(
        "alliance administration",
        "get",
        lambda w, e: f"/a/{w.alliance.slug}/manage/",
        (302, 403, 403, 403, 200),
    ),
    Row("institution list", "get", lambda w, e: "/institutions/", ALL_200),
    Row("institution page", "get", lambda w, e: f"/institutions/{w.institution.pk}/", ALL_200),
    Row(
        "page of an institution that only applied",
        "get",
        lambda w, e: f"/institutions/{e.hidden.pk}/",
        (404, 404, 404, 404, 200),
    ),
    Row(
        "institution edit",
        "get",
        lambda w, e: f"/institutions/{w.institution.pk}/edit/",
        INSTITUTION_ADMIN_ONLY,
    ),
    Row(
        "institution management",
        "get",
        lambda w, e: f"/institutions/{w.institution.pk}/manage/",
        INSTITUTION_ADMIN_ONLY,
    ),
    Row("institution registration", "get", lambda w, e: "/institutions/new/", SIGNED_IN_200),
    Row(
        "affiliation request form",
        "get",
        lambda w, e: f"/institutions/{w.institution.pk}/affiliate/",
        SIGNED_IN_200,
    ),
    Row("profile", "get", lambda w, e: "/accounts/profile/", SIGNED_IN_200),
    Row("API tokens", "get", lambda w, e: "/accounts/tokens/", SIGNED_IN_200),
    Row("log-in page", "get", lambda w, e: "/accounts/login/", (200, 302, 302, 302, 302)),
    Row("sign-up page", "get", lambda w, e: "/accounts/signup/", (200, 302, 302, 302, 302)),
    Row("password change", "get", lambda w, e: "/accounts/password/", SIGNED_IN_200),
    Row("password reset", "get", lambda w, e: "/accounts/password/reset/", ALL_200),
    Row(
        "suspend a membership",
        "post",
        lambda w, e: f"/memberships/{e.membership.pk}/suspend/",
        (302, 403, 403, 403, 302),
    ),
    Row(
        "approve an application",
        "post",
        lambda w, e: f"/memberships/{e.hidden.memberships.get().pk}/approve/",
        (302, 404, 404, 404, 302),
    ),
    Row(
        "approve an affiliation",
        "post",
        lambda w, e: f"/affiliations/{e.pending.pk}/approve/",
        (302, 404, 404, 302, 404),
    ),
    Row(
        "apply to another alliance",
        "post",
        lambda w, e: f"/institutions/{w.institution.pk}/apply/",
        (302, 403, 403, 302, 403),
        data=lambda w, e: {"alliance": w.alliance.__class__.objects.get(slug="hospitals").pk},
    ),
]

API = [
    Row("api countries", "get", lambda w, e: "/api/countries", ALL_200),
    Row("api alliances", "get", lambda w, e: "/api/alliances", ALL_200),
    Row("api alliance", "get", lambda w, e: f"/api/alliances/{w.alliance.slug}", ALL_200),
    Row(
        "api memberships",
        "get",
        lambda w, e: f"/api/alliances/{w.alliance.slug}/memberships",
        ALL_200,
    ),
    Row("api membership", "get", lambda w, e: f"/api/memberships/{e.membership.pk}", ALL_200),
    Row(
        "api membership of an application",
        "get",
        lambda w, e: f"/api/memberships/{e.hidden.memberships.get().pk}",
        (404, 404, 404, 404, 200),
    ),
    Row("api institutions", "get", lambda w, e: "/api/institutions", ALL_200),
    Row("api institution", "get", lambda w, e: f"/api/institutions/{w.institution.pk}", ALL_200),
    Row(
        "api hidden institution",
        "get",
        lambda w, e: f"/api/institutions/{e.hidden.pk}",
        (404, 404, 404, 404, 200),
    ),
    Row("api me", "get", lambda w, e: "/api/accounts/me", API_SIGNED_IN),
    Row("api my affiliations", "get", lambda w, e: "/api/affiliations", API_SIGNED_IN),
    Row(
        "api people of an institution",
        "get",
        lambda w, e: f"/api/affiliations?institution={w.institution.pk}",
        (401, 403, 403, 200, 403),
    ),
    Row(
        "api register an institution",
        "post",
        lambda w, e: "/api/institutions",
        (401, 201, 201, 201, 201),
        data=lambda w, e: {
            "name": "Jagiellonian University",
            "kind": "university",
            "country": "PL",
            "city": "Kraków",
        },
        json=True,
    ),
    Row(
        "api edit an institution",
        "patch",
        lambda w, e: f"/api/institutions/{w.institution.pk}",
        (401, 403, 403, 200, 403),
        data=lambda w, e: {"city": "Luzhou, Sichuan"},
        json=True,
    ),
    Row(
        "api suspend a membership",
        "post",
        lambda w, e: f"/api/memberships/{e.membership.pk}/suspend",
        (401, 403, 403, 403, 200),
        data=lambda w, e: {},
        json=True,
    ),
    Row(
        "api apply for membership",
        "post",
        lambda w, e: f"/api/alliances/{e.second_alliance_slug}/memberships",
        (401, 403, 403, 201, 403),
        data=lambda w, e: {"institution_id": w.institution.pk},
        json=True,
    ),
    Row(
        "api approve an affiliation",
        "post",
        lambda w, e: f"/api/affiliations/{e.pending.pk}/approve",
        (401, 404, 404, 200, 404),
    ),
    Row(
        "api request an affiliation",
        "post",
        lambda w, e: "/api/affiliations",
        (401, 201, 201, 201, 201),
        data=lambda w, e: {"institution_id": w.other_institution.pk, "role": "researcher"},
        json=True,
    ),
]

CASES = [
    pytest.param(row, actor, expected, id=f"{row.name}-{actor}")
    for row in PAGES + API
    for actor, expected in zip(ACTORS, row.expected, strict=True)
]


@pytest.mark.parametrize(("row", "actor", "expected"), CASES)
def test_permission_matrix(world: World, row: Row, actor: str, expected: int) -> None:
    more = extra(world)
    client = world.client_for(actor)
    url = row.url(world, more)
    data = row.data(world, more) if row.data else {}
    if row.json:
        response = getattr(client, row.method)(
            url, data=json.dumps(data), content_type="application/json"
        )
    else:
        response = getattr(client, row.method)(url, data=data)
    assert response.status_code == expected, response.content[:300]
    if expected == 302 and actor == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
