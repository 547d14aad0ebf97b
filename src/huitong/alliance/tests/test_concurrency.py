"""Requests that arrive together never break an invariant."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from huitong.alliance import services
from huitong.alliance.models import Affiliation, Membership
from huitong.core.errors import Conflict
from huitong.testing import build_world, make_institution, make_user


def together(count: int, action: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(count)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            results.append(action(n))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_simultaneous_applications_create_one_membership() -> None:
    world = build_world()
    candidate = make_institution("Jagiellonian University", country="PL", city="Kraków")
    results, errors = together(
        6,
        lambda n: services.membership_apply(
            actor=None, alliance=world.alliance, institution=candidate
        ),
    )
    assert len(results) == 1
    assert len(errors) == 5
    assert all(isinstance(e, Conflict) and e.code == "membership_exists" for e in errors)
    assert Membership.objects.filter(institution=candidate).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_affiliation_request_is_recorded_once() -> None:
    world = build_world()
    person = make_user("double.click@example.org")
    results, errors = together(
        4,
        lambda n: services.affiliation_request(
            user=person, institution=world.institution, role="student"
        ),
    )
    assert len(results) == 1
    assert all(isinstance(e, Conflict) for e in errors)
    assert Affiliation.objects.filter(user=person).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_admins_deciding_at_once_decide_once() -> None:
    world = build_world()
    pending = services.affiliation_request(
        user=world.outsider, institution=world.institution, role="student"
    )
    results, errors = together(
        2,
        lambda n: services.affiliation_decide(
            actor=world.institution_admin, affiliation=pending, approve=n == 0
        ),
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], Conflict)
    pending.refresh_from_db()
    assert pending.status == results[0].status
