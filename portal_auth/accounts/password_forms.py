"""The Wagtail admin's sign-in and password-reset forms, through the portal's brute-force guard.

Every form that checks a password or sends a reset e-mail counts in the same buckets as the
portal's sign-in and activation (``throttling.AttemptGuard``): per source, per account typed and
per IP address. A locked bucket refuses before the password is even checked. The Wagtail admin
is the only admin (no ``django.contrib.admin``); pupils' and guardians' accounts cannot sign in
to it: ``accounts.backends.StaffModelBackend`` refuses them.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from wagtail.admin.forms.auth import LoginForm, PasswordResetForm

from ..models import SecurityEvent
from . import security_log
from .throttling import TOO_MANY_ATTEMPTS, AttemptGuard

STAFF_LOGIN = "staff-login"
PASSWORD_RESET = "password-reset"


class ThrottledAuthenticationMixin:
    """For a Django ``AuthenticationForm``: a failed sign-in counts; one the guard refuses, and a
    successful one, are given back."""

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip().lower()
        if self.request is None:  # no request, no source to count: refuse rather than guess
            raise forms.ValidationError(TOO_MANY_ATTEMPTS, code="throttled")
        guard = AttemptGuard(self.request, STAFF_LOGIN, username)
        if guard.blocked():
            raise forms.ValidationError(TOO_MANY_ATTEMPTS, code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            security_log.record(
                SecurityEvent.Kind.LOGIN_FAILED, request=self.request, detail=STAFF_LOGIN
            )
            if guard.failed():
                security_log.record(
                    SecurityEvent.Kind.LOCKOUT, request=self.request, detail=STAFF_LOGIN
                )
            raise
        guard.succeeded()  # a staff member signing in often is never slowed down
        return cleaned


class ThrottledLoginForm(ThrottledAuthenticationMixin, LoginForm):
    """``WAGTAILADMIN_USER_LOGIN_FORM``."""


class ThrottledPasswordResetMixin:
    """For a Django ``PasswordResetForm``: each request counts, whether the address exists or
    not, so a flood of requests sends at most the account limit of e-mails per window."""

    def save(self, *args, request=None, **kwargs):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if request is None:
            return None
        guard = AttemptGuard(request, PASSWORD_RESET, email)
        if guard.blocked():
            security_log.record(SecurityEvent.Kind.LOCKOUT, request=request, detail=PASSWORD_RESET)
            return None
        guard.failed()
        return super().save(*args, request=request, **kwargs)


class ThrottledPasswordResetForm(ThrottledPasswordResetMixin, PasswordResetForm):
    """``WAGTAILADMIN_USER_PASSWORD_RESET_FORM``."""


class ThrottledPortalPasswordResetForm(ThrottledPasswordResetMixin, DjangoPasswordResetForm):
    """The portal's reset by e-mail."""
