"""Applying: the answers are checked against the edition's form, files by type, content
and size, and the dates; every refusal says why and leaves nothing behind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from huitong.core.errors import Conflict
from huitong.courses import media
from huitong.training import applications as services
from huitong.training.models import (
    Application,
    ApplicationFile,
    ApplicationStatus,
    Edition,
    EditionStatus,
)
from huitong.training.tests.application_helpers import (
    DOC,
    DOCX,
    PDF,
    applicant,
    make_form,
    open_edition,
    pdf,
    stored_files,
    submit,
)
from huitong.training.tests.conftest import TrainingWorld


@pytest.fixture
def form(training: TrainingWorld) -> Any:
    open_edition(training.edition)
    return make_form(training)


def test_an_application_keeps_the_answers_the_file_and_the_language(
    training: TrainingWorld, form: Any
) -> None:
    person = applicant("ana@example.pl")
    with translation.override("pl"):
        application = submit(training, form, person)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.language == "pl"
    assert application.answers == {
        str(form.motivation.pk): "I treat chronic pain with acupuncture.",
        str(form.profession.pk): "c1",
        str(form.graduated.pk): "2012-06-30",
        str(form.years.pk): 12,
    }
    stored = ApplicationFile.objects.get(application=application)
    assert stored.original_name == "cv.pdf"
    assert stored.size == len(PDF)
    path = Path(media.private_storage.path(stored.file.name))
    assert path.read_bytes() == PDF
    assert "cv" not in path.name  # an unguessable name, outside the public media
    assert Edition.objects.get(pk=training.edition.pk).places_taken == 1  # not yet a place


@pytest.mark.parametrize(
    ("name", "content"), [("cv.doc", DOC), ("cv.docx", DOCX), ("CV.ODT", DOCX)]
)
def test_word_and_opendocument_files_are_taken(
    training: TrainingWorld, form: Any, name: str, content: bytes
) -> None:
    upload = SimpleUploadedFile(name, content)
    application = services.application_submit(
        applicant=applicant("doc@example.org"),
        edition=training.edition,
        answers=form.answers(),
        files=form.files(upload),
    )
    assert application.files.get().original_name == name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("cv.exe", b"MZ\x90\x00" * 10), "“cv.exe” is not a document this form"),
        (SimpleUploadedFile("cv.txt", b"plain text"), "“cv.txt” is not a document this form"),
        (SimpleUploadedFile("cv.pptx", DOCX), "“cv.pptx” is not a document this form"),
        (SimpleUploadedFile("cv.pdf", b"<html>no</html>" * 10), "does not hold what its name"),
        (SimpleUploadedFile("cv.doc", PDF), "does not hold what its name says"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused(
    training: TrainingWorld, form: Any, upload: Any, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            applicant=applicant("wrong@example.org"),
            edition=training.edition,
            answers=form.answers(),
            files=form.files(upload),
        )
    assert any(message in m for m in error.value.message_dict[str(form.cv.pk)])
    assert not Application.objects.filter(applicant__email="wrong@example.org").exists()
    assert stored_files() == []


def test_a_file_over_the_size_limit_is_refused(
    training: TrainingWorld, form: Any, settings: Any
) -> None:
    settings.TRAINING_APPLICATION_FILE_MAX_BYTES = 1024
    big = pdf(content=PDF + bytes(2048))
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            applicant=applicant("big@example.org"),
            edition=training.edition,
            answers=form.answers(),
            files=form.files(big),
        )
    assert error.value.message_dict[str(form.cv.pk)] == ["The file is larger than 0.000976562 MB."]
    assert stored_files() == []


def test_the_size_limit_is_ten_megabytes_by_default() -> None:
    assert services.application_file_max_bytes() == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("motivation", None, "This field is required."),
        ("motivation", "   ", "This field is required."),
        ("motivation", "x" * 10_001, "The answer is longer than 10000 characters."),
        ("notes", "x" * 501, "The answer is longer than 500 characters."),
        ("motivation", 42, "Enter text."),
        ("profession", "c9", "Select a valid choice."),
        ("profession", "Physician", "Select a valid choice."),
        ("graduated", "30/06/2012", "Enter a valid date."),
        ("graduated", "1850-01-01", "Enter a valid date."),
        ("years", "twelve", "Enter a number."),
        ("years", True, "Enter a number."),
        ("years", "1e20", "Enter a number."),
        ("years", "NaN", "Enter a number."),
    ],
)
def test_invalid_answers_are_refused_with_the_reason(
    training: TrainingWorld, form: Any, question: str, value: Any, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            applicant=applicant("bad@example.org"),
            edition=training.edition,
            answers=form.answers(**{question: value}),
            files=form.files(),
        )
    assert error.value.message_dict[str(getattr(form, question).pk)] == [message]
    assert not Application.objects.filter(applicant__email="bad@example.org").exists()
    assert stored_files() == []


def test_a_missing_required_file_is_refused(training: TrainingWorld, form: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            applicant=applicant("nofile@example.org"),
            edition=training.edition,
            answers=form.answers(),
            files={},
        )
    assert error.value.message_dict[str(form.cv.pk)] == ["This field is required."]


def test_an_unknown_question_is_refused(training: TrainingWorld, form: Any) -> None:
    answers = {**form.answers(), "999999": "hello"}
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            applicant=applicant("unknown@example.org"),
            edition=training.edition,
            answers=answers,
            files=form.files(),
        )
    assert error.value.message_dict["answers"] == ["“999999” is not a question of this form."]


def test_numbers_and_decimal_commas(training: TrainingWorld, form: Any) -> None:
    application = services.application_submit(
        applicant=applicant("num@example.org"),
        edition=training.edition,
        answers=form.answers(years="2,5"),
        files=form.files(),
    )
    assert application.answers[str(form.years.pk)] == 2.5


def test_a_late_application_is_refused(training: TrainingWorld, form: Any) -> None:
    Edition.objects.filter(pk=training.edition.pk).update(
        application_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    training.edition.refresh_from_db()
    with pytest.raises(Conflict) as error:
        submit(training, form, applicant("late@example.org"))
    assert error.value.code == "deadline_passed"
    assert str(error.value) == "The application deadline has passed: applications are closed."
    assert stored_files() == []
    assert not Application.objects.filter(applicant__email="late@example.org").exists()


def test_without_a_deadline_applications_close_when_the_edition_starts(
    training: TrainingWorld,
) -> None:
    edition = open_edition(
        training.edition,
        application_deadline=None,
        starts_on=timezone.localdate() - dt.timedelta(days=1),
    )
    window = services.application_window(edition)
    assert not window.is_open
    assert window.code == "deadline_passed"
    open_edition(edition, application_deadline=None)
    assert services.application_window(edition).is_open


def test_an_application_before_the_opening_is_refused(training: TrainingWorld) -> None:
    open_edition(training.edition, applications_open=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(Conflict) as error:
        submit(training, None, applicant("early@example.org"))
    assert error.value.code == "not_open_yet"


@pytest.mark.parametrize(
    ("status", "code"),
    [(EditionStatus.DRAFT, "not_published"), (EditionStatus.CANCELLED, "cancelled")],
)
def test_only_a_published_edition_takes_applications(
    training: TrainingWorld, status: str, code: str
) -> None:
    open_edition(training.edition, status=status)
    with pytest.raises(Conflict) as error:
        submit(training, None, applicant("draft@example.org"))
    assert error.value.code == code


def test_a_second_application_of_the_same_person_is_refused(
    training: TrainingWorld, form: Any
) -> None:
    person = applicant("twice@example.org")
    first = submit(training, form, person)
    with pytest.raises(Conflict) as error:
        submit(training, form, person)
    assert error.value.code == "already_applied"
    assert Application.objects.filter(applicant=person).get() == first
    assert len(stored_files()) == 1


def test_files_are_removed_when_the_transaction_fails(
    training: TrainingWorld, form: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        submit(training, form, applicant("broken@example.org"))
    assert stored_files() == []
    assert not Application.objects.filter(applicant__email="broken@example.org").exists()


# --- The page ---------------------------------------------------------------------------


def _page_data(form: Any, **overrides: Any) -> dict[str, Any]:
    data = {f"q{key}": value for key, value in form.answers().items()}
    data[f"q{form.cv.pk}"] = pdf()
    data.update(overrides)
    return data


def test_applying_on_the_page(training: TrainingWorld, form: Any) -> None:
    person = applicant("page@example.rs", preferred_language="sr-latn")
    client = Client()
    client.force_login(person)
    page = client.get(f"/training/{training.edition.pk}/apply/")
    assert page.status_code == 200
    assert "Lekar" in page.content.decode()  # the choices in the reader's language
    response = client.post(f"/training/{training.edition.pk}/apply/", _page_data(form))
    assert response.status_code == 302
    assert response["Location"] == f"/training/{training.edition.pk}/application/"
    application = Application.objects.get(applicant=person)
    assert application.language == "sr-latn"
    assert application.files.count() == 1
    # Coming back to the form shows the application instead.
    again = client.get(f"/training/{training.edition.pk}/apply/")
    assert again.status_code == 302


def test_the_page_shows_what_is_wrong_and_keeps_nothing(training: TrainingWorld, form: Any) -> None:
    client = Client()
    client.force_login(applicant("typo@example.org"))
    response = client.post(
        f"/training/{training.edition.pk}/apply/",
        _page_data(form, **{f"q{form.cv.pk}": SimpleUploadedFile("cv.exe", b"MZ" * 50)}),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "is not a document this form takes" in errors[f"q{form.cv.pk}"][0]
    assert not Application.objects.filter(applicant__email="typo@example.org").exists()
    assert stored_files() == []


def test_the_page_after_the_deadline_says_so(training: TrainingWorld, form: Any) -> None:
    Edition.objects.filter(pk=training.edition.pk).update(
        application_deadline=timezone.now() - dt.timedelta(hours=1)
    )
    client = Client()
    client.force_login(applicant("late.page@example.org"))
    page = client.get(f"/training/{training.edition.pk}/apply/")
    assert "applications are closed" in page.content.decode()
    response = client.post(f"/training/{training.edition.pk}/apply/", _page_data(form))
    assert response.status_code == 400
    assert not Application.objects.filter(applicant__email="late.page@example.org").exists()


def test_the_edition_page_shows_the_application_box(training: TrainingWorld, form: Any) -> None:
    url = training.edition.get_absolute_url()
    anonymous = Client().get(url).content.decode()
    assert "Applications are open until" in anonymous
    assert "Log in to apply" in anonymous
    person = applicant("box@example.org")
    client = Client()
    client.force_login(person)
    assert f'href="/training/{training.edition.pk}/apply/"' in client.get(url).content.decode()
    submit(training, form, person)
    page = client.get(url).content.decode()
    assert "See your application" in page
    assert "Submitted" in page
    Edition.objects.filter(pk=training.edition.pk).update(
        application_deadline=timezone.now() - dt.timedelta(hours=1)
    )
    other = Client()
    other.force_login(applicant("closed@example.org"))
    assert "applications are closed" in other.get(url).content.decode()
