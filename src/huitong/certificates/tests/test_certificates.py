from __future__ import annotations

import io
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from pypdf import PdfReader

from huitong.alliance.models import Affiliation
from huitong.certificates import services
from huitong.certificates.models import Certificate
from huitong.certificates.pdf import certificate_pdf
from huitong.core.errors import Conflict, ServiceError
from huitong.testing import World, build_world


def issue(world: World) -> Certificate:
    source = Affiliation.objects.get(user=world.member)
    return services.certificate_issue(
        source=source,
        kind="course",
        holder=world.member,
        title="Science of Acupuncture and Moxibustion",
        title_translations={"zh-hans": "针灸学"},
        issuer="Southwest Medical University",
        hours=Decimal("24.5"),
    )


def test_a_certificate_is_issued_once(world: World) -> None:
    first = issue(world)
    second = issue(world)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    assert len(first.uid) == 14


@pytest.mark.django_db(transaction=True)
def test_simultaneous_issues_still_make_one_certificate() -> None:
    world = build_world()
    barrier = threading.Barrier(4)
    uids: list[str] = []

    def run() -> None:
        barrier.wait()
        try:
            uids.append(issue(world).uid)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(uids)) == 1
    assert Certificate.objects.count() == 1


def test_the_verification_page_confirms_without_private_data(world: World, client: Client) -> None:
    certificate = issue(world)
    page = client.get(f"/verify/{certificate.uid.lower().replace('-', '')}/").content.decode()
    assert "Valid certificate" in page
    assert "李芳" in page
    assert "Science of Acupuncture and Moxibustion" in page
    assert world.member.email not in page
    api = client.get(f"/api/certificates/{certificate.uid}").json()
    assert api["valid"] is True
    assert api["hours"] == "24.5"
    assert client.get("/verify/ABCD-EFGH-JKMN/").status_code == 404


def test_revoking_needs_a_reason_and_the_page_then_says_revoked(world: World) -> None:
    certificate = issue(world)
    with pytest.raises(ServiceError):
        services.certificate_revoke(actor=world.alliance_admin, certificate=certificate, reason=" ")
    services.certificate_revoke(
        actor=world.alliance_admin, certificate=certificate, reason="Issued in error."
    )
    with pytest.raises(Conflict):
        services.certificate_revoke(actor=world.alliance_admin, certificate=certificate, reason="x")
    page = Client().get(f"/verify/{certificate.uid}/").content.decode()
    assert "Revoked certificate" in page
    assert "Issued in error." in page
    assert Client().get(f"/api/certificates/{certificate.uid}").json()["valid"] is False


def test_only_the_holder_downloads_and_only_issuers_revoke(world: World) -> None:
    certificate = issue(world)
    assert world.client_for("member").get(f"/verify/{certificate.uid}/pdf/").status_code == 200
    assert world.client_for("outsider").get(f"/verify/{certificate.uid}/pdf/").status_code == 403
    assert Client().get(f"/verify/{certificate.uid}/pdf/").status_code == 302
    refused = world.client_for("member").post(
        f"/verify/{certificate.uid}/revoke/", {"reason": "mine"}
    )
    assert refused.status_code == 403
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_the_pdf_carries_names_in_both_scripts_and_the_number(world: World) -> None:
    certificate = issue(world)
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(certificate_pdf(certificate))).pages
    )
    compact = text.replace(" ", "")
    assert "Member" in text
    assert "李芳" in compact
    assert certificate.uid in text
    assert "24.5" in text
    chinese = certificate_pdf(certificate, language="zh-hans")
    assert "针灸学" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(chinese)).pages
    ).replace(" ", "")


LONG_TITLE = (
    "6. međunarodni napredni kurs obuke o kliničkoj praksi i napretku istraživanja "
    "tradicionalne kineske medicine"
)


def _lines(pdf: bytes) -> list[tuple[float, float, float, str]]:
    """Each run of text the PDF draws: x, y, width (in points) and the text."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from huitong.core.pdf import LATIN, register_fonts

    register_fonts()
    runs: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            runs.append((tm[4], tm[5], stringWidth(text, LATIN, size), text))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_a_long_title_wraps_inside_the_frame(world: World) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm

    source = Affiliation.objects.get(user=world.member)
    certificate = services.certificate_issue(
        source=source, kind="course", holder=world.member, title=LONG_TITLE,
        title_translations={}, issuer="Univerzitet u Beogradu", hours=None,
        original_language="sr-latn",
    )  # fmt: skip
    pdf = certificate_pdf(certificate)
    width, height = landscape(A4)
    runs = _lines(pdf)
    title_runs = [run for run in runs if run[3].strip() in LONG_TITLE]
    assert len(title_runs) >= 2  # wrapped onto several lines
    assert " ".join(run[3].strip() for run in title_runs) == LONG_TITLE
    for x, y, run_width, text in runs:
        assert 12 * mm < x, text
        assert x + run_width < width - 12 * mm, text
        assert 12 * mm < y < height - 12 * mm, text


def test_a_training_certificate_says_attended_where_and_when(world: World) -> None:
    source = Affiliation.objects.get(user=world.member)
    certificate = services.certificate_issue(
        source=source, kind="training", holder=world.member, title=LONG_TITLE,
        title_translations={}, issuer="Chengdu University of TCM", hours=Decimal("36.0"),
        original_language="en",
        details={"starts_on": "2024-06-03", "ends_on": "2024-06-14", "city": "Chengdu",
                 "country": "CN", "country_name": "China", "hours": "36.0"},
    )  # fmt: skip
    text = " ".join(run[3] for run in _lines(certificate_pdf(certificate, language="en")))
    assert "attended" in text
    assert "completed" not in text
    assert "held in Chengdu, China" in text
    assert "June 3, 2024" in text
    assert "June 14, 2024" in text
    assert "36.0" in text


def test_an_unknown_number_gets_a_clear_404(world: World, client: Client) -> None:
    issue(world)
    page = client.get("/verify/ABCD-EFGH-JKMN/")
    assert page.status_code == 404
    assert "No certificate has the number ABCD-EFGH-JKMN." in page.content.decode()
    looked_up = client.get("/verify/", {"uid": "abcd efgh jkmn"})
    assert looked_up.status_code == 404
    assert "No certificate has the number ABCD-EFGH-JKMN." in looked_up.content.decode()
