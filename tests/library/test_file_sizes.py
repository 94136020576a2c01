"""One size style everywhere: the player's and the packs' ``filesizeformat`` say «ميغابايت» and
«Mo», as the admin's processing panel does (never «م.ب» or «Mio»)."""

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "megabytes", "kilobytes"),
    [
        ("ar", "1,2 ميغابايت", "2,3 كيلوبايت"),
        ("fr", "1,2 Mo", "2,3 Ko"),
        ("en", "1.2 MB", "2.3 KB"),
    ],
)
def test_sizes_use_the_sites_units(language, megabytes, kilobytes):
    with translation.override(language):
        assert filesizeformat(1_234_567).replace("\xa0", " ") == megabytes
        assert filesizeformat(2_345).replace("\xa0", " ") == kilobytes
