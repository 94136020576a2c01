"""The in-app notification list and the person's email choices."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from ...models import Notification, NotificationPreference
from ..forms import PreferenceForm
from .requests import AccountPageMixin


class NotificationListView(AccountPageMixin, FormView):
    template_name = "portal_auth/requests/notifications.html"
    form_class = PreferenceForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = NotificationPreference.objects.filter(user=self.request.user).first()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notifications"] = Notification.objects.filter(
            recipient=self.request.user
        ).select_related("request_event__request", "post__thread")[:50]
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.render()
        Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        return response

    def form_valid(self, form):
        preference = form.save(commit=False)
        preference.user = self.request.user
        preference.save()
        messages.success(self.request, _("Your choices were saved."))
        return HttpResponseRedirect(reverse("portal_auth:notifications"))
