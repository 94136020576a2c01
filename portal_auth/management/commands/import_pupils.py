"""``python manage.py import_pupils FILE --school CODE [--dry-run]``: the importer on the shell."""

from portal_auth.importers.command import ImportCommand
from portal_auth.importers.pupils import import_pupils


class Command(ImportCommand):
    help = "Import pupils and guardians of one school from a CSV or XLSX export (atomic)."

    def import_file(self, target, data, filename, dry_run, options):
        return import_pupils(target, data, filename, dry_run=dry_run)
