"""``manage.py import_resources MANIFEST.csv [--publish] [--dry-run]``: bulk import (docs/import.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from catalog.importers.resources import (
    ImportFailed,
    ImportReport,
    ManifestRejected,
    ResourceImporter,
)


class Command(BaseCommand):
    help = (
        "Import resources listed in a UTF-8 CSV manifest (columns: title, summary, language, "
        "levels, tracks, subject, kind, tags, file, and optionally thumbnail). Every row is "
        "checked first; if any row is "
        "wrong nothing is imported. Re-running the same manifest creates no duplicates."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("manifest", help="Path to the CSV manifest.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the resources (otherwise they are saved as drafts).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the manifest and show what would change, without writing anything.",
        )

    def handle(self, *args, manifest: str, publish: bool, dry_run: bool, **options) -> None:
        importer = ResourceImporter(manifest, publish=publish, dry_run=dry_run)
        try:
            report = importer.run()
        except ManifestRejected as rejected:
            for line in rejected.errors:
                self.stderr.write(line)
            raise CommandError(
                ngettext(
                    "Nothing was imported: the manifest has %(count)d error.",
                    "Nothing was imported: the manifest has %(count)d errors.",
                    len(rejected.errors),
                )
                % {"count": len(rejected.errors)}
            )
        except ImportFailed as failed:
            raise CommandError(str(failed))
        self._print(report)

    def _print(self, report: ImportReport) -> None:
        labels = {
            "create": _("would create") if report.dry_run else pgettext("import action", "created"),
            "update": _("would update") if report.dry_run else pgettext("import action", "updated"),
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
        summary = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
            "created": len(report.with_action("create")),
            "updated": len(report.with_action("update")),
            "unchanged": len(report.with_action("unchanged")),
        }
        if report.dry_run:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(summary))
