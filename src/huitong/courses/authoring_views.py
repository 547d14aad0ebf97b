"""The course team's pages (create and edit a course, its modules, lessons, subtitles and
team; submit it) and the alliance reviewers' pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huitong.accounts.access import current_user
from huitong.accounts.models import User
from huitong.alliance.access import is_any_alliance_admin
from huitong.alliance.selectors import approved_members
from huitong.core.errors import ServiceError
from huitong.core.forms import (
    TRANSLATIONS_HELP,
    form_saved,
    report_error,
    report_form_errors,
)
from huitong.core.pagination import paginate
from huitong.courses import access, selectors, services
from huitong.courses.forms import (
    CourseCreateForm,
    CourseForm,
    LessonForm,
    ModuleForm,
    ReviewForm,
    SubtitleForm,
    TeamMemberForm,
)
from huitong.courses.models import Lesson, LessonKind
from huitong.courses.views import user_zone

# --- Courses --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponseBase:
    user = current_user(request)
    access.require_course_creator(user=user)
    form = CourseCreateForm(
        request.POST or None,
        request.FILES or None,
        providers=access.providers_for(user),
        initial={"original_language": "en", "languages": ["en"]},
    )
    done = form_saved(
        request,
        form,
        lambda: services.course_create(
            actor=user,
            provider=form.cleaned_data["provider"],
            alliance=form.cleaned_data["alliance"],
            selected_institutions=form.cleaned_data["selected_institutions"],
            **form.service_fields(),
        ),
        success=_("The course is created as a draft. Add its modules and lessons."),
        then=lambda course: redirect("courses:manage", course_id=course.pk),
    )
    if done is not None:
        return done
    return render(
        request,
        "courses/course_form.html",
        {"form": form, "translations_help": TRANSLATIONS_HELP},
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, course_id: int) -> HttpResponseBase:
    user = current_user(request)
    course = access.course_for_editor(user=user, course_id=course_id)
    form = CourseForm(
        request.POST or None,
        request.FILES or None,
        instance=course,
        members=approved_members(alliance_id=course.alliance_id),
    )
    done = form_saved(
        request,
        form,
        lambda: services.course_update(
            actor=user,
            course=course,
            selected_institutions=form.cleaned_data["selected_institutions"],
            **form.service_fields(),
        ),
        success=_("The course is saved."),
        then=lambda _saved: redirect("courses:manage", course_id=course.pk),
    )
    if done is not None:
        return done
    return render(
        request,
        "courses/course_form.html",
        {"form": form, "course": course, "translations_help": TRANSLATIONS_HELP},
    )


@login_required
@require_GET
def course_manage(request: HttpRequest, course_id: int) -> HttpResponse:
    user = current_user(request)
    course = access.course_for_staff(user=user, course_id=course_id)
    outline = selectors.course_outline(course=course, include_drafts=True)
    rows = selectors.translation_status(course=course, outline=outline)
    return render(
        request,
        "courses/manage.html",
        {
            "course": course,
            "outline": outline,
            "team": selectors.course_team(course=course),
            "translation_rows": rows,
            "missing_by_language": selectors.missing_by_language(rows),
            "can_edit": access.can_edit(user, course),
            "can_lead": access.can_lead(user, course),
            "is_reviewer": access.is_reviewer(user, course),
            "team_form": TeamMemberForm(),
            "history": selectors.with_changes(selectors.course_history(course=course)[:10]),
        },
    )


@login_required
@require_GET
def course_history(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.course_for_staff(user=current_user(request), course_id=course_id)
    page = paginate(request, selectors.course_history(course=course))
    return render(
        request,
        "courses/history.html",
        {"course": course, "page": page, "entries": selectors.with_changes(page)},
    )


@login_required
@require_POST
def course_submit(request: HttpRequest, course_id: int) -> HttpResponseBase:
    user = current_user(request)
    course = access.course_for_lead(user=user, course_id=course_id)
    try:
        services.course_submit(actor=user, course=course)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The course is submitted. The alliance's admins review it."))
    return redirect("courses:manage", course_id=course.pk)


# --- Team -----------------------------------------------------------------------------


@login_required
@require_POST
def team_add(request: HttpRequest, course_id: int) -> HttpResponseBase:
    user = current_user(request)
    course = access.course_for_lead(user=user, course_id=course_id)
    form = TeamMemberForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("courses:manage", course_id=course.pk)
    email = form.cleaned_data["email"]
    person = User.objects.filter(email__iexact=email, is_active=True).first()
    if person is None:
        messages.error(
            request,
            _("No one has an account with the e-mail address %(email)s. Ask them to sign up.")
            % {"email": email},
        )
        return redirect("courses:manage", course_id=course.pk)
    try:
        services.team_add(actor=user, course=course, user=person, role=form.cleaned_data["role"])
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is in the team.") % {"name": person.display_name})
    return redirect("courses:manage", course_id=course.pk)


@login_required
@require_POST
def team_remove(request: HttpRequest, course_id: int, member_id: int) -> HttpResponseBase:
    user = current_user(request)
    member = access.team_member_for_lead(user=user, course_id=course_id, member_id=member_id)
    try:
        services.team_remove(actor=user, member=member)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The person is no longer in the team."))
    return redirect("courses:manage", course_id=course_id)


# --- Modules --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def module_create(request: HttpRequest, course_id: int) -> HttpResponseBase:
    user = current_user(request)
    course = access.course_for_editor(user=user, course_id=course_id)
    form = ModuleForm(request.POST or None, initial={"original_language": course.original_language})
    done = form_saved(
        request,
        form,
        lambda: services.module_create(actor=user, course=course, **form.service_fields()),
        success=_("The module is added."),
        then=lambda _module: redirect("courses:manage", course_id=course.pk),
    )
    if done is not None:
        return done
    return render(
        request,
        "courses/module_form.html",
        {"form": form, "course": course, "translations_help": TRANSLATIONS_HELP},
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, course_id: int, module_id: int) -> HttpResponseBase:
    user = current_user(request)
    module = access.module_for_editor(user=user, course_id=course_id, module_id=module_id)
    form = ModuleForm(request.POST or None, instance=module)
    done = form_saved(
        request,
        form,
        lambda: services.module_update(actor=user, module=module, **form.service_fields()),
        success=_("The module is saved."),
        then=lambda _module: redirect("courses:manage", course_id=course_id),
    )
    if done is not None:
        return done
    return render(
        request,
        "courses/module_form.html",
        {
            "form": form,
            "course": module.course,
            "module": module,
            "translations_help": TRANSLATIONS_HELP,
        },
    )


@login_required
@require_POST
def module_delete(request: HttpRequest, course_id: int, module_id: int) -> HttpResponseBase:
    user = current_user(request)
    module = access.module_for_editor(user=user, course_id=course_id, module_id=module_id)
    try:
        services.module_delete(actor=user, module=module)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The module is deleted."))
    return redirect("courses:manage", course_id=course_id)


# --- Lessons --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def lesson_create(request: HttpRequest, course_id: int, module_id: int) -> HttpResponseBase:
    user = current_user(request)
    module = access.module_for_editor(user=user, course_id=course_id, module_id=module_id)
    form = LessonForm(
        request.POST or None,
        request.FILES or None,
        initial={"original_language": module.course.original_language, "kind": "text"},
    )

    def then(lesson: Lesson) -> HttpResponseBase:
        if lesson.kind == LessonKind.VIDEO and lesson.video_file:
            return redirect("courses:lesson_edit", course_id=course_id, lesson_id=lesson.pk)
        if lesson.kind == LessonKind.QUIZ:
            return redirect("courses:quiz_edit", course_id=course_id, lesson_id=lesson.pk)
        return redirect("courses:manage", course_id=course_id)

    done = form_saved(
        request,
        form,
        lambda: services.lesson_create(actor=user, module=module, **form.service_fields()),
        success=_("The lesson is added."),
        then=then,
    )
    if done is not None:
        return done
    return render(
        request,
        "courses/lesson_form.html",
        {
            "form": form,
            "course": module.course,
            "module": module,
            "translations_help": TRANSLATIONS_HELP,
            "time_zone": str(user_zone(user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponseBase:
    user = current_user(request)
    lesson = access.lesson_for_editor(user=user, course_id=course_id, lesson_id=lesson_id)
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson)
    done = form_saved(
        request,
        form,
        lambda: services.lesson_update(actor=user, lesson=lesson, **form.service_fields()),
        success=_("The lesson is saved."),
        then=lambda _lesson: redirect("courses:manage", course_id=course_id),
    )
    if done is not None:
        return done
    return render(
        request,
        "courses/lesson_form.html",
        {
            "form": form,
            "course": lesson.module.course,
            "module": lesson.module,
            "lesson": lesson,
            "subtitles": list(lesson.subtitles.all()),
            "subtitle_form": SubtitleForm(),
            "translations_help": TRANSLATIONS_HELP,
            "time_zone": str(user_zone(user)),
        },
    )


@login_required
@require_POST
def lesson_delete(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponseBase:
    user = current_user(request)
    lesson = access.lesson_for_editor(user=user, course_id=course_id, lesson_id=lesson_id)
    try:
        services.lesson_delete(actor=user, lesson=lesson)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("courses:lesson_edit", course_id=course_id, lesson_id=lesson_id)
    messages.success(request, _("The lesson is deleted."))
    return redirect("courses:manage", course_id=course_id)


@login_required
@require_POST
def subtitle_add(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponseBase:
    user = current_user(request)
    lesson = access.lesson_for_editor(user=user, course_id=course_id, lesson_id=lesson_id)
    form = SubtitleForm(request.POST, request.FILES)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        try:
            services.subtitle_add(
                actor=user,
                lesson=lesson,
                language=form.cleaned_data["language"],
                file=form.cleaned_data["file"],
            )
        except (ServiceError, ValidationError) as error:
            report_error(request, error)
        else:
            messages.success(request, _("The subtitles are added."))
    return redirect("courses:lesson_edit", course_id=course_id, lesson_id=lesson_id)


@login_required
@require_POST
def subtitle_delete(request: HttpRequest, course_id: int, track_id: int) -> HttpResponseBase:
    user = current_user(request)
    track = access.subtitle_for_editor(user=user, course_id=course_id, track_id=track_id)
    services.subtitle_remove(actor=user, track=track)
    messages.success(request, _("The subtitles are removed."))
    return redirect("courses:lesson_edit", course_id=course_id, lesson_id=track.lesson_id)


# --- Review ---------------------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not is_any_alliance_admin(user):
        raise PermissionDenied(_("Only the alliance's admins review courses."))
    return render(
        request,
        "courses/review_queue.html",
        {"page": paginate(request, selectors.review_queue(user=user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_review(request: HttpRequest, course_id: int) -> HttpResponseBase:
    user = current_user(request)
    course = access.course_for_reviewer(user=user, course_id=course_id)
    form = ReviewForm(request.POST or None)
    decision = request.POST.get("decision", "")
    if request.method == "POST" and decision not in ("approve", "request_changes"):
        form.add_error(None, _("Choose to approve the course or to ask for changes."))
    approve = decision == "approve"
    done = form_saved(
        request,
        form,
        lambda: services.course_review(
            actor=user, course=course, approve=approve, comment=form.cleaned_data["comment"]
        ),
        success=_("The course is published.") if approve else _("The team is asked for changes."),
        then=lambda _course: redirect("courses:review_queue"),
    )
    if done is not None:
        return done
    outline = selectors.course_outline(course=course, include_drafts=True)
    rows = selectors.translation_status(course=course, outline=outline)
    return render(
        request,
        "courses/review.html",
        {
            "course": course,
            "form": form,
            "outline": outline,
            "team": selectors.course_team(course=course),
            "translation_rows": rows,
            "missing_by_language": selectors.missing_by_language(rows),
        },
    )
