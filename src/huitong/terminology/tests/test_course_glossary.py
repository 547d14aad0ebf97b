"""A course's glossary gathers the terms of its description and of all its lessons."""

from __future__ import annotations

from django.test import Client

from huitong.terminology.markup import usage_sync
from huitong.terminology.models import TermUsage


def test_a_group_glossary_gathers_every_part(db: None) -> None:
    from huitong.testing import make_institution

    whole = make_institution("Southwest Medical University")
    part = make_institution("College of Integrated Medicine")
    usage_sync(obj=whole, field="description", text="[[ST36]]", title="Course", url="/c/",
               group=f"alliance.institution.{whole.pk}")  # fmt: skip
    usage_sync(obj=part, field="description", text="[[PC6]] and [[LI4]]", title="Lesson",
               url="/l/", group=f"alliance.institution.{whole.pk}")  # fmt: skip
    assert TermUsage.objects.filter(group=f"alliance.institution.{whole.pk}").count() == 3
    page = Client().get("/terms/glossary/", {"object": f"alliance.institution.{whole.pk}"})
    html = page.content.decode()
    for code in ("ST36", "PC6", "LI4"):
        assert code in html
