"""Mounted at ``/assignments/`` inside the language prefixes."""

from django.urls import path

from .views import family, packs, teacher

app_name = "assignments"

urlpatterns = [
    path("", family.TodoView.as_view(), name="todo"),
    path("<int:pk>/done/", family.DoneView.as_view(), name="done"),
    path("<int:pk>/pack/", packs.AssignmentPackView.as_view(), name="pack"),
    path("<int:pk>/pack/<str:name>.zip", packs.AssignmentPackFileView.as_view(), name="pack_file"),
    path("position/<int:page_id>/", family.PositionView.as_view(), name="position"),
    path("teach/", teacher.AssignmentListView.as_view(), name="teacher_list"),
    path("teach/new/", teacher.AssignmentFormView.as_view(), name="teacher_new"),
    path("teach/<int:pk>/edit/", teacher.AssignmentFormView.as_view(), name="teacher_edit"),
    path("teach/<int:pk>/postpone/", teacher.PostponeView.as_view(), name="teacher_postpone"),
    path("teach/<int:pk>/withdraw/", teacher.WithdrawView.as_view(), name="teacher_withdraw"),
    path("teach/<int:pk>/progress/", teacher.ProgressView.as_view(), name="teacher_progress"),
    path(
        "teach/<int:pk>/progress.<str:fmt>",
        teacher.ProgressExportView.as_view(),
        name="teacher_progress_export",
    ),
]
