"""Text messages to phones: numbers, encodings, gateways and delivery reports.

Infrastructure beside Django's e-mail: a backend chosen by settings (``MAKTABA_SMS["BACKEND"]``)
hands messages to a gateway; every message has a row (``SmsMessage``) that follows it from
queued to delivered. What to send, to whom and when is decided by the callers.
"""
