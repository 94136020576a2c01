"""The editor's e-book screens in the Wagtail admin: builds and deliveries, and sending."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from .models import EBookDelivery, EBookPage
from .recipients import (
    Recipient,
    RecipientGap,
    RecipientProviderMissing,
    recipient_gap,
    recipients_for,
)
from .tasks import queue_deliveries


class EBookAdminMixin:
    """Loads the page and checks the editor may publish it (sending is a publishing act)."""

    def dispatch(self, request: HttpRequest, page_id: int, *args, **kwargs) -> HttpResponse:
        self.page = get_object_or_404(EBookPage, pk=page_id)
        if not self.page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return super().dispatch(request, page_id, *args, **kwargs)


def sending_readiness(editor) -> tuple[list[Recipient], RecipientGap | None]:
    """Whom ``editor`` would send to, or what is missing first: a send button is offered only
    when there is someone to send to who has an e-mail address."""
    try:
        recipients = recipients_for(editor)
    except RecipientProviderMissing:
        return [], RecipientGap(_("No list of school directors is configured on this server."))
    if not recipients:
        gap = recipient_gap(editor)
        return [], gap or RecipientGap(_("No school director was found for your academy."))
    if not any(r.email.strip() for r in recipients):
        gap = recipient_gap(editor)
        return recipients, RecipientGap(
            _("None of the school directors has an e-mail address yet."),
            gap.fix_url if gap else "",
            gap.fix_label if gap else "",
        )
    return recipients, None


class EBookStatusView(EBookAdminMixin, View):
    """Builds (with their warnings) and, for the current build, every recipient's status."""

    template_name = "catalog/ebook/admin/status.html"
    per_page = 100

    def get(self, request: HttpRequest, page_id: int) -> HttpResponse:
        builds = list(self.page.builds.order_by("-created_at")[:20])
        current = self.page.current_build()
        deliveries = EBookDelivery.objects.none()
        counts: dict[str, int] = {}
        if current is not None:
            deliveries = current.deliveries.order_by("status", "name", "pk")
            status_filter = request.GET.get("status", "")
            counts = dict(
                current.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
            )
            if status_filter in EBookDelivery.Status.values:
                deliveries = deliveries.filter(status=status_filter)
        page_obj = Paginator(deliveries, self.per_page).get_page(request.GET.get("p"))
        _recipients, gap = sending_readiness(request.user)
        return TemplateResponse(
            request,
            self.template_name,
            {
                "page": self.page,
                "builds": builds,
                "current": current,
                "page_obj": page_obj,
                "status_counts": [
                    (value, label, counts.get(value, 0))
                    for value, label in EBookDelivery.Status.choices
                ],
                "total": sum(counts.values()),
                "send_url": reverse("ebook_admin:send", args=[self.page.pk]),
                "gap": gap,
            },
        )


class EBookSendView(EBookAdminMixin, View):
    """Confirm, then queue one delivery per director; pressing it again queues nobody twice."""

    template_name = "catalog/ebook/admin/send_confirm.html"

    def _status_url(self) -> str:
        return reverse("ebook_admin:status", args=[self.page.pk])

    def get(self, request: HttpRequest, page_id: int) -> HttpResponse:
        current = self.page.current_build()
        recipients, gap = sending_readiness(request.user)
        already = 0
        if current is not None and recipients:
            already = current.deliveries.filter(
                recipient_key__in=[r.key for r in recipients]
            ).count()
        return TemplateResponse(
            request,
            self.template_name,
            {
                "page": self.page,
                "current": current,
                "recipient_count": len(recipients),
                "without_email": sum(1 for r in recipients if not r.email.strip()),
                "already": already,
                "problem": gap.message if gap else "",
                "gap": gap,
                "status_url": self._status_url(),
            },
        )

    def post(self, request: HttpRequest, page_id: int) -> HttpResponse:
        current = self.page.current_build()
        if current is None:
            messages.error(request, _("Publish the e-book and wait for its files before sending."))
            return redirect(self._status_url())
        _recipients, gap = sending_readiness(request.user)
        if gap is not None:
            messages.error(request, gap.message)
            return redirect(self._status_url())
        try:
            outcome = queue_deliveries(current, request.user)
        except RecipientProviderMissing:
            messages.error(request, _("No list of school directors is configured on this server."))
            return redirect(self._status_url())
        if outcome.queued or outcome.without_email:
            messages.success(
                request,
                _(
                    "%(queued)d messages are being sent. %(missing)d directors have no email "
                    "address."
                )
                % {"queued": outcome.queued, "missing": outcome.without_email},
            )
        else:
            messages.info(
                request, _("Every director was already sent this version; nobody was sent twice.")
            )
        return redirect(self._status_url())
