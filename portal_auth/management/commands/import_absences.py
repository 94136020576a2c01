"""``python manage.py import_absences FILE --school CODE [--dry-run]``."""

from portal_auth.importers.absences import import_absences
from portal_auth.importers.command import ImportCommand


class Command(ImportCommand):
    help = "Import absences of a school's pupils from CSV or XLSX (atomic, re-runnable)."

    def import_file(self, target, data, filename, dry_run, options):
        return import_absences(target, data, filename, dry_run=dry_run)

    def log_detail(self, target, filename, report) -> str:
        return f"absences: {report.summary()}"
