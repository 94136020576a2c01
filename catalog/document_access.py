"""Who may fetch a document's file at ``/documents/<id>/<name>``: the same rule as media.

A document is served when a live resource page that offers it may be viewed by this request (no
view restriction, or one the request satisfies: a password given, a group, signed in), or a live,
public e-book links to it; and always to editors who may manage documents in the admin. Drafts,
unpublished pages and documents used nowhere answer 404, as if there were no such file, so the
URL tells nothing about what exists.

On object storage (S3) an allowed request is answered here with a redirect to a short-lived
signed URL (``MAKTABA_MEDIA["SIGNED_URL_SECONDS"]``), carrying the document's content type and
disposition; the bucket itself stays private and answers ranges.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from media_pipeline.local_files import has_local_paths
from media_pipeline.serving import signed_redirect

from .ebook.media_access import asset_used_by_public_ebook
from .models import ResourcePage


def _page_viewable(page, request: HttpRequest) -> bool:
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def document_may_be_served(request: HttpRequest, document) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        policy = policy_registry.get_by_type(get_document_model())
        if policy.user_has_any_permission(user, ["add", "change", "choose"]):
            return True
    pages = ResourcePage.objects.live().filter(document=document)
    if any(_page_viewable(page, request) for page in pages):
        return True
    return asset_used_by_public_ebook(document)


def refuse_unless_servable(document, request: HttpRequest) -> HttpResponse | None:
    """The ``before_serve_document`` hook: a refusal is a 404; on a bucket, a signed redirect."""
    if not isinstance(document, get_document_model()) or not document_may_be_served(
        request, document
    ):
        raise Http404
    storage = document.file.storage
    if has_local_paths(storage):
        return None  # Wagtail's serve view sends the file
    return signed_redirect(
        storage,
        document.file.name,
        content_type=document.content_type,
        disposition=document.content_disposition,
    )
