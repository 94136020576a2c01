""" "My data" (law 09-08 right of access): the page that lists what is held, and its download."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone, translation
from django.views import View
from django.views.generic import TemplateView

from ..accounts import security_log
from ..models import Guardian, Pupil, SecurityEvent
from .personal_data import archive_chunks, gather


class PersonalDataMixin(LoginRequiredMixin):
    """Pupil and guardian accounts only; anyone else signed in gets a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.data = gather(request.user)
        if self.data is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class MyDataView(PersonalDataMixin, TemplateView):
    template_name = "portal_auth/personal_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["data"] = self.data
        return context


class MyDataDownloadView(PersonalDataMixin, View):
    """The same data as the page, as a ZIP built while it is sent (nothing is stored)."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        user = request.user
        security_log.record(
            SecurityEvent.Kind.DATA_EXPORT,
            request=request,
            pupil=Pupil.objects.filter(user=user).first(),
            guardian=Guardian.objects.filter(user=user).first(),
        )
        base_name = f"maktaba-my-data-{timezone.localdate():%Y-%m-%d}"
        response = StreamingHttpResponse(
            archive_chunks(self.data, base_name, translation.get_language()),
            content_type="application/zip",
        )
        response["Content-Disposition"] = f'attachment; filename="{base_name}.zip"'
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
