"""Rebuild the terminology's search keys (after a change to how terms are folded)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from huitong.terminology.models import Concept
from huitong.terminology.services import reindex


class Command(BaseCommand):
    help = "Rebuild the search keys of every concept."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(Concept.objects.values_list("pk", flat=True))
        for start in range(0, len(ids), 2000):
            with transaction.atomic():
                reindex(Concept.objects.filter(pk__in=ids[start : start + 2000]))
        self.stdout.write(f"Reindexed {len(ids)} concepts.")
