"""Enrolment under each access policy, enrolment dates and capacity; a double enrolment
counts once; a refusal says why and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from huitong.core.errors import Conflict, NotAllowed, ServiceError
from huitong.core.models import AuditEntry
from huitong.courses import access, services
from huitong.courses.models import Course, Enrolment
from huitong.courses.tests.helpers import enrol, make_course
from huitong.testing import World, make_user


def refresh(course: Course) -> Course:
    return Course.objects.select_related("alliance", "provider").get(pk=course.pk)


def test_it_enrols_a_member_of_the_alliance_and_records_it(world: World) -> None:
    course = make_course(world).course
    enrolment = enrol(course, world.member)
    assert enrolment.learner == world.member
    assert refresh(course).enrolment_count == 1
    assert AuditEntry.objects.filter(action="enrolment.create", target_id=str(enrolment.pk))


def test_it_refuses_an_outsider_when_the_course_is_for_alliance_members(world: World) -> None:
    course = make_course(world).course
    allowed, reason = access.may_enrol(world.outsider, course)
    assert not allowed
    assert "member institution of Belt and Road" in reason
    with pytest.raises(NotAllowed) as error:
        enrol(course, world.outsider)
    assert error.value.code == "not_eligible"
    assert not Enrolment.objects.exists()
    assert refresh(course).enrolment_count == 0


def test_it_explains_why_a_member_may_enrol(world: World) -> None:
    course = make_course(world).course
    assert access.may_enrol(world.member, course) == (
        True,
        "You may enrol as a member of Southwest Medical University, a member of Belt and Road "
        "International Medical Education Alliance.",
    )
    enrol(course, world.member)
    assert access.may_enrol(world.member, course) == (False, "You are enrolled in this course.")


def test_an_open_course_takes_anyone_signed_in(world: World) -> None:
    course = make_course(world, access_policy="open").course
    assert access.may_enrol(world.outsider, course) == (True, "This course is open to everyone.")
    enrol(course, world.outsider)
    assert access.may_enrol(None, course)[1] == "Log in to enrol."


def test_a_course_for_selected_institutions_takes_only_their_people(world: World) -> None:
    course = make_course(
        world, access_policy="selected_institutions", selected=(world.other_institution,)
    ).course
    allowed, reason = access.may_enrol(world.member, course)
    assert not allowed
    assert reason == "Only people of these institutions may enrol: University of Belgrade."
    with pytest.raises(NotAllowed):
        enrol(course, world.member)
    belgrade = make_user("student@bg.ac.rs")
    from huitong.alliance import services as alliance_services

    alliance_services.affiliation_grant(
        actor=None, user=belgrade, institution=world.other_institution, role="student"
    )
    assert access.may_enrol(belgrade, course)[0]
    enrol(course, belgrade)


def test_an_invitation_code_is_required_and_checked(world: World) -> None:
    built = make_course(world, access_policy="invitation_code", invitation_code="BELGRADE-2025")
    course = built.course
    assert access.may_enrol(world.outsider, course) == (
        True,
        "Enter the invitation code you were given to enrol.",
    )
    with pytest.raises(ServiceError) as missing:
        enrol(course, world.outsider)
    assert missing.value.code == "code_required"
    with pytest.raises(ServiceError) as wrong:
        enrol(course, world.outsider, code="SERBIA")
    assert wrong.value.code == "invalid_code"
    assert wrong.value.message == "This invitation code is not valid for this course."
    assert not Enrolment.objects.exists()
    enrol(course, world.outsider, code="  belgrade-2025 ")
    assert Enrolment.objects.count() == 1


def test_it_refuses_enrolment_before_it_opens_and_after_it_closes(world: World) -> None:
    now = timezone.now()
    later = make_course(world, title="Later", enrolment_opens=now + dt.timedelta(days=3)).course
    world.member.time_zone = "Asia/Shanghai"
    allowed, reason = access.may_enrol(world.member, later)
    assert not allowed
    assert reason.startswith("Enrolment opens on ")
    assert reason.endswith("(Asia/Shanghai).")
    with pytest.raises(Conflict) as error:
        enrol(later, world.member)
    assert error.value.code == "enrolment_not_open"

    closed = make_course(
        world,
        title="Closed",
        enrolment_opens=now - dt.timedelta(days=30),
        enrolment_closes=now - dt.timedelta(days=1),
    ).course
    with pytest.raises(Conflict) as error:
        enrol(closed, world.member)
    assert error.value.code == "enrolment_closed"
    assert not Enrolment.objects.exists()


def test_it_refuses_enrolment_when_full(world: World) -> None:
    course = make_course(world, capacity=1, access_policy="open").course
    enrol(course, world.member)
    assert access.may_enrol(world.outsider, refresh(course)) == (False, "The course is full.")
    with pytest.raises(Conflict) as error:
        enrol(course, world.outsider)
    assert error.value.code == "course_full"
    assert refresh(course).enrolment_count == 1


def test_a_double_enrolment_counts_once(world: World) -> None:
    course = make_course(world).course
    first, created = services.enrolment_create(course=course, learner=world.member)
    again, created_again = services.enrolment_create(course=course, learner=world.member)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert refresh(course).enrolment_count == 1
    assert AuditEntry.objects.filter(action="enrolment.create").count() == 1


def test_no_one_enrols_in_an_unpublished_course(world: World) -> None:
    course = make_course(world, publish=False, access_policy="open").course
    with pytest.raises(Conflict) as error:
        enrol(course, world.member)
    assert error.value.code == "not_published"


def test_the_enrol_button_enrols_and_opens_the_first_lesson(world: World) -> None:
    built = make_course(world)
    client = world.client_for("member")
    page = client.get(f"/courses/{built.course.pk}/").content.decode()
    assert "You may enrol as a member of Southwest Medical University" in page
    response = client.post(f"/courses/{built.course.pk}/enrol/")
    assert response.status_code == 302
    assert response["Location"] == f"/courses/{built.course.pk}/resume/"
    lesson = client.get(response["Location"])
    assert lesson["Location"] == f"/courses/{built.course.pk}/lessons/{built.lesson.pk}/"
    assert Enrolment.objects.filter(learner=world.member).count() == 1


def test_a_refused_enrolment_shows_the_reason(world: World) -> None:
    built = make_course(world)
    client = world.client_for("outsider")
    response = client.post(f"/courses/{built.course.pk}/enrol/", follow=True)
    html = response.content.decode()
    assert "Only people affiliated with a member institution" in html
    assert not Enrolment.objects.exists()


def test_a_too_long_invitation_code_is_refused_with_a_message(world: World) -> None:
    built = make_course(world, access_policy="invitation_code", invitation_code="CODE")
    client = world.client_for("outsider")
    response = client.post(f"/courses/{built.course.pk}/enrol/", {"code": "x" * 41}, follow=True)
    assert "at most 40 characters" in response.content.decode()
    assert not Enrolment.objects.exists()
