"""The search index in the database: one row per indexed object, and the indexed vocabulary.

Every web server and worker reads and writes the same tables, so the index needs no shared disk.
The GIN indexes on the vectors are created by the migration on PostgreSQL only (the models also
migrate on SQLite, where the backend is not used).
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class IndexEntry(models.Model):
    """An indexed object: its analysed terms, as lexemes ``<field path>.<language>:<term>``."""

    index_name = models.CharField(max_length=100)  # the root model's label (``wagtailcore.page``)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    language = models.CharField(max_length=2)
    document = SearchVectorField()  # weighted A/B/C/D by field boost, with positions
    autocomplete = SearchVectorField()  # unstemmed forms of AutocompleteFields, for prefixes

    class Meta:
        db_table = "maktaba_search_entry"
        constraints = [
            models.UniqueConstraint(
                fields=["index_name", "object_id"], name="maktaba_search_entry_unique_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.index_name} {self.object_id}"


class Word(models.Model):
    """A word of the index vocabulary: ``term`` (analysed, for fuzzy queries) or ``spell``
    (unstemmed words of public documents, for "did you mean").

    ``documents`` counts the document writes that brought the word in since the last rebuild
    (an edited document counts again, and a word is never removed before ``update_index``:
    this only affects which of two equally close suggestions wins, and the page checks that a
    suggestion finds results).
    """

    TERM = "t"
    SPELL = "s"

    index_name = models.CharField(max_length=100)
    kind = models.CharField(max_length=1)
    word = models.CharField(max_length=200)
    documents = models.IntegerField(default=1)

    class Meta:
        db_table = "maktaba_search_word"
        constraints = [
            models.UniqueConstraint(
                fields=["index_name", "kind", "word"], name="maktaba_search_word_unique"
            )
        ]

    def __str__(self) -> str:
        return self.word


class HeadTerm(models.Model):
    """A term of an entry's "head" (title, tags, taxonomy names, summary) with its impact.

    The ranked search of a common word would otherwise rank every matching row (``ts_rank``
    reads each row's whole vector): with this table, the best entries of each query term are an
    index range scan (``index_name, term, impact DESC``), and only those candidates are ranked.
    Written and removed with their entry (by the backend's SQL, not by Django's cascade).
    """

    index_name = models.CharField(max_length=100)
    term = models.CharField(max_length=1000)  # ``<language>:<term>``
    impact = models.FloatField()
    entry_id = models.BigIntegerField()  # maktaba_search_entry.id

    class Meta:
        db_table = "maktaba_search_head_term"
        indexes = [
            models.Index(
                fields=["index_name", "term", "-impact", "entry_id"],
                name="maktaba_search_head_best",
            ),
            models.Index(fields=["entry_id"], name="maktaba_search_head_entry"),
        ]

    def __str__(self) -> str:
        return self.term
