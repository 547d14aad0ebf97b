"""The learner's pages: the catalogue, a course, enrolment, lessons with their files, and
"My learning". The team's and reviewers' pages are in ``authoring_views``."""

from __future__ import annotations

import hashlib
import zoneinfo
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from huitong.accounts.access import current_user
from huitong.alliance.access import is_any_alliance_admin
from huitong.core import cache as data_cache
from huitong.core.errors import ServiceError
from huitong.core.page_cache import cache_public_page
from huitong.core.pagination import paginate
from huitong.courses import access, media, selectors, services
from huitong.courses.completion import certificates_for
from huitong.courses.forms import CatalogueForm, EnrolForm, VideoProgressForm
from huitong.courses.models import AccessPolicy, Enrolment, LessonKind

CATALOGUE_PAGE_SIZE = 24


def user_zone(user: Any) -> zoneinfo.ZoneInfo:
    """The time zone of the person's profile (UTC for anonymous visitors); the middleware
    has activated it, so that times on the pages and in forms are in it."""
    try:
        return zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


# --- Catalogue and course page --------------------------------------------------------


def _catalogue_listing(request: HttpRequest) -> str:
    """The filters, the count, the cards and the pager: the same for everyone who asks
    with these filters in this language."""
    form = CatalogueForm(
        request.GET or None,
        providers=selectors.catalogue_providers(request.GET.get("provider")),
        countries=selectors.catalogue_countries(),
    )
    filters = selectors.CatalogueFilters()
    if form.is_bound:
        form.is_valid()  # the valid filters apply; the invalid ones are shown as errors
        chosen = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        filters = selectors.CatalogueFilters(**chosen)
    page = paginate(request, selectors.catalogue(filters), per_page=CATALOGUE_PAGE_SIZE)
    return render_to_string(
        "courses/_catalogue_listing.html", {"form": form, "page": page}, request=request
    )


@require_GET
@cache_public_page
def catalogue(request: HttpRequest) -> HttpResponse:
    # Anonymous visitors get the whole page from the page cache; a signed-in person's page
    # differs only around the listing, which is cached per language and query until the
    # data changes.
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    listing = data_cache.cached(
        f"courses:catalogue:{get_language()}:{query}", lambda: _catalogue_listing(request)
    )
    context = {
        "listing": mark_safe(listing),  # noqa: S308 - rendered by our template above
        "can_create": request.user.is_authenticated and access.providers_for(request.user).exists(),
    }
    return render(request, "courses/catalogue.html", context)


@require_GET
@cache_public_page
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.course_for_viewer(user=request.user, course_id=course_id)
    staff = access.is_staff(request.user, course)
    outline = selectors.course_outline(course=course, include_drafts=staff)
    enrolment = None
    progress = None
    certificate = None
    if request.user.is_authenticated:
        enrolment = Enrolment.objects.filter(course=course, learner=request.user).first()
        if enrolment is not None:
            progress = selectors.course_progress(enrolment=enrolment, outline=outline)
            if enrolment.completed_at is not None:
                certificate = certificates_for([enrolment]).get(enrolment.pk)
    allowed, reason = access.may_enrol(request.user, course, enrolled=enrolment is not None)
    return render(
        request,
        "courses/course.html",
        {
            "course": course,
            # Read only when the team's part of the page is not in the cache.
            "team": lambda: selectors.course_team(course=course),
            "data_version": data_cache.version(),
            "fragment_ttl": data_cache.ttl(),
            "outline": outline,
            "enrolment": enrolment,
            "progress": progress,
            "certificate": certificate,
            "may_enrol": allowed,
            "enrol_reason": reason,
            "needs_code": course.access_policy == AccessPolicy.INVITATION_CODE,
            "is_staff": staff,
            "uses_terms": selectors.course_uses_terms(course=course),
        },
    )


@login_required
@require_POST
def enrol(request: HttpRequest, course_id: int) -> HttpResponseBase:
    user = current_user(request)
    course = access.course_for_enrolment(user=user, course_id=course_id)
    form = EnrolForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(course)
    try:
        _enrolment, created = services.enrolment_create(
            course=course, learner=user, code=form.cleaned_data["code"]
        )
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect(course)
    if created:
        messages.success(request, _("You are enrolled. Welcome to the course!"))
    return redirect("courses:resume", course_id=course.pk)


@login_required
@require_GET
def resume(request: HttpRequest, course_id: int) -> HttpResponseBase:
    enrolment = access.enrolment_for_learner(user=current_user(request), course_id=course_id)
    outline = selectors.course_outline(course=enrolment.course, include_drafts=False)
    progress = selectors.course_progress(enrolment=enrolment, outline=outline)
    lesson = selectors.resume_lesson(enrolment=enrolment, outline=outline, progress=progress)
    if lesson is None:
        return redirect(enrolment.course)
    return redirect("courses:lesson", course_id=course_id, lesson_id=lesson.pk)


# --- Lessons --------------------------------------------------------------------------


@login_required
@require_GET
def lesson_detail(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponse:
    user = current_user(request)
    opened = access.lesson_for_learner(user=user, course_id=course_id, lesson_id=lesson_id)
    lesson, course, enrolment = opened.lesson, opened.course, opened.enrolment
    outline = selectors.course_outline(course=course, include_drafts=opened.is_staff)
    progress = None
    if enrolment is not None:
        progress = selectors.course_progress(enrolment=enrolment, outline=outline)
        if lesson.is_published:
            services.lesson_visit(enrolment=enrolment, lesson=lesson)
    previous, following = selectors.neighbours(outline=outline, lesson=lesson)
    zone = user_zone(user)
    return render(
        request,
        "courses/lesson.html",
        {
            "course": course,
            "lesson": lesson,
            "outline": outline,
            "enrolment": enrolment,
            "progress": progress,
            "is_complete": progress is not None and lesson.pk in progress.completed,
            "position": progress.positions.get(lesson.pk, 0) if progress else 0,
            "subtitles": list(lesson.subtitles.all()) if lesson.video_file else [],
            "previous": previous,
            "next": following,
            "is_staff": opened.is_staff,
            "time_zone": str(zone),
            "can_mark_complete": enrolment is not None
            and lesson.is_published
            and lesson.kind not in (LessonKind.QUIZ,)
            and not (lesson.kind == LessonKind.VIDEO and lesson.video_file),
        },
    )


def _enrolment_of(opened: access.LessonAccess) -> Enrolment:
    if opened.enrolment is None:
        raise PermissionDenied(_("Enrol in the course to record your progress."))
    return opened.enrolment


@login_required
@require_POST
def lesson_complete(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponseBase:
    user = current_user(request)
    opened = access.lesson_for_learner(user=user, course_id=course_id, lesson_id=lesson_id)
    enrolment = _enrolment_of(opened)
    finished_before = enrolment.completed_at is not None
    try:
        services.lesson_complete(enrolment=enrolment, lesson=opened.lesson)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect(opened.lesson)
    if enrolment.completed_at is not None and not finished_before:
        messages.success(request, _("You have completed the course. Congratulations!"))
        return redirect(opened.course)
    outline = selectors.course_outline(course=opened.course, include_drafts=False)
    _previous, following = selectors.neighbours(outline=outline, lesson=opened.lesson)
    return redirect(following or opened.course)


@login_required
@require_POST
def video_progress(request: HttpRequest, course_id: int, lesson_id: int) -> JsonResponse:
    """Where the player is (sent by the lesson page's script every few seconds)."""
    user = current_user(request)
    opened = access.lesson_for_learner(user=user, course_id=course_id, lesson_id=lesson_id)
    enrolment = _enrolment_of(opened)
    form = VideoProgressForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"detail": _("The position in the video is not valid."), "code": "invalid"},
            status=400,
        )
    try:
        progress = services.video_progress(
            enrolment=enrolment,
            lesson=opened.lesson,
            position=form.cleaned_data["position"],
            duration=form.cleaned_data["duration"],
        )
    except ServiceError as error:
        return JsonResponse({"detail": str(error), "code": error.code}, status=error.status)
    return JsonResponse(
        {
            "position": progress.video_position,
            "completed": progress.completed_at is not None,
            "course_completed": enrolment.completed_at is not None,
        }
    )


@login_required
@require_safe
def lesson_video(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponseBase:
    opened = access.lesson_for_learner(
        user=current_user(request), course_id=course_id, lesson_id=lesson_id
    )
    video = opened.lesson.video_file
    if not video:
        raise Http404
    file_type = media.VIDEO_TYPES.get(PurePath(video.name or "").suffix.lower())
    content_type = file_type.content_type if file_type else "application/octet-stream"
    return media.file_response(request, video, content_type=content_type)


@login_required
@require_safe
def lesson_reading(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponseBase:
    opened = access.lesson_for_learner(
        user=current_user(request), course_id=course_id, lesson_id=lesson_id
    )
    document = opened.lesson.reading_file
    if not document:
        raise Http404
    suffix = PurePath(document.name or "").suffix.lower()
    file_type = media.READING_TYPES.get(suffix)
    return media.file_response(
        request,
        document,
        content_type=file_type.content_type if file_type else "application/octet-stream",
        download_name=opened.lesson.reading_name or f"lesson-{opened.lesson.pk}{suffix}",
    )


@login_required
@require_safe
def subtitles(request: HttpRequest, course_id: int, track_id: int) -> HttpResponseBase:
    track = access.subtitle_for_learner(
        user=current_user(request), course_id=course_id, track_id=track_id
    )
    return media.file_response(request, track.file, content_type="text/vtt; charset=utf-8")


# --- My learning ----------------------------------------------------------------------


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    rows = selectors.my_learning(user=user)
    certificates = certificates_for([row.enrolment for row in rows if row.enrolment.completed_at])
    for row in rows:
        row.certificate = certificates.get(row.enrolment.pk)  # type: ignore[attr-defined]
    context = {
        "rows": rows,
        "teaching": list(selectors.my_teaching(user=user)),
        "is_reviewer": is_any_alliance_admin(user),
        "can_create": access.providers_for(user).exists(),
    }
    return render(request, "courses/mine.html", context)
