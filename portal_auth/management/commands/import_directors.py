"""``python manage.py import_directors FILE --academy SLUG [--dry-run]``: an academy's directors."""

from django.core.management.base import CommandError

from portal_auth.importers.command import ImportCommand
from portal_auth.importers.directors import import_directors
from portal_auth.models import Academy


class Command(ImportCommand):
    help = (
        "Import the school directors of one academy (full name, school code, official e-mail) "
        "from CSV or XLSX (atomic, re-runnable)."
    )

    def add_target_arguments(self, parser) -> None:
        parser.add_argument("--academy", required=True, help="The academy's slug.")

    def target(self, options) -> Academy:
        academy = Academy.objects.filter(slug=options["academy"]).first()
        if academy is None:
            raise CommandError(f"No academy {options['academy']!r}.")
        return academy

    def school_of(self, target):
        return None

    def import_file(self, target, data, filename, dry_run, options):
        return import_directors(target, data, filename, dry_run=dry_run)

    def log_detail(self, target, filename, report) -> str:
        return f"directors {target.slug} {filename}: {report.summary()}"
