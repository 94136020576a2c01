"""The error an importer raises when a file as a whole cannot be read."""


class TableError(Exception):
    """The file as a whole cannot be read; the message is for the user."""
