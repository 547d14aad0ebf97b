"""The built-in code systems, the terminology editors' group, the 14 meridians and the
361 standard acupuncture points (re-runnable; see huitong/terminology/standard.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from huitong.terminology.standard import load_standard

    apps.get_model("auth", "Group").objects.get_or_create(name="Terminology editors")
    load_standard(
        CodeSystem=apps.get_model("terminology", "CodeSystem"),
        Concept=apps.get_model("terminology", "Concept"),
        Designation=apps.get_model("terminology", "Designation"),
        ConceptCode=apps.get_model("terminology", "ConceptCode"),
        Relation=apps.get_model("terminology", "Relation"),
        SearchKey=apps.get_model("terminology", "SearchKey"),
    )


class Migration(migrations.Migration):
    dependencies = [("terminology", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
