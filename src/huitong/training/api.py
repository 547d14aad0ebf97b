"""The training API: programmes, editions, timetable, application status and check-in.
Each part adds its endpoints to this router (see core/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["training"])

from huitong.training import api_applications, api_attendance, api_timetable  # noqa: E402,F401
