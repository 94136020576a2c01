"""The e-book's tunables: ``settings.MAKTABA_EBOOK``, read key by key with defaults."""

from __future__ import annotations

from typing import Any

from library.app_settings import AppSettings

DEFAULTS: dict[str, Any] = {
    # Shown as dc:publisher in the EPUB and as the PDF's author.
    "PUBLISHER": "Maktaba",
    # A video whose smallest rendition is larger than this is replaced by its poster and a link.
    "MAX_EMBEDDED_VIDEO_BYTES": 8 * 1024 * 1024,
    # Images are scaled down to fit this box (pixels) for phone and e-reader screens.
    "MAX_IMAGE_WIDTH": 1200,
    "MAX_IMAGE_HEIGHT": 1600,
    "JPEG_QUALITY": 80,
    # Debian's fonts-noto-core; the PDF needs Noto Naskh Arabic and Noto Sans.
    "FONT_DIR": "/usr/share/fonts/truetype/noto",
    # Dotted path of a callable ``(editor_user) -> list[Recipient]``.
    "RECIPIENT_PROVIDER": "",
    # Dotted path of a callable ``(editor_user) -> RecipientGap | None``: when the provider finds
    # nobody, what is missing and where to fix it (the send screen says it instead of a button).
    "RECIPIENT_GAP": "",
    "SEND_BATCH_SIZE": 50,
    "SEND_MAX_ATTEMPTS": 3,
    "SEND_RETRY_DELAY_SECONDS": 300,
    # A queued delivery untouched this long is handed to the queue again (its task was lost).
    "SEND_LOST_AFTER_SECONDS": 900,
}


#: One value of ``MAKTABA_EBOOK``, falling back to the default so a missing key never crashes.
ebook_setting = AppSettings("MAKTABA_EBOOK", DEFAULTS)
