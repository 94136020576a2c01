"""Local files for ffmpeg, whatever the storage: the one place that knows where bytes live.

ffmpeg and ffprobe read and write paths. On a ``FileSystemStorage`` (``MEDIA_ROOT``, maybe an
NFS mount every node shares) the stored file *is* a path. On object storage (S3) the worker
fetches the file into a private temporary directory, works there, and writes its results back
through the storage API; the directory is removed afterwards, whatever happened.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import Storage

from .media_settings import media_setting

WORK_PREFIX = "maktaba-media-"
COPY_CHUNK = 1024 * 1024


def has_local_paths(storage: Storage) -> bool:
    """True when the storage keeps files on a filesystem this process can open by path."""
    try:
        storage.path("probe")
    except NotImplementedError:
        return False
    return True


def work_root() -> Path:
    """Where temporary copies go: ``MAKTABA_MEDIA["WORK_DIR"]``, else the system's temp dir."""
    configured = media_setting("WORK_DIR")
    root = Path(configured) if configured else Path(tempfile.gettempdir())
    root.mkdir(parents=True, exist_ok=True)
    return root


@contextmanager
def private_directory() -> Iterator[Path]:
    """A new directory only this user may read (mode 0700), removed on leaving."""
    directory = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=work_root()))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def local_copy(field_file) -> Iterator[Path]:
    """A local path holding ``field_file``'s bytes, for as long as the block runs.

    The file itself on a filesystem storage; otherwise a copy in a private temporary directory,
    always removed afterwards. The path keeps the stored name's extension.
    """
    storage = field_file.storage
    if has_local_paths(storage):
        yield Path(storage.path(field_file.name))
        return
    with private_directory() as directory:
        target = directory / ("original" + Path(field_file.name).suffix.lower())
        with storage.open(field_file.name, "rb") as source:
            stored_object = getattr(source, "obj", None)  # django-storages' S3File
            if stored_object is not None:
                # Ranged GETs straight to the private directory, never the whole file in memory.
                stored_object.download_file(str(target))
            else:
                with open(target, "wb") as copy:
                    shutil.copyfileobj(source, copy, COPY_CHUNK)
        yield target


def remove_abandoned_work(older_than_seconds: float) -> int:
    """Delete temporary directories a killed worker left behind; returns how many."""
    limit = time.time() - older_than_seconds
    removed = 0
    for directory in work_root().glob(WORK_PREFIX + "*"):
        try:
            times = [directory.stat().st_mtime]
            times += [child.stat().st_mtime for child in directory.rglob("*")]
        except FileNotFoundError:
            continue
        if max(times) < limit:
            shutil.rmtree(directory, ignore_errors=True)
            removed += 1
    return removed
