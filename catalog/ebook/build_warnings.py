"""Warnings a build records for the editor: stored as codes with parameters, shown translated."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MESSAGES = {
    "image_missing": lambda p: _("Chapter %(chapter)s: an image was deleted; it was left out.") % p,
    "image_unreadable": lambda p: (
        _("Chapter %(chapter)s: the image “%(title)s” could not be read; it was left out.") % p
    ),
    "video_missing": lambda p: _("Chapter %(chapter)s: a video was deleted; it was left out.") % p,
    "video_failed": lambda p: (
        _(
            "Chapter %(chapter)s: the video “%(title)s” could not be prepared; the book shows a note "
            "instead."
        )
        % p
    ),
    "video_not_ready": lambda p: (
        _(
            "Chapter %(chapter)s: the video “%(title)s” is still being prepared; the book links to "
            "the online page."
        )
        % p
    ),
    "video_too_large": lambda p: (
        _(
            "Chapter %(chapter)s: the video “%(title)s” is too large to embed; the book shows its "
            "poster and a link to the online page."
        )
        % p
    ),
    "resource_missing": lambda p: (
        _("Chapter %(chapter)s: a linked library resource is no longer published; it was left out.")
        % p
    ),
    "cover_unreadable": lambda p: (
        _("The cover image “%(title)s” could not be read; the book has no cover.") % p
    ),
    "chapter_empty": lambda p: _("Chapter %(chapter)s has no content yet.") % p,
    "no_chapters": lambda p: _("The book has no chapters yet."),
}


def describe_warning(warning: dict) -> str:
    """The editor-facing sentence for one stored warning, in the active language."""
    describe = MESSAGES.get(warning.get("code", ""))
    if describe is None:
        return str(warning.get("code", ""))
    try:
        return describe(warning.get("params", {}))
    except (KeyError, TypeError):
        return str(warning.get("code", ""))


@dataclass
class WarningLog:
    """Collects the warnings of one build, without duplicates."""

    items: list[dict] = field(default_factory=list)

    def add(self, code: str, **params) -> None:
        entry = {"code": code, "params": params}
        if entry not in self.items:
            self.items.append(entry)

    def codes(self) -> list[str]:
        return [item["code"] for item in self.items]
