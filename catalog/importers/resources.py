"""Bulk import of resources from a CSV manifest (``manage.py import_resources``).

Two passes: every row is checked first (taxonomy, language, kind, file type and size, duplicate
titles) and the whole manifest is refused if any row is wrong; only then is anything written, in
one transaction, and files stored on the way are deleted again if that transaction fails. So a
manifest is imported entirely or not at all, and what was already stored is never touched by a
refused manifest.

Re-running a manifest is safe: a row is matched to an existing resource of the library by its
title, subject and language. Unchanged rows are left alone; changed rows get a new revision (and
a new file when the file's checksum changed); nothing is duplicated.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Collection

from catalog.models import Level, LibraryIndexPage, ResourcePage, Subject, Track
from catalog.models.pages import ResourceKind, ResourceLanguage
from library.imports.report import ImportReport as BaseImportReport

from .file_checks import CheckedFile, FileRefused, check_file, check_thumbnail
from .manifest import ManifestRow, ManifestUnreadable, read_manifest
from .stored_files import StoredFiles, imports_collection, same_media_asset, same_wagtail_file
from .taxonomy_lookup import TaxonomyLookup, UnknownName, normalise

logger = logging.getLogger("maktaba.catalog.import")

MAX_TITLE = 255
MAX_SUMMARY = 1000
MAX_TAG = 100
MAX_SLUG_STEM = 30

LANGUAGE_NAMES = {
    ResourceLanguage.ARABIC: ["ar", "arabic", "arabe", "العربية", "عربي", "عربية"],
    ResourceLanguage.FRENCH: ["fr", "french", "français", "francais", "الفرنسية", "فرنسي"],
    ResourceLanguage.ENGLISH: ["en", "english", "anglais", "الإنجليزية", "الانجليزية"],
}
KIND_NAMES = {
    ResourceKind.DOCUMENT: ["document", "written", "écrit", "ecrit", "وثيقة", "مكتوب"],
    ResourceKind.AUDIO: ["audio", "sound", "son", "صوت", "صوتي"],
    ResourceKind.VIDEO: ["video", "vidéo", "فيديو"],
}


def _alias_table(names: dict[str, list[str]]) -> dict[str, str]:
    return {normalise(alias): str(value) for value, aliases in names.items() for alias in aliases}


LANGUAGE_ALIASES = _alias_table(LANGUAGE_NAMES)
KIND_ALIASES = _alias_table(KIND_NAMES)


class ManifestRejected(Exception):
    """The manifest was refused; ``errors`` are ``row N: message`` lines for the user."""

    def __init__(self, problems: list[tuple[int | None, str]]):
        self.problems = sorted(problems, key=lambda problem: problem[0] or 0)
        self.errors = [row_message(row, message) for row, message in self.problems]
        super().__init__("\n".join(self.errors))


class ImportFailed(Exception):
    """Writing failed for a reason outside the manifest (disk, permissions); nothing was kept."""


def row_message(row: int | None, message: str) -> str:
    """``row N: message`` (translated), or the bare message for the manifest as a whole."""
    if row is None:
        return message
    return _("row %(row)d: %(message)s") % {"row": row, "message": message}


def import_key(title: str, subject: Subject, language: str) -> str:
    """A stable identity for a row; it also makes the page slug unique among siblings."""
    text = "\x1f".join([normalise(title), subject.slug, language])
    return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - an identifier, not security


@dataclass
class PlannedResource:
    """One validated row, with everything resolved, and what importing it will do."""

    row: int
    title: str
    summary: str
    language: str
    kind: str
    subject: Subject
    levels: list[Level]
    tracks: list[Track]
    tags: list[str]
    file: CheckedFile
    thumbnail: CheckedFile | None = None
    existing: ResourcePage | None = None
    changes: list[str] = field(default_factory=list)
    file_changed: bool = True
    thumbnail_changed: bool = True
    page: ResourcePage | None = None  # set once written

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"

    @property
    def slug(self) -> str:
        """Readable but short: every Arabic letter costs six bytes in a percent-encoded link."""
        key = import_key(self.title, self.subject, self.language)
        stem = slugify(self.title, allow_unicode=True)
        if len(stem) > MAX_SLUG_STEM:
            stem = stem[: MAX_SLUG_STEM + 1].rsplit("-", 1)[0]
        stem = stem[:MAX_SLUG_STEM].strip("-") or "resource"
        return f"{stem}-{key[:8]}"


@dataclass
class ImportReport(BaseImportReport):
    """What a manifest did (or, in a dry run, would do): one plan per row."""

    publish: bool = False
    plans: list[PlannedResource] = field(default_factory=list)
    published: list[PlannedResource] = field(default_factory=list)

    def with_action(self, action: str) -> list[PlannedResource]:
        return [plan for plan in self.plans if plan.action == action]

    def summary(self) -> str:
        return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
            "created": len(self.with_action("create")),
            "updated": len(self.with_action("update")),
            "unchanged": len(self.with_action("unchanged")),
        }


class ResourceImporter:
    """Validate a manifest, then (unless ``dry_run``) write it in one transaction."""

    def __init__(
        self,
        manifest_path: Path | str,
        *,
        publish: bool = False,
        dry_run: bool = False,
        library: LibraryIndexPage | None = None,
    ):
        self.manifest_path = Path(manifest_path)
        self.publish = publish
        self.dry_run = dry_run
        self.library = library

    # --- public ------------------------------------------------------------------------------
    def run(self) -> ImportReport:
        plans = self.validate()
        report = ImportReport(self.dry_run, rows=len(plans), publish=self.publish, plans=plans)
        if not self.dry_run:
            self._write(report)
        return report

    def validate(self) -> list[PlannedResource]:
        """Check every row; raise ManifestRejected listing every problem found."""
        try:
            manifest = read_manifest(self.manifest_path)
        except ManifestUnreadable as exc:
            raise ManifestRejected([(exc.row, str(exc))])
        if self.library is None:
            self.library = LibraryIndexPage.objects.first()
        problems: list[tuple[int | None, str]] = list(manifest.row_errors)
        lookup = TaxonomyLookup.load()
        first_row_of_title: dict[str, int] = {}
        plans: list[PlannedResource] = []
        for row in manifest.rows:
            row_errors: list[str] = []
            title_key = normalise(row.values["title"])
            if title_key and title_key in first_row_of_title:
                row_errors.append(
                    _("the title «%(title)s» is already used on row %(row)d.")
                    % {"title": row.values["title"], "row": first_row_of_title[title_key]}
                )
            elif title_key:
                first_row_of_title[title_key] = row.number
            plan = self._check_row(row, lookup, manifest.folder, row_errors)
            if plan is not None and not row_errors:
                self._match_existing(plan, row_errors)
            problems.extend((row.number, message) for message in row_errors)
            if plan is not None and not row_errors:
                plans.append(plan)
        if problems:
            raise ManifestRejected(problems)
        return plans

    # --- checking ----------------------------------------------------------------------------
    def _check_row(
        self, row: ManifestRow, lookup: TaxonomyLookup, folder: Path, errors: list[str]
    ) -> PlannedResource | None:
        values = row.values
        title, summary = values["title"], values["summary"]
        if not title:
            errors.append(_("the title is empty."))
        elif len(title) > MAX_TITLE:
            errors.append(_("the title is longer than %(max)d characters.") % {"max": MAX_TITLE})
        if not summary:
            errors.append(_("the summary is empty."))
        elif len(summary) > MAX_SUMMARY:
            errors.append(
                _("the summary is longer than %(max)d characters.") % {"max": MAX_SUMMARY}
            )
        language = LANGUAGE_ALIASES.get(normalise(values["language"]))
        if language is None:
            errors.append(
                _("unknown language «%(value)s»; use ar, fr or en.") % {"value": values["language"]}
            )
        kind = KIND_ALIASES.get(normalise(values["kind"]))
        if kind is None:
            errors.append(
                _("unknown kind «%(value)s»; use document, audio or video.")
                % {"value": values["kind"]}
            )
        levels = _find_all(lookup.levels, row.items("levels"), errors)
        if not row.items("levels"):
            errors.append(_("no level is given."))
        tracks = _find_all(lookup.tracks, row.items("tracks"), errors)
        subject = None
        if not values["subject"]:
            errors.append(_("no subject is given."))
        else:
            try:
                subject = lookup.subjects.find(values["subject"])
            except UnknownName as exc:
                errors.append(str(exc))
        tags = row.items("tags")
        for tag in tags:
            if len(tag) > MAX_TAG:
                errors.append(
                    _("the tag «%(tag)s…» is longer than %(max)d characters.")
                    % {"tag": tag[:20], "max": MAX_TAG}
                )
        level_ids = {level.pk for level in levels}
        if subject is not None and levels:
            not_taught = [
                lvl.code for lvl in levels if lvl.pk not in lookup.subject_levels[subject.pk]
            ]
            if not_taught:
                errors.append(
                    _("%(subject)s is not taught at %(levels)s.")
                    % {"subject": subject.name, "levels": ", ".join(not_taught)}
                )
        if levels:
            for track in tracks:
                if not lookup.track_levels[track.pk] & level_ids:
                    errors.append(
                        _("the track %(track)s is not offered at %(levels)s.")
                        % {"track": track.name, "levels": ", ".join(lvl.code for lvl in levels)}
                    )
        checked = None
        if kind is not None:
            try:
                checked = check_file(folder, values["file"], kind)
            except FileRefused as exc:
                errors.append(str(exc))
        thumbnail = None
        if values.get("thumbnail"):
            try:
                thumbnail = check_thumbnail(folder, values["thumbnail"])
            except FileRefused as exc:
                errors.append(str(exc))
        if errors or subject is None or checked is None:
            return None
        return PlannedResource(
            row=row.number,
            title=title,
            summary=summary,
            language=language,
            kind=kind,
            subject=subject,
            levels=levels,
            tracks=tracks,
            tags=tags,
            file=checked,
            thumbnail=thumbnail,
        )

    def _match_existing(self, plan: PlannedResource, errors: list[str]) -> None:
        if self.library is None:
            return
        matches = list(
            ResourcePage.objects.child_of(self.library)
            .filter(Q(title=plan.title) | Q(draft_title=plan.title))
            .filter(subject=plan.subject, language=plan.language)
        )
        if len(matches) > 1:
            errors.append(
                _(
                    "%(count)d resources of the library already have this title, subject and "
                    "language; rename or delete the extra ones first."
                )
                % {"count": len(matches)}
            )
            return
        if not matches:
            return
        plan.existing = matches[0]
        current = matches[0].get_latest_revision_as_object()
        if plan.kind == ResourceKind.DOCUMENT:
            plan.file_changed = not same_wagtail_file(current.document, plan.file)
        else:
            plan.file_changed = not same_media_asset(current.media_asset, plan.kind, plan.file)
        if current.summary != plan.summary:
            plan.changes.append("summary")
        if current.kind != plan.kind:
            plan.changes.append("kind")
        if {lvl.pk for lvl in current.levels.all()} != {lvl.pk for lvl in plan.levels}:
            plan.changes.append("levels")
        if {t.pk for t in current.tracks.all()} != {t.pk for t in plan.tracks}:
            plan.changes.append("tracks")
        if {tag.name for tag in current.tags.all()} != set(plan.tags):
            plan.changes.append("tags")
        if plan.file_changed:
            plan.changes.append("file")
        # No thumbnail in the manifest: keep whatever an editor chose.
        plan.thumbnail_changed = plan.thumbnail is not None and not same_wagtail_file(
            current.thumbnail, plan.thumbnail
        )
        if plan.thumbnail_changed:
            plan.changes.append("thumbnail")

    # --- writing -----------------------------------------------------------------------------
    def _write(self, report: ImportReport) -> None:
        stored = StoredFiles()
        try:
            with transaction.atomic():
                if self.library is None:
                    from catalog.site_setup import ensure_site

                    self.library = ensure_site()[1]
                collection = imports_collection()
                for plan in report.plans:
                    if self._apply(plan, collection, stored):
                        report.published.append(plan)
        except BaseException as exc:
            stored.remove_all()
            if isinstance(exc, OSError):
                logger.exception("Import of %s failed while storing files", self.manifest_path)
                raise ImportFailed(
                    _(
                        "Nothing was imported: a file could not be stored (%(reason)s). "
                        "Check the free space and permissions of the media folder."
                    )
                    % {"reason": exc.strerror or exc.__class__.__name__}
                ) from exc
            raise

    def _apply(self, plan: PlannedResource, collection: Collection, stored: StoredFiles) -> bool:
        """Create or update one resource; return whether it was published."""
        if plan.action == "unchanged":
            page = plan.page = plan.existing
            if self.publish and (not page.live or page.has_unpublished_changes):
                page.get_latest_revision().publish()
                return True
            return False
        if plan.existing is None:
            page = ResourcePage(slug=plan.slug, live=False)
        else:
            page = plan.existing.get_latest_revision_as_object()
        page.title = plan.title
        page.summary = plan.summary
        page.kind = plan.kind
        page.language = plan.language
        page.subject = plan.subject
        page.levels.set(plan.levels)
        page.tracks.set(plan.tracks)
        page.tags.set(plan.tags)
        if plan.file_changed:
            if plan.kind == ResourceKind.DOCUMENT:
                page.document = stored.document(plan.title, plan.file, collection)
                page.media_asset = None
            else:
                page.media_asset = stored.media_asset(plan.title, plan.kind, plan.file)
                page.document = None
        if plan.thumbnail is not None and plan.thumbnail_changed:
            page.thumbnail = stored.image(plan.title, plan.thumbnail, collection)
        try:
            if plan.existing is None:
                self.library.add_child(instance=page)
            revision = page.save_revision(clean=True)
            plan.page = page
        except ValidationError as exc:
            raise ManifestRejected([(plan.row, message) for message in exc.messages])
        if self.publish:
            revision.publish()
            return True
        return False


def _find_all(index, values: list[str], errors: list[str]) -> list:
    found = []
    for value in values:
        try:
            row = index.find(value)
        except UnknownName as exc:
            errors.append(str(exc))
            continue
        if row not in found:
            found.append(row)
    return found
