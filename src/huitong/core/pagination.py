from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int = 50) -> Page[Any]:
    """A page of ``queryset`` by ``?page=``; an unknown page number gives the last page.

    Counting a large table is the costly part of a list page, so the count is taken once.
    """
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
