"""Index directories on disk: generations behind an atomically swapped symlink.

Layout: ``<INDEX_DIR>/<index name>/current`` is a symlink to ``gen-…`` directory holding a Whoosh
index. A rebuild fills a fresh generation and then replaces the symlink with ``os.replace``
(atomic on POSIX), so readers see either the old index or the new one, never a half-built one.
Readers keep a searcher per thread and reopen it when the symlink target changes or Whoosh
reports a newer commit (a fresh open: Whoosh's ``refresh()`` keeps stale deletions). Writers take Whoosh's file lock, waiting up to ``WRITE_LOCK_TIMEOUT``
seconds, so processes saving at the same moment queue instead of failing.
"""

import logging
import os
import pickle
import shutil
import struct
import tempfile
import threading
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError, IndexVersionError
from whoosh.index import IndexError as WhooshIndexError

from .postings import warm_in_background
from .schema import FILTERS_FIELD, ID_FIELD, build_schema
from .weighting import LanguageAwareBM25F

logger = logging.getLogger("maktaba.search")

#: Errors that mean the files on disk are not a readable index.
INDEX_READ_ERRORS = (
    EmptyIndexError,
    IndexVersionError,
    WhooshIndexError,
    pickle.UnpicklingError,
    EOFError,
    struct.error,
    ValueError,
    KeyError,
    OSError,
)

_local = threading.local()


class IndexUnavailable(Exception):
    """The index on disk is missing or unreadable (the caller reports it and rebuilds)."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"search index {path} is {reason}")
        self.path = path
        self.reason = reason


class IndexStore:
    def __init__(self, root: Path, name: str, write_lock_timeout: float = 60.0, warm: bool = False):
        self.root = Path(root)
        self.warm = warm  # decode frequent postings in the background when a searcher opens
        self.name = name
        self.path = self.root / name.replace(".", "_")
        self.current = self.path / "current"
        self.write_lock_timeout = write_lock_timeout

    # -- generations -------------------------------------------------------------------------
    def new_generation(self) -> Path:
        """Create an empty index in a fresh directory (not yet visible to readers)."""
        self.path.mkdir(parents=True, exist_ok=True)
        directory = Path(tempfile.mkdtemp(prefix="gen-", dir=self.path))
        whoosh_index.create_in(str(directory), build_schema())
        return directory

    def swap_to(self, directory: Path) -> None:
        """Point ``current`` at ``directory`` atomically, then remove older generations."""
        temporary_link = self.path / f".current-{directory.name}"
        if temporary_link.is_symlink():
            temporary_link.unlink()
        os.symlink(directory.name, temporary_link)
        os.replace(temporary_link, self.current)
        for old in self.path.glob("gen-*"):
            if old.name != directory.name:
                shutil.rmtree(old, ignore_errors=True)

    def exists(self) -> bool:
        return self.current.exists()

    def ensure(self) -> None:
        """Create an empty index if there is none yet (first start)."""
        if not self.current.is_symlink():
            self.swap_to(self.new_generation())

    def target(self) -> str:
        return os.readlink(self.current)

    # -- reading -----------------------------------------------------------------------------
    def open(self):
        """Open the current generation, raising ``IndexUnavailable`` if missing or corrupt."""
        if not self.current.is_symlink():
            raise IndexUnavailable(self.path, "missing")
        if not self.current.exists():
            raise IndexUnavailable(self.path, "missing (dangling link)")
        try:
            index = whoosh_index.open_dir(str(self.current))
            index.doc_count_all()
        except INDEX_READ_ERRORS as exc:
            raise IndexUnavailable(self.path, f"corrupt ({type(exc).__name__}: {exc})") from exc
        return index

    def searcher(self):
        """This thread's searcher on the current generation, reopened when the index changed."""
        cache = getattr(_local, "searchers", None)
        if cache is None:
            cache = _local.searchers = {}
        key = str(self.current)
        cached = cache.get(key)
        try:
            target = self.target()
        except OSError as exc:
            raise IndexUnavailable(self.path, "missing") from exc
        if cached is not None and cached[0] == target:
            try:
                if cached[1].up_to_date():
                    return cached[1]
            except INDEX_READ_ERRORS:
                pass
        # Opened afresh, not with Searcher.refresh(): Whoosh's refresh reuses the readers of
        # unchanged segments *without their new deletions*, so an edited document was found
        # twice (old and new version). Decoded postings survive in the array cache (keyed by
        # segment), so reopening costs little.
        if cached is not None:
            cached[1].close()
        searcher = self.open().searcher(weighting=LanguageAwareBM25F())
        cache[key] = (target, searcher)
        self._warm()
        return searcher

    def _warm(self) -> None:
        if self.warm:
            warm_in_background(str(self.current), ID_FIELD, FILTERS_FIELD)

    def forget_searcher(self) -> None:
        cache = getattr(_local, "searchers", {})
        cached = cache.pop(str(self.current), None)
        if cached is not None:
            cached[1].close()

    # -- writing -----------------------------------------------------------------------------
    def writer(self, directory: Path | None = None):
        index = whoosh_index.open_dir(str(directory)) if directory is not None else self.open()
        return index.writer(timeout=self.write_lock_timeout, delay=0.05, limitmb=128)
