from django.urls import path

from huitong.terminology import views

app_name = "terminology"

urlpatterns = [
    path("", views.home, name="home"),
    path("browse/", views.browse, name="browse"),
    path("new/", views.concept_create, name="concept_create"),
    path("proposals/", views.proposals, name="proposals"),
    path("<int:concept_id>/", views.concept_detail, name="concept"),
    path("<int:concept_id>/history/", views.concept_history, name="history"),
    path("<int:concept_id>/terms/", views.propose, name="propose"),
    path("<int:concept_id>/codes/", views.code_add, name="code_add"),
    path("<int:concept_id>/mappings/", views.mapping_add, name="mapping_add"),
    path("mappings/<int:mapping_id>/delete/", views.mapping_delete, name="mapping_delete"),
    *[
        path(
            f"terms/<int:designation_id>/{decision}/",
            views.review,
            {"decision": decision},
            name=f"term_{decision}",
        )
        for decision in ("approve", "reject", "deprecate")
    ],
]
