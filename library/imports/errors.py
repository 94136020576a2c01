"""The error a reader raises when an uploaded file as a whole cannot be read."""


class TableError(Exception):
    """The file as a whole cannot be read; the message is for the user."""
