"""``manage.py import_resources MANIFEST.csv [--publish] [--dry-run]``: bulk import (docs/import.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from catalog.importers.resources import (
    ImportFailed,
    ImportReport,
    ManifestRejected,
    ResourceImporter,
)
from library.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import resources listed in a UTF-8 CSV manifest (columns: title, summary, language, "
        "levels, tracks, subject, kind, tags, file, and optionally thumbnail; or their Arabic "
        "and French names). Every row is checked first; if any row is wrong nothing is "
        "imported. Re-running the same manifest creates no duplicates."
    )
    file_help = "Path to the CSV manifest (the files it names are beside it)."

    def add_target_arguments(self, parser) -> None:
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the resources (otherwise they are saved as drafts).",
        )

    def read(self, path: Path) -> bytes:
        """The importer reads the manifest and the files beside it (its own messages)."""
        return b""

    def run_import(
        self, target: Any, path: Path, data: bytes, dry_run: bool, options: dict[str, Any]
    ) -> ImportReport:
        importer = ResourceImporter(path, publish=options["publish"], dry_run=dry_run)
        try:
            return importer.run()
        except ManifestRejected as rejected:
            return ImportReport(dry_run, errors=rejected.errors)
        except ImportFailed as failed:
            raise CommandError(str(failed))

    def print_report(self, report: ImportReport, dry_run: bool) -> None:
        labels = {
            "create": _("would create") if dry_run else pgettext("import action", "created"),
            "update": _("would update") if dry_run else pgettext("import action", "updated"),
            "unchanged": _("unchanged"),
        }
        published = {plan.row for plan in report.published}
        for plan in report.plans:
            line = _("row %(row)d: %(action)s «%(title)s»") % {
                "row": plan.row,
                "action": labels[plan.action],
                "title": plan.title,
            }
            if plan.changes and plan.existing is not None:
                line += " (" + ", ".join(plan.changes) + ")"
            if plan.row in published:
                line += " — " + _("published")
            self.stdout.write(line)
        summary = report.summary()
        if dry_run:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(summary))
