"""Helpers of the attendance tests: more accepted people, a frozen clock, check-ins."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone

from huitong.accounts.models import User
from huitong.core.models import Country
from huitong.testing import make_user
from huitong.training.models import (
    Application,
    ApplicationStatus,
    CheckIn,
    CheckInMethod,
    Edition,
    Session,
)
from huitong.training.tests.conftest import TrainingWorld


def accept(
    edition: Edition,
    email: str,
    *,
    role: str = "participant",
    country: str | None = None,
    **fields: Any,
) -> Application:
    """A new person with an accepted application to ``edition`` (capacity raised to fit)."""
    if country is not None:
        fields["country"] = Country.objects.get(pk=country)
    user = User.objects.filter(email=email).first() or make_user(email, **fields)
    invited = role != "participant"
    application = Application.objects.create(
        edition=edition,
        applicant=user,
        role=role,
        invited=invited,
        status=ApplicationStatus.ACCEPTED,
        language="en",
    )
    if not invited:
        Edition.objects.filter(pk=edition.pk).update(
            capacity=F("capacity") + 1, places_taken=F("places_taken") + 1
        )
    return application


def present(application: Application, *sessions: Session) -> None:
    for session in sessions:
        CheckIn.objects.get_or_create(
            session=session, application=application, defaults={"method": CheckInMethod.LIST}
        )


def freeze(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    """Make ``timezone.now()`` answer ``moment`` (services, views and auto_now fields)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def session_url(training: TrainingWorld, session: Session, tail: str) -> str:
    return f"/training/{training.edition.pk}/sessions/{session.pk}/{tail}"
