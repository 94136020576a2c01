"""Template helpers of the request and message pages."""

from django import template
from django.utils import timezone

from ..desk.document_requests import requests_for_account
from ..desk.notifications import unread_count
from ..models import DocumentRequest

register = template.Library()


@register.inclusion_tag("portal_auth/requests/_nav.html", takes_context=True)
def requests_nav(context, with_appointments: bool = False):
    """Links to requests, messages and notifications with the unread count; optionally the
    account's coming appointments (the spaces' home pages show them)."""
    request = context["request"]
    appointments = []
    if with_appointments and request.user.is_authenticated:
        appointments = (
            requests_for_account(request.user)
            .filter(
                status__in=[DocumentRequest.Status.SCHEDULED, DocumentRequest.Status.READY],
                slot__starts_at__gte=timezone.now(),
            )
            .select_related("slot", "pupil")
            .order_by("slot__starts_at")[:5]
        )
    return {
        "unread": unread_count(request.user),
        "request": request,
        "appointments": appointments,
        # On a space's first page the links are a section of it, not a second navigation bar.
        "in_section": with_appointments,
    }
