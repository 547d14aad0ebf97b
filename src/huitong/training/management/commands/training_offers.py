"""Expire the places offered to waiting lists whose time to confirm has passed, and offer
them to the next people on the lists. Safe to run at any time, e.g. every 15 minutes from
cron (``huitong training_offers``); pages and the API also do it whenever they read or
write an edition's applications."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huitong.training.applications import offers_expire
from huitong.training.models import Edition


class Command(BaseCommand):
    help = "Expire overdue offers of waiting-list places and offer them to the next people."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--edition", type=int, help="Only this edition (its id).")

    def handle(self, *args: Any, **options: Any) -> None:
        edition = None
        if options.get("edition") is not None:
            edition = Edition.objects.filter(pk=options["edition"]).first()
            if edition is None:
                raise CommandError(f"No edition {options['edition']}.")
        expired = offers_expire(edition=edition)
        self.stdout.write(f"{expired} offers expired.")
