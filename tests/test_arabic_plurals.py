"""Counted words follow Arabic grammar: six plural forms, and no number before a singular or a
dual («طلب واحد»، «طلبان», never «2 طلبان»); no «(s)» or «(ات)» left for the reader to choose."""

from __future__ import annotations

import re

import polib
import pytest

from tests.test_translations import CATALOGUES, ROOT

ARABIC = [p for p in CATALOGUES if p.parts[-3] == "ar"]
PLACEHOLDER = re.compile(r"%\((\w+)\)([ds])")
# Placeholders that hold the count (``%(x)d``, or a string one named for a count); a list of
# names such as ``%(columns)s`` stays in every form.
COUNT_NAMES = {"count", "counter", "left", "free", "seconds", "limit"}


def _entries(path):
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


@pytest.mark.parametrize("po_path", ARABIC, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_number_before_a_singular_or_a_dual(po_path):
    wrong = []
    for entry in _entries(po_path):
        if not entry.msgid_plural:
            continue
        counted = {
            name
            for name, kind in PLACEHOLDER.findall(entry.msgid)
            if kind == "d" or name in COUNT_NAMES
        }
        if len(counted) != 1:
            continue
        (name,) = counted
        for form in (1, 2):
            if f"%({name})" in entry.msgstr_plural.get(form, ""):
                wrong.append(f"{entry.msgid!r} [{form}]: {entry.msgstr_plural[form]}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("po_path", ARABIC, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_optional_plural_in_a_message(po_path):
    optional = [
        e.msgid
        for e in _entries(po_path)
        if re.search(r"\w\(s\)", e.msgid) or "(ات)" in e.msgstr or "(s)" in e.msgstr
    ]
    assert optional == [], optional


def test_a_duration_is_counted_in_seconds():
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("ar"):
        assert (
            ngettext("Duration: %(seconds)s second", "Duration: %(seconds)s seconds", 5)
            % {"seconds": 5}
            == "المدة: 5 ثوان"
        )
        assert (
            ngettext("Duration: %(seconds)s second", "Duration: %(seconds)s seconds", 2)
            % {"seconds": 2}
            == "المدة: ثانيتان"
        )


def test_a_message_subject_is_not_a_school_subject():
    from django.utils import translation

    from portal_auth.desk.forms import NewThreadForm

    label = NewThreadForm.base_fields["subject"].label
    with translation.override("ar"):
        assert str(label) == "الموضوع"
    with translation.override("fr"):
        assert str(label) == "Objet"
