import pytest


@pytest.fixture(autouse=True)
def search_index_dir(settings, tmp_path):
    """Each test gets its own empty index directory."""
    settings.MAKTABA_SEARCH = {**settings.MAKTABA_SEARCH, "INDEX_DIR": tmp_path / "index"}
    return tmp_path / "index"
