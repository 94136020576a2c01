"""Staff screens: the request queue with filters and bulk scheduling, one request with its
actions, the printable day list, the message queue and threads, and the opening hours."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from ...accounts.access_log import LogsRecordViews
from ...models import DocumentRequest, OpeningHours, RecordAccess
from ...schools.permissions import HANDLE
from ...schools.scoping import Capability, schools_for_staff
from ...schools.staff_access import StaffAccessMixin, StaffScreen
from .. import scheduling
from ..document_requests import (
    RequestError,
    Side,
    allowed_moves,
    move,
    requests_for_staff,
)
from ..forms import ChooseSlotForm, OpeningHoursForm, RejectForm, ReplyForm
from ..permissions import document_request_policy, message_thread_policy, opening_hours_policy
from ..school_messages import mark_read, posts_with_authors, reply, threads_for_staff

PAGE_SIZE = 50
Status = DocumentRequest.Status


class DeskAccess(StaffAccessMixin):
    """The desk's screens: staff who handle a school's requests (admin staff, directors)."""

    permission_policy = document_request_policy
    permission_required = HANDLE

    @property
    def schools(self):
        return schools_for_staff(self.request.user, Capability.MANAGE_ACCOUNTS)


class StaffPage(DeskAccess, StaffScreen):
    header_icon = "mail"


def _small_int(value: str | None) -> int | None:
    """A positive id from a query string, or ``None`` (huge numbers would overflow the column)."""
    value = value or ""
    return int(value) if value.isdigit() and len(value) <= 18 else None


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


class RequestQueueView(LogsRecordViews, StaffPage):
    page_title = gettext_lazy("Document requests")
    template_name = "portal_auth/requests/staff/queue.html"
    record_kind = RecordAccess.Kind.REQUESTS

    def viewed_pupils(self, context):
        return [(r.pupil_id, r.school_id) for r in context["page"].object_list]

    def filtered(self):
        get = self.request.GET
        queryset = requests_for_staff(self.request.user).select_related("pupil", "slot", "school")
        if (school := _small_int(get.get("school"))) is not None:
            queryset = queryset.filter(school_id=school)
        status = get.get("status", "open")
        if status == "open":
            queryset = queryset.filter(status__in=DocumentRequest.OPEN_STATUSES)
        elif status in Status.values:
            queryset = queryset.filter(status=status)
        if get.get("kind") in DocumentRequest.Kind.values:
            queryset = queryset.filter(kind=get["kind"])
        if since := _date(get.get("since")):
            queryset = queryset.filter(created_at__date__gte=since)
        if until := _date(get.get("until")):
            queryset = queryset.filter(created_at__date__lte=until)
        if day := _date(get.get("day")):
            queryset = queryset.filter(slot__starts_at__date=day)
        return queryset.order_by("created_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        context.update(
            page=Paginator(self.filtered(), PAGE_SIZE).get_page(get.get("p")),
            schools=self.schools,
            statuses=Status.choices,
            kinds=DocumentRequest.Kind.choices,
            current={k: get.get(k, "") for k in ("school", "kind", "since", "until", "day")},
            current_status=get.get("status", "open"),
            today=timezone.localdate(),
        )
        return context


class BulkScheduleView(DeskAccess, View):
    """Give each selected pending request the next free slot of its school, in order."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        ids = [i for i in map(_small_int, request.POST.getlist("requests")[:200]) if i is not None]
        chosen = (
            requests_for_staff(request.user)
            .filter(pk__in=ids, status=Status.PENDING)
            .select_related("school")
            .order_by("created_at")
        )
        scheduled = failed = 0
        for document_request in chosen:
            for slot, _free in scheduling.next_free_slots(document_request.school, count=3):
                try:
                    move(
                        document_request, Status.SCHEDULED, request.user, slot_start=slot.starts_at
                    )
                except RequestError:
                    continue  # taken meanwhile: try the next proposal
                scheduled += 1
                break
            else:
                failed += 1
        if scheduled:
            messages.success(
                request,
                ngettext("%(count)d request scheduled.", "%(count)d requests scheduled.", scheduled)
                % {"count": scheduled},
            )
        if failed:
            messages.warning(
                request,
                ngettext(
                    "%(count)d request could not be scheduled: no free slot. Check the opening hours.",
                    "%(count)d requests could not be scheduled: no free slot. Check the opening hours.",
                    failed,
                )
                % {"count": failed},
            )
        if not scheduled and not failed:
            messages.warning(request, _("Select pending requests to schedule."))
        return HttpResponseRedirect(reverse("portal_requests_staff:queue"))


class RequestStaffDetailView(LogsRecordViews, StaffPage):
    template_name = "portal_auth/requests/staff/detail.html"
    record_kind = RecordAccess.Kind.REQUESTS

    def viewed_pupils(self, context):
        return [(self.document_request.pupil_id, self.document_request.school_id)]

    def get_page_title(self):
        r = self.document_request
        return format_html("#{} <bdi>{}</bdi> – <bdi>{}</bdi>", r.pk, r.document_name, r.pupil)

    def load_objects(self) -> None:
        self.document_request = self.scoped_object(
            self.kwargs["pk"],
            queryset=requests_for_staff(self.request.user).select_related(
                "pupil", "slot", "school", "requester"
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        r = self.document_request
        moves = allowed_moves(r.status, Side.STAFF)
        context.update(
            r=r,
            events=r.events.select_related("actor"),
            moves=moves,
            free_slots=scheduling.next_free_slots(r.school, count=8)
            if Status.SCHEDULED in moves
            else [],
            slot_form=ChooseSlotForm(),
            reject_form=RejectForm(),
        )
        return context


class RequestActionView(DeskAccess, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        document_request = self.scoped_object(pk)
        action = request.POST.get("action", "")
        try:
            if action == "schedule":
                form = ChooseSlotForm(request.POST)
                if not form.is_valid():
                    raise RequestError(_("Choose an appointment slot."))
                move(
                    document_request,
                    Status.SCHEDULED,
                    request.user,
                    slot_start=form.cleaned_data["starts_at"],
                )
            elif action in (Status.READY, Status.COLLECTED):
                move(document_request, action, request.user)
            elif action == "reject":
                move(
                    document_request,
                    Status.REJECTED,
                    request.user,
                    reason=request.POST.get("reason", "")[:500],
                )
            else:
                raise Http404
        except RequestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The request was updated."))
        return HttpResponseRedirect(reverse("portal_requests_staff:detail", args=[pk]))


class DayListView(LogsRecordViews, DeskAccess, TemplateView):
    """The day's appointments of one school, on one printable page (no admin chrome)."""

    template_name = "portal_auth/requests/staff/day_list.html"
    record_kind = RecordAccess.Kind.REQUESTS

    def viewed_pupils(self, context):
        return [(r.pupil_id, r.school_id) for r in context["appointments"]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = _date(self.request.GET.get("day")) or timezone.localdate()
        schools = self.schools
        school_id = _small_int(self.request.GET.get("school"))
        school = schools.filter(pk=school_id).first() if school_id else schools.first()
        if school is None:
            raise Http404
        appointments = (
            requests_for_staff(self.request.user)
            .filter(
                school=school,
                slot__starts_at__date=day,
                status__in=[Status.SCHEDULED, Status.READY, Status.COLLECTED],
            )
            .select_related("pupil", "slot")
            .order_by("slot__starts_at", "pupil__last_name_latin")
        )
        context.update(day=day, school=school, appointments=appointments, schools=schools)
        return context


class ThreadQueueView(LogsRecordViews, StaffPage):
    permission_policy = message_thread_policy
    page_title = gettext_lazy("Messages to the school")
    template_name = "portal_auth/requests/staff/threads.html"
    record_kind = RecordAccess.Kind.MESSAGES

    def viewed_pupils(self, context):
        return [(t.pupil_id, t.school_id) for t in context["page"].object_list]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        threads = threads_for_staff(self.request.user).select_related("pupil", "school")
        category = self.request.GET.get("category", "")
        if category:
            threads = threads.filter(category=category)
        page = Paginator(threads, PAGE_SIZE).get_page(self.request.GET.get("p"))
        context.update(
            page=page,
            rows=[(t, t.unread_for_staff()) for t in page],
            categories=threads.model.Category.choices,
            current_category=category,
        )
        return context


class StaffThreadView(LogsRecordViews, StaffPage):
    template_name = "portal_auth/requests/staff/thread.html"
    record_kind = RecordAccess.Kind.MESSAGES

    def viewed_pupils(self, context):
        return [(self.thread.pupil_id, self.thread.school_id)]

    def get_page_title(self):
        # Shown in the header and breadcrumbs, isolated so it cannot reorder them; the
        # template's <title> uses the plain subject.
        return format_html("<bdi>{}</bdi>", self.thread.subject)

    permission_policy = message_thread_policy

    def load_objects(self) -> None:
        self.thread = self.scoped_object(
            self.kwargs["pk"],
            queryset=threads_for_staff(self.request.user).select_related("pupil", "school"),
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.render()
        mark_read(self.thread, staff=True)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            thread=self.thread,
            posts=posts_with_authors(self.thread),
            form=kwargs.get("form") or ReplyForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                reply(
                    self.thread,
                    request.user,
                    form.cleaned_data["body"],
                    form.cleaned_data.get("attachment"),
                    form.cleaned_data.get("submission_key"),
                )
            except RequestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your reply was sent."))
                return HttpResponseRedirect(
                    reverse("portal_requests_staff:thread", args=[self.thread.pk])
                )
        return self.render_to_response(self.get_context_data(form=form))


class OpeningHoursView(StaffPage):
    permission_policy = opening_hours_policy
    page_title = gettext_lazy("Opening hours for appointments")
    template_name = "portal_auth/requests/staff/opening_hours.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            hours=OpeningHours.objects.filter(school__in=self.schools).select_related("school"),
            form=kwargs.get("form") or OpeningHoursForm(schools=self.schools),
        )
        return context

    def post(self, request, *args, **kwargs):
        delete = _small_int(request.POST.get("delete"))
        if delete is not None:
            OpeningHours.objects.filter(pk=delete, school__in=self.schools).delete()
            messages.success(request, _("The opening period was removed."))
            return HttpResponseRedirect(reverse("portal_requests_staff:hours"))
        form = OpeningHoursForm(request.POST, schools=self.schools)
        if form.is_valid():
            form.save()
            messages.success(request, _("The opening period was added."))
            return HttpResponseRedirect(reverse("portal_requests_staff:hours"))
        return self.render_to_response(self.get_context_data(form=form))
