"""The upload page, a job's page and its status JSON, and the import API."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from huitong.accounts.models import User
from huitong.terminology import importers
from huitong.terminology.access import EDITORS_GROUP
from huitong.terminology.models import ConceptCode, ImportJob
from huitong.terminology.tests.test_import_support import small_tabulation, tabulation
from huitong.testing import World, make_user

WHO_NAME = "SimpleTabulation-ICD-11-MMS-en.txt"
Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def editor(email: str = "editor@example.org") -> tuple[Client, User]:
    user = make_user(email)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client = Client()
    client.force_login(user)
    return client, user


def upload(name: str = WHO_NAME, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tabulation(small_tabulation()) if data is None else data)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("member", 403),
        ("institution_admin", 403),
        ("alliance_admin", 403),
    ],
)
def test_only_terminology_editors_may_import(world: World, who: str, status: int) -> None:
    client = world.client_for(who)
    assert client.get("/terms/import/").status_code == status
    response = client.post("/terms/import/", {"format": "icd11", "file": upload()})
    assert response.status_code == status
    assert not ImportJob.objects.exists()


def test_an_editor_dry_runs_then_imports_and_follows_the_progress(
    db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    client, _user = editor()
    page = client.get("/terms/import/").content.decode()
    assert 'enctype="multipart/form-data"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/terms/import/", {"format": "icd11", "file": upload(), "dry_run": "on"}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/terms/import/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Dry run: the file has no errors; nothing was written." in page
    assert '<progress id="import-progress"' in page
    assert not ConceptCode.objects.filter(code="SF57").exists()
    status = client.get(f"/terms/import/{job.pk}/status.json").json()
    assert status["finished"] is True
    assert status["status"] == "done"
    assert status["done"] == status["total"] > 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/terms/import/{job.pk}/run/")
    real = ImportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"/terms/import/{real.pk}/"
    assert not real.dry_run
    page = client.get(response["Location"]).content.decode()
    assert "The file is imported." in page
    assert ConceptCode.objects.filter(code="SF57").exists()
    real.refresh_from_db()
    assert not real.file  # the upload is not kept after the import
    jobs = client.get("/terms/import/").content.decode()
    assert jobs.count(f"<td><code>{WHO_NAME}</code></td>") == 2


def test_a_malformed_upload_shows_the_errors_by_row_and_column(
    db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    client, _user = editor()
    lines = tabulation(small_tabulation()).decode("utf-8-sig").splitlines()
    lines[3] = lines[3].replace("\t1A00\t", "\t1O00\t")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/terms/import/", {"format": "icd11", "file": upload(data="\n".join(lines).encode())}
        )
        queued = client.get(response["Location"]).content.decode()
    assert "Queued" in queued  # before the task runs: the page polls status.json
    assert 'id="import-refresh"' in queued
    page = client.get(response["Location"]).content.decode()
    assert "The file has 1 error; nothing was written." in page
    assert "<td>4</td><td><code>Code</code></td>" in page
    assert "“1O00” is not a valid ICD-11 MMS code (for example SF57)." in page
    assert "Import this file now" not in page


def test_too_large_or_wrong_type_uploads_are_refused(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _user = editor()
    monkeypatch.setattr(importers, "MAX_UPLOAD_BYTES", 2**20)
    big = upload(data=b"Code\tTitle\n" + b"x" * 2**20)
    page = client.post("/terms/import/", {"format": "icd11", "file": big}).content.decode()
    assert "The file is larger than 1 MB." in page

    spreadsheet = upload("SimpleTabulation-ICD-11-MMS-en.xlsx", b"PK\x03\x04...")
    page = client.post("/terms/import/", {"format": "icd11", "file": spreadsheet}).content.decode()
    assert (
        "This format takes .txt, .tsv, .csv files; “SimpleTabulation-ICD-11-MMS-en.xlsx” is not "
        "one." in page
    )
    page = client.post(
        "/terms/import/", {"format": "fhir-codesystem", "file": upload("codes.json")}
    ).content.decode()
    assert "“codes.json” is not a JSON document." in page
    assert not ImportJob.objects.exists()


def test_a_job_is_seen_by_its_owner_and_editors_only(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    client, owner = editor()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/terms/import/", {"format": "icd11", "file": upload(), "dry_run": "on"})
    job = ImportJob.objects.get()
    other_editor, _other = editor("second-editor@example.org")
    assert other_editor.get(f"/terms/import/{job.pk}/").status_code == 200
    for who in ("outsider", "member", "alliance_admin"):
        visitor = world.client_for(who)
        assert visitor.get(f"/terms/import/{job.pk}/").status_code == 403
        assert visitor.get(f"/terms/import/{job.pk}/status.json").status_code == 403
    assert Client().get(f"/terms/import/{job.pk}/status.json").status_code == 302
    owner.groups.clear()  # no longer an editor: still sees what they started
    assert client.get(f"/terms/import/{job.pk}/").status_code == 200
    assert client.post(f"/terms/import/{job.pk}/run/").status_code == 403


def test_the_api_queues_an_import_and_reports_it(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    client, _user = editor()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/terms/imports", {"format": "icd11", "dry_run": "false", "file": upload()}
        )
    assert response.status_code == 202
    body = response.json()
    assert body["format"] == "icd11"
    assert body["url"] == f"/terms/import/{body['id']}/"
    job = client.get(f"/api/terms/imports/{body['id']}").json()
    assert job["status"] == "done"
    assert job["report"]["concepts_created"] == 11
    assert job["report"]["written"] is True
    assert ConceptCode.objects.filter(code="SF57").exists()

    member = world.client_for("member")
    refused = member.post("/api/terms/imports", {"format": "icd11", "file": upload()})
    assert refused.status_code == 403
    assert member.get(f"/api/terms/imports/{body['id']}").status_code == 403
    anonymous = Client().post("/api/terms/imports", {"format": "icd11", "file": upload()})
    assert anonymous.status_code == 401
    wrong = client.post(
        "/api/terms/imports", {"format": "fhir-conceptmap", "file": upload("map.xml", b"<x/>")}
    )
    assert wrong.status_code == 415
    assert wrong.json()["code"] == "wrong_type"
