"""Date and number formats for Moroccan Arabic and French (``FORMAT_MODULE_PATH``).

Day before month everywhere, 24-hour times, decimal comma. Django's Arabic has no
``DATETIME_FORMAT``/``SHORT_DATETIME_FORMAT`` and so falls back to the American ``m/d/Y``;
these modules close that gap. Month names are translations (``locale/ar``): the Maghreb's
يناير … دجنبر, as Massar writes them.
"""
