"""The ``huitong`` console command: Django's management commands.

``huitong migrate``, ``huitong demo``, ``huitong db_worker`` and so on are the usual
management commands; production serves with ``gunicorn huitong.wsgi:application`` (README).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huitong.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["huitong", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
