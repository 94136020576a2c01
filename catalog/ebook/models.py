"""The e-book page, its versioned builds and its deliveries to school directors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from library.bidi_controls import BidiCheckedTitleMixin, validate_no_bidi_controls
from library.public_origin import PublicOriginURLs

from .blocks import ChapterBlock

BOOK_FORMATS = {
    "epub": "application/epub+zip",
    "pdf": "application/pdf",
}


class BookLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class EBookPage(PublicOriginURLs, BidiCheckedTitleMixin, RoutablePageMixin, Page):
    """A campaign e-book: chapters edited in Wagtail, published as EPUB 3 and PDF.

    Publishing enqueues a build (``catalog.ebook.signals``); the public page lists the versions,
    and every chapter can also be read as a web page at ``chapter/<n>/``.
    """

    subtitle = models.CharField(
        _("subtitle"), max_length=255, blank=True, validators=[validate_no_bidi_controls]
    )
    language = models.CharField(
        _("language"), max_length=2, choices=BookLanguage.choices, default=BookLanguage.ARABIC
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )
    description = models.TextField(
        _("description"),
        max_length=2000,
        help_text=_("A short description for the public page."),
        validators=[validate_no_bidi_controls],
    )
    chapters = StreamField([("chapter", ChapterBlock())], blank=True, verbose_name=_("chapters"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("subtitle"),
                FieldPanel("language"),
                FieldPanel("cover_image"),
                FieldPanel("description"),
            ],
            heading=_("About the book"),
        ),
        FieldPanel("chapters"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("subtitle"),
        index.SearchField("description"),
    ]
    parent_page_types = ["library.HomePage"]
    subpage_types: list[str] = []
    template = "catalog/ebook/ebook_page.html"

    class Meta:
        verbose_name = _("e-book")
        verbose_name_plural = _("e-books")

    @property
    def text_direction(self) -> str:
        return "rtl" if self.language == BookLanguage.ARABIC else "ltr"

    def chapter_list(self) -> list[tuple[int, str]]:
        """(number, heading) of every chapter, numbered from 1."""
        return [
            (number, block.value["heading"])
            for number, block in enumerate(self.chapters, start=1)
            if block.block_type == "chapter"
        ]

    def current_build(self) -> EBookBuild | None:
        """The newest complete build: what the stable ``latest`` URLs serve."""
        return (
            self.builds.filter(status=EBookBuild.Status.COMPLETE)
            .exclude(version__isnull=True)
            .order_by("-version")
            .first()
        )

    # --- public routes -----------------------------------------------------------------------
    @path("")
    def index(self, request: HttpRequest) -> HttpResponse:
        builds = list(
            self.builds.filter(status=EBookBuild.Status.COMPLETE)
            .exclude(version__isnull=True)
            .order_by("-version")
        )
        return self.render(
            request,
            context_overrides={
                "current": builds[0] if builds else None,
                "older_builds": builds[1:],
                "chapter_list": self.chapter_list(),
            },
        )

    @path("chapter/<int:number>/", name="chapter")
    def chapter(self, request: HttpRequest, number: int) -> HttpResponse:
        chapters = [block for block in self.chapters if block.block_type == "chapter"]
        if not 1 <= number <= len(chapters):
            raise Http404
        return self.render(
            request,
            template="catalog/ebook/chapter_page.html",
            context_overrides={
                "chapter": chapters[number - 1].value,
                "number": number,
                "previous_number": number - 1 if number > 1 else None,
                "next_number": number + 1 if number < len(chapters) else None,
                "chapter_list": self.chapter_list(),
            },
        )

    @re_path(r"^download/(?P<filename>(?:latest|v[0-9]+)\.(?:epub|pdf))/$", name="download")
    def download(self, request: HttpRequest, filename: str) -> HttpResponse:
        """``latest.epub``/``latest.pdf`` (the newest version) or ``v<N>.epub``/``v<N>.pdf``.

        Reached without the trailing slash through ``catalog.ebook.urls``.
        """
        name, fmt = filename.rsplit(".", 1)
        complete = self.builds.filter(status=EBookBuild.Status.COMPLETE)
        if name == "latest":
            build = self.current_build()
        else:
            build = complete.filter(version=int(name[1:])).first()
        if build is None:
            raise Http404
        return build.file_response(fmt)

    def file_url(self, filename: str) -> str:
        """The public URL of a download, e.g. ``file_url("latest.epub")``."""
        return f"{self.url}download/{filename}"

    @property
    def latest_epub_url(self) -> str:
        return self.file_url("latest.epub")

    @property
    def latest_pdf_url(self) -> str:
        return self.file_url("latest.pdf")


def build_upload_to(instance: EBookBuild, filename: str) -> str:
    return f"ebooks/{instance.page_id}/{filename}"


class EBookBuild(models.Model):
    """One attempt at building the e-book's files.

    A complete build has a version number (1, 2, …) and both files; a failed attempt keeps no
    files and no version, so the previous version stays current.
    """

    class Status(models.TextChoices):
        BUILDING = "building", _("Building")
        COMPLETE = "complete", _("Complete")
        FAILED = "failed", _("Failed")

    page = models.ForeignKey(
        EBookPage, on_delete=models.CASCADE, related_name="builds", verbose_name=_("e-book")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revision"),
    )
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.BUILDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    epub_file = models.FileField(_("EPUB file"), upload_to=build_upload_to, blank=True)
    pdf_file = models.FileField(_("PDF file"), upload_to=build_upload_to, blank=True)
    epub_size = models.PositiveBigIntegerField(_("EPUB size in bytes"), default=0)
    pdf_size = models.PositiveBigIntegerField(_("PDF size in bytes"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    error_message = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("e-book build")
        verbose_name_plural = _("e-book builds")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "version"],
                condition=models.Q(version__isnull=False),
                name="ebook_build_unique_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} v{self.version or '-'} ({self.status})"

    def file_for(self, fmt: str) -> models.fields.files.FieldFile:
        return self.epub_file if fmt == "epub" else self.pdf_file

    def file_response(self, fmt: str) -> FileResponse:
        field_file = self.file_for(fmt)
        if not field_file:
            raise Http404
        try:
            handle = field_file.open("rb")
        except FileNotFoundError:
            raise Http404
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"{self.page.slug}-v{self.version}.{fmt}",
            content_type=BOOK_FORMATS[fmt],
        )

    def download_url(self, fmt: str) -> str:
        """The URL of this very version; it keeps answering after newer versions appear."""
        return self.page.file_url(f"v{self.version}.{fmt}")

    @property
    def epub_url(self) -> str:
        return self.download_url("epub")

    @property
    def pdf_url(self) -> str:
        return self.download_url("pdf")

    def warning_messages(self) -> list[str]:
        from .build_warnings import describe_warning

        return [describe_warning(w) for w in self.warnings]


class EBookDelivery(models.Model):
    """One e-mail with the e-book's link to one recipient, for one build.

    Unique per build and recipient, so pressing "send" twice never sends twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Reason(models.TextChoices):
        NONE = "", _("No problem")
        NO_EMAIL = "no_email", _("No email address")
        REFUSED = "refused", _("The mail server refused this address")
        TEMPORARY = "temporary", _("The mail server asked to try again later")
        CONNECTION = "connection", _("The mail server could not be reached")
        INTERRUPTED = "interrupted", _("Sending was interrupted (the server stopped)")

    build = models.ForeignKey(
        EBookBuild, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("build")
    )
    recipient_key = models.CharField(_("recipient"), max_length=128)
    name = models.CharField(_("name"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="ar")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, blank=True)
    detail = models.CharField(_("server's answer"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-book delivery")
        verbose_name_plural = _("e-book deliveries")
        ordering = ["name", "recipient_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["build", "recipient_key"], name="ebook_delivery_once_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_key} ({self.status})"
