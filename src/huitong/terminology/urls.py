from django.urls import path

from huitong.terminology import export_views, import_views, views

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

# Exports and the glossary (export_views.py, docs/terminology-export.md).
urlpatterns += [
    path("export/", export_views.export_index, name="export"),
    path("export/concepts.csv", export_views.export_csv, name="export_csv"),
    path("export/concepts.json", export_views.export_json, name="export_json"),
    path(
        "export/fhir/CodeSystem/<slug:slug>.json",
        export_views.fhir_code_system,
        name="export_fhir_codesystem",
    ),
    path(
        "export/fhir/ConceptMap/<slug:source>/<slug:target>.json",
        export_views.fhir_concept_map,
        name="export_fhir_conceptmap",
    ),
    path("glossary/", export_views.glossary, name="glossary"),
]

# Imports (import_views.py, docs/terminology-import.md).
urlpatterns += [
    path("import/", import_views.import_form, name="import"),
    path("import/<int:job_id>/", import_views.import_job, name="import_job"),
    path("import/<int:job_id>/status.json", import_views.import_status, name="import_status"),
    path("import/<int:job_id>/run/", import_views.import_run, name="import_run"),
]
