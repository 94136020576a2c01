"""What every ``manage.py import_<kind>`` command does around its importer: one ``handle()``.

A command reads one file (a clear error when it cannot), finds what the rows belong to, runs the
importer (all or nothing), prints each error and fails when there is one, prints the report,
and then does what a written import needs afterwards (the portal records it in its security
log). A subclass names its extra arguments, how it finds its target, and how it calls its
importer; the portal's subclass is ``portal_auth.importers.command.SchoolImportCommand``.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any, Protocol

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class Report(Protocol):
    errors: list[str]

    @property
    def ok(self) -> bool: ...

    @property
    def written(self) -> bool: ...

    def summary(self) -> str: ...


class ImportCommand(BaseCommand):
    """``manage.py import_<kind> FILE ... [--dry-run]``."""

    file_help = "The CSV or XLSX file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help=self.file_help)
        self.add_target_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def add_target_arguments(self, parser: ArgumentParser) -> None:
        """The arguments naming what the rows belong to (none by default)."""

    def target(self, options: dict[str, Any]) -> Any:
        """What the rows belong to, or ``CommandError``."""
        return None

    def read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s.") % {"path": path, "reason": error.strerror}
            )

    def run_import(
        self, target: Any, path: Path, data: bytes, dry_run: bool, options: dict[str, Any]
    ) -> Report:
        raise NotImplementedError

    def print_report(self, report: Report, dry_run: bool) -> None:
        summary = report.summary()
        if dry_run:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)

    def after_write(self, target: Any, path: Path, report: Report) -> None:
        """What a written import needs afterwards (nothing by default)."""

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        dry_run: bool = options["dry_run"]
        target = self.target(options)
        data = self.read(path)
        report = self.run_import(target, path, data, dry_run, options)
        for error in report.errors:
            self.stderr.write(error)
        if not report.ok:
            raise CommandError(
                ngettext(
                    "Nothing was imported: the file has %(count)d error.",
                    "Nothing was imported: the file has %(count)d errors.",
                    len(report.errors),
                )
                % {"count": len(report.errors)}
            )
        self.print_report(report, dry_run)
        if report.written:
            self.after_write(target, path, report)
