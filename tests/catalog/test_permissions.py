"""Teachers draft and submit, moderators publish; anonymous visitors see only live public pages."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Page, Workflow

from catalog.models import ResourcePage
from catalog.site_setup import EDITORS, MODERATORS, TEACHERS
from tests.factories.catalog import make_resource

pytestmark = pytest.mark.django_db


def _user(username: str, group: str) -> User:
    user = User.objects.create_user(username, password="pw-long-enough-123")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_teacher_may_add_but_not_publish(library):
    teacher = _user("teacher", TEACHERS)
    perms = library.permissions_for_user(teacher)
    assert perms.can_add_subpage()
    assert not perms.can_publish_subpage()
    draft = make_resource(library, publish=False, owner=teacher)
    assert draft.permissions_for_user(teacher).can_edit()
    assert not draft.permissions_for_user(teacher).can_publish()


def test_teacher_cannot_edit_another_teachers_draft(library):
    alice, bob = _user("alice", TEACHERS), _user("bob", TEACHERS)
    draft = make_resource(library, publish=False, owner=alice)
    assert not draft.permissions_for_user(bob).can_edit()


def test_moderator_may_publish_any_resource(library):
    moderator = _user("mod", MODERATORS)
    draft = make_resource(library, publish=False, owner=_user("t", TEACHERS))
    assert draft.permissions_for_user(moderator).can_publish()


def test_library_uses_the_moderation_workflow(library):
    workflow = library.get_workflow()
    assert isinstance(workflow, Workflow)
    task = workflow.tasks.first().specific
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS]


def test_teacher_submission_goes_to_moderators_and_approval_publishes(library):
    teacher, moderator = _user("teacher", TEACHERS), _user("mod", MODERATORS)
    draft = make_resource(library, publish=False, owner=teacher)
    workflow = draft.get_workflow()
    state = workflow.start(draft, teacher)
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(draft, moderator)
    task_state.task.specific.on_action(task_state, moderator, "approve")
    draft.refresh_from_db()
    assert draft.live


def test_rejection_keeps_the_resource_unpublished_with_a_comment(library):
    teacher, moderator = _user("teacher", TEACHERS), _user("mod", MODERATORS)
    draft = make_resource(library, publish=False, owner=teacher)
    state = draft.get_workflow().start(draft, teacher)
    task_state = state.current_task_state
    task_state.task.specific.on_action(
        task_state, moderator, "reject", comment="Le fichier est illisible."
    )
    draft.refresh_from_db()
    state.refresh_from_db()
    assert not draft.live
    assert state.status == "needs_changes"
    assert state.current_task_state.comment == "Le fichier est illisible."


def test_editors_may_edit_the_taxonomy(library):
    editor = _user("editor", EDITORS)
    assert editor.has_perm("catalog.change_subject")
    assert editor.has_perm("catalog.add_track")
    assert not _user("t2", TEACHERS).has_perm("catalog.change_subject")


def test_teacher_admin_explorer_shows_own_draft(client, library):
    teacher = _user("teacher", TEACHERS)
    make_resource(library, title="Mon brouillon", publish=False, owner=teacher)
    client.force_login(teacher)
    response = client.get(f"/admin/pages/{library.pk}/")
    assert response.status_code == 200
    assert "Mon brouillon" in response.content.decode()


def test_anonymous_never_sees_drafts_in_listing_or_by_url(client, library):
    draft = make_resource(library, title="Secret draft", publish=False)
    assert ResourcePage.objects.live().filter(pk=draft.pk).count() == 0
    assert client.get("/library/1bac/sciences-experimentales/physique-chimie/").status_code == 200
    assert (
        "Secret draft"
        not in client.get("/library/1bac/sciences-experimentales/physique-chimie/").content.decode()
    )
    assert (
        client.get(Page.objects.get(pk=draft.pk).url_path.replace("/home", "")).status_code == 404
    )


def test_teacher_does_not_see_other_teachers_drafts_in_the_explorer(client, library):
    alice, bob = _user("alice", TEACHERS), _user("bob", TEACHERS)
    make_resource(library, title="Brouillon d'Alice", publish=False, owner=alice)
    make_resource(library, title="Cours publié", owner=alice)
    client.force_login(bob)
    html = client.get(f"/admin/pages/{library.pk}/").content.decode()
    assert "Cours publié" in html
    assert "Brouillon d&#x27;Alice" not in html and "Brouillon d'Alice" not in html
    moderator = _user("mod", MODERATORS)
    client.force_login(moderator)
    assert "Brouillon d" in client.get(f"/admin/pages/{library.pk}/").content.decode()


def test_editor_sees_the_taxonomy_in_the_admin(client, library):
    client.force_login(_user("editor", EDITORS))
    response = client.get("/admin/snippets/catalog/subject/")
    assert response.status_code == 200
    assert "physique-chimie" in response.content.decode()


def test_document_upload_refuses_oversized_and_wrong_types(client, library, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAKTABA_CATALOG = {**settings.MAKTABA_CATALOG, "MAX_DOCUMENT_BYTES": 1000}
    client.force_login(_user("teacher", TEACHERS))
    big = SimpleUploadedFile(
        "cours.pdf", b"%PDF-1.4 " + b"x" * 2000, content_type="application/pdf"
    )
    response = client.post("/admin/documents/add/", {"title": "Gros", "file": big, "collection": 1})
    assert response.status_code == 200
    assert "too large" in response.content.decode() or "كبير" in response.content.decode()
    exe = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/octet-stream")
    response = client.post("/admin/documents/add/", {"title": "Exe", "file": exe, "collection": 1})
    assert response.status_code == 200
    from wagtail.documents.models import Document

    assert not Document.objects.exists()


def test_a_teacher_who_is_also_school_staff_still_sees_only_their_own_drafts(client, library):
    """Being in another group (the portal's staff, for a teacher with a school role) gives no
    right to read other teachers' drafts: the page policy decides, not the group names."""
    from portal_auth.schools.permissions import portal_staff_group

    alice, bob = _user("alice", TEACHERS), _user("bob", TEACHERS)
    bob.groups.add(portal_staff_group())
    make_resource(library, title="Brouillon d'Alice", publish=False, owner=alice)
    client.force_login(bob)
    html = client.get(f"/admin/pages/{library.pk}/").content.decode()
    assert "Brouillon d&#x27;Alice" not in html and "Brouillon d'Alice" not in html
