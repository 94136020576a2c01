"""The portal's import commands: ``library.imports.command.ImportCommand`` for one school (or a
class, or an academy), each written import recorded in the security log.

A subclass names how it finds its target (by default one school by its ministry code) and calls
its importer in ``import_file``.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from library.imports.command import ImportCommand as BaseImportCommand
from library.imports.command import Report

from ..accounts import security_log
from ..models import School, SecurityEvent


class ImportCommand(BaseImportCommand):
    """``manage.py import_<kind> FILE --school CODE [--dry-run]``."""

    def add_target_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--school", required=True, help="The school's ministry code.")

    def target(self, options: dict[str, Any]) -> Any:
        school = School.objects.filter(code=options["school"]).first()
        if school is None:
            raise CommandError(f"No school with code {options['school']!r}.")
        return school

    def school_of(self, target: Any) -> School | None:
        return target

    def import_file(
        self, target: Any, data: bytes, filename: str, dry_run: bool, options: dict[str, Any]
    ) -> Report:
        raise NotImplementedError

    def run_import(
        self, target: Any, path: Path, data: bytes, dry_run: bool, options: dict[str, Any]
    ) -> Report:
        return self.import_file(target, data, path.name, dry_run, options)

    def log_detail(self, target: Any, filename: str, report: Report) -> str:
        """The security log's line for a written import."""
        return f"{filename}: {report.summary()}"

    def after_write(self, target: Any, path: Path, report: Report) -> None:
        security_log.record(
            SecurityEvent.Kind.IMPORT,
            school=self.school_of(target),
            detail=self.log_detail(target, path.name, report),
        )
