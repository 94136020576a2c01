"""Staff URLs of the records, mounted by ``records.staff.hooks`` under ``/admin/portal/records/``."""

from django.urls import path

from . import imports, marks, report_cards, text_messages

app_name = "portal_auth_records"

urlpatterns = [
    path("publish/", marks.PublishMarksView.as_view(), name="publish_marks"),
    path("import/", imports.ImportRecordsView.as_view(), name="import"),
    path(
        "report-cards/<int:class_id>/<int:semester>/",
        report_cards.ClassReportCardsView.as_view(),
        name="class_report_cards",
    ),
    path("import/<slug:kind>/", imports.import_kind_view, name="import_kind"),
    path("text-messages/", text_messages.TextMessagesView.as_view(), name="text_messages"),
]
