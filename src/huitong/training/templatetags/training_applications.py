"""Template helpers of the applications part (the box on the edition page, status labels,
the form builder's choice labels)."""

from __future__ import annotations

from typing import Any

from django import template

from huitong.training.applications import Window, application_window, choice_label
from huitong.training.models import ApplicationStatus, Edition, FormField

register = template.Library()

_STATUS_CLASS: dict[str, str] = {
    ApplicationStatus.ACCEPTED: "status-approved",
    ApplicationStatus.SUBMITTED: "status-pending",
    ApplicationStatus.WAITLISTED: "status-pending",
    ApplicationStatus.OFFERED: "status-pending",
    ApplicationStatus.REJECTED: "status-rejected",
    ApplicationStatus.WITHDRAWN: "status-rejected",
    ApplicationStatus.EXPIRED: "status-rejected",
}


@register.simple_tag
def applications_window(edition: Edition) -> Window:
    """Whether the edition takes applications now (``is_open``, ``message``,
    ``opens_at``, ``closes_at``)."""
    return application_window(edition)


@register.filter
def status_class(status: str) -> str:
    return _STATUS_CLASS.get(str(status), "")


@register.simple_tag
def choices_in_language(field: FormField) -> list[str]:
    """The question's choices in the reader's language."""
    return [choice_label(field, c.get("value")) for c in field.choices or []]


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)
