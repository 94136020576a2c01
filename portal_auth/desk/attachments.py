"""Message attachments: images and PDF only, recognised by their first bytes, of bounded size.

The file name and the browser's content type are never trusted: the type comes from the magic
bytes, and the stored name is random (``models.messages.attachment_path``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..conf import portal_setting

SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]


def sniff_type(head: bytes) -> str | None:
    """The content type the first bytes announce, if it is one we accept."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def validate_attachment(upload: UploadedFile) -> str:
    """Check size and type; returns the content type or raises ``ValidationError``."""
    limit = portal_setting("ATTACHMENT_MAX_BYTES")
    if upload.size > limit:
        raise ValidationError(
            _("The attachment is too large (at most %(limit)s).") % {"limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_type(head)
    if content_type is None:
        raise ValidationError(_("Only pictures (JPEG, PNG) and PDF files can be attached."))
    return content_type
