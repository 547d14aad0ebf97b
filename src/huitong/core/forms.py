"""Form helpers shared by every app: the translation fields of translatable content, and
how a page hands a form to a service and shows what went wrong."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import TextField as TextFieldType
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from huitong.core.errors import ServiceError
from huitong.core.models import TranslatableModel

T = TypeVar("T")


class TranslationsFormMixin(forms.ModelForm):  # type: ignore[type-arg]
    """Adds one field per (language, translatable field) named ``tr__<language>__<field>``.

    The original language's text is the model field itself; translations go in the
    ``translations`` JSON column through ``cleaned_translations()``.
    """

    instance: TranslatableModel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = self.model_class()
        existing = self.instance.translations or {}
        original = self.instance.original_language
        for code, name in settings.LANGUAGES:
            if code == original:
                continue  # its text goes in the main fields
            for field_name in model.translatable_fields:
                model_field: Any = model._meta.get_field(field_name)
                is_text = isinstance(model_field, TextFieldType)
                self.fields[f"tr__{code}__{field_name}"] = forms.CharField(
                    label=f"{model_field.verbose_name} — {name}",
                    required=False,
                    max_length=model_field.max_length,
                    widget=forms.Textarea(attrs={"rows": 3}) if is_text else forms.TextInput(),
                )
                self.initial.setdefault(
                    f"tr__{code}__{field_name}", existing.get(code, {}).get(field_name, "")
                )

    def model_class(self) -> type[TranslatableModel]:
        model: type[TranslatableModel] = self._meta.model
        return model

    def translation_fields(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(language code, language name, bound fields) for the template."""
        model = self.model_class()
        return [
            (code, name, [self[f"tr__{code}__{f}"] for f in model.translatable_fields])
            for code, name in settings.LANGUAGES
            if f"tr__{code}__{model.translatable_fields[0]}" in self.fields
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        original = cleaned.get("original_language")
        for field_name in self.model_class().translatable_fields:
            key = f"tr__{original}__{field_name}"
            if key in self.fields and (cleaned.get(key) or "").strip():
                self.add_error(
                    key,
                    _(
                        "This is the text's original language: write it in the main "
                        "fields above, not as a translation."
                    ),
                )
        return cleaned

    def cleaned_translations(self) -> dict[str, dict[str, str]]:
        original = self.cleaned_data.get("original_language") or self.instance.original_language
        result: dict[str, dict[str, str]] = {}
        for code, _name in settings.LANGUAGES:
            if code == original:
                continue
            for field_name in self.model_class().translatable_fields:
                text = (self.cleaned_data.get(f"tr__{code}__{field_name}") or "").strip()
                if text:
                    result.setdefault(code, {})[field_name] = text
        return result


TRANSLATIONS_HELP = _(
    "Write the text in its original language above; add translations for readers in other "
    "languages. Readers see the original, marked as such, where a translation is missing."
)


# --- Pages that hand a form to a service ----------------------------------------------


def put_errors(
    form: forms.BaseForm, error: ValidationError, names: Mapping[str, str] | None = None
) -> None:
    """Show a service's validation error on the form: on the field it names when the form
    has that field (``names`` maps a service's key to the form's field where they differ),
    else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        name = names.get(key, key) if names else key
        form.add_error(name if name in form.fields else None, errors)


def form_saved(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], T],
    *,
    success: str | Callable[[T], str],
    then: Callable[[T], HttpResponseBase],
    on_error: Callable[[], object] | None = None,
    names: Mapping[str, str] | None = None,
) -> HttpResponseBase | None:
    """A form page's POST in one place: when the form is valid, call ``save`` (a service);
    when it succeeds, say ``success`` (or ``success(its result)``) and answer
    ``then(its result)`` (a redirect). A ``ServiceError`` it raises goes above the form, a
    ``ValidationError`` on the fields it names (see ``put_errors``), after ``on_error`` (to
    undo what the service changed on the instance the page shows). ``None`` means: show
    the form (a GET, an invalid form or a refused save)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except ServiceError as error:
        if on_error is not None:
            on_error()
        form.add_error(None, str(error))
    except ValidationError as error:
        if on_error is not None:
            on_error()
        put_errors(form, error, names)
    else:
        messages.success(request, success(result) if callable(success) else success)
        return then(result)
    return None


def report_error(request: HttpRequest, error: ServiceError | ValidationError) -> None:
    """Say a refused service call's message(s) on the next page (for pages without a
    form to show them on)."""
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, str(message))
    else:
        messages.error(request, str(error))


def report_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """Say an invalid form's errors on the next page (a form posted from another page)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


def service_done(
    request: HttpRequest, call: Callable[[], T], *, success: str | Callable[[T], str]
) -> bool:
    """Call a service for a page that redirects whatever happens: say ``success`` (or
    ``success(its result)``) when it succeeds, the message of the ``ServiceError`` it
    raises when it is refused. True when it succeeded."""
    try:
        result = call()
    except ServiceError as error:
        report_error(request, error)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True
