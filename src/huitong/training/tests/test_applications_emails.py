"""Every step's e-mail is written in the language the applicant applied in, whatever
language the organiser who acts uses (the catalogues come later, so the tests look at the
language each template is rendered in)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from huitong.core import mail as core_mail
from huitong.training import applications as services
from huitong.training.models import Application, Invitation
from huitong.training.tests.application_helpers import applicant, open_edition, submit
from huitong.training.tests.conftest import TrainingWorld


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(template, active language) of every e-mail template rendered."""
    seen: list[tuple[str, str]] = []
    original = render_to_string

    def spy(template: str, context: Any = None, *args: Any, **kwargs: Any) -> str:
        seen.append((template, translation.get_language()))
        return original(template, context, *args, **kwargs)

    monkeypatch.setattr(core_mail, "render_to_string", spy)  # what send_templated_mail calls
    return seen


def languages(rendered: list[tuple[str, str]], step: str) -> set[str]:
    return {lang for template, lang in rendered if template.startswith(f"training/email/{step}_")}


def test_each_step_is_mailed_in_the_applicants_language(
    training: TrainingWorld,
    rendered: list[tuple[str, str]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    open_edition(training.edition)
    with translation.override("pl"):
        polish = submit(training, None, applicant("anna@example.pl", preferred_language="en"))
    with translation.override("sr-latn"):
        serbian = submit(training, None, applicant("marko@example.rs"))
    other = submit(training, None, applicant("third@example.org"))
    assert languages(rendered, "received") == {"pl", "sr-latn", "en"}
    rendered.clear()

    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        for application in (polish, other):
            services.application_decide(
                actor=training.organiser, application=application, decision="accept"
            )
        services.application_decide(
            actor=training.organiser, application=serbian, decision="waitlist"
        )
        services.application_withdraw(user=polish.applicant, application=polish)
    assert ("training/email/accepted_subject.txt", "pl") in rendered
    assert languages(rendered, "waitlisted") == {"sr-latn"}
    assert languages(rendered, "withdrawn") == {"pl"}
    assert languages(rendered, "offered") == {"sr-latn"}
    offered = Application.objects.get(pk=serbian.pk)
    assert offered.status == "offered"
    rendered.clear()

    Application.objects.filter(pk=offered.pk).update(offer_expires_at=offered.submitted_at)
    services.offers_expire(edition=training.edition)
    assert languages(rendered, "offer_expired") == {"sr-latn"}
    assert all(m.to for m in mail.outbox)


def test_the_language_of_a_submission_is_the_active_one(training: TrainingWorld) -> None:
    open_edition(training.edition)
    with translation.override("pt-br"):
        application = submit(training, None, applicant("joao@example.br"))
    assert application.language == "pt-br"
    with translation.override("zh-hans"):
        explicit = submit(training, None, applicant("li@example.cn"), language="zh-Hans")
    assert explicit.language == "zh-hans"


def test_an_invitation_is_mailed_in_the_invited_persons_language(
    training: TrainingWorld, rendered: list[tuple[str, str]]
) -> None:
    open_edition(training.edition)
    applicant("known@example.rs", preferred_language="sr-latn")
    services.invitation_create(
        actor=training.organiser, edition=training.edition, email="known@example.rs", language="en"
    )
    assert languages(rendered, "invitation") == {"sr-latn"}
    rendered.clear()
    services.invitation_create(
        actor=training.organiser, edition=training.edition, email="new@example.pl", language="pl"
    )
    assert languages(rendered, "invitation") == {"pl"}
    assert Invitation.objects.count() == 2
