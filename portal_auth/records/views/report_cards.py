"""The report card of a published semester as a PDF, for the pupil and the guardians who see them.

The pupil is named in the URL and must be one this account sees (``scoping.pupils_for_account``);
any other pupil, a semester not published for the pupil's class, or no class: 404.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views import View

from ...models import Semester
from ...schools.scoping import pupils_for_account
from ..report_card import NotPublished, report_cards
from ..report_card_pdf import build_report_cards_pdf, report_language


def pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ReportCardView(LoginRequiredMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, pupil_id: int, semester: int):
        pupil = get_object_or_404(pupils_for_account(request.user), pk=pupil_id)
        enrolment = pupil.enrolment_for()
        if enrolment is None or semester not in Semester.values:
            raise Http404
        try:
            cards = report_cards(enrolment.school_class, semester, [pupil])
        except NotPublished:
            raise Http404 from None
        language = report_language(request.GET.get("language") or get_language())
        body = build_report_cards_pdf(cards, language)
        return pdf_response(body, f"bulletin-{pupil.massar_code}-s{semester}-{language}.pdf")
