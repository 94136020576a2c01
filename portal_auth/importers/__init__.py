"""Importers of school exports: reading tables (``tables``) and the pupil/guardian import."""
