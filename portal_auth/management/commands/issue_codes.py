"""``python manage.py issue_codes --school CODE [--class NAME] [--only-new] --output slips.pdf``

Bulk issuing for a whole school (or one class) from the shell, where a large PDF is no problem
for a web request's time limit. Writes the slips PDF; the plain codes exist nowhere else.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal_auth.accounts import codes, security_log
from portal_auth.accounts.slips import build_slips_pdf
from portal_auth.models import School, SchoolClass, SchoolYear, SecurityEvent


class Command(BaseCommand):
    help = "Issue activation codes for a school or a class and write the slips PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--school", required=True, help="The school's ministry code.")
        parser.add_argument("--class", dest="class_name", help="Only this class (its name).")
        parser.add_argument("--who", choices=["pupils", "guardians", "both"], default="both")
        parser.add_argument(
            "--only-new", action="store_true", help="Skip activated pupils and confirmed guardians."
        )
        parser.add_argument("--output", required=True, type=Path, help="Where to write the PDF.")

    def handle(self, *args, school, class_name, who, only_new, output: Path, **options) -> None:
        target = School.objects.filter(code=school).first()
        if target is None:
            raise CommandError(f"No school with code {school!r}.")
        kinds = {
            "for_pupils": who in ("pupils", "both"),
            "for_guardians": who in ("guardians", "both"),
            "skip_activated": only_new,
        }
        if class_name:
            school_class = SchoolClass.objects.filter(
                school=target, year=SchoolYear.objects.current(), name=class_name
            ).first()
            if school_class is None:
                raise CommandError(f"No class {class_name!r} this year in {school}.")
            entries = codes.issue_for_class(school_class, **kinds)
        else:
            entries = codes.issue_for_school(target, **kinds)
        output.write_bytes(build_slips_pdf(entries))
        output.chmod(0o600)
        security_log.record(
            SecurityEvent.Kind.CODE_ISSUED,
            school=target,
            detail=f"command line: {len(entries)} codes{' for ' + class_name if class_name else ''}",
        )
        self.stdout.write(f"{len(entries)} codes issued; slips written to {output}.")
