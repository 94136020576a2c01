"""modelsearch's ``BackendTests`` (120 tests) against the PostgreSQL backend (PostgreSQL only)."""

import unittest

from django.db import connection
from django.test import TestCase
from modelsearch.tests.test_backends import BackendTests


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "Maktaba's PostgreSQL search backend needs PostgreSQL: run with MAKTABA_TEST_DATABASE=postgres",
)
class TestPostgresBackendConformance(BackendTests, TestCase):
    backend_path = "library.search.postgres.backend.MaktabaPostgresSearchBackend"
