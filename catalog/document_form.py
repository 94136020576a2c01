"""The admin's document upload form, with a size limit and the catalogue's allowed file types.

Selected by ``WAGTAILDOCS_DOCUMENT_FORM_BASE``; Wagtail builds its add/edit/multiple-upload forms
on top of it.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

from media_pipeline.document_metadata import DocumentUnreadable, without_metadata

from .conf import catalog_setting
from .document_originals import hold_original


def max_document_bytes() -> int:
    return int(catalog_setting("MAX_DOCUMENT_BYTES"))


def validate_document_file(name: str, size: int) -> None:
    """Raise a ValidationError in the uploader's words if the file is too big or of a wrong type."""
    allowed = settings.WAGTAILDOCS_EXTENSIONS
    ext = PurePosixPath(name).suffix.lower().lstrip(".")
    if ext not in allowed:
        raise ValidationError(
            _("“%(name)s” is not an accepted document. Accepted types: %(types)s.")
            % {"name": PurePosixPath(name).name, "types": ", ".join(allowed)}
        )
    if size == 0:
        raise ValidationError(_("The file is empty. Please choose the file again."))
    if size > max_document_bytes():
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_document_bytes())}
        )


class LimitedDocumentForm(BaseDocumentForm):
    """A new file is checked, then stored without its authors' metadata; the upload itself is
    kept apart for those who may change the document (``catalog.document_originals``)."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not file or file is self.original_file:
            return file
        validate_document_file(file.name, file.size)
        file.seek(0)
        data = file.read()
        try:
            stripped = without_metadata(data, file.name)
        except DocumentUnreadable as error:
            raise ValidationError(error.message) from error
        if stripped is None:
            file.seek(0)
            return file
        hold_original(self.instance, data)
        return ContentFile(stripped, name=file.name)
