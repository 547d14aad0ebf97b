"""The form builder: organisers add, edit, reorder and delete questions; a question that
has answers keeps them (no deletion, no change of kind, no removal of a chosen choice)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from huitong.core.errors import Conflict
from huitong.training import applications as services
from huitong.training.models import FieldKind, FormField
from huitong.training.tests.application_helpers import (
    applicant,
    make_form,
    open_edition,
    submit,
)
from huitong.training.tests.conftest import TrainingWorld


@pytest.fixture
def form(training: TrainingWorld) -> Any:
    open_edition(training.edition)
    return make_form(training)


def labels(training: TrainingWorld) -> list[str]:
    return list(
        FormField.objects.filter(edition=training.edition)
        .order_by("position", "pk")
        .values_list("label", flat=True)
    )


def test_questions_are_kept_in_order_and_move(training: TrainingWorld, form: Any) -> None:
    assert labels(training)[:2] == ["Why do you want to take part?", "Profession"]
    services.form_field_move(actor=training.organiser, field=form.profession, direction="up")
    assert labels(training)[:2] == ["Profession", "Why do you want to take part?"]
    services.form_field_move(actor=training.organiser, field=form.profession, direction="up")
    assert labels(training)[0] == "Profession"  # already first
    services.form_field_move(actor=training.organiser, field=form.notes, direction="down")
    assert labels(training)[-1] == "Dietary needs"


def test_choices_get_stable_values_and_translated_labels(
    training: TrainingWorld, form: Any
) -> None:
    assert [c["value"] for c in form.profession.choices] == ["c1", "c2"]
    with translation.override("pl"):
        assert services.choice_label(form.profession, "c1") == "Lekarz"
    with translation.override("zh-hans"):
        assert services.choice_label(form.profession, "c1") == "Physician"
    updated = services.form_field_update(
        actor=training.organiser,
        field=form.profession,
        choices=[
            {"value": "c2", "label": "Researcher"},
            {"value": "c1", "label": "Medical doctor"},
            {"label": "Nurse"},
        ],
    )
    assert [(c["value"], c["label"]) for c in updated.choices] == [
        ("c2", "Researcher"),
        ("c1", "Medical doctor"),
        ("c3", "Nurse"),
    ]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([], "A choice question needs at least one choice."),
        ([{"label": "A"}, {"label": "a"}], "The choice “a” is listed twice."),
        ([{"label": ""}], "Each choice needs a label."),
        ([{"label": "A", "translations": {"xx": "?"}}], "Unknown language “xx”."),
    ],
)
def test_invalid_choices_are_refused(
    training: TrainingWorld, choices: list[Any], message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.form_field_create(
            actor=training.organiser,
            edition=training.edition,
            kind=FieldKind.CHOICE,
            label="Pick one",
            choices=choices,
        )
    assert error.value.message_dict["choices"] == [message]
    assert not FormField.objects.filter(label="Pick one").exists()


def test_an_empty_label_or_unknown_kind_is_refused(training: TrainingWorld) -> None:
    with pytest.raises(ValidationError) as error:
        services.form_field_create(
            actor=training.organiser, edition=training.edition, kind="colour", label=" "
        )
    assert set(error.value.message_dict) == {"kind", "label"}


def test_a_question_without_answers_can_be_deleted(training: TrainingWorld, form: Any) -> None:
    services.form_field_delete(actor=training.organiser, field=form.notes)
    assert "Dietary needs" not in labels(training)


def test_an_answered_question_is_kept(training: TrainingWorld, form: Any) -> None:
    submit(training, form, applicant("answered@example.org"))
    for field in (form.motivation, form.cv):
        with pytest.raises(Conflict) as error:
            services.form_field_delete(actor=training.organiser, field=field)
        assert error.value.code == "field_has_answers"
    with pytest.raises(Conflict):
        services.form_field_update(actor=training.organiser, field=form.years, kind=FieldKind.TEXT)
    with pytest.raises(Conflict) as error:
        services.form_field_update(
            actor=training.organiser,
            field=form.profession,
            choices=[{"value": "c2", "label": "Researcher"}],
        )
    assert error.value.code == "choice_has_answers"
    assert "Physician" in str(error.value)
    # What keeps the answers is allowed: optional, renamed, a choice nobody chose removed.
    services.form_field_update(actor=training.organiser, field=form.motivation, required=False)
    services.form_field_update(
        actor=training.organiser,
        field=form.profession,
        choices=[{"value": "c1", "label": "Medical doctor"}],
    )
    assert FormField.objects.get(pk=form.motivation.pk).required is False


def test_the_form_builder_pages(training: TrainingWorld) -> None:
    open_edition(training.edition)
    client = Client()
    client.force_login(training.organiser)
    url = f"/training/{training.edition.pk}/form/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "choice",
            "label": "Profession",
            "required": "on",
            "original_language": "en",
            "choices_text": "Physician\nResearcher\n",
            "choices_tr__pl": "Lekarz\nBadacz",
            "tr__pl__label": "Zawód",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    field = FormField.objects.get(edition=training.edition)
    assert field.translations == {"pl": {"label": "Zawód"}}
    assert field.choices[0] == {
        "value": "c1",
        "label": "Physician",
        "translations": {"pl": "Lekarz"},
    }

    # Renaming a line keeps its value; the page refuses a choice question without choices.
    edit = f"{url}{field.pk}/"
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "kind": "choice",
            "label": "Profession",
            "original_language": "en",
            "choices_text": "Medical doctor\nResearcher\nNurse",
        },
    )
    assert response.status_code == 302
    field.refresh_from_db()
    assert [(c["value"], c["label"]) for c in field.choices] == [
        ("c1", "Medical doctor"),
        ("c2", "Researcher"),
        ("c3", "Nurse"),
    ]
    assert field.required is False
    response = client.post(
        edit, {"kind": "choice", "label": "Profession", "original_language": "en"}
    )
    assert response.status_code == 400
    assert "A choice question needs at least one choice." in response.content.decode()

    assert client.post(f"{edit}delete/").status_code == 302
    assert not FormField.objects.filter(pk=field.pk).exists()


def test_deleting_an_answered_question_on_the_page_says_why(
    training: TrainingWorld, form: Any
) -> None:
    submit(training, form, applicant("answered@example.org"))
    client = Client()
    client.force_login(training.organiser)
    response = client.post(
        f"/training/{training.edition.pk}/form/{form.motivation.pk}/delete/", follow=True
    )
    assert "People have answered this question" in response.content.decode()
    assert FormField.objects.filter(pk=form.motivation.pk).exists()
