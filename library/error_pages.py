"""The server-error answer: a short apology in the visitor's language, with a reference.

The reference is logged with the traceback, so a family reading it out on the phone leads
staff straight to the log line. The page uses no database and no context processor: whatever
broke may be what those would need.
"""

from __future__ import annotations

import logging
import secrets
import sys

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.utils import translation

logger = logging.getLogger("maktaba.errors")

# No 0/O or 1/I: a reference is read aloud and typed.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_reference() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponseServerError:
    reference = new_reference()
    logger.error(
        "server error %s on %s %s",
        reference,
        request.method,
        request.path,
        exc_info=sys.exc_info()[0] is not None,
    )
    language = translation.get_language() or "ar"
    html = loader.get_template(template_name).render(
        {
            "reference": reference,
            "LANGUAGE_CODE": language,
            "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
            "home_url": "/" if language == "ar" else f"/{language}/",
        }
    )
    return HttpResponseServerError(html)
