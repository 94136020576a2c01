"""The catalogue's models: the Moroccan school taxonomy and the resource pages."""

from .pages import LibraryIndexPage, ResourcePage, ResourcePageTag
from .taxonomy import Cycle, Level, Subject, Track, TranslatedName

__all__ = [
    "Cycle",
    "Level",
    "LibraryIndexPage",
    "ResourcePage",
    "ResourcePageTag",
    "Subject",
    "Track",
    "TranslatedName",
]
