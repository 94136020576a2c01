"""A recipient provider for the sending tests (the portal's own is tested separately)."""

from catalog.ebook.recipients import Recipient

RECIPIENTS: list[Recipient] = []


def test_directors(editor) -> list[Recipient]:
    return list(RECIPIENTS)
