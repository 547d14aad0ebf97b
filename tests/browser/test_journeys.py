"""What people see in the browser: signing up and joining an institution, switching the
interface language, the member directory, and the marking of untranslated content."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from playwright.sync_api import Page, expect

from huitong.accounts.models import User
from huitong.accounts.services import user_create_confirmed
from huitong.alliance.models import (
    AffiliationRole,
    Alliance,
    Institution,
    InstitutionKind,
    MembershipStatus,
)
from huitong.alliance.services import (
    affiliation_grant,
    alliance_create,
    institution_create,
    membership_import,
)
from huitong.core.models import Country

pytestmark = [
    pytest.mark.browser,
    # Countries are loaded by a migration: restore them for each test, as the live server
    # needs a transactional database, which is emptied after every test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Quiet-harbour-lantern-59"
ZH_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


# --- Data -----------------------------------------------------------------------------


def make_user(email: str, name_latin: str, **profile: Any) -> User:
    return user_create_confirmed(email=email, password=PASSWORD, name_latin=name_latin, **profile)


def make_alliance(slug: str = "bri-tcm") -> Alliance:
    return alliance_create(
        actor=None,
        slug=slug,
        name="Belt and Road Integrative Medicine Alliance",
        founded_on=dt.date(2019, 10, 12),
    )


def make_member(
    alliance: Alliance, name: str, country: str, city: str, **fields: Any
) -> Institution:
    institution = institution_create(
        actor=None,
        name=name,
        kind=fields.pop("kind", InstitutionKind.UNIVERSITY),
        country=Country.objects.get(code=country),
        city=city,
        **fields,
    )
    membership_import(
        actor=None,
        alliance=alliance,
        institution=institution,
        status=MembershipStatus.APPROVED,
        is_founding=True,
        joined_on=dt.date(2019, 10, 12),
    )
    return institution


# --- Interface language ---------------------------------------------------------------


def interface_text(msgid: str, language: str) -> str:
    """``msgid`` as the application renders it in ``language`` (same catalogues, same
    process), for finding the fields and buttons of a translated page."""
    with translation.override(language):
        return translation.gettext(msgid)


@cache
def catalogue_translation(msgid: str) -> str | None:
    """The Chinese translation of ``msgid`` in the project's catalogue, when the catalogue
    exists and translates it."""
    if not ZH_CATALOGUE.exists():
        return None
    import polib

    entry = polib.pofile(str(ZH_CATALOGUE)).find(msgid)
    if entry is None or not entry.msgstr or entry.fuzzy:
        return None
    return str(entry.msgstr)


def choose_language(page: Page, name: str) -> None:
    """Pick a language in the header's switcher and press its button."""
    switcher = page.get_by_role("banner").get_by_role("combobox")
    switcher.select_option(label=name)
    page.locator("#language-switcher").get_by_role("button").click()


def expect_chinese_interface(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    label = catalogue_translation("Institutions")
    if label is not None:
        expect(
            page.get_by_role("banner").get_by_role("link", name=label, exact=True),
            f"the header's “Institutions” link should read “{label}” (zh_Hans/django.po); "
            "is django.mo compiled from the catalogue?",
        ).to_be_visible()


def log_in(page: Page, email: str, *, language: str = "en") -> None:
    page.goto("/accounts/login/")
    main = page.get_by_role("main")
    main.get_by_label(interface_text("E-mail address", language), exact=True).fill(email)
    main.get_by_label(interface_text("Password", language), exact=True).fill(PASSWORD)
    main.get_by_role("button", name=interface_text("Log in", language)).click()


def status_message(page: Page) -> Any:
    return page.get_by_role("main").get_by_role("status")


# --- Tests ----------------------------------------------------------------------------


def test_sign_up_confirm_request_affiliation_and_admin_approves(new_context: Any) -> None:
    alliance = make_alliance()
    institution = make_member(
        alliance,
        "Southwest Medical University Affiliated Hospital",
        "CN",
        "Luzhou",
        kind=InstitutionKind.HOSPITAL,
    )
    admin = make_user("admin@swmu.example", "Wang Fang", name_native="王芳")
    affiliation_grant(
        actor=None, user=admin, institution=institution, role=AffiliationRole.INSTITUTION_ADMIN
    )

    # A physician signs up.
    page = new_context()
    page.goto("/accounts/signup/")
    form = page.get_by_role("main")
    form.get_by_label("e-mail address").fill("zhang.min@example.org")
    form.get_by_label("Name in Latin script").fill("Zhang Min")
    form.get_by_label("Name in native script").fill("张敏")
    form.get_by_label("country").select_option(label="China")
    form.get_by_label("Professional role").select_option(label="Physician")
    form.get_by_label("Preferred language").select_option(label="English")
    form.get_by_label("time zone").select_option(label="Asia/Shanghai")
    form.get_by_label(re.compile(r"^password:?$", re.IGNORECASE)).fill(PASSWORD)
    form.get_by_label(re.compile(r"^password again:?$", re.IGNORECASE)).fill(PASSWORD)
    form.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    expect(form).to_contain_text("zhang.min@example.org")

    # The link in the confirmation e-mail signs them in.
    [message] = [m for m in mail.outbox if m.to == ["zhang.min@example.org"]]
    link = re.search(r"https?://\S+/accounts/verify/\S+", message.body)
    assert link is not None, message.body
    page.goto(urlsplit(link.group()).path)
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zhang Min (张敏)")
    expect(status_message(page)).to_contain_text("Your e-mail address is confirmed")
    expect(page.get_by_role("banner").get_by_role("button", name="Log out")).to_be_visible()

    # They find their hospital and ask to be affiliated with it as a clinician.
    page.get_by_role("banner").get_by_role("link", name="Institutions", exact=True).click()
    page.get_by_role("link", name=institution.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(institution.name)
    page.get_by_role("link", name="I work or study here: request an affiliation").click()
    page.get_by_label("role").select_option(label="Clinician")
    page.get_by_role("button", name="Send the request").click()
    expect(status_message(page)).to_contain_text("Your request is sent.")
    request_row = page.get_by_role("row").filter(has_text=institution.name)
    expect(request_row).to_contain_text("Clinician")
    expect(request_row).to_contain_text("Waiting for approval")
    assert any(m.to == ["admin@swmu.example"] for m in mail.outbox)

    # The institution's admin, in another browser, approves the request.
    admin_page = new_context()
    log_in(admin_page, "admin@swmu.example")
    expect(admin_page).to_have_url(re.compile(r"/accounts/profile/$"))
    administered = admin_page.locator("section").filter(
        has=admin_page.get_by_role("heading", name="I administer")
    )
    administered.get_by_role("link", name=institution.name).click()
    expect(admin_page).to_have_url(re.compile(rf"/institutions/{institution.pk}/manage/$"))
    pending = admin_page.get_by_role("row").filter(has_text="zhang.min@example.org")
    expect(pending).to_contain_text("Zhang Min (张敏)")
    expect(pending).to_contain_text("Clinician")
    pending.get_by_role("button", name="Approve").click()
    expect(status_message(admin_page)).to_contain_text("The decision is saved")
    expect(admin_page.get_by_role("cell", name="No request is waiting.")).to_be_visible()

    # The physician sees the affiliation approved.
    page.reload()
    approved_row = page.get_by_role("row").filter(has_text=institution.name)
    expect(approved_row).to_contain_text("Clinician")
    expect(approved_row).to_contain_text("Approved")
    expect(approved_row).not_to_contain_text("Waiting for approval")


def test_switching_the_interface_to_chinese_is_remembered(new_context: Any) -> None:
    make_user("ana@example.org", "Ana Kovač", preferred_language="en")

    # An anonymous visitor switches to Chinese.
    page = new_context()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    choose_language(page, "简体中文")
    expect_chinese_interface(page)
    page.goto("/institutions/")
    expect_chinese_interface(page)

    # A user whose language is English logs in: English, until they switch to Chinese.
    log_in(page, "ana@example.org", language="zh-hans")
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    choose_language(page, "简体中文")
    expect_chinese_interface(page)
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    assert User.objects.get(email="ana@example.org").preferred_language == "zh-hans"
    page.get_by_role("banner").get_by_role(
        "button", name=interface_text("Log out", "zh-hans")
    ).click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))

    # In a fresh browser (no cookie), the interface is Chinese again once they log in.
    fresh = new_context()
    fresh.goto("/")
    expect(fresh.locator("html")).to_have_attribute("lang", "en")
    log_in(fresh, "ana@example.org")
    expect(fresh).to_have_url(re.compile(r"/accounts/profile/$"))
    expect_chinese_interface(fresh)
    fresh.goto("/institutions/")
    expect_chinese_interface(fresh)


def test_member_directory_filters_by_country(new_context: Any) -> None:
    alliance = make_alliance()
    make_member(alliance, "Chengdu University of TCM", "CN", "Chengdu")
    make_member(alliance, "Medical University of Lodz", "PL", "Łódź")

    page = new_context()
    page.goto(f"/a/{alliance.slug}/members/")
    directory = page.get_by_role("table")
    expect(directory).to_contain_text("Chengdu University of TCM")
    expect(directory).to_contain_text("Medical University of Lodz")

    page.get_by_role("search").get_by_label("country").select_option(label="Poland")
    page.get_by_role("search").get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]country=PL\b"))
    expect(directory.get_by_role("link", name="Medical University of Lodz")).to_be_visible()
    expect(directory).not_to_contain_text("Chengdu University of TCM")
    expect(page.get_by_text("1 institution", exact=True)).to_be_visible()
    expect(page.get_by_role("search").get_by_label("country")).to_have_value("PL")


def test_a_translation_fallback_is_marked(new_context: Any) -> None:
    alliance = make_alliance()
    make_member(
        alliance,
        "Southwest Medical University",
        "CN",
        "Luzhou",
        original_language="en",
        translations={"zh-hans": {"name": "西南医科大学", "city": "泸州"}},
    )
    make_member(
        alliance,
        "Uniwersytet Medyczny w Łodzi",
        "PL",
        "Łódź",
        original_language="pl",
    )

    # Without JavaScript, the switcher's button submits the choice.
    page = new_context(java_script_enabled=False)
    page.goto(f"/a/{alliance.slug}/members/")
    switcher = page.get_by_role("banner")
    switcher.get_by_role("combobox").select_option(label="简体中文")
    switcher.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(re.compile(rf"/a/{alliance.slug}/members/$"))

    directory = page.get_by_role("table")
    untranslated = directory.get_by_role("row").filter(has_text="Uniwersytet Medyczny w Łodzi")
    untranslated_name = untranslated.get_by_role("cell").first
    expect(untranslated_name.locator('[lang="pl"]')).to_have_text("Uniwersytet Medyczny w Łodzi")
    expect(untranslated_name.locator("abbr.fallback")).to_have_text("PL")

    translated = directory.get_by_role("row").filter(has_text="西南医科大学")
    translated_name = translated.get_by_role("cell").first
    expect(translated_name.locator('[lang="zh-hans"]')).to_have_text("西南医科大学")
    expect(translated_name.locator("abbr.fallback")).to_have_count(0)
    expect(directory).not_to_contain_text("Southwest Medical University")
