"""``SEARCH_BACKEND``: which search backend ``WAGTAILSEARCH_BACKENDS["default"]`` uses.

Backends are named by dotted path only, so choosing one never imports another (the Maktaba
PostgreSQL backend, or the Elasticsearch/OpenSearch clients, need not be installed unless chosen).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    # Maktaba's own analysis, index in a folder (one node)
    "whoosh": "library.search.backend",
    # Maktaba's own analysis, index in PostgreSQL (every node shares it)
    "postgres": "library.search.postgres.backend.MaktabaPostgresSearchBackend",
    # modelsearch's stock database backend (SQLite FTS5, PostgreSQL or MySQL full-text search)
    "database": "modelsearch.backends.database",
    "opensearch": "modelsearch.backends.opensearch2",
    "opensearch2": "modelsearch.backends.opensearch2",
    "opensearch3": "modelsearch.backends.opensearch3",
    "elasticsearch": "modelsearch.backends.elasticsearch8",
    "elasticsearch7": "modelsearch.backends.elasticsearch7",
    "elasticsearch8": "modelsearch.backends.elasticsearch8",
    "elasticsearch9": "modelsearch.backends.elasticsearch9",
}
SEARCH_SERVERS = tuple(name for name in BACKENDS if name.startswith(("opensearch", "elastic")))


def search_backends(
    choice: str, urls: str = "", index_prefix: str = "", text_search_config: str = ""
) -> dict:
    """``WAGTAILSEARCH_BACKENDS`` for ``SEARCH_BACKEND=choice`` (empty: ``whoosh``).

    ``text_search_config``: PostgreSQL's text search configuration for ``database`` (empty: the
    server's ``default_text_search_config``).
    """
    choice = (choice or "whoosh").strip().lower()
    if choice not in BACKENDS:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND={choice!r} is not known: use one of {', '.join(BACKENDS)} "
            "(docs/search.md, 'Choosing a backend')."
        )
    entry: dict = {"BACKEND": BACKENDS[choice]}
    if choice == "database" and text_search_config.strip():
        entry["SEARCH_CONFIG"] = text_search_config.strip()
    if choice in SEARCH_SERVERS:
        servers = [url.strip() for url in urls.split(",") if url.strip()]
        if not servers:
            raise ImproperlyConfigured(
                f"SEARCH_BACKEND={choice} needs SEARCH_URLS (e.g. https://search.internal:9200)."
            )
        from library.search.engine_analysis import index_settings

        entry.update(
            URLS=servers,
            INDEX_PREFIX=index_prefix.strip() or "maktaba_",
            INDEX_SETTINGS=index_settings(),
        )
    return {"default": entry}
