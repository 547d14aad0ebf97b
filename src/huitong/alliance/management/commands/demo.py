"""Build the demo alliances of PRODUCT.md (idempotent), or with --scale, large volumes
for benchmarks."""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from huitong.accounts import services as account_services
from huitong.accounts.models import ProfessionalRole, User
from huitong.alliance import generate, services
from huitong.alliance.demo_data import ALLIANCES, INSTITUTIONS
from huitong.alliance.models import AffiliationRole, Alliance, Institution, MembershipStatus
from huitong.core import cache as figures_cache
from huitong.core.models import Country

DEMO_PASSWORD = "huitong-demo"

# (e-mail, Latin name, native name, country, language, role, what they can do)
DEMO_LOGINS: list[dict[str, str]] = [
    {
        "email": "admin@huitong.example",
        "name_latin": "Platform Admin",
        "name_native": "",
        "country": "CN",
        "language": "en",
        "role": ProfessionalRole.ADMINISTRATOR,
        "what": "superuser: administers every alliance",
    },
    {
        "email": "secretariat@brimea.example",
        "name_latin": "Zhao Min",
        "name_native": "赵敏",
        "country": "CN",
        "language": "zh-hans",
        "role": ProfessionalRole.ADMINISTRATOR,
        "what": "alliance admin, Belt and Road International Medical Education Alliance",
    },
    {
        "email": "training@cacms.example",
        "name_latin": "Liu Jing",
        "name_native": "刘静",
        "country": "CN",
        "language": "zh-hans",
        "role": ProfessionalRole.ADMINISTRATOR,
        "what": "alliance admin, International TCM training network",
    },
    {
        "email": "admin@swmu.example",
        "name_latin": "Chen Lei",
        "name_native": "陈磊",
        "country": "CN",
        "language": "zh-hans",
        "role": ProfessionalRole.ADMINISTRATOR,
        "what": "institution admin, Southwest Medical University",
    },
    {
        "email": "teacher@swmu.example",
        "name_latin": "Li Fang",
        "name_native": "李芳",
        "country": "CN",
        "language": "en",
        "role": ProfessionalRole.EDUCATOR,
        "what": "faculty, Southwest Medical University",
    },
    {
        "email": "physician@belgrade.example",
        "name_latin": "Milica Petrović",
        "name_native": "Милица Петровић",
        "country": "RS",
        "language": "sr-latn",
        "role": ProfessionalRole.PHYSICIAN,
        "what": "clinician, University of Belgrade",
    },
    {
        "email": "student@uj.example",
        "name_latin": "Anna Nowak",
        "name_native": "",
        "country": "PL",
        "language": "pl",
        "role": ProfessionalRole.STUDENT,
        "what": "student, Jagiellonian University (no affiliation yet: request one)",
    },
    {
        "email": "editor@huitong.example",
        "name_latin": "Wang Fang",
        "name_native": "王芳",
        "country": "CN",
        "language": "en",
        "role": ProfessionalRole.RESEARCHER,
        "what": "terminology editor",
    },
]
AFFILIATIONS = [
    ("admin@swmu.example", "swmu", AffiliationRole.INSTITUTION_ADMIN),
    ("teacher@swmu.example", "swmu", AffiliationRole.FACULTY),
    ("physician@belgrade.example", "bg-univ", AffiliationRole.CLINICIAN),
]
SWMU_DESCRIPTION = (
    "Southwest Medical University in Luzhou, Sichuan, contributes five English-taught courses "
    "to the alliance's cloud course platform. Its College of Integration of Traditional "
    "Chinese and Western Medicine teaches *Science of Acupuncture and Moxibustion*, *Science "
    "of Chinese Tuina* and *Traditional Chinese Medicine*, from points such as [[ST36]], "
    "[[LI4]] and [[PC6]] to patterns such as [[HUITONG:spleen-qi-deficiency]]."
)
SWMU_ZH = (
    "西南医科大学（四川泸州）为联盟云课程平台提供五门英文授课课程。其中西医结合学院讲授"
    "《针灸学》《中医推拿学》和《中医学》，内容涵盖 [[ST36]]、[[LI4]]、[[PC6]] 等穴位以及"
    " [[HUITONG:spleen-qi-deficiency]] 等证候。"
)

ALLIANCE_ADMINS = [
    ("secretariat@brimea.example", "brimea"),
    ("training@cacms.example", "tcm-training"),
]


class Command(BaseCommand):
    help = "Load the demo alliances of PRODUCT.md (idempotent); --scale adds bulk data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=0,
            help="Also generate SCALE × 10,000 institutions and SCALE × 100,000 users.",
        )
        parser.add_argument("--quiet", action="store_true", help="Print no summary.")

    progress_stream: TextIO = sys.stderr

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        self.progress_stream = getattr(self.stderr, "_out", sys.stderr)
        # Demo data sends no e-mail.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            institutions = self.load_real_alliances()
            self.load_logins(institutions)
            self.load_people(institutions)
            self.load_terminology(institutions)
            self.load_courses(institutions)
            self.load_training()
            if options["scale"]:
                self.load_scale(options["scale"])
        figures_cache.bump()
        if not options["quiet"]:
            self.stdout.write(
                f"Demo data ready in {time.monotonic() - started:.1f} s: "
                f"{Alliance.objects.count()} alliances, "
                f"{Institution.objects.count()} institutions, "
                f"{User.objects.count()} users."
            )

    def load_real_alliances(self) -> dict[str, Institution]:
        countries = {c.code: c for c in Country.objects.all()}
        institutions: dict[str, Institution] = {}
        progress = generate.Progress("institutions", len(INSTITUTIONS), self.progress_stream)
        for spec in INSTITUTIONS:
            institution = Institution.objects.filter(
                name__iexact=spec["name"], country_id=spec["country"]
            ).first()
            if institution is None:
                translations: dict[str, dict[str, str]] = {}
                if spec["name_zh"]:
                    translations.setdefault("zh-hans", {})["name"] = spec["name_zh"]
                if spec["city_zh"]:
                    translations.setdefault("zh-hans", {})["city"] = spec["city_zh"]
                institution = services.institution_create(
                    actor=None,
                    make_admin=False,
                    name=spec["name"],
                    kind=spec["kind"],
                    country=countries[spec["country"]],
                    city=spec["city"],
                    website=spec["website"],
                    original_language="en",
                    translations=translations,
                )
            institutions[spec["key"]] = institution
            progress.advance(1)
        for alliance_spec in ALLIANCES:
            alliance = Alliance.objects.filter(slug=alliance_spec["slug"]).first()
            if alliance is None:
                alliance = services.alliance_create(
                    actor=None,
                    slug=alliance_spec["slug"],
                    name=alliance_spec["name"],
                    short_name=alliance_spec["short_name"],
                    description=alliance_spec["description"],
                    founded_on=dt.date.fromisoformat(alliance_spec["founded_on"]),
                    website=alliance_spec["website"],
                    initiator=institutions[alliance_spec["initiator"]],
                    original_language="en",
                    translations={
                        "zh-hans": {
                            "name": alliance_spec["name_zh"],
                            "description": alliance_spec["description_zh"],
                        }
                    },
                )
        alliances = {a.slug: a for a in Alliance.objects.all()}
        for spec in INSTITUTIONS:
            for membership in spec["memberships"]:
                status = membership["status"]
                services.membership_import(
                    actor=None,
                    alliance=alliances[membership["alliance"]],
                    institution=institutions[spec["key"]],
                    status=status,
                    is_founding=membership["founding"],
                    joined_on=(
                        dt.date.fromisoformat(membership["joined_on"])
                        if membership["joined_on"] and status != MembershipStatus.APPLIED
                        else None
                    ),
                )
        return institutions

    def load_logins(self, institutions: dict[str, Institution]) -> None:
        countries = {c.code: c for c in Country.objects.all()}
        for login in DEMO_LOGINS:
            if User.objects.filter(email=login["email"]).exists():
                continue
            user = account_services.user_create_confirmed(
                email=login["email"],
                password=DEMO_PASSWORD,
                name_latin=login["name_latin"],
                name_native=login["name_native"],
                country=countries[login["country"]],
                preferred_language=login["language"],
                time_zone={"CN": "Asia/Shanghai", "RS": "Europe/Belgrade", "PL": "Europe/Warsaw"}[
                    login["country"]
                ],
                professional_role=login["role"],
            )
            if login["email"] == "admin@huitong.example":
                User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
        users = {
            u.email: u for u in User.objects.filter(email__in=[d["email"] for d in DEMO_LOGINS])
        }
        for email, key, role in AFFILIATIONS:
            services.affiliation_grant(
                actor=None, user=users[email], institution=institutions[key], role=role
            )
        for email, slug in ALLIANCE_ADMINS:
            alliance = Alliance.objects.get(slug=slug)
            if not alliance.admins.filter(pk=users[email].pk).exists():
                services.alliance_admin_add(actor=None, alliance=alliance, user=users[email])

    def load_terminology(self, institutions: dict[str, Institution]) -> None:
        from django.contrib.auth.models import Group

        from huitong.terminology.access import EDITORS_GROUP
        from huitong.terminology.demo import load_demo

        editor = User.objects.get(email="editor@huitong.example")
        editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
        load_demo(proposer=User.objects.get(email="physician@belgrade.example"))
        swmu = institutions["swmu"]
        if not swmu.description:
            services.institution_update(
                actor=None,
                institution=swmu,
                description=SWMU_DESCRIPTION,
                translations={
                    **swmu.translations,
                    "zh-hans": {**swmu.translations.get("zh-hans", {}), "description": SWMU_ZH},
                },
            )

    def load_courses(self, institutions: dict[str, Institution]) -> None:
        """SWMU's five courses, their teams and learners (huitong.courses.demo)."""
        from huitong.courses.demo import load_courses

        load_courses(
            provider=institutions["swmu"],
            alliance=Alliance.objects.get(slug="brimea"),
            reviewer=User.objects.get(email="secretariat@brimea.example"),
            stream=self.progress_stream,
        )

    def load_training(self) -> None:
        """CACMS's training course: six editions since 2017, the 6th in Belgrade with its
        timetable, participants, check-ins and certificates (huitong.training.demo)."""
        from huitong.training.demo import load_training

        load_training(stream=self.progress_stream)

    def load_people(self, institutions: dict[str, Institution]) -> None:
        # The demo's own member list, not the database's current state: people added by
        # an earlier run stay the same whatever was approved since (idempotent).
        members = [
            institutions[spec["key"]]
            for spec in INSTITUTIONS
            if any(m["status"] == MembershipStatus.APPROVED for m in spec["memberships"])
        ]
        progress = generate.Progress("people", len(members), self.progress_stream)
        with transaction.atomic():
            generate.people_for_institutions(
                members,
                per_institution=(3, 12),
                seed=2025,
                email_domain="people.demo.huitong.example",
                progress=progress,
            )

    def load_scale(self, scale: float) -> None:
        count = int(10_000 * scale)
        alliances = list(Alliance.objects.order_by("pk"))
        progress = generate.Progress("institutions", count, self.progress_stream)
        made = generate.scale_institutions(
            alliances=alliances, count=count, seed=7, progress=progress
        )
        per = max(1, round(100_000 * scale / max(count, 1)))
        progress = generate.Progress("users", len(made), self.progress_stream)
        generate.people_for_institutions(
            made,
            per_institution=(per, per),
            seed=11,
            email_domain="scale.huitong.example",
            progress=progress,
        )
        # Courses and enrolments of the generated people (huitong.courses.generate).
        from huitong.courses.generate import scale_courses

        learners = list(
            User.objects.filter(email__endswith="@scale.huitong.example")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        scale_courses(
            count=count,
            enrolments=int(1_000_000 * scale),
            learners=learners,
            seed=13,
            institutions=made,
            stream=self.progress_stream,
        )
