"""What the backend asks of whoever runs its writes away from the request (the task queue)."""

from __future__ import annotations

from typing import Protocol


class WriteQueue(Protocol):
    def index(self, index_dir: str, model_label: str, keys: list[str]) -> None:
        """(Re)writes the documents of these objects, as the database has them when it runs."""

    def delete(self, index_dir: str, index_name: str, keys: list[str]) -> None:
        """Removes these documents."""

    def rebuild(self, index_dir: str, index_name: str) -> None:
        """Rebuilds one index from the database."""
