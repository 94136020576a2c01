"""Idempotent set-up of the site tree, editorial groups, permissions and the moderation workflow.

Used by ``load_demo_data`` and by ``setup_library`` (production), and by tests.

Roles:
- **Teachers** may add resources under the library and edit their own drafts (Wagtail's "add"
  page permission), upload images, documents and media; they cannot publish.
- **Moderators** may edit and publish any resource and approve or reject workflow tasks.
- **Regional editors** edit the taxonomy and publish site pages (and the e-book).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from library.models import HomePage

from .models import Cycle, Level, LibraryIndexPage, Subject, Track

TEACHERS = "Teachers"
MODERATORS = "Moderators"
EDITORS = "Regional editors"
WORKFLOW_NAME = "Resource moderation"
MODERATOR_TASK_NAME = "Moderator approval"


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


@transaction.atomic
def ensure_site(hostname: str = "localhost", port: int = 80) -> tuple[HomePage, LibraryIndexPage]:
    """Create (or find) the home page, the library index and the default site."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration creates a placeholder "Welcome" page at depth 2.
        for placeholder in Page.objects.filter(depth=2, content_type__model="page"):
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title=HomePage.DEFAULT_TITLE, slug="home"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    library = LibraryIndexPage.objects.first()
    if library is None:
        library = home.add_child(
            instance=LibraryIndexPage(
                title=LibraryIndexPage.DEFAULT_TITLE, slug="library", show_in_menus=True
            )
        )
    if home.featured_section_id != library.pk:
        home.featured_section = library
        home.save_revision().publish()
    return home, library


@transaction.atomic
def ensure_roles(library: LibraryIndexPage) -> dict[str, Group]:
    """Create the editorial groups, their permissions and the moderation workflow."""
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in (TEACHERS, MODERATORS, EDITORS)
    }
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for group in groups.values():
        group.permissions.add(admin_access)

    page_perms = {
        TEACHERS: ["add_page"],
        MODERATORS: ["add_page", "change_page", "publish_page"],
        EDITORS: ["add_page", "change_page", "publish_page"],
    }
    for name, codenames in page_perms.items():
        target = library if name != EDITORS else library.get_parent()
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=target, permission=_page_permission(codename)
            )

    root_collection = Collection.get_first_root_node()
    for name in (TEACHERS, MODERATORS, EDITORS):
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            for action in ("add", "choose"):
                perm = Permission.objects.get(
                    content_type__app_label=app, codename=f"{action}_{model}"
                )
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name], collection=root_collection, permission=perm
                )

    # Teachers add recordings and change only their own (media_pipeline.permissions);
    # moderators and editors change any.
    media_ct = ContentType.objects.filter(app_label="media_pipeline", model="mediaasset").first()
    if media_ct:
        media_perms = {p.codename: p for p in Permission.objects.filter(content_type=media_ct)}
        for name in (TEACHERS, MODERATORS, EDITORS):
            groups[name].permissions.add(
                media_perms["add_mediaasset"], media_perms["view_mediaasset"]
            )
        for name in (MODERATORS, EDITORS):
            groups[name].permissions.add(media_perms["change_mediaasset"])
        groups[TEACHERS].permissions.remove(media_perms["change_mediaasset"])

    for model in (Cycle, Level, Track, Subject):
        ct = ContentType.objects.get_for_model(model)
        groups[EDITORS].permissions.add(*Permission.objects.filter(content_type=ct))

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=MODERATOR_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=MODERATOR_TASK_NAME)
        task.groups.set([groups[MODERATORS]])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})
    return groups
