"""Maktaba's embedded search: language analysis (``analysis``) and a Whoosh backend (``backend``).

Nothing here imports the catalogue: the backend serves any model that uses Wagtail's ``Indexed``.
"""
