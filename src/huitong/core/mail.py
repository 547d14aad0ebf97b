from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from huitong.core.tasks import send_email


def send_templated_mail(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in the recipient's
    language and queue the message once the current transaction commits."""
    with translation.override(language or "en"):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)

    def enqueue() -> None:
        send_email.enqueue(to=[to], subject=subject, body=body)

    transaction.on_commit(enqueue)
