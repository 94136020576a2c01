"""A form view whose every attempt goes through the brute-force guard and the security log."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from ...models import SecurityEvent
from .. import security_log
from ..activation import ActivationRefused
from ..throttling import TOO_MANY_ATTEMPTS, AttemptGuard, ensure_device_cookie


class ThrottledFormView(FormView):
    """Subclasses say which identifier is attacked (``identifier``), try the credentials
    (``attempt``, returning ``None`` on any mismatch) and build the success response.

    ``attempt`` raises ``ActivationRefused`` when the credentials were right but may not be used
    that way: its message is shown, the attempt is logged and not counted as a guess.
    """

    endpoint = "activation"
    failure_message = _("These details do not match. Check them against the slip and try again.")
    failure_event = SecurityEvent.Kind.ACTIVATION_FAILED

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        ensure_device_cookie(request, response)
        return response

    def identifier(self, form) -> str:
        raise NotImplementedError

    def attempt(self, form):
        raise NotImplementedError

    def succeed(self, form, result) -> HttpResponse:
        raise NotImplementedError

    def failure_subjects(self, form) -> dict:
        """Known records the failed attempt concerned, for the security log (never the secret)."""
        return {}

    def refused(self, form, refusal: ActivationRefused) -> HttpResponse:
        """The answer to right credentials that may not be used this way: the form and why."""
        form.add_error(None, refusal.message)
        return self.form_invalid(form)

    def failure_message_for(self, form) -> str:
        return self.failure_message

    def form_valid(self, form) -> HttpResponse:
        guard = AttemptGuard(self.request, self.endpoint, self.identifier(form))
        if guard.blocked():
            form.add_error(None, TOO_MANY_ATTEMPTS)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        try:
            result = self.attempt(form)
        except ActivationRefused as refusal:
            security_log.record(
                self.failure_event,
                request=self.request,
                detail=refusal.detail,
                **self.failure_subjects(form),
            )
            return self.refused(form, refusal)
        if result is None:
            subjects = self.failure_subjects(form)
            security_log.record(self.failure_event, request=self.request, **subjects)
            if guard.failed():
                security_log.record(
                    SecurityEvent.Kind.LOCKOUT,
                    request=self.request,
                    detail=self.endpoint,
                    **subjects,
                )
            form.add_error(None, self.failure_message_for(form))
            return self.form_invalid(form)
        response = self.succeed(form, result)
        guard.succeeded(response)
        return response
