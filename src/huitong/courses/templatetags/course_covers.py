"""``{% course_cover course %}``: the course's uploaded cover image, or one drawn from its
discipline (see huitong.courses.covers)."""

from __future__ import annotations

from typing import Any

from django import template

from huitong.courses.covers import generated_cover
from huitong.courses.models import Course

register = template.Library()


@register.inclusion_tag("courses/_cover.html")
def course_cover(course: Course, size: str = "card") -> dict[str, Any]:
    if course.cover:
        return {"course": course, "size": size, "image": course.cover.url}
    return {"course": course, "size": size, "cover": generated_cover(course)}
