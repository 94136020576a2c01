"""Learning without a connection: the installable web app, saving for offline, subject packs.

A concern of its own inside the catalogue (it reads resource pages and their files, and nothing
reads it back), kept apart from the portal so that nothing personal can ever reach it. See
docs/offline.md.
"""
