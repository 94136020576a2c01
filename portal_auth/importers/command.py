"""What every portal import command does around its importer: one ``handle()`` for all of them.

A command reads one file (a clear error when it cannot), finds what the rows belong to, runs the
importer (all or nothing), prints each error and fails when there is one, prints the summary,
and records a written import in the security log. A subclass names its extra arguments, how it
finds its target, and how it calls its importer.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any, Protocol

from django.core.management.base import BaseCommand, CommandError

from ..accounts import security_log
from ..models import School, SecurityEvent


class Report(Protocol):
    errors: list[str]

    @property
    def ok(self) -> bool: ...

    @property
    def written(self) -> bool: ...

    def summary(self) -> str: ...


class ImportCommand(BaseCommand):
    """``manage.py import_<kind> FILE ... [--dry-run]``."""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        self.add_target_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def add_target_arguments(self, parser: ArgumentParser) -> None:
        """The arguments naming what the rows belong to; by default one school by its code."""
        parser.add_argument("--school", required=True, help="The school's ministry code.")

    def target(self, options: dict[str, Any]) -> Any:
        """What the rows belong to, or ``CommandError``."""
        school = School.objects.filter(code=options["school"]).first()
        if school is None:
            raise CommandError(f"No school with code {options['school']!r}.")
        return school

    def school_of(self, target: Any) -> School:
        return target

    def run_import(
        self, target: Any, data: bytes, filename: str, dry_run: bool, options: dict[str, Any]
    ) -> Report:
        raise NotImplementedError

    def log_detail(self, target: Any, filename: str, report: Report) -> str:
        """The security log's line for a written import."""
        return f"{filename}: {report.summary()}"

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        dry_run: bool = options["dry_run"]
        target = self.target(options)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.")
        report = self.run_import(target, data, path.name, dry_run, options)
        for error in report.errors:
            self.stderr.write(error)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} error(s); nothing was imported.")
        self.stdout.write(("Dry run, nothing written. " if dry_run else "") + report.summary())
        if report.written:
            security_log.record(
                SecurityEvent.Kind.IMPORT,
                school=self.school_of(target),
                detail=self.log_detail(target, path.name, report),
            )
