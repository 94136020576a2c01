"""The address a gateway calls with delivery reports (no session, no CSRF: it is signed)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import delivery_reports


@never_cache
@require_GET
def delivery_report(request: HttpRequest, token: str) -> HttpResponse:
    message = delivery_reports.message_for(token)
    if message is None:
        return HttpResponseNotFound("unknown message", content_type="text/plain")
    try:
        kind = int(request.GET.get("type", ""))
    except ValueError:
        return HttpResponseBadRequest("type must be a number", content_type="text/plain")
    if kind not in delivery_reports.MEANING:
        return HttpResponseBadRequest("unknown report type", content_type="text/plain")
    delivery_reports.record(message, kind, request.GET.get("detail", ""))
    return HttpResponse("ok", content_type="text/plain")
