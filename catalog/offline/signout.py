"""Signing out clears what the browser may hold of the portal.

The service worker never stores a portal page (docs/offline.md), but the browser's own HTTP
cache may hold private pages seen while signed in. The answer to a sign-out carries
``Clear-Site-Data: "cache"``, which empties that cache. Saved lessons are anonymous copies
(saved without credentials) and stay: they are the pupil's work of downloading, not personal
data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Clear-Site-Data"
VALUE = '"cache"'


def mark_signed_out(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """``user_logged_out`` receiver: the answer to this request clears the browser's cache."""
    if request is not None:
        request.maktaba_signed_out = True


class ClearSiteDataOnSignOutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "maktaba_signed_out", False):
            response[HEADER] = VALUE
        return response
