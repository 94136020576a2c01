"""What every import reports: rows read, row errors, and whether anything was written.

Each importer's report adds its own counters and summary (the portal's
``cells.RecordsImportReport``, ``pupils.PupilsImportReport``, ``directors.DirectorsImportReport``).
The portal stores reports on their ``ImportRun`` as plain dicts and reads them back by field
name, so a report holds only plain values. ``preview`` rows are shown under ``preview_headers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """An import that did (or, in a dry run, would do) something; any error and nothing is written."""

    dry_run: bool
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    preview_headers: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        raise NotImplementedError
