"""Replaying history at past dates: the demo data builders run the real services while
``timezone.now()`` answers from a clock of their own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.utils import timezone


@contextmanager
def now_from(clock: Callable[[], dt.datetime]) -> Iterator[None]:
    """Within the block, ``timezone.now()`` is ``clock()`` (for code that runs alone in its
    process: a management command or a test)."""
    original = timezone.now
    setattr(timezone, "now", clock)  # noqa: B010 - the module's attribute, on purpose
    try:
        yield
    finally:
        setattr(timezone, "now", original)  # noqa: B010
