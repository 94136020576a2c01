"""Invisible bidirectional controls in what people type: refused where they type it.

The embeddings and overrides U+202A–U+202E (LRE, RLE, PDF, LRO, RLO) and the isolates
U+2066–U+2069 (LRI, RLI, FSI, PDI) change the order in which the text *after* them is shown
until they are closed: an unclosed RLO in a message subject reverses the rest of the line, and a
title can be made to read differently from what it says ("Trojan Source"). Nobody needs to type
them in a title, a note, a subject or a message, so they are refused with a message that says
what to do; the text typed is kept in the form.

The marks U+200E (LRM), U+200F (RLM) and U+061C (ALM) are allowed: they are invisible strong
characters that mixed Arabic and French writing uses to put punctuation and digits in place, and
they open nothing that could spill outside the text. Templates show user text in ``<bdi>`` or
with ``dir="auto"`` so text stored before this check cannot reorder the page around it either.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

MESSAGE = _(
    "This text contains invisible characters that change the direction of writing (%(characters)s)"
    " and can disguise what it says. Remove them, for example by typing the text again instead"
    " of pasting it."
)


def bidi_controls_in(value: Any) -> list[str]:
    """The controls found in ``value``, as ``U+202E``, in order of first appearance."""
    found: list[str] = []
    for character in str(value or ""):
        if character in BIDI_CONTROLS:
            name = f"U+{ord(character):04X}"
            if name not in found:
                found.append(name)
    return found


def validate_no_bidi_controls(value: Any) -> None:
    """A field validator: refuses text holding an embedding, override or isolate control."""
    found = bidi_controls_in(value)
    if found:
        raise ValidationError(MESSAGE, code="bidi_control", params={"characters": ", ".join(found)})


class BidiCheckedTitleMixin:
    """For Wagtail pages: refuses the controls in the title and the SEO title.

    Wagtail's ``Page`` fields cannot take a validator without a migration of Wagtail's own app,
    so the check runs in ``clean()``, which the admin's form and every ``save()`` call.
    """

    bidi_checked_fields = ("title", "seo_title", "search_description")

    def clean(self) -> None:
        super().clean()
        errors = {}
        for name in self.bidi_checked_fields:
            try:
                validate_no_bidi_controls(getattr(self, name, ""))
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)
