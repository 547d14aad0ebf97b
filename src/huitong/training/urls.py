"""The training app's addresses, one section per part (timetable, applications,
attendance): each part's views live in their own module."""

from django.urls import URLPattern, path  # noqa: F401

from huitong.training import application_views, attendance_views, views  # noqa: F401

app_name = "training"

E = "<int:edition_id>"
S = f"{E}/sessions/<int:session_id>"

urlpatterns: list[URLPattern] = [
    # Programmes, editions and the timetable (views.py)
    # Applications, review, waiting list, invitations (application_views.py)
    # Attendance, badges, certificates, alumni (attendance_views.py)
]
