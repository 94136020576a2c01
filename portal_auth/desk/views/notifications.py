"""The in-app notification list and the person's choices (channels per kind, language)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import FormView

from ...models import Guardian, Notification
from ..forms import PreferenceForm
from ..notifying import preferences, service, texts
from .requests import AccountPageMixin


class NotificationListView(AccountPageMixin, FormView):
    template_name = "portal_auth/requests/notifications.html"
    form_class = PreferenceForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["preference"] = preferences.preference_of(self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = get_language()
        context["notifications"] = [
            (n, texts.notice_text(n, language), service.localized_link(n.link, language))
            for n in service.in_app_list(self.request.user)
        ]
        context["has_email"] = (
            bool(self.request.user.email)
            or Guardian.objects.filter(user=self.request.user).exclude(email="").exists()
        )
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.render()
        Notification.objects.filter(
            recipient=request.user, in_app=True, read_at__isnull=True
        ).update(read_at=timezone.now())
        return response

    def form_valid(self, form):
        form.save(self.request.user)
        messages.success(self.request, _("Your choices were saved."))
        return HttpResponseRedirect(reverse("portal_auth:notifications"))
