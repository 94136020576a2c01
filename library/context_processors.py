"""Template context shared by every page."""

from django.http import HttpRequest
from django.utils.translation import get_language, get_language_info


def language_direction(request: HttpRequest) -> dict[str, str]:
    """Expose the text direction of the active language (``rtl`` for Arabic), never hard-coded."""
    code = get_language() or "ar"
    info = get_language_info(code.split("-")[0])
    return {"text_direction": "rtl" if info["bidi"] else "ltr"}
