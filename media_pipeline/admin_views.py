"""The media assets' screens in the Wagtail admin: upload, listing with state and progress,
edit screen with every job's progress, and a retry button for what failed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import DeleteView, EditView, IndexView, SnippetViewSet

from . import jobs, tasks
from .admin_forms import MediaAssetForm
from .models import MediaAsset
from .permissions import user_may_change

PANEL_TEMPLATE = "media_pipeline/admin/processing_panel.html"
# How often the edit screen asks again while the asset is being processed.
REFRESH_SECONDS = 4


class ProcessingColumn(Column):
    """State, a progress bar while processing, and the error in the uploader's words."""

    cell_template_name = "media_pipeline/admin/processing_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["asset"] = instance
        return context


class ProcessingPanel(Panel):
    """Read-only: the asset's state and one progress bar per job, with a retry button."""

    class BoundPanel(Panel.BoundPanel):
        template_name = PANEL_TEMPLATE

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(processing_context(self.instance))
            return context


def processing_context(asset: MediaAsset) -> dict:
    """What the processing panel shows; ``refresh_url`` while there is still work to follow."""
    jobs_ = list(asset.jobs.all())
    settled = asset.state == MediaAsset.State.FAILED or (
        asset.state == MediaAsset.State.READY
        and all(job.state in (job.State.DONE, job.State.FAILED) for job in jobs_)
    )
    return {
        "asset": asset,
        "jobs": jobs_,
        "renditions": list(asset.renditions.all()),
        "can_retry": asset.state == MediaAsset.State.FAILED
        or any(job.state == job.State.FAILED for job in jobs_),
        "retry_url": reverse("media_pipeline_retry", args=[asset.pk]),
        "refresh_url": "" if settled else reverse("media_pipeline_processing", args=[asset.pk]),
        "refresh_seconds": REFRESH_SECONDS,
    }


class ProcessingFragmentView(View):
    """GET: the processing panel alone, for the edit screen's script to put in place."""

    def get(self, request, pk: int):
        asset = get_object_or_404(MediaAsset, pk=pk)
        if not user_may_change(request.user, asset):
            raise PermissionDenied
        response = render(request, PANEL_TEMPLATE, {**processing_context(asset), "fragment": True})
        response["Cache-Control"] = "no-store"
        return response


class MediaIndexView(IndexView):
    def get_base_queryset(self):
        # Looking at the list heals it: jobs of a dead worker go back to the queue.
        tasks.enqueue_stale_jobs()
        return super().get_base_queryset().prefetch_related("jobs")


class RetryView(View):
    """POST: give an asset's failed jobs (or its refused probe) a fresh set of attempts."""

    def post(self, request, pk: int):
        asset = get_object_or_404(MediaAsset, pk=pk)
        if not user_may_change(request.user, asset):
            raise PermissionDenied
        tasks.enqueue_due(jobs.retry_asset(asset))
        messages.success(request, _("The conversion will be tried again."))
        return redirect("wagtailsnippets_media_pipeline_mediaasset:edit", asset.pk)


class _OwnAssetsOnly:
    """Edit and delete views: the instance itself must be the user's to change."""

    def get_object(self, queryset=None):
        asset = super().get_object(queryset)
        if not user_may_change(self.request.user, asset):
            raise PermissionDenied
        return asset


class MediaEditView(_OwnAssetsOnly, EditView):
    pass


class MediaDeleteView(_OwnAssetsOnly, DeleteView):
    pass


class MediaAssetViewSet(SnippetViewSet):
    model = MediaAsset
    edit_view_class = MediaEditView
    delete_view_class = MediaDeleteView
    icon = "media"
    menu_label = _("Audio and video")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = MediaIndexView
    list_display = [
        "title",
        "kind",
        ProcessingColumn("state", label=_("State")),
        UpdatedAtColumn(),
    ]
    list_filter = ["state", "kind"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("original"),
            ProcessingPanel(heading=_("Processing")),
        ],
        base_form_class=MediaAssetForm,
    )


retry_urlpatterns = [
    path("media/retry/<int:pk>/", RetryView.as_view(), name="media_pipeline_retry"),
    path(
        "media/processing/<int:pk>/",
        ProcessingFragmentView.as_view(),
        name="media_pipeline_processing",
    ),
]
