"""Helpers for tests: people, institutions and the permission matrix's base case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.test import Client

from huitong.accounts import services as account_services
from huitong.accounts.models import User
from huitong.alliance import services
from huitong.alliance.models import AffiliationRole, Alliance, Institution
from huitong.core.models import Country

PASSWORD = "correct horse 2025"


def make_user(email: str, **fields: Any) -> User:
    fields.setdefault("name_latin", email.split("@")[0].title())
    fields.setdefault("preferred_language", "en")
    return account_services.user_create_confirmed(email=email, password=PASSWORD, **fields)


def make_institution(name: str, country: str = "CN", **fields: Any) -> Institution:
    fields.setdefault("kind", "university")
    fields.setdefault("city", "Luzhou")
    return services.institution_create(
        actor=None, make_admin=False, name=name, country=Country.objects.get(pk=country), **fields
    )


@dataclass
class World:
    """An alliance with two member institutions and the five kinds of visitor."""

    alliance: Alliance
    institution: Institution
    other_institution: Institution
    outsider: User
    member: User
    institution_admin: User
    alliance_admin: User

    def client_for(self, who: str) -> Client:
        client = Client()
        if who != "anonymous":
            client.force_login(getattr(self, who))
        return client


def build_world() -> World:
    alliance = services.alliance_create(
        actor=None,
        slug="brimea",
        name="Belt and Road International Medical Education Alliance",
        founded_on=dt.date(2018, 5, 1),
        translations={"zh-hans": {"name": "“一带一路”国际医学教育联盟"}},
    )
    institution = make_institution(
        "Southwest Medical University", translations={"zh-hans": {"name": "西南医科大学"}}
    )
    other = make_institution("University of Belgrade", country="RS", city="Belgrade")
    for founder in (institution, other):
        services.membership_import(
            actor=None,
            alliance=alliance,
            institution=founder,
            status="approved",
            is_founding=True,
            joined_on=dt.date(2018, 5, 1),
        )
    outsider = make_user("outsider@example.org")
    member = make_user("member@example.org", name_native="李芳")
    institution_admin = make_user("inst-admin@example.org")
    alliance_admin = make_user("alliance-admin@example.org")
    services.affiliation_grant(
        actor=None, user=member, institution=institution, role=AffiliationRole.FACULTY
    )
    services.affiliation_grant(
        actor=None,
        user=institution_admin,
        institution=institution,
        role=AffiliationRole.INSTITUTION_ADMIN,
    )
    services.alliance_admin_add(actor=None, alliance=alliance, user=alliance_admin)
    cache.clear()
    return World(alliance, institution, other, outsider, member, institution_admin, alliance_admin)
