"""Wagtail hooks of the catalogue; each sub-package keeps its own hooks module."""

from catalog.ebook import admin_hooks  # noqa: F401
