"""Activating an account with the code from the slip, and a guardian adding another child."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ...models import Guardian, Pupil, SecurityEvent
from ...schools.child_switch import set_active_pupil
from .. import activation, codes, security_log
from ..forms import (
    AddChildForm,
    ExistingAccountAddChildForm,
    GuardianActivationForm,
    PupilActivationForm,
)
from .throttled import ThrottledFormView

BACKEND = "portal_auth.accounts.backends.MassarOrCinBackend"


USED_SLIP = _(
    "This slip was already used to activate an account. Sign in with the password chosen then; "
    "if it is forgotten, reset it by email from the sign-in page or ask the school for a new slip."
)


class PupilActivationView(ThrottledFormView):
    template_name = "portal_auth/activate_pupil.html"
    form_class = PupilActivationForm

    def identifier(self, form) -> str:
        return form.cleaned_data["massar_code"]

    def failure_subjects(self, form) -> dict:
        return {"pupil": Pupil.objects.filter(massar_code=form.cleaned_data["massar_code"]).first()}

    def attempt(self, form):
        data = form.cleaned_data
        return activation.activate_pupil(data["massar_code"], data["code"], data["password1"])

    def failure_message_for(self, form) -> str:
        data = form.cleaned_data
        pupil = Pupil.objects.filter(massar_code=data["massar_code"]).first()
        if codes.was_used(data["code"], pupil=pupil):
            return USED_SLIP
        return self.failure_message

    def succeed(self, form, result) -> HttpResponse:
        login(self.request, result.user, backend=BACKEND)  # rotates the session key
        kind = (
            SecurityEvent.Kind.PASSWORD_RESET if result.was_reset else SecurityEvent.Kind.ACTIVATION
        )
        security_log.record(kind, request=self.request, pupil=result.pupil)
        messages.success(self.request, _("Your account is ready."))
        return redirect("portal_auth:home")


class GuardianActivationView(ThrottledFormView):
    template_name = "portal_auth/activate_guardian.html"
    form_class = GuardianActivationForm

    def identifier(self, form) -> str:
        return form.cleaned_data["cin"]

    def failure_subjects(self, form) -> dict:
        return {"guardian": Guardian.objects.filter(cin=form.cleaned_data["cin"]).first()}

    def attempt(self, form):
        data = form.cleaned_data
        return activation.activate_guardian(
            data["cin"], data["massar_code"], data["code"], data["password1"], data["email"]
        )

    def failure_message_for(self, form) -> str:
        data = form.cleaned_data
        pupil = Pupil.objects.filter(massar_code=data["massar_code"]).first()
        guardian = Guardian.objects.filter(cin=data["cin"]).first()
        if guardian is not None and codes.was_used(data["code"], pupil=pupil, guardian=guardian):
            return USED_SLIP
        return self.failure_message

    def refused(self, form, refusal) -> HttpResponse:
        """The CIN already has an account this code may not reset: the same page asks for that
        account's password, carrying the slip's details, instead of a dead end."""
        data = form.cleaned_data
        second = ExistingAccountAddChildForm(
            initial={"cin": data["cin"], "massar_code": data["massar_code"], "code": data["code"]}
        )
        return render(
            self.request,
            ExistingAccountAddChildView.template_name,
            {
                "form": second,
                "intro": refusal.message,
                "help": activation.NOT_YOUR_ACCOUNT_HELP,
            },
        )

    def succeed(self, form, result) -> HttpResponse:
        login(self.request, result.user, backend=BACKEND)
        set_active_pupil(self.request, result.pupil.pk)
        kind = (
            SecurityEvent.Kind.PASSWORD_RESET if result.was_reset else SecurityEvent.Kind.ACTIVATION
        )
        security_log.record(
            kind, request=self.request, pupil=result.pupil, guardian=result.guardian
        )
        messages.success(self.request, _("Your account is ready."))
        return redirect("portal_auth:home")


class AddChildView(LoginRequiredMixin, ThrottledFormView):
    """A signed-in guardian adds one more child with the guardian code of that child's slip."""

    template_name = "portal_auth/add_child.html"
    form_class = AddChildForm

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and not Guardian.objects.filter(user=request.user).exists()
        ):
            return redirect("portal_auth:home")
        return super().dispatch(request, *args, **kwargs)

    def identifier(self, form) -> str:
        return form.cleaned_data["massar_code"]

    def failure_subjects(self, form) -> dict:
        return {"guardian": self.request.user.guardian}

    def attempt(self, form):
        data = form.cleaned_data
        return activation.add_child(self.request.user.guardian, data["massar_code"], data["code"])

    def succeed(self, form, pupil) -> HttpResponse:
        set_active_pupil(self.request, pupil.pk)
        security_log.record(
            SecurityEvent.Kind.CHILD_ADDED,
            request=self.request,
            pupil=pupil,
            guardian=self.request.user.guardian,
        )
        messages.success(self.request, _("The child was added to your account."))
        return redirect("portal_auth:home")


class ExistingAccountAddChildView(ThrottledFormView):
    """A guardian whose CIN already has an account adds the child of a slip by giving that
    account's password: proof that they hold it. Each failure counts against the guard like a
    wrong code; the code is spent only when both the password and the code are right."""

    template_name = "portal_auth/activate_guardian_existing.html"
    form_class = ExistingAccountAddChildForm

    def get(self, request, *args, **kwargs):
        return redirect("portal_auth:activate_guardian")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = activation.EXISTING_ACCOUNT_MESSAGE
        context["help"] = activation.NOT_YOUR_ACCOUNT_HELP
        return context

    def identifier(self, form) -> str:
        return form.cleaned_data["cin"]

    def failure_subjects(self, form) -> dict:
        return {"guardian": Guardian.objects.filter(cin=form.cleaned_data["cin"]).first()}

    def attempt(self, form):
        data = form.cleaned_data
        user = authenticate(self.request, identifier=data["cin"], password=data["password"])
        guardian = Guardian.objects.filter(cin=data["cin"], user__isnull=False).first()
        if user is None or guardian is None or guardian.user_id != user.pk:
            return None
        pupil = activation.add_child(guardian, data["massar_code"], data["code"])
        if pupil is None:
            return None
        return activation.ActivationResult(user, pupil, guardian)

    def succeed(self, form, result) -> HttpResponse:
        login(self.request, result.user, backend=BACKEND)  # rotates the session key
        set_active_pupil(self.request, result.pupil.pk)
        security_log.record(
            SecurityEvent.Kind.CHILD_ADDED,
            request=self.request,
            pupil=result.pupil,
            guardian=result.guardian,
        )
        messages.success(self.request, _("The child was added to your account."))
        return redirect("portal_auth:home")
