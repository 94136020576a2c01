"""A stand-in for ResourcePage with the same searchable fields and boosts, so 50,000 rows can be
bulk-created (Wagtail pages cannot be bulk-created through multi-table inheritance)."""

from django.db import models
from modelsearch import index


class BenchResource(index.Indexed, models.Model):
    title = models.CharField(max_length=255)
    tags = models.CharField(max_length=255, blank=True)
    subject_names = models.CharField(max_length=255, blank=True)
    summary = models.TextField()
    body = models.TextField(blank=True)
    language = models.CharField(max_length=2)

    search_fields = [
        index.SearchField("title", boost=6),
        index.AutocompleteField("title"),
        index.SearchField("tags", boost=4),
        index.SearchField("subject_names", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("language"),
    ]

    class Meta:
        app_label = "search_bench"

    def __str__(self) -> str:
        return self.title
