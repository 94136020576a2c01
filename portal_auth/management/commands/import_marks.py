"""``python manage.py import_marks FILE --class ID --subject SLUG --semester N [--dry-run]``."""

from dataclasses import dataclass

from django.core.management.base import CommandError

from catalog.models import Subject
from portal_auth.importers.command import ImportCommand
from portal_auth.importers.marks import import_marks
from portal_auth.models import SchoolClass


@dataclass(frozen=True)
class MarksTarget:
    school_class: SchoolClass
    subject: Subject
    semester: int


class Command(ImportCommand):
    help = "Import one subject's marks of one class and semester from a Massar XLSX export."

    def add_target_arguments(self, parser) -> None:
        parser.add_argument("--class", dest="class_id", type=int, required=True)
        parser.add_argument("--subject", required=True, help="The subject's slug (mathematiques).")
        parser.add_argument("--semester", type=int, required=True, choices=[1, 2])

    def target(self, options) -> MarksTarget:
        class_id, slug = options["class_id"], options["subject"]
        school_class = (
            SchoolClass.objects.select_related("level", "year").filter(pk=class_id).first()
        )
        if school_class is None:
            raise CommandError(f"No class with id {class_id}.")
        subject = Subject.objects.filter(slug=slug).first()
        if subject is None:
            raise CommandError(f"No subject with slug {slug!r}.")
        return MarksTarget(school_class, subject, options["semester"])

    def school_of(self, target: MarksTarget):
        return target.school_class.school

    def import_file(self, target: MarksTarget, data, filename, dry_run, options):
        return import_marks(
            target.school_class, target.subject, target.semester, data, filename, dry_run=dry_run
        )

    def log_detail(self, target: MarksTarget, filename, report) -> str:
        return (
            f"marks {target.school_class.name} {target.subject.slug} S{target.semester}: "
            f"{report.summary()}"
        )
