"""Generated people and, for benchmarks, generated institutions in bulk.

The real alliances of the demo (demo_data.py) are written through the services, one by
one, with their audit records. People and the benchmark's large volumes are generated
here with bulk inserts and one precomputed password hash, so that 100,000 users take
seconds, not hours of Argon2; they carry no audit records because nobody did anything.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO, TypeVar

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from huitong.accounts.models import ProfessionalRole, User
from huitong.alliance.models import (
    Affiliation,
    AffiliationRole,
    AffiliationStatus,
    Alliance,
    Institution,
    InstitutionKind,
    Membership,
    MembershipStatus,
)
from huitong.core.models import Country

T = TypeVar("T")

# (Latin, native) name parts per country; other countries use Latin names only.
NAMES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    "CN": (
        [
            ("Wang", "王"),
            ("Li", "李"),
            ("Zhang", "张"),
            ("Liu", "刘"),
            ("Chen", "陈"),
            ("Yang", "杨"),
            ("Zhao", "赵"),
            ("Huang", "黄"),
            ("Zhou", "周"),
            ("Wu", "吴"),
        ],
        [
            ("Wei", "伟"),
            ("Fang", "芳"),
            ("Min", "敏"),
            ("Jing", "静"),
            ("Lei", "磊"),
            ("Yang", "洋"),
            ("Yan", "艳"),
            ("Jun", "军"),
            ("Ping", "平"),
            ("Hui", "慧"),
        ],
    ),
    "RS": (
        [
            ("Petrović", "Петровић"),
            ("Jovanović", "Јовановић"),
            ("Nikolić", "Николић"),
            ("Marković", "Марковић"),
            ("Đorđević", "Ђорђевић"),
            ("Stojanović", "Стојановић"),
        ],
        [
            ("Milica", "Милица"),
            ("Marko", "Марко"),
            ("Jelena", "Јелена"),
            ("Nikola", "Никола"),
            ("Ana", "Ана"),
            ("Stefan", "Стефан"),
        ],
    ),
    "RU": (
        [
            ("Ivanov", "Иванов"),
            ("Smirnov", "Смирнов"),
            ("Kuznetsov", "Кузнецов"),
            ("Popov", "Попов"),
            ("Sokolov", "Соколов"),
        ],
        [
            ("Aleksei", "Алексей"),
            ("Dmitri", "Дмитрий"),
            ("Sergei", "Сергей"),
            ("Andrei", "Андрей"),
            ("Mikhail", "Михаил"),
        ],
    ),
    "PL": (
        [("Nowak", ""), ("Kowalski", ""), ("Wiśniewski", ""), ("Wójcik", ""), ("Kamiński", "")],
        [("Anna", ""), ("Piotr", ""), ("Katarzyna", ""), ("Tomasz", ""), ("Magdalena", "")],
    ),
}
OTHER_NAMES = (
    [
        ("Smith", ""),
        ("Garcia", ""),
        ("Silva", ""),
        ("Khan", ""),
        ("Nguyen", ""),
        ("Novak", ""),
        ("Kim", ""),
        ("Horvat", ""),
        ("Santos", ""),
        ("Ahmed", ""),
    ],
    [
        ("Maria", ""),
        ("David", ""),
        ("Sara", ""),
        ("Ali", ""),
        ("Elena", ""),
        ("Ivan", ""),
        ("Laura", ""),
        ("Omar", ""),
        ("Nina", ""),
        ("Lucas", ""),
    ],
)
LANGUAGE_BY_COUNTRY = {"CN": "zh-hans", "RS": "sr-latn", "PL": "pl", "BR": "pt-br"}
ROLE_MIX = [
    (AffiliationRole.FACULTY, ProfessionalRole.EDUCATOR, 3),
    (AffiliationRole.STUDENT, ProfessionalRole.STUDENT, 5),
    (AffiliationRole.CLINICIAN, ProfessionalRole.PHYSICIAN, 2),
    (AffiliationRole.RESEARCHER, ProfessionalRole.RESEARCHER, 1),
]


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Progress:
    """A progress bar on standard error."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream or sys.stderr

    def advance(self, amount: int) -> None:
        before = int(100 * self.done / self.total)
        self.done = min(self.total, self.done + amount)
        percent = int(100 * self.done / self.total)
        interactive = self.stream.isatty()
        if (not interactive and self.done < self.total) or (
            percent == before and self.done > amount
        ):
            return
        filled = int(30 * self.done / self.total)
        self.stream.write(
            f"\r{self.label:<14} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def person_name(rng: random.Random, country: str) -> tuple[str, str]:
    surnames, given = NAMES.get(country, OTHER_NAMES)
    (s_latin, s_native), (g_latin, g_native) = rng.choice(surnames), rng.choice(given)
    if country == "CN":
        return f"{s_latin} {g_latin}", f"{s_native}{g_native}"
    latin = f"{g_latin} {s_latin}"
    native = f"{g_native} {s_native}" if g_native and s_native else ""
    return latin, native


def people_for_institutions(
    institutions: Sequence[Institution],
    *,
    per_institution: tuple[int, int],
    seed: int,
    email_domain: str,
    progress: Progress | None = None,
    batch_size: int = 2000,
) -> int:
    """Generate people affiliated with each institution: one admin and a mix of faculty,
    students, clinicians and researchers. Idempotent: existing e-mails are kept."""
    password = make_password("huitong-demo")
    now = timezone.now()
    created = 0
    for batch in chunks(list(institutions), max(1, batch_size // max(per_institution[1], 1))):
        users: list[User] = []
        plan: list[tuple[str, Institution, str]] = []
        for institution in batch:
            # One generator per institution: its people do not depend on the others.
            rng = random.Random(f"{seed}:{institution.pk}")
            country = institution.country_id
            count = rng.randint(*per_institution)
            for n in range(count):
                if n == 0:
                    role, professional = (
                        AffiliationRole.INSTITUTION_ADMIN,
                        ProfessionalRole.ADMINISTRATOR,
                    )
                else:
                    role, professional, _weight = rng.choices(
                        ROLE_MIX, weights=[w for *_rest, w in ROLE_MIX]
                    )[0]
                latin, native = person_name(rng, country)
                email = f"{role.replace('_', '-')}.{institution.pk}.{n}@{email_domain}"
                users.append(
                    User(
                        email=email,
                        password=password,
                        name_latin=latin,
                        name_native=native,
                        country_id=country,
                        preferred_language=LANGUAGE_BY_COUNTRY.get(country, "en"),
                        time_zone="UTC",
                        professional_role=professional,
                        email_verified_at=now,
                    )
                )
                plan.append((email, institution, role))
        User.objects.bulk_create(users, ignore_conflicts=True)
        ids = dict(User.objects.filter(email__in=[e for e, *_ in plan]).values_list("email", "pk"))
        Affiliation.objects.bulk_create(
            [
                Affiliation(
                    user_id=ids[email],
                    institution=institution,
                    role=role,
                    status=AffiliationStatus.APPROVED,
                    decided_at=now,
                )
                for email, institution, role in plan
            ],
            ignore_conflicts=True,
        )
        created += len(users)
        if progress is not None:
            progress.advance(len(batch))
    return created


def scale_institutions(
    *, alliances: Sequence[Alliance], count: int, seed: int, progress: Progress | None = None
) -> list[Institution]:
    """Generate ``count`` institutions with memberships spread over ``alliances``."""
    rng = random.Random(seed)
    countries = list(Country.objects.values_list("code", flat=True))
    kinds = InstitutionKind.values
    existing = set(
        Institution.objects.filter(name__startswith="Generated ").values_list("name", flat=True)
    )
    made: list[Institution] = []
    for batch_start in range(0, count, 2000):
        batch = []
        for n in range(batch_start, min(count, batch_start + 2000)):
            name = f"Generated {InstitutionKind(kinds[n % len(kinds)]).label} {n:05d}"
            if name in existing:
                continue
            country = rng.choice(countries)
            batch.append(
                Institution(
                    name=name,
                    kind=kinds[n % len(kinds)],
                    country_id=country,
                    city=f"City {n % 997}",
                    original_language="en",
                    translations={"zh-hans": {"name": f"生成的机构 {n:05d}"}},
                )
            )
        for institution in batch:
            institution.refresh_search_text()
        Institution.objects.bulk_create(batch, ignore_conflicts=True)
        if progress is not None:
            progress.advance(min(2000, count - batch_start))
    made = list(Institution.objects.filter(name__startswith="Generated ").order_by("pk"))
    memberships = []
    statuses = [MembershipStatus.APPROVED] * 8 + [MembershipStatus.APPLIED, MembershipStatus.LEFT]
    for n, institution in enumerate(made):
        alliance = alliances[n % len(alliances)]
        status = statuses[n % len(statuses)]
        memberships.append(
            Membership(
                alliance=alliance,
                institution=institution,
                status=status,
                is_founding=False,
                applied_at=timezone.now(),
                joined_on=None if status == MembershipStatus.APPLIED else timezone.now().date(),
            )
        )
    for start in range(0, len(memberships), 2000):
        Membership.objects.bulk_create(memberships[start : start + 2000], ignore_conflicts=True)
    return made
