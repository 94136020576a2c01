"""Packs: lessons in one ``.zip`` that opens with no app, a level and subject's (every lesson of
it) or any chosen list of lessons (``pack_of``: the assignments app packs an assignment's).

A pack holds an ``index.html`` (Arabic, right to left, no JavaScript) that plays each lesson's
data-saver rendition (``listen``: the sound only, AAC, which every phone plays) and links each
document, all by relative paths, so it works from the phone's storage (``file://``). Its name
ends with the hash of everything it holds: when a lesson is published, changed or withdrawn, the
hash changes and the pack is built again under its new name; the old one is deleted once the new
one is stored. Packs are written to the default storage under ``MAKTABA_OFFLINE["PACK_DIR"]``.

This module only computes and builds; ``tasks.py`` runs the build on the worker.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from ..models import Level, LibraryIndexPage, ResourcePage, Subject
from ..models.pages import ResourceKind
from .contents import chosen_audio, chosen_video, offline_resources
from .offline_settings import offline_setting

FORMAT_VERSION = "1"  # bump when the index or the layout changes: every pack is rebuilt
PACK_NAME = re.compile(
    r"^(?P<level>[a-z0-9-]+)--(?P<subject>[a-z0-9-]+)--(?P<variant>watch|listen)--(?P<hash>[0-9a-f]{20})$"
)
INDEX_OVERHEAD = 2048  # bytes per lesson in index.html and the zip directory, at most


@dataclass
class PackFile:
    resource: ResourcePage
    field_file: object  # a FieldFile: a rendition's or a document's
    arcname: str
    size: int
    fingerprint: str
    kind: str  # "video", "audio" or "document"


@dataclass
class Pack:
    prefix: str  # the name's start: "<level>--<subject>", or another owner's ("assignment-7")
    scope: str  # what the content hash starts from: which lessons the pack is of
    listen: bool
    files: list[PackFile] = field(default_factory=list)
    level: Level | None = None
    subject: Subject | None = None
    heading: str = ""  # the index page's title when the pack is not a subject's

    @property
    def title(self) -> str:
        if self.subject is not None and self.level is not None:
            return f"{self.subject.name} · {self.level.name}"
        return self.heading

    @property
    def variant(self) -> str:
        return "listen" if self.listen else "watch"

    @property
    def size(self) -> int:
        """What the download will weigh, within a few kilobytes (files are stored, not deflated)."""
        return sum(f.size for f in self.files) + INDEX_OVERHEAD * (len(self.files) + 1)

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256(f"{FORMAT_VERSION}|{self.scope}|{self.variant}".encode())
        for f in self.files:
            page = f.resource
            digest.update(
                f"\n{page.pk}|{page.live_revision_id}|{page.title}|{page.summary}|{page.language}"
                f"|{f.arcname}|{f.fingerprint}".encode()
            )
        return digest.hexdigest()[:20]

    @property
    def name(self) -> str:
        return f"{self.prefix}--{self.variant}--{self.content_hash}"

    @property
    def stored_name(self) -> str:
        return f"{offline_setting('PACK_DIR')}/{self.name}.zip"

    @property
    def too_large(self) -> bool:
        return self.size > int(offline_setting("PACK_MAX_BYTES"))

    @property
    def has_video(self) -> bool:
        return any(f.kind == "video" for f in self.files)


def _slug(text: str) -> str:
    cleaned = re.sub(r"[^\w-]+", "-", text, flags=re.UNICODE).strip("-")
    return cleaned[:50] or "lesson"


def pack_for(level: Level, subject: Subject, *, listen: bool = False) -> Pack:
    """The pack of ``subject`` at ``level``: every live, public lesson of every track."""
    pack = Pack(
        prefix=f"{level.slug}--{subject.slug}",
        scope=f"{level.pk}|{subject.pk}",
        listen=listen,
        level=level,
        subject=subject,
    )
    library = LibraryIndexPage.objects.live().first()
    if library is None:
        return pack
    add_lessons(pack, library.resources_for(level, None, subject))
    return pack


def pack_of(pages, *, prefix: str, scope: str, heading: str, listen: bool = False) -> Pack:
    """A pack of the chosen ``pages`` (only the live, public ones are packed), named from
    ``prefix``; ``scope`` says whose choice it is, so two choices never share a hash."""
    pack = Pack(prefix=prefix, scope=scope, listen=listen, heading=heading)
    add_lessons(pack, pages.filter(pk__in=offline_resources().values("pk")))
    return pack


def add_lessons(pack: Pack, pages) -> None:
    """Each page's file for this pack: a data-saver video (or the sound only), a document."""
    resources = pages.select_related("document", "media_asset").order_by("title", "pk")
    for number, page in enumerate(resources, start=1):
        stem = f"files/{number:03d}-{_slug(page.title)}"
        if page.kind == ResourceKind.DOCUMENT and page.document_id:
            document = page.document
            suffix = PurePosixPath(document.file.name).suffix.lower()
            pack.files.append(
                PackFile(page, document.file, stem + suffix, document.get_file_size() or 0,
                         document.file_hash or document.file.name, "document")
            )  # fmt: skip
        elif page.media_asset_id and page.media_asset.is_ready:
            renditions = list(page.media_asset.renditions.all())
            video = (
                None if pack.listen or page.kind != ResourceKind.VIDEO else chosen_video(renditions)
            )
            chosen = video or chosen_audio(renditions, "audio_aac")
            if chosen is not None:
                pack.files.append(
                    PackFile(page, chosen.file, f"{stem}.{chosen.extension}", chosen.size,
                             chosen.checksum, "video" if video else "audio")
                )  # fmt: skip


BUILDING_KEY = "maktaba:offline:pack-building:{name}"
BUILDING_SECONDS = 3600


def mark_building(pack: Pack) -> None:
    """The pack was handed to the worker: its page says it is being prepared meanwhile."""
    cache.set(BUILDING_KEY.format(name=pack.name), True, BUILDING_SECONDS)


def clear_building(pack: Pack) -> None:
    cache.delete(BUILDING_KEY.format(name=pack.name))


def is_building(pack: Pack) -> bool:
    return bool(cache.get(BUILDING_KEY.format(name=pack.name)))


def is_built(pack: Pack) -> bool:
    return default_storage.exists(pack.stored_name)


def built_size(pack: Pack) -> int:
    return default_storage.size(pack.stored_name)


def index_html(pack: Pack) -> str:
    with translation.override("ar"):
        return render_to_string("catalog/offline/pack_index.html", {"pack": pack})


def build(pack: Pack) -> str:
    """Write the pack's ``.zip`` (once per content hash) and delete its older builds."""
    if pack.too_large:
        raise ValueError(f"pack {pack.name} is {pack.size} bytes, over the limit")
    if not is_built(pack):
        with tempfile.TemporaryDirectory(prefix="maktaba-pack-") as work:
            path = os.path.join(work, "pack.zip")
            with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
                archive.writestr("index.html", index_html(pack), zipfile.ZIP_DEFLATED)
                for f in pack.files:
                    with f.field_file.storage.open(f.field_file.name, "rb") as source:
                        with archive.open(f.arcname, "w", force_zip64=True) as target:
                            while block := source.read(1024 * 1024):
                                target.write(block)
            with open(path, "rb") as handle:
                saved = default_storage.save(pack.stored_name, File(handle))
            if saved != pack.stored_name:  # another build stored it meanwhile
                default_storage.delete(saved)
    _delete_older(pack)
    return pack.stored_name


def _delete_older(pack: Pack) -> None:
    directory = offline_setting("PACK_DIR")
    prefix = f"{pack.prefix}--{pack.variant}--"
    try:
        _dirs, names = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in names:
        if name.startswith(prefix) and name != f"{pack.name}.zip":
            default_storage.delete(f"{directory}/{name}")
