"""Staff URLs of the records, mounted by ``records.staff.hooks`` under ``/admin/portal/records/``."""

from django.urls import path

from . import imports, marks

app_name = "portal_auth_records"

urlpatterns = [
    path("publish/", marks.PublishMarksView.as_view(), name="publish_marks"),
    path("import/", imports.ImportRecordsView.as_view(), name="import"),
    path("import/<slug:kind>/", imports.import_kind_view, name="import_kind"),
]
