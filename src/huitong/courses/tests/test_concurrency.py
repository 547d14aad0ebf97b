"""Many learners enrolling at once never exceed the capacity; one learner enrolling twice
at once is enrolled once."""

from __future__ import annotations

import pytest

from huitong.alliance.tests.test_concurrency import together
from huitong.core.errors import Conflict
from huitong.courses import services
from huitong.courses.models import Course, Enrolment
from huitong.courses.tests.helpers import make_course
from huitong.testing import build_world, make_user


@pytest.mark.django_db(transaction=True)
def test_simultaneous_enrolments_never_exceed_the_capacity() -> None:
    world = build_world()
    course = make_course(world, capacity=3, access_policy="open").course
    learners = [make_user(f"learner{n}@example.org") for n in range(8)]
    results, errors = together(
        8, lambda n: services.enrolment_create(course=course, learner=learners[n])
    )
    assert len(results) == 3
    assert len(errors) == 5
    assert all(isinstance(e, Conflict) and e.code == "course_full" for e in errors)
    assert Enrolment.objects.filter(course=course).count() == 3
    assert Course.objects.get(pk=course.pk).enrolment_count == 3


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_enrolment_is_recorded_once() -> None:
    world = build_world()
    course = make_course(world).course
    results, errors = together(
        4, lambda n: services.enrolment_create(course=course, learner=world.member)
    )
    assert not errors
    assert sorted(created for _enrolment, created in results) == [False, False, False, True]
    assert len({enrolment.pk for enrolment, _created in results}) == 1
    assert Course.objects.get(pk=course.pk).enrolment_count == 1
