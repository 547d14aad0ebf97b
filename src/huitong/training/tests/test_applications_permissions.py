"""Who may open each page and endpoint of applications: anonymous visitors, outsiders,
members, institution admins, alliance admins, the edition's organisers and an applicant
(the fixture's participant)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from huitong.training.models import ApplicationFile, Edition, EditionStatus, FieldKind, FormField
from huitong.training.tests.application_helpers import PDF, open_edition
from huitong.training.tests.conftest import TrainingWorld

WHO = (
    "anonymous",
    "outsider",
    "member",
    "institution_admin",
    "alliance_admin",
    "organiser",
    "participant",
)


def client_for(training: TrainingWorld, who: str) -> Client:
    client = Client()
    if who in ("organiser", "participant"):
        client.force_login(getattr(training, who))
    elif who != "anonymous":
        client.force_login(getattr(training.world, who))
    return client


@pytest.fixture
def ready(training: TrainingWorld) -> dict[str, Any]:
    open_edition(training.edition)
    field = FormField.objects.create(
        edition=training.edition, kind=FieldKind.FILE, label="CV", required=False
    )
    record = ApplicationFile(
        application=training.application, field=field, original_name="cv.pdf", size=len(PDF)
    )
    record.file.save("cv.pdf", ContentFile(PDF), save=False)
    record.save()
    e = training.edition.pk
    return {
        "apply": f"/training/{e}/apply/",
        "status": f"/training/{e}/application/",
        "mine": "/training/applications/mine/",
        "review": f"/training/{e}/applications/",
        "detail": f"/training/{e}/applications/{training.application.pk}/",
        "form": f"/training/{e}/form/",
        "field": f"/training/{e}/form/{field.pk}/",
        "invitations": f"/training/{e}/invitations/",
        "file": f"/training/{e}/application-files/{record.pk}/",
        "api_mine": f"/api/training/editions/{e}/application",
        "api_list": f"/api/training/editions/{e}/applications",
        "api_summary": f"/api/training/editions/{e}/applications/summary",
        "api_detail": f"/api/training/editions/{e}/applications/{training.application.pk}",
        "api_form": f"/api/training/editions/{e}/application-form",
    }


LOGIN = 302
ORGANISERS = {"alliance_admin": 200, "organiser": 200}
EXPECTED: dict[str, dict[str, int]] = {
    # apply: the participant has applied, so goes to their status page.
    "apply": {"anonymous": LOGIN, "participant": 302, "default": 200},
    # status: who has not applied goes to the form.
    "status": {"anonymous": LOGIN, "participant": 200, "default": 302},
    "mine": {"anonymous": LOGIN, "default": 200},
    "review": {"anonymous": LOGIN, **ORGANISERS, "default": 403},
    "detail": {"anonymous": LOGIN, **ORGANISERS, "default": 403},
    "form": {"anonymous": LOGIN, **ORGANISERS, "default": 403},
    "field": {"anonymous": LOGIN, **ORGANISERS, "default": 403},
    "invitations": {"anonymous": LOGIN, **ORGANISERS, "default": 403},
    "file": {"anonymous": LOGIN, **ORGANISERS, "participant": 200, "default": 404},
    "api_mine": {"anonymous": 401, "participant": 200, "default": 404},
    "api_list": {"anonymous": 401, **ORGANISERS, "default": 403},
    "api_summary": {"anonymous": 401, **ORGANISERS, "default": 403},
    "api_detail": {"anonymous": 401, **ORGANISERS, "default": 403},
    "api_form": {"default": 200},
}


@pytest.mark.parametrize("page", list(EXPECTED))
@pytest.mark.parametrize("who", WHO)
def test_permission_matrix(
    training: TrainingWorld, ready: dict[str, Any], page: str, who: str
) -> None:
    expected = EXPECTED[page].get(who, EXPECTED[page]["default"])
    response = client_for(training, who).get(ready[page])
    assert response.status_code == expected, (page, who, response.status_code)
    if page == "file" and expected == 200:
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        assert "cv.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("who", WHO)
def test_only_organisers_decide(training: TrainingWorld, ready: dict[str, Any], who: str) -> None:
    Edition.objects.filter(pk=training.edition.pk).update(places_taken=0)
    training.application.status = "submitted"
    training.application.save()
    response = client_for(training, who).post(ready["detail"] + "decide/", {"decision": "reject"})
    training.application.refresh_from_db()
    if who in ORGANISERS:
        assert response.status_code == 302
        assert training.application.status == "rejected"
    else:
        assert response.status_code in (302, 403)
        assert training.application.status == "submitted"
        if who == "anonymous":
            assert response["Location"].startswith("/accounts/login/")


def test_a_draft_editions_applications_are_hidden(
    training: TrainingWorld, ready: dict[str, Any]
) -> None:
    Edition.objects.filter(pk=training.edition.pk).update(status=EditionStatus.DRAFT)
    assert client_for(training, "outsider").get(ready["apply"]).status_code == 404
    assert client_for(training, "participant").get(ready["status"]).status_code == 404
    assert client_for(training, "organiser").get(ready["review"]).status_code == 200
