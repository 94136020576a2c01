"""``python manage.py import_timetable FILE --school CODE [--from YYYY-MM-DD] [--dry-run]``."""

import datetime

from portal_auth.importers.command import ImportCommand
from portal_auth.importers.timetable import import_timetable


class Command(ImportCommand):
    help = "Import the weekly timetables of a school's classes from CSV or XLSX (atomic)."

    def add_target_arguments(self, parser) -> None:
        super().add_target_arguments(parser)
        parser.add_argument(
            "--from",
            dest="effective_from",
            type=datetime.date.fromisoformat,
            help="The date the timetable applies from (default: the file's column, else today).",
        )

    def import_file(self, target, data, filename, dry_run, options):
        return import_timetable(
            target, data, filename, effective_from=options["effective_from"], dry_run=dry_run
        )

    def log_detail(self, target, filename, report) -> str:
        return f"timetable: {report.summary()}"
