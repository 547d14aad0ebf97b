"""The import pages: the upload form, a job's progress and report, and the JSON the
progress bar polls. The import itself runs as a background task (importers.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huitong.accounts.access import current_user
from huitong.core.errors import ServiceError
from huitong.terminology import access, importers
from huitong.terminology.models import ImportFormat, ImportJob, ImportStatus


class ImportForm(forms.Form):
    format = forms.ChoiceField(label=_("format"), choices=ImportFormat.choices)
    file = forms.FileField(
        label=_("file"),
        max_length=255,
        help_text=_(
            "UTF-8 text: .txt, .tsv or .csv for ICD-11 and CSV, .json for FHIR; at most 50 MB."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and report, write nothing"),
        required=False,
        initial=True,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload, format = cleaned.get("file"), cleaned.get("format")
        if upload is not None and format:
            try:
                importers.check_upload(
                    format=format,
                    file_name=upload.name or "",
                    size=upload.size or 0,
                    head=importers.read_upload_head(upload),
                )
            except ServiceError as error:
                self.add_error("file", str(error))
        return cleaned


@login_required
@require_http_methods(["GET", "POST"])
def import_form(request: HttpRequest) -> HttpResponseBase:
    user = current_user(request)
    access.require_editor(user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = importers.job_create(
                actor=user,
                format=form.cleaned_data["format"],
                file_name=upload.name,
                dry_run=form.cleaned_data["dry_run"],
                upload=upload,
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            return redirect(job)
    context = {
        "form": form,
        "jobs": ImportJob.objects.select_related("user")[:20],
        "is_editor": True,
    }
    return render(request, "terminology/import.html", context)


def _percent(done: int, total: int) -> int:
    return min(100, 100 * done // total) if total else 0


@login_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access.import_job_for_viewer(user=request.user, job_id=job_id)
    done, total = importers.job_progress(job)
    report = importers.ImportReport.from_dict(job.report) if job.report else None
    can_import = bool(
        report is not None
        and report.ok
        and job.dry_run
        and job.status == ImportStatus.DONE
        and job.file
        and access.is_editor(request.user)
    )
    context = {
        "job": job,
        "report": report,
        "done": done,
        "total": total,
        "percent": _percent(done, total),
        "can_import": can_import,
        "is_editor": access.is_editor(request.user),
    }
    return render(request, "terminology/import_job.html", context)


@login_required
@require_GET
def import_status(request: HttpRequest, job_id: int) -> JsonResponse:
    job = access.import_job_for_viewer(user=request.user, job_id=job_id)
    done, total = importers.job_progress(job)
    return JsonResponse(
        {
            "id": job.pk,
            "status": job.status,
            "status_display": job.get_status_display(),
            "finished": job.is_finished,
            "done": done,
            "total": total,
            "percent": _percent(done, total),
            "error_count": int((job.report or {}).get("error_count", 0)),
        }
    )


@login_required
@require_POST
def import_run(request: HttpRequest, job_id: int) -> HttpResponseBase:
    """Import for real the file of a dry run that found no error."""
    user = current_user(request)
    job = access.import_job_for_viewer(user=user, job_id=job_id)
    access.require_editor(user)
    try:
        repeat = importers.job_repeat(actor=user, job=job)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect(job)
    return redirect(repeat)
