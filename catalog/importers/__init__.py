"""Bulk imports into the catalogue (``import_resources``)."""
