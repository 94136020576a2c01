"""The catalogue's models: the Moroccan school taxonomy and the resource pages."""

# The e-book lives in its own sub-package; imported here so Django registers its models.
from catalog.ebook.models import EBookBuild, EBookDelivery, EBookPage

from .pages import LibraryIndexPage, ResourcePage, ResourcePageTag
from .search_vocabulary import CurriculumSynonym, TaxonomyMention
from .taxonomy import Cycle, Level, Subject, Track, TranslatedName

__all__ = [
    "CurriculumSynonym",
    "Cycle",
    "EBookBuild",
    "EBookDelivery",
    "EBookPage",
    "Level",
    "LibraryIndexPage",
    "ResourcePage",
    "ResourcePageTag",
    "Subject",
    "TaxonomyMention",
    "Track",
    "TranslatedName",
]
