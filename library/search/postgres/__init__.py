"""A Wagtail 8 / modelsearch search backend on PostgreSQL with Maktaba's own analysis.

Documents and queries go through the same Arabic, French and English analyzers as the Whoosh
backend (``library.search.analysis``); PostgreSQL stores the analysed terms as a ``tsvector`` (no
text search configuration is involved: lexemes are written and queried as they are) and
matches, ranks, filters and counts them. Select it with::

    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "library.search.postgres.backend.MaktabaPostgresSearchBackend"}
    }

and add ``"library.search.postgres"`` to ``INSTALLED_APPS`` (its table and migrations).
"""
