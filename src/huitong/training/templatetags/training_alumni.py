"""Template helpers of the training app's attendance part."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def alumni_journey(user: Any) -> list[Any]:
    """The signed-in person's editions and roles (for the profile page); nothing for an
    anonymous visitor."""
    from huitong.training.alumni import journey

    if user is None or not user.is_authenticated:
        return []
    return journey(person=user)
