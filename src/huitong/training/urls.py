"""The training app's addresses, one section per part (timetable, applications,
attendance): each part's views live in their own module."""

from django.urls import URLPattern, path

from huitong.training import application_views, attendance_views, views

app_name = "training"

E = "<int:edition_id>"
S = f"{E}/sessions/<int:session_id>"

urlpatterns: list[URLPattern] = [
    # Programmes, editions and the timetable (views.py)
    path("", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("programmes/<slug:slug>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<slug:slug>/editions/new/", views.edition_create, name="edition_create"),
    path(f"{E}/", views.edition_detail, name="edition"),
    path(f"{E}/timetable/", views.timetable, name="timetable"),
    path(f"{E}/timetable.ics", views.timetable_ics, name="timetable_ics"),
    path("calendar/<str:token>.ics", views.personal_ics, name="personal_ics"),
    path(f"{S}/", views.session_detail, name="session"),
    path(f"{S}/materials/<int:material_id>/", views.material_download, name="material"),
    path(f"{E}/manage/", views.edition_manage, name="edition_manage"),
    path(f"{E}/edit/", views.edition_edit, name="edition_edit"),
    path(f"{E}/publish/", views.edition_publish, name="edition_publish"),
    path(f"{E}/cancel/", views.edition_cancel, name="edition_cancel"),
    path(f"{E}/organisers/", views.organisers, name="organisers"),
    path(f"{E}/organisers/add/", views.organiser_add, name="organiser_add"),
    path(
        f"{E}/organisers/<int:organiser_id>/remove/",
        views.organiser_remove,
        name="organiser_remove",
    ),
    path(f"{E}/sessions/new/", views.session_create, name="session_create"),
    path(f"{S}/edit/", views.session_edit, name="session_edit"),
    path(f"{S}/delete/", views.session_delete, name="session_delete"),
    path(f"{E}/timetable/publish/", views.timetable_publish, name="timetable_publish"),
    path(f"{S}/materials/add/", views.material_add, name="material_add"),
    path(
        f"{S}/materials/<int:material_id>/delete/",
        views.material_delete,
        name="material_delete",
    ),
    # Applications, review, waiting list, invitations (application_views.py)
    path(f"{E}/apply/", application_views.apply, name="apply"),
    path(f"{E}/application/", application_views.application_status, name="application"),
    path(
        f"{E}/application/withdraw/",
        application_views.application_withdraw,
        name="application_withdraw",
    ),
    path(f"{E}/application/confirm/", application_views.offer_confirm, name="offer_confirm"),
    path(f"{E}/application/decline/", application_views.offer_decline, name="offer_decline"),
    path(
        f"{E}/application-files/<int:file_id>/",
        application_views.application_file,
        name="application_file",
    ),
    path("applications/mine/", application_views.my_applications, name="my_applications"),
    path(f"{E}/applications/", application_views.review_list, name="review"),
    path(
        f"{E}/applications/<int:application_id>/",
        application_views.application_detail,
        name="application_detail",
    ),
    path(
        f"{E}/applications/<int:application_id>/decide/",
        application_views.application_decide,
        name="application_decide",
    ),
    path(
        f"{E}/applications/offer-places/",
        application_views.waiting_list_fill,
        name="waiting_list_fill",
    ),
    path(f"{E}/form/", application_views.form_builder, name="form_builder"),
    path(f"{E}/form/<int:field_id>/", application_views.form_field_edit, name="form_field_edit"),
    path(
        f"{E}/form/<int:field_id>/delete/",
        application_views.form_field_delete,
        name="form_field_delete",
    ),
    path(
        f"{E}/form/<int:field_id>/move/",
        application_views.form_field_move,
        name="form_field_move",
    ),
    path(f"{E}/invitations/", application_views.invitations, name="invitations"),
    path(
        f"{E}/invitations/<int:invitation_id>/revoke/",
        application_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", application_views.invitation, name="invitation"),
    # Attendance, badges, certificates, alumni (attendance_views.py)
    path(f"{E}/check-in/", attendance_views.self_checkin, name="self_checkin"),
    path(f"{E}/badge.pdf", attendance_views.own_badge, name="own_badge"),
    path(f"{S}/check-in/", attendance_views.session_checkin, name="session_checkin"),
    path(
        f"{S}/check-in/<int:application_id>/",
        attendance_views.checkin_create,
        name="checkin_create",
    ),
    path(
        f"{S}/check-in/<int:application_id>/undo/",
        attendance_views.checkin_undo,
        name="checkin_undo",
    ),
    path(f"{S}/scan/", attendance_views.session_scan, name="session_scan"),
    path(f"{S}/code/", attendance_views.session_code, name="session_code"),
    path(f"{S}/code/renew/", attendance_views.session_code_renew, name="session_code_renew"),
    path(f"{E}/badges.pdf", attendance_views.all_badges, name="badges"),
    path(f"{E}/attendance/", attendance_views.attendance_overview, name="attendance"),
    path(f"{E}/attendance.csv", attendance_views.attendance_csv, name="attendance_csv"),
    path(
        f"{E}/attendance/<int:application_id>/badge.pdf",
        attendance_views.participant_badge,
        name="participant_badge",
    ),
    path(
        f"{E}/attendance/<int:application_id>/certificate/",
        attendance_views.certificate_issue,
        name="certificate_issue",
    ),
    path(
        f"{E}/certificates/issue/", attendance_views.certificates_issue, name="certificates_issue"
    ),
    path(f"{E}/figures/", attendance_views.edition_figures, name="edition_figures"),
    path(f"{E}/figures.csv", attendance_views.edition_figures_csv, name="edition_figures_csv"),
    path(
        "programmes/<slug:slug>/figures/",
        attendance_views.programme_figures,
        name="programme_figures",
    ),
    path(
        "programmes/<slug:slug>/figures.csv",
        attendance_views.programme_figures_csv,
        name="programme_figures_csv",
    ),
    path("alumni/<int:person_id>/", attendance_views.person_journey, name="person_journey"),
]
