"""``python manage.py import_marks FILE --class ID --subject SLUG --semester N [--dry-run]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.models import Subject
from portal_auth.accounts import security_log
from portal_auth.importers.marks import import_marks
from portal_auth.models import SchoolClass, SecurityEvent


class Command(BaseCommand):
    help = "Import one subject's marks of one class and semester from a Massar XLSX export."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--class", dest="class_id", type=int, required=True)
        parser.add_argument("--subject", required=True, help="The subject's slug (mathematiques).")
        parser.add_argument("--semester", type=int, required=True, choices=[1, 2])
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def handle(self, *args, file, class_id, subject, semester, dry_run, **options) -> None:
        school_class = (
            SchoolClass.objects.select_related("level", "year").filter(pk=class_id).first()
        )
        if school_class is None:
            raise CommandError(f"No class with id {class_id}.")
        target = Subject.objects.filter(slug=subject).first()
        if target is None:
            raise CommandError(f"No subject with slug {subject!r}.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.")
        report = import_marks(school_class, target, semester, data, file.name, dry_run=dry_run)
        for error in report.errors:
            self.stderr.write(error)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} error(s); nothing was imported.")
        self.stdout.write(("Dry run, nothing written. " if dry_run else "") + report.summary())
        if report.written:
            security_log.record(
                SecurityEvent.Kind.IMPORT,
                school=school_class.school,
                detail=f"marks {school_class.name} {subject} S{semester}: {report.summary()}",
            )
