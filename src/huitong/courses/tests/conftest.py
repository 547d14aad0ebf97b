from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Uploaded course files go to a temporary folder (``<MEDIA_ROOT>-private``)."""
    settings.MEDIA_ROOT = tmp_path / "media"
