"""The untouched upload of a document, kept apart for those who may change the document.

The document form (``catalog.document_form``) stores the copy without its authors' metadata as
the document's file, which is what ``/documents/<id>/<name>`` serves; the uploaded bytes are
kept at ``document_originals/<id>/original.<ext>`` (outside what nginx serves directly) and
downloaded at ``/admin/documents/original/<id>/`` only by users whose document permission
policy lets them change that document. Everyone else gets a 404, as for media originals.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

ORIGINALS_DIR = "document_originals"
PENDING_ATTRIBUTE = "_maktaba_original_upload"


def original_name(document) -> str:
    suffix = PurePosixPath(document.file.name).suffix.lower()
    return f"{ORIGINALS_DIR}/{document.pk}/original{suffix}"


def hold_original(document, data: bytes) -> None:
    """Remember the uploaded bytes until the document row exists (``keep_original``)."""
    setattr(document, PENDING_ATTRIBUTE, data)


def keep_original(sender, instance, **kwargs) -> None:
    """``post_save`` of the document model: write the held upload, replacing an older one."""
    data = instance.__dict__.pop(PENDING_ATTRIBUTE, None)
    if data is None:
        return
    storage = instance.file.storage
    discard_original(sender, instance)
    storage.save(original_name(instance), ContentFile(data))


def discard_original(sender, instance, **kwargs) -> None:
    """``post_delete`` of the document model (and before a replacement): no original left."""
    storage = instance.file.storage
    folder = f"{ORIGINALS_DIR}/{instance.pk}"
    try:
        _dirs, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        storage.delete(f"{folder}/{name}")


def may_fetch_original(request: HttpRequest, document) -> bool:
    policy = policy_registry.get_by_type(get_document_model())
    return policy.user_has_permission_for_instance(request.user, "change", document)


def serve_original(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(get_document_model(), pk=pk)
    if not may_fetch_original(request, document):
        raise Http404
    storage = document.file.storage
    name = original_name(document)
    if not storage.exists(name):
        raise Http404
    return FileResponse(
        storage.open(name, "rb"),
        as_attachment=True,
        filename=PurePosixPath(document.file.name).name,
        content_type=document.content_type,
    )
