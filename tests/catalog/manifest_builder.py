"""Write CSV manifests and small real files for the import tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PIL import Image

from catalog.importers.manifest import COLUMNS
from tests.factories.catalog import TINY_PDF


def row(**values: str) -> dict[str, str]:
    """A valid Arabic document row, with ``values`` overriding its columns."""
    base = {
        "title": "المعادلات من الدرجة الثانية",
        "summary": "درس وتمارين محلولة حول المعادلات من الدرجة الثانية.",
        "language": "ar",
        "levels": "TC",
        "tracks": "tc-sciences",
        "subject": "mathematiques",
        "kind": "document",
        "tags": "جبر|تمارين",
        "file": "equations.pdf",
    }
    base.update(values)
    return base


class ManifestFolder:
    """A folder holding a manifest and the files its rows point at."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)

    def file(self, name: str, content: bytes = TINY_PDF) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path

    def manifest(
        self,
        rows: list[dict[str, str]],
        *,
        name: str = "manifest.csv",
        encoding: str = "utf-8",
        columns: tuple[str, ...] = COLUMNS,
        create_files: bool = True,
    ) -> Path:
        if create_files:
            for values in rows:
                for column in ("file", "thumbnail"):
                    file_name = values.get(column)
                    if file_name and not (self.folder / file_name).exists():
                        self.file(file_name, _content_for(file_name))
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
        writer.writeheader()
        for values in rows:
            writer.writerow({column: values.get(column, "") for column in columns})
        path = self.folder / name
        path.write_bytes(buffer.getvalue().encode(encoding))
        return path

    def raw(self, text: str, *, name: str = "manifest.csv", encoding: str = "utf-8") -> Path:
        path = self.folder / name
        path.write_bytes(text.encode(encoding))
        return path


def png(color: str = "teal", size: tuple[int, int] = (32, 18)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def _content_for(name: str) -> bytes:
    if name.endswith(".pdf"):
        return TINY_PDF
    if name.endswith(".png"):
        return png()
    return b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64  # not decoded by the importer
