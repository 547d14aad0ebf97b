"""The course team's teaching pages: the roster of learners with their progress and
results (as a page and as a CSV file) and each quiz's item statistics. Open to the
course's team and the admins of its alliance (``access.course_for_teaching``)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from huitong.accounts.access import current_user
from huitong.core.pagination import paginate
from huitong.courses import access, teaching
from huitong.courses.teaching import COMPLETED, IN_PROGRESS, ROSTER_SORTS, RosterFilters


class RosterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A name in any script, or an institution."),
    )
    state = forms.ChoiceField(
        label=_("state"),
        required=False,
        choices=[
            ("", _("All learners")),
            (IN_PROGRESS, _("In progress")),
            (COMPLETED, _("Completed")),
        ],
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key) for key in ROSTER_SORTS],
        widget=forms.HiddenInput,
    )


def _filters(request: HttpRequest) -> tuple[RosterFilterForm, RosterFilters]:
    form = RosterFilterForm(request.GET or None)
    if not form.is_bound:
        return form, RosterFilters()
    form.is_valid()  # the valid filters apply; the invalid ones are shown as errors
    chosen = {k: v for k, v in form.cleaned_data.items() if v}
    return form, RosterFilters(**chosen)


@dataclass
class SortLink:
    """A sortable column's header: the sort its link asks for, and how the table is
    sorted by it now ("ascending", "descending" or "")."""

    sort: str
    current: str


def _sort_link(key: str, current: str, *, first: str) -> SortLink:
    if current == key:
        return SortLink(f"-{key}", "ascending")
    if current == f"-{key}":
        return SortLink(key, "descending")
    return SortLink(first, "")


@login_required
@require_GET
def roster(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.course_for_teaching(user=current_user(request), course_id=course_id)
    form, filters = _filters(request)
    columns = teaching.roster_columns(course=course)
    enrolments = teaching.roster(course=course, filters=filters, columns=columns)
    page = paginate(request, enrolments, per_page=teaching.ROSTER_PAGE_SIZE)
    rows = teaching.roster_rows(course=course, enrolments=list(page), columns=columns)
    return render(
        request,
        "courses/roster.html",
        {
            "course": course,
            "form": form,
            "page": page,
            "rows": rows,
            "quizzes": columns.quizzes,
            "sorts": {
                "name": _sort_link("name", filters.sort, first="name"),
                "progress": _sort_link("progress", filters.sort, first="-progress"),
                "enrolled": _sort_link("enrolled", filters.sort, first="-enrolled"),
            },
        },
    )


class _Echo:
    """A file-like object whose ``write`` returns what it is given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def roster_csv(request: HttpRequest, course_id: int) -> StreamingHttpResponse:
    """The roster as a CSV file: every row matching the page's filters (all learners
    without), UTF-8 with a byte order mark so that spreadsheets read the names in every
    script, streamed as it is read."""
    course = access.course_for_teaching(user=current_user(request), course_id=course_id)
    _form, filters = _filters(request)
    columns = teaching.roster_columns(course=course)
    # The response is written after the view returns: take the reader's language and
    # time zone now.
    language = translation.get_language() or "en"
    zone = timezone.get_current_timezone()
    header = teaching.roster_csv_header(columns=columns, language=language)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)
        for row in teaching.roster_all_rows(course=course, filters=filters, columns=columns):
            yield writer.writerow(teaching.roster_csv_cells(row, language=language, zone=zone))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="course-{course.pk}-roster.csv"'
    return response


@login_required
@require_GET
def quiz_statistics(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponse:
    quiz = access.quiz_for_teaching(
        user=current_user(request), course_id=course_id, lesson_id=lesson_id
    )
    return render(
        request,
        "courses/item_stats.html",
        {
            "course": quiz.lesson.module.course,
            "lesson": quiz.lesson,
            "quiz": quiz,
            "stats": teaching.quiz_stats(quiz=quiz),
            "min_attempts": teaching.MIN_ATTEMPTS,
        },
    )
