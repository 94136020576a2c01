"""Admin integration: the taxonomy as snippets, and teachers seeing only their own drafts.

The e-book keeps its own hooks in ``catalog.ebook.admin_hooks``, imported here so Wagtail finds them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .document_access import refuse_unless_servable
from .ebook import admin_hooks as ebook_admin_hooks  # noqa: F401
from .models import (
    CurriculumSynonym,
    Cycle,
    Level,
    ResourcePage,
    Subject,
    TaxonomyMention,
    Track,
)
from .site_setup import MODERATOR_TASK_NAME, WORKFLOW_NAME


class CycleViewSet(SnippetViewSet):
    model = Cycle
    icon = "folder-open-1"
    list_display = ["slug", "name_ar", "name_fr", "name_en", "sort_order"]


class LevelViewSet(SnippetViewSet):
    model = Level
    icon = "list-ol"
    list_display = ["code", "name_ar", "name_fr", "name_en", "cycle"]
    list_filter = ["cycle"]


class TrackViewSet(SnippetViewSet):
    model = Track
    icon = "resubmit"
    list_display = ["slug", "name_ar", "name_fr", "name_en", "international_options"]
    list_filter = ["levels"]


class SubjectViewSet(SnippetViewSet):
    model = Subject
    icon = "doc-full"
    list_display = ["slug", "name_ar", "name_fr", "name_en"]
    list_filter = ["levels"]
    search_fields = ["name_ar", "name_fr", "name_en", "slug"]


class TaxonomyMentionViewSet(SnippetViewSet):
    model = TaxonomyMention
    icon = "search"
    list_display = ["text", "level", "track", "subject"]


class CurriculumSynonymViewSet(SnippetViewSet):
    model = CurriculumSynonym
    icon = "link"
    list_display = ["__str__", "note"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (
        CycleViewSet,
        LevelViewSet,
        TrackViewSet,
        SubjectViewSet,
        TaxonomyMentionViewSet,
        CurriculumSynonymViewSet,
    )
    menu_icon = "folder-inverse"
    menu_label = _("School structure")
    menu_name = "taxonomy"


register_snippet(TaxonomyViewSetGroup)


def live_or_own_drafts(user, pages: QuerySet) -> QuerySet:
    """Whoever may publish no page (a teacher, whatever other groups they are in) sees published
    pages and their own drafts only; reviewing the others' drafts is the moderators'. Wagtail's
    page permission policy answers, cached for the request."""
    if not policy_registry.get_by_type(Page).user_has_permission(user, "publish"):
        pages = pages.filter(Q(live=True) | Q(owner=user))
    return pages


@hooks.register("construct_explorer_page_queryset")
def teachers_see_live_pages_and_their_own_drafts(
    parent_page: Page, pages: QuerySet, request: HttpRequest
) -> QuerySet:
    """In the page explorer, a teacher sees published pages and their own drafts only."""
    return live_or_own_drafts(request.user, pages)


class ResourceIndexView(PageIndexView):
    """Every resource in one list an editor narrows by subject, level, track, kind, language."""

    def get_base_queryset(self):
        return live_or_own_drafts(self.request.user, super().get_base_queryset())


class ResourceListingViewSet(PageListingViewSet):
    model = ResourcePage
    index_view_class = ResourceIndexView
    icon = "doc-full-inverse"
    menu_label = _("Resources")
    menu_order = 150
    add_to_admin_menu = True
    list_filter = ["subject", "levels", "tracks", "kind", "language"]


@hooks.register("register_admin_viewset")
def register_resource_listing() -> ResourceListingViewSet:
    return ResourceListingViewSet("resources")


hooks.register("before_serve_document", refuse_unless_servable)


@hooks.register("register_admin_urls")
def document_original_urls() -> list:
    from django.urls import path

    from .document_originals import serve_original

    return [path("documents/original/<int:pk>/", serve_original, name="catalog_document_original")]


# Workflow and task names are rows, written once in English by ``setup_library``; the admin
# shows them inside translated sentences («تقديم إلى …»), so they are translated where shown.
WORKFLOW_LABELS = {
    WORKFLOW_NAME: _("Resource moderation"),
    MODERATOR_TASK_NAME: _("Moderator approval"),
}


@hooks.register("construct_page_action_menu")
def translate_workflow_names(menu_items: list, request: HttpRequest, context: dict) -> None:
    for item in menu_items:
        if isinstance(item, SubmitForModerationMenuItem) and not isinstance(
            item, _TranslatedSubmitMenuItem
        ):
            item.__class__ = _TranslatedSubmitMenuItem


class _TranslatedSubmitMenuItem(SubmitForModerationMenuItem):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        label = str(context.get("label", ""))
        for name, translated in WORKFLOW_LABELS.items():
            label = label.replace(name, str(translated))
        context["label"] = label
        return context
