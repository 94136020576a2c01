"""Resource pages and the library index that browses them.

Resources are Wagtail pages, so drafts, revisions, previews, moderation workflows, privacy and
page permissions all come from Wagtail. A resource owns its files: a Wagtail document for written
resources, a media asset (``media_pipeline``) for audio and video.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from library.bidi_controls import BidiCheckedTitleMixin, validate_no_bidi_controls
from library.public_origin import PublicOriginURLs

from ..conf import catalog_setting
from ..media_resume import media_resume
from ..page_cache import AnonymousPageCacheMixin, cached_for_generation
from ..page_forms import ResourcePageForm
from .taxonomy import Cycle, Level, Subject, Track

DOCUMENT_EXTENSIONS = {".pdf", ".epub", ".odt", ".docx", ".pptx", ".odp", ".txt", ".xlsx", ".ods"}


def level_slugs() -> frozenset[str]:
    """The slugs of all levels, cached until the catalogue changes."""
    return cached_for_generation(
        "level-slugs", lambda: frozenset(Level.objects.values_list("slug", flat=True))
    )


def taxonomy_key(kind: str, pk: int) -> str:
    """The index word that marks a resource's level, track or subject («txlevel12»).

    One Latin word ending in digits, which every analyzer keeps as it is, and no pupil types.
    """
    return f"tx{kind}{pk}"


class ResourceKind(models.TextChoices):
    DOCUMENT = "document", _("Written document")
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")


class ResourceLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class LibraryIndexPage(
    PublicOriginURLs, BidiCheckedTitleMixin, AnonymousPageCacheMixin, RoutablePageMixin, Page
):
    """The library: browse cycle → level → track (where the level has tracks) → subject."""

    intro = RichTextField(
        blank=True, verbose_name=_("introduction"), validators=[validate_no_bidi_controls]
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["catalog.ResourcePage"]
    max_count = 1
    template = "catalog/library_index_page.html"

    # The title ``setup_library`` gives. While editors keep it, the page is named in the
    # visitor's language (a title is one string; the library's name is the interface's word).
    DEFAULT_TITLE = "المكتبة"

    class Meta:
        verbose_name = _("library")

    @property
    def display_title(self) -> str:
        return gettext("Library") if self.title == self.DEFAULT_TITLE else self.title

    def route(self, request: HttpRequest, path_components: list[str]):
        """Resource pages (children) win over the browsing routes, which share the URL space.

        A first segment that names a level goes straight to the browsing routes (saving a query on
        every catalogue page); anything else is tried as a child page first.
        """
        if path_components and path_components[0] not in level_slugs():
            try:
                return Page.route(self, request, path_components)
            except Http404:
                pass
        return super().route(request, path_components)

    # --- browsing routes -------------------------------------------------------------------
    @path("")
    def cycles(self, request: HttpRequest) -> HttpResponse:
        cycles = Cycle.objects.prefetch_related("levels").all()
        return self.render(request, context_overrides={"cycles": cycles})

    @path("<slug:level_slug>/", name="level")
    def level(self, request: HttpRequest, level_slug: str) -> HttpResponse:
        level = get_object_or_404(Level.objects.select_related("cycle"), slug=level_slug)
        tracks = list(level.tracks.all())
        subjects, empty_subjects = ([], []) if tracks else self.subjects_with_counts(level, None)
        return self._render_browse(
            request,
            "catalog/level.html",
            level=level,
            tracks=tracks,
            subjects=subjects,
            empty_subjects=empty_subjects,
        )

    @path("<slug:level_slug>/<slug:part>/", name="level_part")
    def level_part(self, request: HttpRequest, level_slug: str, part: str) -> HttpResponse:
        level = get_object_or_404(Level.objects.select_related("cycle"), slug=level_slug)
        if level.tracks.exists():
            track = get_object_or_404(level.tracks, slug=part)
            subjects, empty_subjects = self.subjects_with_counts(level, track)
            return self._render_browse(
                request,
                "catalog/track.html",
                level=level,
                track=track,
                subjects=subjects,
                empty_subjects=empty_subjects,
            )
        subject = get_object_or_404(level.subjects, slug=part)
        return self._render_listing(request, level, None, subject)

    @path("<slug:level_slug>/<slug:track_slug>/<slug:subject_slug>/", name="track_subject")
    def track_subject(
        self, request: HttpRequest, level_slug: str, track_slug: str, subject_slug: str
    ) -> HttpResponse:
        level = get_object_or_404(Level.objects.select_related("cycle"), slug=level_slug)
        track = get_object_or_404(level.tracks, slug=track_slug)
        subject = get_object_or_404(Subject.objects.taught_at(level, track), slug=subject_slug)
        return self._render_listing(request, level, track, subject)

    # --- helpers -----------------------------------------------------------------------------
    def _render_browse(self, request: HttpRequest, template: str, **context) -> HttpResponse:
        context.update({"page": self, "self": self, "request": request})
        return TemplateResponse(request, template, context)

    def resources_for(
        self, level: Level, track: Track | None, subject: Subject
    ) -> models.QuerySet[ResourcePage]:
        """Live, public resources of one subject at one level (and track, where given)."""
        qs = self._resources_at(level, track).filter(subject=subject).select_related("subject")
        return qs.order_by("-first_published_at", "-pk")

    def subjects_with_counts(self, level: Level, track: Track | None) -> tuple[list, list]:
        """The level's subjects that have resources here (each with ``resource_count``), and
        those that have none yet: a family is never sent to an empty page."""
        counts = dict(
            self._resources_at(level, track)
            .order_by()
            .values_list("subject")
            .annotate(n=models.Count("pk"))
        )
        offered, empty = [], []
        for subject in Subject.objects.taught_at(level, track).order_by("sort_order", "slug"):
            subject.resource_count = counts.get(subject.pk, 0)
            (offered if subject.resource_count else empty).append(subject)
        return offered, empty

    def _resources_at(self, level: Level, track: Track | None) -> models.QuerySet[ResourcePage]:
        level_links = ResourcePage.levels.through.objects.filter(
            resourcepage=models.OuterRef("pk"), level=level
        )
        qs = ResourcePage.objects.child_of(self).live().public().filter(models.Exists(level_links))
        if track is not None:
            track_links = ResourcePage.tracks.through.objects.filter(
                resourcepage=models.OuterRef("pk")
            )
            qs = qs.filter(
                models.Exists(track_links.filter(track=track)) | ~models.Exists(track_links)
            )
        return qs

    def _render_listing(
        self, request: HttpRequest, level: Level, track: Track | None, subject: Subject
    ) -> HttpResponse:
        resources = self.resources_for(level, track, subject)
        kind = request.GET.get("kind", "")
        language = request.GET.get("language", "")
        if kind in ResourceKind.values:
            resources = resources.filter(kind=kind)
        else:
            kind = ""
        if language in ResourceLanguage.values:
            resources = resources.filter(language=language)
        else:
            language = ""
        paginator = Paginator(resources, catalog_setting("PAGE_SIZE"))
        try:
            page_number = int(request.GET.get("page", "1"))
        except ValueError:
            page_number = 1
        if page_number < 1 or page_number > paginator.num_pages:
            raise Http404
        page_obj = paginator.get_page(page_number)
        return self._render_browse(
            request,
            "catalog/subject.html",
            level=level,
            track=track,
            subject=subject,
            page_obj=page_obj,
            resources=page_obj.object_list,
            kind=kind,
            language=language,
            kinds=ResourceKind.choices,
            languages=ResourceLanguage.choices,
        )


class ResourcePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "catalog.ResourcePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ResourcePage(PublicOriginURLs, BidiCheckedTitleMixin, AnonymousPageCacheMixin, Page):
    """A written, audio or video learning resource."""

    summary = models.TextField(
        _("summary"), max_length=1000, validators=[validate_no_bidi_controls]
    )
    body = RichTextField(_("body"), blank=True, validators=[validate_no_bidi_controls])
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=ResourceLanguage.choices, default="ar"
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="resources", verbose_name=_("subject")
    )
    levels = ParentalManyToManyField(Level, related_name="resources", verbose_name=_("levels"))
    tracks = ParentalManyToManyField(
        Track,
        blank=True,
        related_name="resources",
        verbose_name=_("tracks"),
        help_text=_("Leave empty when the resource suits every track of its levels."),
    )
    tags = ClusterTaggableManager(through=ResourcePageTag, blank=True, verbose_name=_("tags"))
    thumbnail = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("thumbnail"),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
        help_text=_("The file of a written resource (PDF, EPUB, office document)."),
    )
    media_asset = models.ForeignKey(
        "media_pipeline.MediaAsset",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("audio or video"),
        help_text=_("The recording of an audio or video resource."),
    )
    author_name = models.CharField(
        _("author"), max_length=255, blank=True, validators=[validate_no_bidi_controls]
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("language"),
                # One step: a list, not a chooser window; checkboxes, not Ctrl-click lists.
                FieldPanel("subject", widget=forms.Select),
                FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tracks", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("media_asset"), FieldPanel("thumbnail")],
            heading=_("Files"),
        ),
        FieldPanel("body"),
        FieldPanel("author_name"),
    ]
    parent_page_types = ["catalog.LibraryIndexPage"]
    subpage_types: list[str] = []
    template = "catalog/resource_page.html"
    base_form_class = ResourcePageForm

    # Boosts: title > tags > subject/level/track names > summary > body.
    search_fields = Page.search_fields + [
        index.SearchField("title", boost=6),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("language"),
        index.FilterField("subject"),
        index.FilterField("levels"),
        index.FilterField("tracks"),
        index.RelatedFields(
            "subject",
            [
                index.SearchField("name_ar", boost=3),
                index.SearchField("name_fr", boost=3),
                index.SearchField("name_en", boost=3),
            ],
        ),
        index.RelatedFields("levels", [index.SearchField("all_names", boost=3)]),
        index.RelatedFields("tracks", [index.SearchField("all_names", boost=3)]),
        index.RelatedFields("tags", [index.SearchField("name", boost=4)]),
        index.SearchField("taxonomy_keys"),
    ]

    def taxonomy_keys(self) -> str:
        """The resource's subject, levels and tracks as index words (``taxonomy_key``): the search
        page boosts them when the query names that taxonomy (``catalog.pupil_query``)."""
        keys = [taxonomy_key("subject", self.subject_id)] if self.subject_id else []
        if self.pk:
            keys += [taxonomy_key("level", level.pk) for level in self.levels.all()]
            keys += [taxonomy_key("track", track.pk) for track in self.tracks.all()]
        return " ".join(keys)

    def search_suggestions_allowed(self) -> bool:
        """Only live, public resources lend their words to "did you mean" suggestions."""
        return bool(self.live and not self.get_view_restrictions().exists())

    api_fields = [
        APIField("summary"),
        APIField("kind"),
        APIField("language"),
        APIField("subject_slug"),
        APIField("level_codes"),
        APIField("track_slugs"),
        APIField("tag_names"),
        APIField("file_url"),
        APIField("media_files"),
        APIField("author_name"),
    ]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    # --- API helpers -------------------------------------------------------------------------
    @property
    def subject_slug(self) -> str:
        return self.subject.slug

    @property
    def level_codes(self) -> list[str]:
        return [level.code for level in self.levels.all()]

    @property
    def track_slugs(self) -> list[str]:
        return [track.slug for track in self.tracks.all()]

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.tags.all()]

    @property
    def file_url(self) -> str | None:
        if self.kind == ResourceKind.DOCUMENT and self.document_id:
            return self.document.url
        return None

    @property
    def media_files(self) -> list[dict]:
        """The renditions of a playable recording, smallest first, for offline apps."""
        if not self.is_playable:
            return []
        return [
            {
                "profile": rendition.profile,
                "type": rendition.type,
                "mime_type": rendition.mime_type,
                "url": rendition.url,
                "bytes": rendition.size,
                "width": rendition.width,
                "height": rendition.height,
            }
            for rendition in self.media_asset.renditions.all()
        ]

    @property
    def is_playable(self) -> bool:
        """Audio and video resources are only offered for playing once their media is ready."""
        return bool(self.media_asset_id and self.media_asset.is_ready)

    # --- validation --------------------------------------------------------------------------
    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if self.slug in level_slugs():
            errors.setdefault("slug", []).append(
                _("“%(slug)s” is the address of a level in the library; choose another slug.")
                % {"slug": self.slug}
            )
        levels = list(self.levels.all())
        if self.subject_id and levels:
            taught = set(self.subject.levels.values_list("pk", flat=True))
            missing = [lvl.code for lvl in levels if lvl.pk not in taught]
            if missing:
                errors.setdefault("levels", []).append(
                    _("%(subject)s is not taught at %(levels)s.")
                    % {"subject": self.subject.name, "levels": ", ".join(missing)}
                )
        tracks = list(self.tracks.all())
        if tracks and levels:
            level_ids = {lvl.pk for lvl in levels}
            for track in tracks:
                if not level_ids & set(track.levels.values_list("pk", flat=True)):
                    errors.setdefault("tracks", []).append(
                        _("The track %(track)s is not offered at the chosen levels.")
                        % {"track": track.name}
                    )
        if tracks and self.subject_id:
            programme = set(self.subject.tracks.values_list("pk", flat=True))
            outside = [track.name for track in tracks if programme and track.pk not in programme]
            if outside:
                errors.setdefault("tracks", []).append(
                    _("%(subject)s is not in the programme of %(tracks)s.")
                    % {"subject": self.subject.name, "tracks": ", ".join(outside)}
                )
        if self.kind == ResourceKind.DOCUMENT:
            if not self.document_id:
                errors.setdefault("document", []).append(_("A written resource needs a document."))
            else:
                ext = PurePosixPath(self.document.file.name).suffix.lower()
                if ext not in DOCUMENT_EXTENSIONS:
                    errors.setdefault("document", []).append(
                        _(
                            "A %(ext)s file is not a written document. Use PDF, EPUB or an office file."
                        )
                        % {"ext": ext or _("file without extension")}
                    )
            if self.media_asset_id:
                errors.setdefault("media_asset", []).append(
                    _("A written resource cannot have an audio or video file.")
                )
        elif self.kind in (ResourceKind.AUDIO, ResourceKind.VIDEO):
            if not self.media_asset_id:
                errors.setdefault("media_asset", []).append(
                    _("An audio or video resource needs a media file.")
                )
            elif self.media_asset.kind != self.kind:
                errors.setdefault("media_asset", []).append(
                    _("This media file is %(actual)s, but the resource is %(expected)s.")
                    % {
                        "actual": self.media_asset.get_kind_display(),
                        "expected": self.get_kind_display(),
                    }
                )
        if errors:
            raise ValidationError(errors)

    # --- rendering ---------------------------------------------------------------------------
    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["levels"] = list(self.levels.select_related("cycle"))
        context["tracks"] = list(self.tracks.all())
        context["library"] = library = self.get_parent().specific
        context["crumbs"] = self.breadcrumbs(library, context["levels"], context["tracks"], request)
        context["media_resume"] = media_resume(request, self) if self.is_playable else None
        return context

    def breadcrumbs(
        self, library: LibraryIndexPage, levels: list[Level], tracks: list[Track], request
    ) -> list[dict]:
        """Library › level › track (one of this level's) › subject › this page."""
        crumbs = [{"label": library.display_title, "url": library.get_url(request)}]
        base = library.get_url(request) or ""
        level = levels[0] if levels else None
        if level is not None:
            crumbs.append(
                {"label": level.name, "url": base + library.reverse_subpage("level", [level.slug])}
            )
            level_track_ids = set(level.tracks.values_list("pk", flat=True))
            track = next((t for t in tracks if t.pk in level_track_ids), None)
            if track is not None:
                crumbs.append(
                    {
                        "label": track.name,
                        "url": base
                        + library.reverse_subpage("level_part", [level.slug, track.slug]),
                    }
                )
                subject_url = library.reverse_subpage(
                    "track_subject", [level.slug, track.slug, self.subject.slug]
                )
            else:
                subject_url = library.reverse_subpage("level_part", [level.slug, self.subject.slug])
            if not level_track_ids or track is not None:
                crumbs.append({"label": self.subject.name, "url": base + subject_url})
        crumbs.append({"label": self.title, "url": None, "isolate": True})
        return crumbs
