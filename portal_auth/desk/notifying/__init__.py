"""The notification service: every message to a family goes through it (docs/notifications.md).

``events`` turns the portal's events into notifications, ``service`` applies each person's
choices and queues the text messages, ``email`` writes and sends the e-mails, ``texts`` holds
what each kind says in each language (one SMS segment), ``preferences`` the choices and their
defaults.
"""
