"""Staff screen (Wagtail admin): the text messages sent to families of the staff member's
schools, per batch (one event: an absence day of a class, a publication, a test date) and per
pupil, with their state and their cost in segments; and the school's switch for SMS."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Min, Q, Sum
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from library.sms.models import SmsStatus
from library.sms.sending import error_display

from ...models import Notification
from ...schools.scoping import Capability, schools_for_staff
from ...staff.views import StaffPage

S = SmsStatus
# The four states staff read; "refused" (a bad number) and "not delivered" count as failed.
FAILED = (S.FAILED, S.REFUSED, S.UNDELIVERED)
QUEUED = (S.QUEUED, S.SENDING)


def sms_notifications(user):
    """The notifications with a text message, of the schools ``user`` sees."""
    return Notification.objects.filter(
        school__in=schools_for_staff(user, Capability.VIEW), sms__isnull=False
    )


def batches(queryset):
    """One row per batch: its kind, when, and how many messages are in each state."""
    return (
        queryset.values("batch", "kind", "school__name_ar", "school__name_fr")
        .annotate(
            first=Min("created_at"),
            total=Count("pk"),
            queued=Count("pk", filter=Q(sms__status__in=QUEUED)),
            sent=Count("pk", filter=Q(sms__status=S.SENT)),
            delivered=Count("pk", filter=Q(sms__status=S.DELIVERED)),
            failed=Count("pk", filter=Q(sms__status__in=FAILED)),
            segments=Sum("sms__segments"),
        )
        .order_by("-first")
    )


class TextMessagesView(StaffPage):
    page_title = gettext_lazy("Text messages to families")
    template_name = "portal_auth/staff/text_messages.html"
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        queryset = sms_notifications(user)
        batch = self.request.GET.get("batch", "")[:80]
        pupil = self.request.GET.get("pupil", "")
        kinds = dict(Notification.Kind.choices)
        if batch or pupil.isdigit():
            if batch:
                queryset = queryset.filter(batch=batch)
            if pupil.isdigit():
                queryset = queryset.filter(pupil_id=int(pupil))
            rows = queryset.select_related("sms", "pupil", "guardian").order_by("-created_at")
            page = self.paginate(rows)
            context["messages_page"] = page
            context["rows"] = [(n, n.sms, error_display(n.sms)) for n in page]
            context["filtered"] = True
        else:
            page = self.paginate(batches(queryset))
            context["batches_page"] = page
            context["batch_rows"] = [(row, kinds.get(row["kind"], row["kind"])) for row in page]
        totals = queryset.aggregate(count=Count("pk"), segments=Sum("sms__segments"))
        context["totals"] = totals
        context["schools"] = schools_for_staff(user, Capability.MANAGE_ACCOUNTS)
        context["statuses"] = dict(SmsStatus.choices)
        return context

    def post(self, request, *args, **kwargs):
        """A school's text messages on or off (roles that manage the school's accounts)."""
        chosen = request.POST.get("school", "")
        school = (
            schools_for_staff(request.user, Capability.MANAGE_ACCOUNTS)
            .filter(pk=int(chosen) if chosen.isdigit() else 0)
            .first()
        )
        if school is None:
            messages.error(request, _("Choose one of your schools."))
        else:
            school.sms_enabled = request.POST.get("sms_enabled") == "on"
            school.save(update_fields=["sms_enabled"])
            done = (
                _("Text messages are sent again for %(school)s.")
                if school.sms_enabled
                else _("Text messages are no longer sent for %(school)s.")
            )
            messages.success(request, done % {"school": school.name})
        return HttpResponseRedirect(reverse("portal_auth_records:text_messages"))
