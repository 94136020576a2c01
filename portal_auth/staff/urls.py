"""Staff URLs, mounted by ``wagtail_hooks`` under ``/admin/portal/``."""

from django.urls import path

from . import import_status, imports, relink, views

app_name = "portal_auth_staff"

urlpatterns = [
    path("pupils/", views.PupilListView.as_view(), name="pupils"),
    path("pupils/<int:pk>/marks/", views.PupilMarksView.as_view(), name="pupil_marks"),
    path("pupils/<int:pk>/code/", views.IssuePupilCodeView.as_view(), name="pupil_code"),
    path(
        "pupils/<int:pk>/account/",
        views.AccountStateView.as_view(kind="pupil"),
        name="pupil_account",
    ),
    path("guardians/", views.GuardianListView.as_view(), name="guardians"),
    path(
        "guardians/<int:pk>/account/",
        views.AccountStateView.as_view(kind="guardian"),
        name="guardian_account",
    ),
    path("links/<int:pk>/code/", views.IssueGuardianCodeView.as_view(), name="guardian_code"),
    path("links/<int:pk>/move/", relink.MoveLinkView.as_view(), name="move_link"),
    path("classes/", views.ClassListView.as_view(), name="classes"),
    path("classes/<int:pk>/slips/", views.ClassSlipsView.as_view(), name="class_slips"),
    path("codes/", views.CodeListView.as_view(), name="codes"),
    path("codes/<int:pk>/revoke/", views.RevokeCodeView.as_view(), name="revoke_code"),
    path("import/", imports.ImportPupilsView.as_view(), name="import"),
    path(
        "import/template/<slug:kind>/<slug:file_format>/",
        imports.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path("import/<slug:kind>/", imports.import_kind_view, name="import_kind"),
    path("import/runs/<int:pk>/", import_status.ImportRunView.as_view(), name="import_run"),
    path("log/", views.SecurityLogView.as_view(), name="log"),
    path("access-log/", views.RecordAccessLogView.as_view(), name="access_log"),
]
