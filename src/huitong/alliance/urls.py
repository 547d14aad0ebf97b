from django.urls import path

from huitong.alliance import views
from huitong.alliance.services import MEMBERSHIP_TRANSITIONS

app_name = "alliance"

urlpatterns = [
    path("a/<slug:slug>/", views.alliance_home, name="alliance"),
    path("a/<slug:slug>/members/", views.directory, name="directory"),
    path("a/<slug:slug>/world/", views.world, name="world"),
    path("a/<slug:slug>/manage/", views.alliance_manage, name="manage"),
    path("institutions/", views.institution_list, name="institutions"),
    path("institutions/new/", views.institution_create, name="institution_create"),
    path("institutions/<int:institution_id>/", views.institution_detail, name="institution"),
    path(
        "institutions/<int:institution_id>/edit/", views.institution_edit, name="institution_edit"
    ),
    path(
        "institutions/<int:institution_id>/manage/",
        views.institution_manage,
        name="institution_manage",
    ),
    path(
        "institutions/<int:institution_id>/apply/", views.membership_apply, name="membership_apply"
    ),
    path(
        "institutions/<int:institution_id>/affiliate/",
        views.affiliation_request,
        name="affiliation_request",
    ),
    path(
        "affiliations/<int:affiliation_id>/approve/",
        views.affiliation_decide,
        {"decision": "approve"},
        name="affiliation_approve",
    ),
    path(
        "affiliations/<int:affiliation_id>/reject/",
        views.affiliation_decide,
        {"decision": "reject"},
        name="affiliation_reject",
    ),
    path("affiliations/<int:affiliation_id>/end/", views.affiliation_end, name="affiliation_end"),
    *[
        path(
            f"memberships/<int:membership_id>/{action}/",
            views.membership_transition,
            {"action": action},
            name=f"membership_{action}",
        )
        for action in MEMBERSHIP_TRANSITIONS
    ],
]
