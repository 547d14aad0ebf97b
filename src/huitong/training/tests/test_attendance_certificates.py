"""Certificates of attendance: issued through the shared certificates app when the
edition's rule holds (at least 80% of required sessions by default), with the CME/CPD
hours of the sessions attended, once per participation; organisers issue them all at
once; the verification page shows them and revocation is the certificates app's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from huitong.certificates.models import Certificate
from huitong.core.errors import Conflict
from huitong.core.models import AuditEntry
from huitong.training import attendance
from huitong.training.alumni import attendance_of
from huitong.training.models import Application, ApplicationStatus, Edition, Session
from huitong.training.tests.attendance_helpers import accept, present
from huitong.training.tests.conftest import TrainingWorld, at, make_session


def required(training: TrainingWorld) -> list[Session]:
    return [s for s in training.sessions if s.required]


def test_hours_are_the_credit_hours_of_the_sessions_attended(training: TrainingWorld) -> None:
    lecture, workshop, clinical, ceremony = training.sessions
    Session.objects.filter(pk=workshop.pk).update(cme_hours=Decimal("2.0"))
    present(training.application, lecture, workshop, clinical, ceremony)
    (row,) = attendance_of(edition=training.edition)
    # 1.5 (lecture's length) + 2.0 (set) + 3.0 (clinical's length) + 0 (ceremony)
    assert row.hours == Decimal("6.5")
    assert (row.attended, row.required_attended, row.required_total) == (4, 3, 3)
    assert row.share == 100
    assert row.eligible


def test_the_80_percent_rule(training: TrainingWorld) -> None:
    lecture, workshop, clinical, ceremony = training.sessions
    # Two more required sessions, five in all: 4 of 5 is 80%, 3 of 5 is not.
    extra = make_session(training.edition, at(training.edition.starts_on, 18), title="Seminar")
    make_session(training.edition, at(training.edition.starts_on, 20), title="Evening seminar")
    four = accept(training.edition, "four@example.org")
    three = accept(training.edition, "three@example.org")
    present(four, lecture, workshop, clinical, extra)
    present(three, lecture, workshop, ceremony, extra)  # the ceremony does not count
    rows = {r.application.pk: r for r in attendance_of(edition=training.edition)}
    assert rows[four.pk].eligible
    assert rows[four.pk].share == 80
    assert not rows[three.pk].eligible
    assert rows[three.pk].share == 60
    assert not rows[training.application.pk].eligible
    Edition.objects.filter(pk=training.edition.pk).update(attendance_rule=60)
    training.edition.refresh_from_db()
    rows = {r.application.pk: r for r in attendance_of(edition=training.edition)}
    assert rows[three.pk].eligible


def test_below_the_rule_nothing_is_issued_and_the_reason_is_given(
    training: TrainingWorld,
) -> None:
    present(training.application, training.lecture, training.workshop)
    with pytest.raises(Conflict) as raised:
        attendance.certificate_issue_for(application=training.application, by=training.organiser)
    assert raised.value.code == "not_eligible"
    assert str(raised.value) == (
        "Participant (Петар) attended 2 of 3 required sessions (66 %); the edition asks for 80 %."
    )
    assert not Certificate.objects.exists()


def test_the_certificate_is_issued_once_with_the_edition_and_hours(
    training: TrainingWorld,
) -> None:
    present(training.application, *required(training))
    certificate = attendance.certificate_issue_for(
        application=training.application, by=training.organiser
    )
    again = attendance.certificate_issue_for(
        application=training.application, by=training.organiser
    )
    assert again.pk == certificate.pk
    assert Certificate.objects.count() == 1
    assert certificate.kind == "training"
    assert certificate.holder == training.participant
    assert certificate.holder_name_native == "Петар"
    assert certificate.title == "6th International Advanced Training Course"
    assert certificate.translations == {"zh-hans": {"title": "第6届国际高级培训班"}}
    assert certificate.issuer == "Southwest Medical University"
    assert certificate.hours == Decimal("6.0")
    assert certificate.source == training.application
    assert certificate.details == {
        "edition_id": training.edition.pk,
        "programme": training.programme.title,
        "edition_number": 6,
        "edition": "6th International Advanced Training Course",
        "starts_on": "2025-12-06",
        "ends_on": "2025-12-18",
        "city": "Belgrade",
        "country": "RS",
        "country_name": "Serbia",
        "hours": "6.0",
        "sessions_attended": 3,
        "required_attended": 3,
        "required_total": 3,
    }
    assert AuditEntry.objects.filter(action="training.certificates_issue").count() == 1


def test_organisers_issue_every_eligible_certificate_at_once(training: TrainingWorld) -> None:
    present(training.application, *required(training))
    second = accept(training.edition, "second@example.org", name_latin="Second Person")
    present(second, *required(training))
    below = accept(training.edition, "below@example.org")
    present(below, training.lecture)
    client = Client()
    client.force_login(training.organiser)
    url = f"/training/{training.edition.pk}/attendance/"
    page = client.get(url).content.decode()
    assert "2 of 3 participants meet the rule." in page
    assert "Issue 2 certificates" in page
    response = client.post(f"/training/{training.edition.pk}/certificates/issue/", follow=True)
    assert "2 certificates of attendance issued." in response.content.decode()
    assert set(Certificate.objects.values_list("holder__email", flat=True)) == {
        "participant@example.org",
        "second@example.org",
    }
    again = client.post(f"/training/{training.edition.pk}/certificates/issue/", follow=True)
    assert "No new certificate to issue" in again.content.decode()
    assert Certificate.objects.count() == 2
    entry = AuditEntry.objects.get(action="training.certificates_issue")
    assert entry.actor == training.organiser
    assert entry.data == {"issued": 2}


def test_one_certificate_from_the_overview(training: TrainingWorld) -> None:
    present(training.application, *required(training))
    client = Client()
    client.force_login(training.organiser)
    url = f"/training/{training.edition.pk}/attendance/{training.application.pk}/certificate/"
    response = client.post(url, follow=True)
    certificate = Certificate.objects.get()
    assert f"Certificate {certificate.uid} issued to Participant (Петар)." in (
        response.content.decode()
    )
    below = accept(training.edition, "below@example.org", name_latin="Below")
    response = client.post(
        f"/training/{training.edition.pk}/attendance/{below.pk}/certificate/", follow=True
    )
    assert "Below attended 0 of 3 required sessions (0 %)" in response.content.decode()
    assert Certificate.objects.count() == 1


def test_the_verification_page_shows_it_and_revocation_is_the_certificates_apps(
    training: TrainingWorld,
) -> None:
    present(training.application, *required(training))
    certificate = attendance.certificate_issue_for(
        application=training.application, by=training.organiser
    )
    page = Client().get(f"/verify/{certificate.uid}/").content.decode()
    assert "Valid certificate" in page
    assert "Training attendance" in page
    assert "6th International Advanced Training Course" in page
    assert "6.0" in page
    organiser = Client()
    organiser.force_login(training.organiser)
    assert "Revoke" in organiser.get(f"/verify/{certificate.uid}/").content.decode()
    organiser.post(f"/verify/{certificate.uid}/revoke/", {"reason": "Issued by mistake"})
    assert "Revoked certificate" in Client().get(f"/verify/{certificate.uid}/").content.decode()
    overview = organiser.get(f"/training/{training.edition.pk}/attendance/").content.decode()
    assert certificate.uid in overview
    assert "revoked" in overview
    # Revoked stays revoked: issuing again does not make a second one.
    organiser.post(f"/training/{training.edition.pk}/certificates/issue/")
    assert Certificate.objects.count() == 1
    # The holder downloads the PDF with the hours.
    holder = Client()
    holder.force_login(training.participant)
    assert holder.get(f"/verify/{certificate.uid}/pdf/").status_code == 200


def test_a_participation_that_is_no_longer_accepted_gets_no_certificate(
    training: TrainingWorld,
) -> None:
    present(training.application, *required(training))
    Application.objects.filter(pk=training.application.pk).update(
        status=ApplicationStatus.WITHDRAWN
    )
    training.application.refresh_from_db()
    with pytest.raises(Conflict) as raised:
        attendance.certificate_issue_for(application=training.application, by=training.organiser)
    assert "Only accepted participants receive a certificate" in str(raised.value)


def test_an_edition_without_required_sessions_issues_none(training: TrainingWorld) -> None:
    Session.objects.filter(edition=training.edition).update(required=False)
    present(training.application, *training.sessions)
    (row,) = attendance_of(edition=training.edition)
    assert row.share is None
    assert not row.eligible
    summary = attendance.certificates_issue_eligible(
        edition=training.edition, by=training.organiser
    )
    assert (summary.issued, summary.not_eligible) == (0, 1)


def test_the_participant_finds_the_certificate_on_their_application_page(
    training: TrainingWorld,
) -> None:
    holder = Client()
    holder.force_login(training.participant)
    url = f"/training/{training.edition.pk}/application/"
    assert 'id="certificate"' not in holder.get(url).content.decode()
    present(training.application, *required(training))
    certificate = attendance.certificate_issue_for(
        application=training.application, by=training.organiser
    )
    page = holder.get(url).content.decode()
    assert "Your certificate of attendance is issued." in page
    assert f'href="/verify/{certificate.uid}/"' in page
