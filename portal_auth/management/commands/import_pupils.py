"""``python manage.py import_pupils FILE --school CODE [--dry-run]``: the importer on the shell."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal_auth.accounts import security_log
from portal_auth.importers.pupils import import_pupils
from portal_auth.models import School, SecurityEvent


class Command(BaseCommand):
    help = "Import pupils and guardians of one school from a CSV or XLSX export (atomic)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--school", required=True, help="The school's ministry code.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def handle(self, *args, file: Path, school: str, dry_run: bool, **options) -> None:
        target = School.objects.filter(code=school).first()
        if target is None:
            raise CommandError(f"No school with code {school!r}.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.")
        report = import_pupils(target, data, file.name, dry_run=dry_run)
        for error in report.errors:
            self.stderr.write(error)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} error(s); nothing was imported.")
        prefix = "Dry run, nothing written. " if dry_run else ""
        self.stdout.write(prefix + report.summary())
        if report.written:
            security_log.record(
                SecurityEvent.Kind.IMPORT, school=target, detail=f"{file.name}: {report.summary()}"
            )
