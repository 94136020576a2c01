"""Import the school directors of one academy from a CSV or XLSX list (name, school code, e-mail).

The academy's regional editor keeps this list so that the e-book reaches every director. One row
per school: the director's full name, the school's ministry code, and the director's official
e-mail address. The whole file is checked first (every school must be in the academy, every
e-mail valid, no school or e-mail twice); any error → nothing is written. A director is found
again by e-mail (an account is created without a password when there is none: the director sets
one with "forgotten password"); the file's director becomes the school's director, and a
director role another account held at that school is ended. Re-importing changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from library.imports.report import ImportReport
from library.imports.writing import write_in_transaction

from ..conf import portal_setting
from ..models import Academy, School, StaffRole
from .cells import where
from .reading import TableError, cell_text, normalise_header, read_columns

COLUMNS = ("full_name", "school_code", "email")
ANCHORS = ("school_code", "email")
PREVIEW_ROWS = 50
Role, Scope = StaffRole.Role, StaffRole.Scope


@dataclass
class DirectorsImportReport(ImportReport):
    """What an import of school directors did (or, in a dry run, would do)."""

    accounts_created: int = 0
    accounts_updated: int = 0
    roles_created: int = 0
    roles_ended: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return _(
            "%(rows)d schools: %(created)d accounts created, %(updated)d updated; "
            "%(roles)d directors named, %(ended)d replaced, %(unchanged)d unchanged."
        ) % {
            "rows": self.rows,
            "created": self.accounts_created,
            "updated": self.accounts_updated,
            "roles": self.roles_created,
            "ended": self.roles_ended,
            "unchanged": self.unchanged,
        }


@dataclass
class DirectorRow:
    row: int
    school: School
    full_name: str
    email: str


def split_name(full_name: str) -> tuple[str, str]:
    first, _space, last = full_name.partition(" ")
    return first[:150], last[:150]


class DirectorsImporter:
    def __init__(self, academy: Academy) -> None:
        self.academy = academy

    def run(self, data: bytes, filename: str, *, dry_run: bool) -> DirectorsImportReport:
        report = DirectorsImportReport(dry_run=dry_run)
        try:
            table, columns = read_columns(data, filename, COLUMNS, ANCHORS)
        except TableError as error:
            report.errors.append(str(error))
            return report
        missing = [key for key in COLUMNS if key not in columns]
        if missing:
            report.errors.append(
                _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
            )
            return report
        if len(table.rows) > portal_setting("IMPORT_MAX_ROWS"):
            report.errors.append(_("The file has too many rows."))
            return report
        report.preview_headers = [table.headers[columns[key]] for key in COLUMNS]
        parsed = self.parse(table, columns, report)
        if report.errors:
            return report
        report.rows = len(parsed)
        write_in_transaction(lambda: self.write(parsed, report), dry_run=dry_run)
        return report

    def parse(self, table, columns, report: DirectorsImportReport) -> list[DirectorRow]:
        schools = {
            normalise_header(school.code): school
            for school in School.objects.filter(directorate__academy=self.academy)
        }
        seen_school: dict[int, int] = {}
        seen_email: dict[str, int] = {}
        parsed = []
        for number, cells in table.rows:
            cells = list(cells) + [None] * (len(table.headers) - len(cells))
            if not any(cell_text(c) for c in cells):
                continue
            errors_before = len(report.errors)

            def text(key: str, cells: list = cells) -> str:
                return cell_text(cells[columns[key]])

            def fail(key: str, message: str, number: int = number) -> None:
                index = columns[key]
                report.errors.append(f"{where(number, index, table.headers[index])}: {message}")

            full_name = " ".join(text("full_name").split())[:200]
            if not full_name:
                fail("full_name", _("the director's name is missing."))
            school = schools.get(normalise_header(text("school_code")))
            if school is None:
                fail(
                    "school_code",
                    _("no school with code %(code)s in %(academy)s.")
                    % {"code": text("school_code")[:20], "academy": self.academy.name},
                )
            elif school.pk in seen_school:
                fail(
                    "school_code",
                    _("this school already appears on row %(row)d.")
                    % {"row": seen_school[school.pk]},
                )
            email = text("email").lower()
            try:
                validate_email(email)
            except ValidationError:
                fail(
                    "email",
                    _("“%(value)s” is not an e-mail address.") % {"value": text("email")[:80]},
                )
            else:
                if email in seen_email:
                    fail(
                        "email",
                        _("this e-mail address already appears on row %(row)d.")
                        % {"row": seen_email[email]},
                    )
            if len(report.errors) > errors_before:
                continue
            seen_school[school.pk] = number
            seen_email[email] = number
            parsed.append(DirectorRow(number, school, full_name, email))
            if len(report.preview) < PREVIEW_ROWS:
                report.preview.append([full_name, school.code, email])
        return parsed

    def write(self, parsed: list[DirectorRow], report: DirectorsImportReport) -> None:
        users = get_user_model().objects
        for row in parsed:
            first, last = split_name(row.full_name)
            user = users.filter(email__iexact=row.email).order_by("pk").first()
            if user is None:
                user = users.create_user(
                    username=row.email[:150], email=row.email, first_name=first, last_name=last
                )
                report.accounts_created += 1
            elif (user.first_name, user.last_name) != (first, last):
                user.first_name, user.last_name = first, last
                user.save(update_fields=["first_name", "last_name"])
                report.accounts_updated += 1
            others = StaffRole.objects.filter(
                role=Role.DIRECTOR, scope=Scope.SCHOOL, school=row.school
            ).exclude(user=user)
            report.roles_ended += others.delete()[0]
            _role, created = StaffRole.objects.get_or_create(
                user=user, role=Role.DIRECTOR, scope=Scope.SCHOOL, school=row.school
            )
            if created:
                report.roles_created += 1
            else:
                report.unchanged += 1


def import_directors(
    academy: Academy, data: bytes, filename: str, *, dry_run: bool
) -> DirectorsImportReport:
    """Check (``dry_run``) or import one list of directors for ``academy``; atomic either way."""
    return DirectorsImporter(academy).run(data, filename, dry_run=dry_run)
