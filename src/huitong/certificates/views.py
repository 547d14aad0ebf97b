from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huitong.accounts.access import current_user
from huitong.certificates import access, services
from huitong.certificates.pdf import certificate_pdf
from huitong.core.errors import ServiceError


def _not_found(request: HttpRequest, uid: str) -> HttpResponse:
    """A clear answer, still a 404, when no certificate has the number."""
    number = access.normalise_uid(uid) or uid.strip()[:20]
    return render(
        request,
        "certificates/lookup.html",
        {"error": _("No certificate has the number %(uid)s.") % {"uid": number}, "uid": number},
        status=404,
    )


@require_GET
def verify(request: HttpRequest, uid: str) -> HttpResponse:
    """Public: confirms whether a certificate is valid, without private data."""
    try:
        certificate = access.certificate_for_verification(uid=uid)
    except Http404:
        return _not_found(request, uid)
    context = {
        "certificate": certificate,
        "can_manage": access.can_manage(request.user, certificate),
        "is_holder": request.user.is_authenticated and certificate.holder_id == request.user.pk,
    }
    return render(request, "certificates/verify.html", context)


@require_GET
def verify_lookup(request: HttpRequest) -> HttpResponseBase:
    uid = access.normalise_uid(request.GET.get("uid", ""))
    if not uid:
        return render(
            request,
            "certificates/lookup.html",
            {
                "error": _("Enter the twelve characters of the certificate number.")
                if request.GET
                else ""
            },
        )
    if not access.certificate_exists(uid=uid):
        return _not_found(request, uid)
    return redirect("certificates:verify", uid=uid)


@login_required
@require_GET
def download(request: HttpRequest, uid: str) -> HttpResponse:
    certificate = access.certificate_for_download(user=request.user, uid=uid)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.uid}.pdf"'
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, uid: str) -> HttpResponseBase:
    user = current_user(request)
    certificate = access.certificate_for_revocation(user=user, uid=uid)
    try:
        services.certificate_revoke(
            actor=user, certificate=certificate, reason=request.POST.get("reason", "")
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The certificate is revoked."))
    return redirect(certificate)
