"""Versioned builds: write both files to a temporary directory, then record a new version.

A build either completes (both files stored, a new version number, the ``latest`` URLs now serve
it) or is recorded as failed with a message for the editor, leaving the previous version current.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .build_warnings import WarningLog
from .conf import ebook_setting
from .content import BookAssembler
from .epub import write_epub
from .models import EBookBuild, EBookPage
from .pdf import PdfFontsMissing, write_pdf

logger = logging.getLogger("maktaba.ebook")


def _published_page(page: EBookPage, revision_id: int | None) -> EBookPage:
    """The content to build: the given revision, else the live (published) page."""
    if revision_id:
        revision = page.revisions.filter(pk=revision_id).first()
        if revision is not None:
            return revision.as_object()
    return page


def build_ebook(
    page: EBookPage, revision_id: int | None = None, *, force: bool = False
) -> EBookBuild:
    """Build EPUB and PDF for ``page`` and record the result as an ``EBookBuild``.

    Idempotent per revision: when a complete build of ``revision_id`` exists, it is returned
    (unless ``force``).
    """
    if revision_id and not force:
        existing = page.builds.filter(
            revision_id=revision_id, status=EBookBuild.Status.COMPLETE
        ).first()
        if existing is not None:
            return existing
    content_page = _published_page(page, revision_id)
    next_version = (page.builds.aggregate(v=Max("version"))["v"] or 0) + 1
    warnings = WarningLog()
    with tempfile.TemporaryDirectory(prefix="maktaba-ebook-") as tmp:
        try:
            book = BookAssembler(content_page, next_version, warnings).assemble()
            epub_path = write_epub(book, Path(tmp) / "book.epub")
            pdf_path = write_pdf(book, Path(tmp) / "book.pdf", str(ebook_setting("FONT_DIR")))
        except PdfFontsMissing as exc:
            logger.error("E-book %s: PDF font missing: %s", page.pk, exc)
            return _record_failure(
                page,
                revision_id,
                warnings,
                _("The PDF fonts are not installed on the server (fonts-noto-core)."),
            )
        except Exception:
            logger.exception("E-book %s: build failed", page.pk)
            return _record_failure(
                page,
                revision_id,
                warnings,
                _("The e-book could not be built. The previous version stays online."),
            )
        return _record_success(page, revision_id, warnings, epub_path, pdf_path)


def _record_failure(
    page: EBookPage, revision_id: int | None, warnings: WarningLog, message: str
) -> EBookBuild:
    return EBookBuild.objects.create(
        page=page,
        revision_id=revision_id,
        status=EBookBuild.Status.FAILED,
        finished_at=timezone.now(),
        warnings=warnings.items,
        error_message=message,
    )


def _record_success(
    page: EBookPage,
    revision_id: int | None,
    warnings: WarningLog,
    epub_path: Path,
    pdf_path: Path,
) -> EBookBuild:
    with transaction.atomic():
        # Lock the page row so two builds never take the same version number.
        EBookPage.objects.select_for_update().filter(pk=page.pk).first()
        version = (page.builds.aggregate(v=Max("version"))["v"] or 0) + 1
        build = EBookBuild(
            page=page,
            revision_id=revision_id,
            version=version,
            status=EBookBuild.Status.COMPLETE,
            warnings=warnings.items,
            epub_size=epub_path.stat().st_size,
            pdf_size=pdf_path.stat().st_size,
        )
        stem = f"{page.slug}-v{version}"
        with epub_path.open("rb") as epub, pdf_path.open("rb") as pdf:
            build.epub_file.save(f"{stem}.epub", File(epub), save=False)
            build.pdf_file.save(f"{stem}.pdf", File(pdf), save=False)
        build.finished_at = timezone.now()
        try:
            build.save()
        except Exception:
            build.epub_file.delete(save=False)
            build.pdf_file.delete(save=False)
            raise
    return build
