"""Load ISO 3166-1 countries (from pycountry) with their continent and their names in the
platform's languages. Re-runnable: it updates what exists."""

import csv
import gettext
from pathlib import Path

from django.db import migrations

CONTINENTS_CSV = Path(__file__).resolve().parent.parent / "data" / "continents.csv"
# Platform language → pycountry's gettext locale
LOCALES = {"zh-hans": "zh_CN", "sr-latn": "sr@latin", "pl": "pl", "pt-br": "pt_BR"}


def load_countries(apps, schema_editor):
    import pycountry

    Country = apps.get_model("core", "Country")
    with CONTINENTS_CSV.open(encoding="utf-8") as handle:
        continents = {row["code"]: row["continent"] for row in csv.DictReader(handle)}
    catalogues = {}
    for language, locale in LOCALES.items():
        try:
            catalogues[language] = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[locale]
            )
        except OSError:
            continue
    for entry in pycountry.countries:
        name = getattr(entry, "common_name", None) or entry.name
        translations = {}
        for language, catalogue in catalogues.items():
            text = catalogue.gettext(name)
            if text and text != name:
                translations[language] = {"name": text}
        Country.objects.update_or_create(
            code=entry.alpha_2,
            defaults={
                "alpha3": entry.alpha_3,
                "numeric": entry.numeric,
                "name": name,
                "continent": continents[entry.alpha_2],
                "original_language": "en",
                "translations": translations,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
