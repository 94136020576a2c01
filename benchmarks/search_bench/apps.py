from django.apps import AppConfig


class SearchBenchConfig(AppConfig):
    name = "benchmarks.search_bench"
    label = "search_bench"
