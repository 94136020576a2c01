"""A search backend that cannot autocomplete (as a third-party one may not): Maktaba's Whoosh
backend with its autocomplete compiler taken away, so that ``autocomplete()`` raises
NotImplementedError as modelsearch's base backend does."""

from library.search.backend import SearchBackend as WhooshSearchBackend


class SearchBackend(WhooshSearchBackend):
    autocomplete_query_compiler_class = None
