"""Staff imports as runs: the file is stored, checked by the worker, then imported by the worker.

A run moves only along ``TRANSITIONS``, each move one conditional update (``status`` must still
be the state it leaves), so two workers, two clicks or a retried task never make the same move
twice. The file is read from the default storage, never from the web node's disk, so any node
may show the preview and any worker may import it.

- *check* (``check_run``): a worker claims the run (uploaded → parsing), reads the file within
  ``IMPORT_LIMITS`` and does a dry run as the uploader; no error → previewed, else failed.
- *confirm* (``confirm_run``): a staff member of the school says yes (previewed → confirming).
- *import* (``write_run``): a worker writes the file as the confirming staff member, and moves
  the run to done (or failed) in the same transaction as the rows: all or nothing, once.
- *sweep* (``sweep_runs``, periodic): a step whose worker stopped (claimed longer ago than a
  task may run) is handed out again, or failed after ``MAX_ATTEMPTS``; a step whose task the
  queue lost is handed out again.
- *purge* (``purge_runs``, daily with the retention purge): unconfirmed previews expire and
  their files go after ``IMPORT_FILE_RETENTION_HOURS``; finished runs after
  ``IMPORT_RUN_RETENTION_DAYS``.

Every user-facing text of a run (errors with their row numbers) is produced in the uploader's
language; summaries and states are rendered in the reader's.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.models import Subject
from library.task_timeouts import task_timeout

from ..accounts import security_log
from ..conf import portal_setting
from ..models import Academy, ImportRun, School, SecurityEvent
from ..schools.scoping import (
    Capability,
    academies_for_staff,
    classes_for_staff,
    schools_for_staff,
)
from . import cells, directors, pupils
from .absences import import_absences
from .marks import import_marks
from .timetable import import_timetable

logger = logging.getLogger("maktaba.portal.imports")

Status = ImportRun.Status
Reason = ImportRun.Reason
Kind = ImportRun.Kind

# Staff who import are those who manage a school's accounts and records; an academy's school
# directors are imported by those who manage its directors (its regional editor).
MANAGE_IMPORTS = Capability.MANAGE_ACCOUNTS
MANAGE_DIRECTORS = Capability.MANAGE_DIRECTORS

# How many times a worker may take one step (check, or import) before the run is failed: a file
# that kills the worker each time is not handed out for ever.
MAX_ATTEMPTS = 2

BROKEN = object()  # the importer itself raised: a fault of ours, not of the file

TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.UPLOADED, Status.PARSING): "a worker takes the check",
    (Status.PARSING, Status.UPLOADED): "the checking worker stopped: checked again",
    (Status.PARSING, Status.PREVIEWED): "no error: shown for confirmation",
    (Status.PARSING, Status.FAILED): "errors, out of scope, file lost, or the worker stopped",
    (Status.PREVIEWED, Status.CONFIRMING): "a staff member of the school confirms",
    (Status.PREVIEWED, Status.FAILED): "nobody confirmed in time: the preview expired",
    (Status.CONFIRMING, Status.DONE): "written",
    (Status.CONFIRMING, Status.FAILED): "errors, out of scope, file lost, or the worker stopped",
}


def move(run_id: int, from_status: str, to_status: str, **fields) -> bool:
    """Move the run if it is still ``from_status``; whether this call made the move."""
    if (from_status, to_status) not in TRANSITIONS:
        raise ValueError(f"an import run cannot go from {from_status} to {to_status}")
    updated = ImportRun.objects.filter(pk=run_id, status=from_status).update(
        status=to_status, updated_at=timezone.now(), **fields
    )
    return updated == 1


def runs_for_staff(user) -> QuerySet[ImportRun]:
    """The runs of the schools (academies) where ``user`` may import: only they may see or
    confirm one."""
    return ImportRun.objects.filter(
        Q(school__in=schools_for_staff(user, MANAGE_IMPORTS))
        | Q(academy__in=academies_for_staff(user, MANAGE_DIRECTORS))
    )


def may_import_into(user, place: School | Academy) -> bool:
    """Whether ``user`` may import for this school (or, directors, this academy)."""
    if isinstance(place, Academy):
        return academies_for_staff(user, MANAGE_DIRECTORS).filter(pk=place.pk).exists()
    return schools_for_staff(user, MANAGE_IMPORTS).filter(pk=place.pk).exists()


def stale_after_seconds() -> int:
    """A claim older than the longest a default-queue task may run: its worker is gone."""
    return task_timeout("default") + 60


# --- starting -------------------------------------------------------------------------------


def start_run(
    user,
    place: School | Academy,
    kind: str,
    filename: str,
    data: bytes,
    *,
    targets: dict | None = None,
    language: str = "",
) -> ImportRun:
    """Store the uploaded file on the shared storage and record the run (waiting to be checked).

    ``place`` is the school the rows belong to (the academy, for school directors); ``targets``
    are what the file is for beyond it: ``class``, ``subject``, ``semester`` (marks), ``from``
    (timetable, ISO date).
    """
    run = ImportRun(
        kind=kind,
        school=place if isinstance(place, School) else None,
        academy=place if isinstance(place, Academy) else None,
        targets=targets or {},
        created_by=user,
        filename=Path(filename).name[:100],
        language=(language or translation.get_language() or "")[:10],
    )
    run.file.save("upload", ContentFile(data), save=False)
    run.save()
    return run


# --- doing the work -------------------------------------------------------------------------


REPORTS: dict[str, type] = {
    Kind.PUPILS: pupils.PupilsImportReport,
    Kind.MARKS: cells.RecordsImportReport,
    Kind.TIMETABLE: cells.RecordsImportReport,
    Kind.ABSENCES: cells.RecordsImportReport,
    Kind.DIRECTORS: directors.DirectorsImportReport,
}


def report_class(kind: str) -> type:
    return REPORTS[kind]


def stored_report(report) -> dict:
    return dataclasses.asdict(report)


def report_of(run: ImportRun):
    """The report to show: the import's once there is one, else the check's (or ``None``)."""
    data = run.import_report if run.import_report is not None else run.check_report
    if data is None:
        return None
    cls = report_class(run.kind)
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in names})


def execute(run: ImportRun, user, data: bytes, *, dry_run: bool):
    """Check or write the file as ``user``, looked up again in their scope: the report, or
    ``None`` if ``user`` no longer manages the run's school (or class)."""
    if user is None or not user.is_active:
        return None
    if not may_import_into(user, run.place):
        return None
    if run.kind == Kind.DIRECTORS:
        return directors.import_directors(run.academy, data, run.filename, dry_run=dry_run)
    school, targets = run.school, run.targets
    if run.kind == Kind.PUPILS:
        return pupils.import_pupils(school, data, run.filename, dry_run=dry_run)
    if run.kind == Kind.MARKS:
        school_class = (
            classes_for_staff(user, MANAGE_IMPORTS)
            .filter(pk=targets.get("class"), school=school)
            .first()
        )
        if school_class is None:
            return None
        subject = Subject.objects.filter(pk=targets.get("subject")).first()
        if subject is None:
            return cells.RecordsImportReport(dry_run, errors=[_("Choose a class and a subject.")])
        return import_marks(
            school_class, subject, targets.get("semester"), data, run.filename, dry_run=dry_run
        )
    if run.kind == Kind.TIMETABLE:
        start = targets.get("from")
        return import_timetable(
            school,
            data,
            run.filename,
            effective_from=datetime.date.fromisoformat(start) if start else None,
            dry_run=dry_run,
        )
    return import_absences(school, data, run.filename, dry_run=dry_run, user=user)


def read_file(run: ImportRun) -> bytes | None:
    """The stored file's bytes, or ``None`` if the storage no longer has it."""
    if not run.file:
        return None
    try:
        with run.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None
    except Exception:  # an object store's own "no such key" or a network error
        logger.exception("import run %s: could not read %s", run.pk, run.file.name)
        return None


def delete_file(run: ImportRun) -> None:
    """Remove the stored file (the purge tries again if the storage refuses)."""
    if not run.file:
        return
    name = run.file.name
    try:
        run.file.storage.delete(name)
    except Exception:
        logger.exception("import run %s: could not delete %s; the purge will retry", run.pk, name)
        return
    ImportRun.objects.filter(pk=run.pk, file=name).update(file="")


def check_run(run_id: int) -> ImportRun | None:
    """Claim the run's check and do it; ``None`` if there was nothing to claim (done already,
    or being done by another worker)."""
    now = timezone.now()
    claimed = ImportRun.objects.filter(pk=run_id, status=Status.UPLOADED).update(
        status=Status.PARSING, claimed_at=now, updated_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    run = ImportRun.objects.select_related("school", "academy", "created_by").get(pk=run_id)
    with translation.override(run.language or None):
        data = read_file(run)
        if data is None:
            move(run.pk, Status.PARSING, Status.FAILED, reason=Reason.FILE_LOST, claimed_at=None)
        else:
            try:
                report = execute(run, run.created_by, data, dry_run=True)
            except Exception:
                logger.exception("import run %s: the check crashed", run.pk)
                report = BROKEN
            if report is BROKEN:
                move(run.pk, Status.PARSING, Status.FAILED, reason=Reason.BROKEN)
            elif report is None:
                move(run.pk, Status.PARSING, Status.FAILED, reason=Reason.OUT_OF_SCOPE)
            elif report.ok:
                move(
                    run.pk,
                    Status.PARSING,
                    Status.PREVIEWED,
                    check_report=stored_report(report),
                    claimed_at=None,
                )
            else:
                move(
                    run.pk,
                    Status.PARSING,
                    Status.FAILED,
                    reason=Reason.ERRORS,
                    check_report=stored_report(report),
                    claimed_at=None,
                )
    run.refresh_from_db()
    if run.status == Status.FAILED:
        delete_file(run)
    return run


def confirm_run(run: ImportRun, user) -> bool:
    """``user`` (already known to manage the run's school) confirms; whether this click did it
    (a second click, or a click on a run already imported, changes nothing)."""
    return move(
        run.pk,
        Status.PREVIEWED,
        Status.CONFIRMING,
        confirmed_by=user,
        queued_at=timezone.now(),
        claimed_at=None,
        attempts=0,
    )


def write_run(run_id: int) -> ImportRun | None:
    """Claim the run's import and write it, all or nothing, at most once; ``None`` if there was
    nothing to claim."""
    now = timezone.now()
    claimed = ImportRun.objects.filter(pk=run_id, status=Status.CONFIRMING).update(
        claimed_at=now, updated_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    run = ImportRun.objects.select_related("school", "academy", "confirmed_by").get(pk=run_id)
    with translation.override(run.language or None):
        data = read_file(run)
        if data is None:
            move(run.pk, Status.CONFIRMING, Status.FAILED, reason=Reason.FILE_LOST)
        else:
            try:
                written = write_in_transaction(run, data)
            except Exception:
                logger.exception("import run %s: the import crashed; nothing was written", run.pk)
                move(run.pk, Status.CONFIRMING, Status.FAILED, reason=Reason.BROKEN)
            else:
                if not written:
                    return None
    run.refresh_from_db()
    delete_file(run)
    return run


def write_in_transaction(run: ImportRun, data: bytes) -> bool:
    """Write the file and move the run in one transaction; ``False`` if another worker had
    already done it."""
    with transaction.atomic():
        # Taking the row first: a second worker on the same run waits here, then finds
        # it done and writes nothing.
        if not ImportRun.objects.filter(pk=run.pk, status=Status.CONFIRMING).update(
            updated_at=timezone.now()
        ):
            return False
        report = execute(run, run.confirmed_by, data, dry_run=False)
        if report is None:
            move(run.pk, Status.CONFIRMING, Status.FAILED, reason=Reason.OUT_OF_SCOPE)
        elif report.written:
            move(
                run.pk,
                Status.CONFIRMING,
                Status.DONE,
                import_report=stored_report(report),
            )
            security_log.record(
                SecurityEvent.Kind.IMPORT,
                actor=run.confirmed_by,
                school=run.school,
                detail=f"{run.kind} {run.filename}: {report.summary()}",
            )
        else:
            move(
                run.pk,
                Status.CONFIRMING,
                Status.FAILED,
                reason=Reason.ERRORS,
                import_report=stored_report(report),
            )
    return True


# --- workers that stopped, tasks the queue lost, old runs -----------------------------------


@dataclasses.dataclass
class SweepResult:
    checks: list[int]  # runs whose check must be handed to the queue again
    writes: list[int]  # runs whose import must be handed to the queue again
    failed: int = 0


def sweep_runs(now: datetime.datetime | None = None) -> SweepResult:
    """Hand out again, or fail, the steps whose worker stopped or whose task was lost."""
    now = now or timezone.now()
    before = now - timedelta(seconds=stale_after_seconds())
    result = SweepResult(checks=[], writes=[])
    for run in ImportRun.objects.filter(status=Status.PARSING, claimed_at__lt=before):
        if run.attempts >= MAX_ATTEMPTS:
            if move(run.pk, Status.PARSING, Status.FAILED, reason=Reason.WORKER_LOST):
                result.failed += 1
                delete_file(run)
        elif move(run.pk, Status.PARSING, Status.UPLOADED, claimed_at=None, queued_at=now):
            result.checks.append(run.pk)
    lost = ImportRun.objects.filter(status=Status.UPLOADED, queued_at__lt=before)
    for run in lost:
        if lost.filter(pk=run.pk).update(queued_at=now):
            result.checks.append(run.pk)
    stopped = ImportRun.objects.filter(status=Status.CONFIRMING).filter(
        Q(claimed_at__lt=before) | Q(claimed_at=None, queued_at__lt=before)
    )
    for run in stopped:
        if run.attempts >= MAX_ATTEMPTS:
            if move(run.pk, Status.CONFIRMING, Status.FAILED, reason=Reason.WORKER_LOST):
                result.failed += 1
                delete_file(run)
        elif stopped.filter(pk=run.pk).update(claimed_at=None, queued_at=now):
            result.writes.append(run.pk)
    if result.checks or result.writes or result.failed:
        logger.warning(
            "import runs: %s check(s) and %s import(s) handed out again, %s failed",
            len(result.checks),
            len(result.writes),
            result.failed,
        )
    return result


def purge_runs(now: datetime.datetime | None = None) -> int:
    """Expire unconfirmed previews, delete old files, then old runs; returns the runs deleted."""
    now = now or timezone.now()
    files_before = now - timedelta(hours=int(portal_setting("IMPORT_FILE_RETENTION_HOURS")))
    runs_before = now - timedelta(days=int(portal_setting("IMPORT_RUN_RETENTION_DAYS")))
    for run in ImportRun.objects.filter(status=Status.PREVIEWED, updated_at__lt=files_before):
        if move(run.pk, Status.PREVIEWED, Status.FAILED, reason=Reason.EXPIRED):
            delete_file(run)
    finished = ImportRun.objects.filter(status__in=[Status.DONE, Status.FAILED])
    for run in finished.filter(updated_at__lt=files_before).exclude(file=""):
        delete_file(run)
    deleted = 0
    for run in finished.filter(updated_at__lt=runs_before):
        delete_file(run)
        deleted += ImportRun.objects.filter(pk=run.pk, file="").delete()[0]
    return deleted
