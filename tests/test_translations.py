"""Every interface string is translated into Arabic and French, and the compiled catalogues match.

A new ``gettext`` string without its translations fails here, naming it; run ``makemessages``,
translate, then ``compilemessages``.
"""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    path
    for pattern in ("locale/*/LC_MESSAGES/django.po", "*/locale/*/LC_MESSAGES/django.po")
    for path in ROOT.glob(pattern)
    if path.parts[-3] in {"ar", "fr"} and ".venv" not in path.parts
)


def test_the_catalogues_exist():
    assert {p.parts[-3] for p in CATALOGUES} == {"ar", "fr"}
    assert len(CATALOGUES) >= 2


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_is_translated_and_compiled(po_path):
    catalogue = polib.pofile(str(po_path))
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:5]}"
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled_ids = {(e.msgctxt, e.msgid) for e in compiled}
    stale = [
        e.msgid for e in catalogue.translated_entries() if (e.msgctxt, e.msgid) not in compiled_ids
    ]
    assert stale == [], f"the .mo is older than the .po: run compilemessages ({stale[:5]})"
