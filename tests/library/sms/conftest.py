import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english():
    """Messages are read in English (the source strings), whatever the default language."""
    with translation.override("en"):
        yield
