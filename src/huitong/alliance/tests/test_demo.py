from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from huitong.accounts.models import User
from huitong.alliance.models import Alliance, Institution, Membership


@pytest.mark.django_db
def test_the_demo_builds_the_real_alliances_and_is_idempotent() -> None:
    call_command("demo", stdout=StringIO(), stderr=StringIO())
    counts = (Institution.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("demo", stdout=StringIO(), stderr=StringIO())
    assert (Institution.objects.count(), User.objects.count(), Membership.objects.count()) == counts

    brimea = Alliance.objects.get(slug="brimea")
    founders = Membership.objects.filter(alliance=brimea, is_founding=True)
    assert founders.count() == 48
    assert founders.values("institution__country").distinct().count() == 15
    assert brimea.initiator is not None
    assert brimea.initiator.name == "China Medical University"
    hospitals = Membership.objects.filter(alliance__slug="flagship-hospitals")
    assert hospitals.count() == 62
    assert set(hospitals.values_list("institution__country", flat=True)) == {"CN"}
    assert Institution.objects.filter(name="Southwest Medical University").exists()
    assert (
        User.objects.get(email="secretariat@brimea.example").administered_alliances.get() == brimea
    )
    assert User.objects.filter(name_native="").count() < User.objects.count()


@pytest.mark.django_db
def test_scale_generates_bulk_volumes_with_a_progress_bar() -> None:
    errors = StringIO()
    call_command("demo", "--scale", "0.01", stdout=StringIO(), stderr=errors)
    generated = Institution.objects.filter(name__startswith="Generated ")
    assert generated.count() == 100
    assert User.objects.filter(email__endswith="@scale.huitong.example").count() == 1000
    assert "100/100" in errors.getvalue()
    by_status = dict(
        Membership.objects.filter(institution__in=generated)
        .values_list("status")
        .annotate(n=Count("id"))
    )
    assert by_status["approved"] > by_status.get("applied", 0) > 0


@pytest.mark.django_db
def test_the_demo_stays_the_same_after_memberships_change() -> None:
    from huitong.alliance import services

    call_command("demo", stdout=StringIO(), stderr=StringIO())
    users = User.objects.count()
    for membership in Membership.objects.filter(status="applied"):
        services.membership_transition(actor=None, membership=membership, action="approve")
    call_command("demo", stdout=StringIO(), stderr=StringIO())
    assert User.objects.count() == users
