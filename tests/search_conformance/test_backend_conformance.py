"""modelsearch's ``BackendTests`` (120 tests) against the Whoosh backend."""

from django.test import TestCase
from modelsearch.tests.test_backends import BackendTests


class TestWhooshBackendConformance(BackendTests, TestCase):
    backend_path = "library.search.backend"
