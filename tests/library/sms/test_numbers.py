"""Numbers as guardians and imports write them, and the E.164 form gateways need."""

import pytest

from library.sms.numbers import InvalidNumber, normalize

ACCEPTED = [
    ("0612345678", "+212612345678"),
    ("06 12 34 56 78", "+212612345678"),
    ("06.12.34.56.78", "+212612345678"),
    ("0712-345678", "+212712345678"),
    ("+212 6 12 34 56 78", "+212612345678"),
    ("+212612345678", "+212612345678"),
    ("00212612345678", "+212612345678"),
    ("212612345678", "+212612345678"),
    ("+212 0612345678", "+212612345678"),  # the trunk 0 kept after the country code
    ("612345678", "+212612345678"),
    ("٠٦١٢٣٤٥٦٧٨", "+212612345678"),  # Arabic-Indic digits, as an Arabic keyboard types them
    ("۰۶۱۲۳۴۵۶۷۸", "+212612345678"),
    ("\u200e06 12 34 56 78\u200e", "+212612345678"),  # a direction mark pasted with it
    (" (06) 12-34-56-78 ", "+212612345678"),
    ("+33 6 12 34 56 78", "+33612345678"),  # a parent working in France
    ("0034 612 345 678", "+34612345678"),
]

REFUSED = [
    ("", "No phone number"),
    ("0522123456", "fixed line"),  # Casablanca landline
    ("+212 5 37 12 34 56", "fixed line"),
    ("061234567", "10 digits"),
    ("06123456789", "10 digits"),
    ("06-12-34-56-7x", "only digits"),
    ("+33 06", "country code"),
    ("12345", "country code"),
]


@pytest.mark.parametrize("raw, expected", ACCEPTED)
def test_accepted_forms(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw, reason", REFUSED)
def test_refused_with_a_reason(raw, reason):
    with pytest.raises(InvalidNumber, match=reason):
        normalize(raw)
