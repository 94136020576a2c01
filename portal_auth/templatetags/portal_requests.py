"""Template helpers of the request and message pages."""

from django import template

from ..notifications import unread_count

register = template.Library()


@register.inclusion_tag("portal_auth/requests/_nav.html", takes_context=True)
def requests_nav(context):
    """Links to requests, messages and notifications, with the unread count."""
    request = context["request"]
    return {"unread": unread_count(request.user), "request": request}
