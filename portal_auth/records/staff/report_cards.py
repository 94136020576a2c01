"""Staff screen: a class's report cards for a published semester, one PDF, one pupil a page."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import get_language

from ...accounts.access_log import record_staff_view
from ...models import RecordAccess, Semester
from ..report_card import NotPublished, class_pupils, report_cards
from ..report_card_pdf import build_report_cards_pdf, report_language
from ..views.report_cards import pdf_response
from .marks import RecordsStaffPage


class ClassReportCardsView(RecordsStaffPage):
    """For the roles that manage the class's records (the records' policy); another school's
    class is a 404."""

    http_method_names = ["get", "head"]

    def get(self, request, class_id: int, semester: int):
        school_class = self.managed_classes().filter(pk=class_id).select_related("year").first()
        if school_class is None or semester not in Semester.values:
            raise Http404
        pupils = class_pupils(school_class)
        try:
            cards = report_cards(school_class, semester, pupils)
        except NotPublished:
            raise Http404 from None
        language = report_language(request.GET.get("language") or get_language())
        body = build_report_cards_pdf(cards, language)
        record_staff_view(request, pupils, RecordAccess.Kind.MARKS)
        return pdf_response(body, f"bulletins-{school_class.name}-s{semester}-{language}.pdf")
