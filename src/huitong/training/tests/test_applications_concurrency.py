"""Requests that arrive together: one person applying several times at once gets one
application; organisers accepting at once never push the places over the capacity; a
withdrawal racing a decision keeps the count right. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from huitong.alliance.tests.test_concurrency import together
from huitong.core.errors import Conflict
from huitong.training import applications as services
from huitong.training.models import Application, ApplicationStatus, Edition
from huitong.training.tests.application_helpers import applicant, open_edition, submit
from huitong.training.tests.conftest import TrainingWorld

pytestmark = pytest.mark.django_db(transaction=True)


def taken(edition: Edition) -> int:
    return Edition.objects.get(pk=edition.pk).places_taken


def held(edition: Edition) -> int:
    return Application.objects.filter(
        edition=edition, invited=False, status__in=["accepted", "offered"]
    ).count()


def test_one_person_applying_at_once_gets_one_application(training: TrainingWorld) -> None:
    open_edition(training.edition)
    person = applicant("double.click@example.org")
    results, errors = together(
        5,
        lambda n: services.application_submit(
            applicant=person, edition=training.edition, answers={}
        ),
    )
    assert len(results) == 1
    assert len(errors) == 4
    assert all(isinstance(e, Conflict) and e.code == "already_applied" for e in errors), errors
    assert Application.objects.filter(applicant=person).count() == 1


def test_many_people_applying_at_once_all_get_in(training: TrainingWorld) -> None:
    open_edition(training.edition)
    people = [applicant(f"burst{n}@example.org") for n in range(8)]
    results, errors = together(
        8,
        lambda n: services.application_submit(
            applicant=people[n], edition=training.edition, answers={}
        ),
    )
    assert not errors
    assert len(results) == 8
    assert Application.objects.filter(applicant__in=people).count() == 8


def test_accepting_at_once_never_exceeds_the_capacity(training: TrainingWorld) -> None:
    open_edition(training.edition)
    applications = [
        submit(training, None, applicant(f"candidate{n}@example.org")) for n in range(6)
    ]
    results, errors = together(
        6,
        lambda n: services.application_decide(
            actor=training.organiser, application=applications[n], decision="accept"
        ),
    )
    assert len(results) == 2  # 3 places, one taken by the fixture's participant
    assert len(errors) == 4
    assert all(isinstance(e, Conflict) and e.code == "edition_full" for e in errors), errors
    assert taken(training.edition) == 3 == held(training.edition)


def test_the_same_application_accepted_twice_at_once_takes_one_place(
    training: TrainingWorld,
) -> None:
    open_edition(training.edition)
    application = submit(training, None, applicant("once@example.org"))
    results, errors = together(
        4,
        lambda n: services.application_decide(
            actor=training.organiser, application=application, decision="accept"
        ),
    )
    assert len(results) == 1
    assert all(isinstance(e, Conflict) and e.code == "wrong_status" for e in errors), errors
    assert taken(training.edition) == 2 == held(training.edition)


def test_withdrawals_and_acceptances_together_keep_the_count(training: TrainingWorld) -> None:
    open_edition(training.edition)
    accepted = submit(training, None, applicant("leaving@example.org"))
    services.application_decide(actor=training.organiser, application=accepted, decision="accept")
    waiting = [submit(training, None, applicant(f"wait{n}@example.org")) for n in range(3)]
    for application in waiting:
        services.application_decide(
            actor=training.organiser, application=application, decision="waitlist"
        )
    newcomer = submit(training, None, applicant("newcomer@example.org"))

    def act(n: int) -> object:
        if n == 0:
            return services.application_withdraw(user=accepted.applicant, application=accepted)
        if n == 1:
            return services.application_withdraw(
                user=training.participant, application=training.application
            )
        return services.application_decide(
            actor=training.organiser, application=newcomer, decision="accept"
        )

    _results, errors = together(3, act)
    assert all(isinstance(e, Conflict) for e in errors), errors
    edition = Edition.objects.get(pk=training.edition.pk)
    assert edition.places_taken == held(edition) <= edition.capacity
    statuses = set(
        Application.objects.filter(pk__in=[w.pk for w in waiting]).values_list("status", flat=True)
    )
    assert ApplicationStatus.OFFERED in statuses
