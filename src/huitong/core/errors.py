"""Errors a service raises when a request cannot be carried out.

Each carries a translated message a person can read, a stable code an API client can
test, and the HTTP status the API answers with. Pages show the message; the API returns
``{"detail": message, "code": code}``.
"""

from __future__ import annotations

from django.utils.functional import Promise


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str | Promise, *, code: str, status: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return str(self.message)


class Conflict(ServiceError):
    """The request clashes with what exists (a duplicate, a state that forbids it)."""

    status = 409


class NotAllowed(ServiceError):
    """The actor may see the object but not do this to it."""

    status = 403
