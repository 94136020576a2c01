"""The requester's pages: ask for a document, follow it, cancel it or choose another slot."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from ...models import DocumentRequest
from ...schools.child_switch import get_active_pupil, visible_pupils
from .. import scheduling
from ..document_requests import (
    RequestError,
    Side,
    allowed_moves,
    move,
    requests_for_account,
    submit_request,
)
from ..forms import ChooseSlotForm, NewRequestForm
from ..notifications import remember_language


class AccountPageMixin(LoginRequiredMixin):
    """A signed-in account; anyone else goes to ``LOGIN_URL``."""


class ChildFormMixin:
    """A family's form about one child: the account's children offered, the active one chosen."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["pupils"] = visible_pupils(self.request)
        return kwargs

    def get_initial(self):
        active = get_active_pupil(self.request)
        return {**super().get_initial(), "pupil": active.pk if active else None}


class RequestListView(AccountPageMixin, TemplateView):
    template_name = "portal_auth/requests/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["requests"] = (
            requests_for_account(self.request.user)
            .select_related("pupil", "slot", "school")
            .order_by("-created_at")[:100]
        )
        return context


class NewRequestView(AccountPageMixin, ChildFormMixin, FormView):
    """Ask for a document and, if the school has a free slot, choose the appointment.

    The slots offered are those of the chosen child's school; a slot that filled up between
    showing the form and sending it is refused by the scheduler and the form comes back with
    everything typed and the slots still free.
    """

    template_name = "portal_auth/requests/new.html"
    form_class = NewRequestForm
    initial = {"kind": DocumentRequest.Kind.CERTIFICATE}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        school = self.school_for(form)
        form.offer_slots(scheduling.free_slots_by_day(school) if school is not None else [])
        return form

    def school_for(self, form):
        """The school of the child posted (if the account may see it), else the active child's."""
        pupils = visible_pupils(self.request)
        pupil = None
        if form.is_bound and str(form.data.get("pupil", "")).isdigit():
            pupil = pupils.filter(pk=form.data["pupil"]).first()
        pupil = pupil or get_active_pupil(self.request)
        return pupil.current_school if pupil is not None else None

    def get(self, request, *args, **kwargs):
        if not visible_pupils(request).exists():
            messages.info(request, _("No child is linked to your account yet."))
            return HttpResponseRedirect(reverse("portal_auth:home"))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            created = submit_request(
                self.request.user,
                data["pupil"],
                data["kind"],
                data["other_label"],
                data["note"],
                slot_start=data["slot"],
            )
        except RequestError as error:
            form.add_error(None, error.message)
            if data["slot"] is not None:
                # Offer what is free now; a chosen seat that went meanwhile is no longer ticked
                # (the form falls back to "the school chooses"), so sending again is a new choice.
                fresh = scheduling.free_slots_by_day(data["pupil"].current_school)
                form.offer_slots(fresh)
                form.slot_refused = not any(
                    slot.starts_at == data["slot"] for _day, slots in fresh for slot, _free in slots
                )
            return self.form_invalid(form)
        remember_language(self.request.user, self.request.LANGUAGE_CODE)
        if created.slot is not None:
            messages.success(
                self.request, _("Your request was sent with the appointment you chose.")
            )
        else:
            messages.success(
                self.request,
                _("Your request was sent. The school will give you an appointment."),
            )
        return HttpResponseRedirect(reverse("portal_auth:request_detail", args=[created.pk]))


class RequestObjectMixin(AccountPageMixin):
    def get_document_request(self) -> DocumentRequest:
        return get_object_or_404(
            requests_for_account(self.request.user).select_related("pupil", "slot", "school"),
            pk=self.kwargs["pk"],
        )


class RequestDetailView(RequestObjectMixin, TemplateView):
    template_name = "portal_auth/requests/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document_request = self.get_document_request()
        moves = allowed_moves(document_request.status, Side.REQUESTER)
        context.update(
            document_request=document_request,
            events=document_request.events.select_related("actor"),
            may_cancel=DocumentRequest.Status.CANCELLED in moves,
            may_reschedule=DocumentRequest.Status.SCHEDULED in moves,
        )
        if context["may_reschedule"]:
            context["free_slots"] = scheduling.next_free_slots(document_request.school, count=6)
            context["slot_form"] = kwargs.get("slot_form") or ChooseSlotForm()
        return context


class CancelRequestView(RequestObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        document_request = self.get_document_request()
        try:
            move(
                document_request,
                DocumentRequest.Status.CANCELLED,
                request.user,
                side=Side.REQUESTER,
            )
        except RequestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your request was cancelled."))
        return HttpResponseRedirect(
            reverse("portal_auth:request_detail", args=[document_request.pk])
        )


class ChooseAnotherSlotView(RequestObjectMixin, View):
    """The requester picks another of the proposed free slots (only proposed slots)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        document_request = self.get_document_request()
        form = ChooseSlotForm({"slot": request.POST.get("slot", "")})
        if not form.is_valid():
            messages.error(request, _("Choose an appointment slot."))
        else:
            try:
                move(
                    document_request,
                    DocumentRequest.Status.SCHEDULED,
                    request.user,
                    slot_start=form.cleaned_data["starts_at"],
                    side=Side.REQUESTER,
                )
            except RequestError as error:
                messages.error(request, error.message)
            else:
                done = (
                    _("Your appointment was changed.")
                    if document_request.slot is not None
                    else _("Your appointment is booked.")
                )
                messages.success(request, done)
        return HttpResponseRedirect(
            reverse("portal_auth:request_detail", args=[document_request.pk])
        )
