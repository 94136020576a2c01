"""Signing in with a Massar code or CIN, signing out, and resetting a password by email."""

from __future__ import annotations

from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from ...models import Guardian, Pupil, SecurityEvent
from .. import security_log
from ..forms import SignInForm
from ..password_forms import ThrottledPortalPasswordResetForm
from .throttled import ThrottledFormView


class SignInView(ThrottledFormView):
    template_name = "portal_auth/sign_in.html"
    form_class = SignInForm
    endpoint = "login"
    failure_message = _("Sign-in failed. Check your Massar code or CIN and your password.")
    failure_event = SecurityEvent.Kind.LOGIN_FAILED

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("portal_auth:home")
        return super().get(request, *args, **kwargs)

    def identifier(self, form) -> str:
        return form.cleaned_data["identifier"]

    def _subjects(self, identifier: str) -> dict:
        pupil = Pupil.objects.filter(massar_code=identifier).first()
        guardian = None if pupil else Guardian.objects.filter(cin=identifier).first()
        return {"pupil": pupil, "guardian": guardian}

    def failure_subjects(self, form) -> dict:
        return self._subjects(form.cleaned_data["identifier"])

    def attempt(self, form):
        return authenticate(
            self.request,
            identifier=form.cleaned_data["identifier"],
            password=form.cleaned_data["password"],
        )

    def succeed(self, form, user) -> HttpResponse:
        login(self.request, user)  # rotates the session key
        security_log.record(
            SecurityEvent.Kind.LOGIN,
            request=self.request,
            **self._subjects(form.cleaned_data["identifier"]),
        )
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            target = resolve_url("portal_auth:home")
        return redirect(target)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.GET.get("next", "")
        return context


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal_auth:login")


class EmailPasswordResetView(auth_views.PasswordResetView):
    """Django's reset by email; guardians who gave an email at activation can use it."""

    template_name = "portal_auth/password_reset_form.html"
    form_class = ThrottledPortalPasswordResetForm
    email_template_name = "portal_auth/password_reset_email.txt"
    subject_template_name = "portal_auth/password_reset_subject.txt"
    success_url = reverse_lazy("portal_auth:password_reset_done")


class EmailPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal_auth/password_reset_done.html"


class EmailPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal_auth/password_reset_confirm.html"
    success_url = reverse_lazy("portal_auth:password_reset_complete")


class EmailPasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal_auth/password_reset_complete.html"
