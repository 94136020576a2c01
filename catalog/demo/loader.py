"""Load the demo: site, roles, accounts and the demo catalogue, through the importer.

The demo's files are generated into a temporary folder next to a CSV manifest, and the manifest
goes through ``ResourceImporter`` like any regional unit's: one path creates resources. Only the
demo resources that are not in the library yet are generated, so a second run writes nothing.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from catalog.importers.manifest import COLUMNS, LIST_SEPARATOR
from catalog.importers.resources import ImportReport, ResourceImporter
from catalog.models import Level, LibraryIndexPage, ResourcePage, Subject
from catalog.site_setup import ensure_roles, ensure_site

from .accounts import DemoAccount, ensure_demo_accounts
from .catalogue import BODY, RESOURCES, SUMMARIES, DemoResource
from .pdf import write_lesson_pdf
from .recordings import Recording, ffmpeg_path, write_audio, write_video
from .thumbnails import write_thumbnail

SUBTITLE_SEPARATOR = {"ar": "، ", "fr": " · ", "en": " · "}


@dataclass
class DemoResult:
    accounts: list[DemoAccount]
    report: ImportReport | None
    already_present: int
    skipped_recordings: list[DemoResource] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.report.with_action("create")) if self.report else 0


def load_demo_data(*, reset_passwords: bool = False) -> DemoResult:
    _home, library = ensure_site()
    groups = ensure_roles(library)
    accounts = ensure_demo_accounts(groups, reset_passwords=reset_passwords)
    missing = [entry for entry in RESOURCES if not _exists(library, entry)]
    can_record = ffmpeg_path() is not None
    skipped = [entry for entry in missing if entry.kind != "document" and not can_record]
    wanted = [entry for entry in missing if entry not in skipped]
    report = None
    if wanted:
        with tempfile.TemporaryDirectory(prefix="maktaba-demo-") as folder:
            manifest, recordings = _write_manifest(Path(folder), wanted)
            # The recordings are saved as uploads: the media pipeline probes and transcodes
            # them (the worker started by scripts/demo.sh, or `manage.py process_media`).
            with transaction.atomic():
                report = ResourceImporter(manifest, publish=True, library=library).run()
    return DemoResult(accounts, report, len(RESOURCES) - len(missing), skipped)


def _exists(library: LibraryIndexPage, entry: DemoResource) -> bool:
    return (
        ResourcePage.objects.child_of(library)
        .filter(title=entry.title, subject__slug=entry.subject, language=entry.language)
        .exists()
    )


def _names(entry: DemoResource) -> tuple[str, str]:
    """The subject's and the first level's names, in the resource's language."""
    subject = Subject.objects.get(slug=entry.subject)
    level = Level.objects.get(code=entry.levels[0])
    field_name = f"name_{entry.language}"
    return getattr(subject, field_name), getattr(level, field_name)


def _summary(entry: DemoResource, index: int) -> str:
    subject, level = _names(entry)
    templates = SUMMARIES[entry.language]
    return templates[index % len(templates)].format(title=entry.title, subject=subject, level=level)


def _write_manifest(folder: Path, entries: list[DemoResource]) -> tuple[Path, dict[str, Recording]]:
    recordings: dict[str, Recording] = {}
    rows = []
    for index, entry in enumerate(entries):
        file_name = f"resource-{RESOURCES.index(entry):03d}{entry.file_extension}"
        thumbnail_name = f"thumbnail-{RESOURCES.index(entry):03d}.png"
        write_thumbnail(folder / thumbnail_name, subject_slug=entry.subject, kind=entry.kind)
        path = folder / file_name
        summary = _summary(entry, index)
        if entry.kind == "document":
            subject, level = _names(entry)
            write_lesson_pdf(
                path,
                language=entry.language,
                title=entry.title,
                subtitle=SUBTITLE_SEPARATOR[entry.language].join([subject, level]),
                paragraphs=[summary, *BODY[entry.language]],
            )
        elif entry.kind == "audio":
            recordings[entry.title] = write_audio(path, frequency=330 + 55 * (index % 5))
        else:
            recordings[entry.title] = write_video(path, frequency=220 + 55 * (index % 5))
        rows.append(
            {
                "title": entry.title,
                "summary": summary,
                "language": entry.language,
                "levels": LIST_SEPARATOR.join(entry.levels),
                "tracks": LIST_SEPARATOR.join(entry.tracks),
                "subject": entry.subject,
                "kind": entry.kind,
                "tags": LIST_SEPARATOR.join(entry.tags),
                "file": file_name,
                "thumbnail": thumbnail_name,
            }
        )
    manifest = folder / "demo.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return manifest, recordings
