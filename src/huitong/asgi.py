"""ASGI entry point: ``uvicorn huitong.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huitong.settings")
application = get_asgi_application()
