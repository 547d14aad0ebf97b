"""Marks the API's input-validation messages for translation (used by core/api.py)."""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("The text is too long."),
    gettext_noop("Enter text."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter true or false."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Select a valid choice."),
    gettext_noop("The request body is not valid JSON."),
    gettext_noop("The request body must be a JSON object."),
]
