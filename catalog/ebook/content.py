"""Turns a published ``EBookPage`` into a neutral ``Book`` that the EPUB and PDF writers read.

All the judgement lives here, once: which images can be read (resized for screens), which videos
are embedded, linked or replaced by a note, which resources are still published. Every problem
is recorded on the ``WarningLog`` instead of failing the build.
"""

from __future__ import annotations

import io
import logging
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import PurePosixPath

from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from library.public_origin import public_origin

from .build_warnings import WarningLog
from .conf import ebook_setting
from .richtext import TextBlock, parse_rich_text

logger = logging.getLogger("maktaba.ebook")

EMBEDDABLE_VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm"}


@dataclass
class BookImage:
    """An image already resized and encoded for the book."""

    name: str  # file name inside the book, e.g. "img-3.jpg"
    data: bytes
    media_type: str
    width: int
    height: int
    alt: str = ""


@dataclass
class BookVideo:
    name: str
    data: bytes
    media_type: str


@dataclass
class Paragraphs:
    blocks: list[TextBlock]


@dataclass
class Figure:
    image: BookImage
    caption: str = ""


@dataclass
class VideoElement:
    title: str
    caption: str
    online_url: str
    embedded: BookVideo | None = None
    poster: BookImage | None = None
    unavailable: bool = False  # the transcode failed: the book shows a note


@dataclass
class Step:
    title: str
    blocks: list[TextBlock]
    image: BookImage | None = None


@dataclass
class Steps:
    title: str
    steps: list[Step]


@dataclass
class Callout:
    kind: str
    blocks: list[TextBlock]


@dataclass
class ResourceLink:
    title: str
    url: str
    note: str = ""


@dataclass
class Chapter:
    number: int
    heading: str
    web_url: str
    elements: list = field(default_factory=list)


@dataclass
class Book:
    identifier: str
    title: str
    subtitle: str
    language: str
    description: str
    publisher: str
    modified: datetime
    page_url: str
    cover: BookImage | None
    chapters: list[Chapter]
    version: int

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"

    def images(self) -> list[BookImage]:
        """Every distinct image file of the book (by file name), the cover first."""
        found = [self.cover] if self.cover else []
        for chapter in self.chapters:
            for element in chapter.elements:
                if isinstance(element, Figure):
                    found.append(element.image)
                elif isinstance(element, VideoElement) and element.poster:
                    found.append(element.poster)
                elif isinstance(element, Steps):
                    found.extend(step.image for step in element.steps if step.image)
        unique: dict[str, BookImage] = {}
        for image in found:
            unique.setdefault(image.name, image)
        return list(unique.values())

    def videos(self) -> list[BookVideo]:
        return [
            element.embedded
            for chapter in self.chapters
            for element in chapter.elements
            if isinstance(element, VideoElement) and element.embedded
        ]


def prepare_image(source, name_stem: str, alt: str = "") -> BookImage:
    """Open an image (a file-like object), fix its orientation and scale it for screens.

    Raises ``OSError``/``UnidentifiedImageError`` for unreadable files: callers record a warning.
    """
    max_box = (int(ebook_setting("MAX_IMAGE_WIDTH")), int(ebook_setting("MAX_IMAGE_HEIGHT")))
    with PILImage.open(source) as opened:
        opened.load()
        image = ImageOps.exif_transpose(opened)
    image.thumbnail(max_box, PILImage.Resampling.LANCZOS)
    buffer = io.BytesIO()
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    if has_alpha or image.mode in ("P", "1"):
        image = image.convert("RGBA" if has_alpha else "RGB")
        image.save(buffer, "PNG", optimize=True)
        ext, media_type = "png", "image/png"
    else:
        image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=int(ebook_setting("JPEG_QUALITY")), optimize=True)
        ext, media_type = "jpg", "image/jpeg"
    return BookImage(
        name=f"{name_stem}.{ext}",
        data=buffer.getvalue(),
        media_type=media_type,
        width=image.width,
        height=image.height,
        alt=alt,
    )


class BookAssembler:
    """Walks the page's chapters once and produces a ``Book`` (with a ``WarningLog``)."""

    def __init__(self, page, version: int, warnings: WarningLog) -> None:
        self.page = page
        self.version = version
        self.warnings = warnings
        self.base_url = public_origin()
        self.page_url = page.get_full_url() or ""
        self._counter = 0
        self._images: dict[int, BookImage | None] = {}

    def _next_name(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}-{self._counter}"

    # --- images ------------------------------------------------------------------------------
    def _image(self, image, chapter: int, alt: str = "") -> BookImage | None:
        if image is None:
            self.warnings.add("image_missing", chapter=chapter)
            return None
        if image.pk in self._images:
            # The same picture used twice is stored once in the book.
            prepared = self._images[image.pk]
            if prepared is None:
                self.warnings.add("image_unreadable", chapter=chapter, title=image.title)
                return None
            return replace(prepared, alt=alt or image.title)
        try:
            with image.open_file() as handle:
                prepared = prepare_image(handle, self._next_name("img"), alt=alt or image.title)
        except (OSError, UnidentifiedImageError, ValueError, PILImage.DecompressionBombError):
            logger.warning("E-book %s: image %s unreadable", self.page.pk, image.pk, exc_info=True)
            self.warnings.add("image_unreadable", chapter=chapter, title=image.title)
            prepared = None
        self._images[image.pk] = prepared
        return prepared

    # --- videos ------------------------------------------------------------------------------
    def _smallest_video_file(self, asset):
        """The smallest playable file of an asset, as ``(field_file, media_type)`` or ``None``.

        The media pipeline is asked, in order, through whatever it offers:
        1. ``asset.smallest_video_rendition()`` returning an object with ``file`` (and
           optionally ``mime_type``), or ``None``;
        2. ``asset.renditions``, a related manager of objects with ``type`` (``"video"``),
           ``size``, ``mime_type`` and ``file``: the smallest MP4/WebM video one is taken;
        3. otherwise (no such rendition) the original itself, when it is already MP4/WebM.
        """
        smallest = getattr(asset, "smallest_video_rendition", None)
        if callable(smallest):
            return self._playable(smallest())
        renditions = getattr(asset, "renditions", None)
        if renditions is not None and hasattr(renditions, "filter"):
            candidates = [
                r
                for r in renditions.filter(type="video").order_by("size")
                if self._playable(r) is not None
            ]
            if candidates:
                return self._playable(candidates[0])
        suffix = PurePosixPath(asset.original.name or "").suffix.lower()
        if suffix in EMBEDDABLE_VIDEO_TYPES:
            return asset.original, EMBEDDABLE_VIDEO_TYPES[suffix]
        return None

    @staticmethod
    def _playable(rendition):
        """``(file, media_type)`` of a rendition e-readers can play (MP4, WebM), else ``None``."""
        if rendition is None or not getattr(rendition, "file", None):
            return None
        suffix_type = EMBEDDABLE_VIDEO_TYPES.get(
            PurePosixPath(rendition.file.name).suffix.lower(), ""
        )
        media_type = (getattr(rendition, "mime_type", "") or suffix_type).split(";")[0].strip()
        if media_type not in set(EMBEDDABLE_VIDEO_TYPES.values()):
            return None
        return rendition.file, media_type

    def _poster(self, asset, chapter: int) -> BookImage | None:
        """The asset's poster: a Wagtail image (``open_file``) or a plain file (``open``)."""
        poster = getattr(asset, "poster", None)
        if not poster:
            return None
        opener = getattr(poster, "open_file", None)
        try:
            if callable(opener):
                with opener() as handle:
                    return prepare_image(handle, self._next_name("poster"), alt=asset.title)
            with poster.open("rb") as handle:
                return prepare_image(handle, self._next_name("poster"), alt=asset.title)
        except (OSError, UnidentifiedImageError, ValueError):
            return None

    def _video(self, value, chapter: Chapter, anchor: str) -> VideoElement | None:
        asset = value.get("video")
        if asset is None:
            self.warnings.add("video_missing", chapter=chapter.number)
            return None
        element = VideoElement(
            title=asset.title,
            caption=value.get("caption") or "",
            online_url=f"{chapter.web_url}#{anchor}",
        )
        if asset.state == "failed":
            self.warnings.add("video_failed", chapter=chapter.number, title=asset.title)
            element.unavailable = True
            return element
        element.poster = self._poster(asset, chapter.number)
        if not asset.is_ready:
            self.warnings.add("video_not_ready", chapter=chapter.number, title=asset.title)
            return element
        found = self._smallest_video_file(asset)
        if found is None:
            return element
        field_file, media_type = found
        try:
            size = field_file.size
            if size > int(ebook_setting("MAX_EMBEDDED_VIDEO_BYTES")):
                self.warnings.add("video_too_large", chapter=chapter.number, title=asset.title)
                return element
            with field_file.open("rb") as handle:
                data = handle.read()
        except OSError:
            logger.warning("E-book %s: video %s unreadable", self.page.pk, asset.pk, exc_info=True)
            self.warnings.add("video_failed", chapter=chapter.number, title=asset.title)
            element.unavailable = True
            return element
        ext = ".webm" if media_type == "video/webm" else ".mp4"
        element.embedded = BookVideo(
            name=self._next_name("video") + ext, data=data, media_type=media_type
        )
        return element

    # --- chapters ----------------------------------------------------------------------------
    def _element(self, block, chapter: Chapter, position: int):
        kind, value = block.block_type, block.value
        if kind == "text":
            blocks = parse_rich_text(value, self.base_url)
            return Paragraphs(blocks) if blocks else None
        if kind == "image":
            image = self._image(value.get("image"), chapter.number, value.get("alt_text") or "")
            return Figure(image=image, caption=value.get("caption") or "") if image else None
        if kind == "video":
            return self._video(value, chapter, f"video-{position}")
        if kind == "steps":
            steps = []
            for step in value.get("steps") or []:
                step_image = step.get("image")
                steps.append(
                    Step(
                        title=step.get("title") or "",
                        blocks=parse_rich_text(step.get("text") or "", self.base_url),
                        image=self._image(step_image, chapter.number) if step_image else None,
                    )
                )
            return Steps(title=value.get("title") or "", steps=steps) if steps else None
        if kind == "callout":
            blocks = parse_rich_text(value.get("text") or "", self.base_url)
            return Callout(kind=value.get("kind") or "tip", blocks=blocks) if blocks else None
        if kind == "resource":
            resource = value.get("resource")
            if resource is None or not resource.live:
                self.warnings.add("resource_missing", chapter=chapter.number)
                return None
            return ResourceLink(
                title=resource.title,
                url=resource.get_full_url() or "",
                note=value.get("note") or "",
            )
        return None

    def assemble(self) -> Book:
        page = self.page
        chapters: list[Chapter] = []
        chapter_blocks = [b for b in page.chapters if b.block_type == "chapter"]
        if not chapter_blocks:
            self.warnings.add("no_chapters")
        for number, block in enumerate(chapter_blocks, start=1):
            web_url = self.page_url + page.reverse_subpage("chapter", args=[number])
            chapter = Chapter(number=number, heading=block.value["heading"], web_url=web_url)
            for position, child in enumerate(block.value.get("body") or [], start=1):
                element = self._element(child, chapter, position)
                if element is not None:
                    chapter.elements.append(element)
            if not chapter.elements:
                self.warnings.add("chapter_empty", chapter=number)
            chapters.append(chapter)
        cover = None
        if page.cover_image_id:
            try:
                with page.cover_image.open_file() as handle:
                    cover = prepare_image(handle, "cover", alt=page.title)
            except (OSError, UnidentifiedImageError, ValueError, PILImage.DecompressionBombError):
                logger.warning("E-book %s: cover unreadable", page.pk, exc_info=True)
                self.warnings.add("cover_unreadable", title=page.cover_image.title)
        return Book(
            identifier=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'maktaba-ebook:{page.pk}')}",
            title=page.title,
            subtitle=page.subtitle,
            language=page.language,
            description=page.description,
            publisher=str(ebook_setting("PUBLISHER")),
            modified=timezone.now().replace(microsecond=0),
            page_url=self.page_url,
            cover=cover,
            chapters=chapters,
            version=self.version,
        )
