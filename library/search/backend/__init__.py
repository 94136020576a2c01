"""A Wagtail 8 / modelsearch search backend on Whoosh (the ``whoosh3`` distribution).

Select it like any backend::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "library.search.backend", "INDEX_DIR": ...}}
"""

from .backend import WhooshIndex, WhooshRebuilder, WhooshSearchBackend

SearchBackend = WhooshSearchBackend

__all__ = ["SearchBackend", "WhooshIndex", "WhooshRebuilder", "WhooshSearchBackend"]
