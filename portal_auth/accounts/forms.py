"""Forms of the account pages: activation, adding a child, signing in, choosing a child.

Fields normalise what people type (spaces, lower case, Arabic-Indic digits) and check formats
only; whether a Massar code, CIN or code *exists* is never said, the views answer generically.
Every field has a maximum length, passwords included, so a 100 KB post costs nothing.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from ..validators import normalise_cin, normalise_massar_code, validate_cin, validate_massar_code
from . import codes

PASSWORD_MAX_LENGTH = 128
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class _NoEchoWhenOversized:
    """An input that does not send back a value longer than its ``maxlength``."""

    def format_value(self, value):
        limit = int(self.attrs.get("maxlength") or 0)
        if value is not None and limit and len(str(value)) > limit:
            return None
        return super().format_value(value)


class BoundedTextInput(_NoEchoWhenOversized, forms.TextInput):
    pass


class BoundedEmailInput(_NoEchoWhenOversized, forms.EmailInput):
    pass


class MassarCodeField(forms.CharField):
    widget = BoundedTextInput

    def __init__(self, *, autocomplete: str = "username", **kwargs) -> None:
        kwargs.setdefault("label", _("Massar code"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("One letter and nine digits, for example J130045678."))
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"autocomplete": autocomplete, "dir": "ltr", "spellcheck": "false"}
        )

    def to_python(self, value):
        return normalise_massar_code(str(super().to_python(value)).translate(_ARABIC_DIGITS))

    def validate(self, value) -> None:
        super().validate(value)
        validate_massar_code(value)


class CinField(forms.CharField):
    widget = BoundedTextInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("National ID card number (CIN)"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "username", "dir": "ltr", "spellcheck": "false"})

    def to_python(self, value):
        return normalise_cin(str(super().to_python(value)).translate(_ARABIC_DIGITS))

    def validate(self, value) -> None:
        super().validate(value)
        validate_cin(value)


class ActivationCodeField(forms.CharField):
    """Keeps what was typed (the code check normalises it); rejects impossible shapes early."""

    widget = BoundedTextInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Code from your slip"))
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", _("14 letters and digits, for example ABCD-EFGH-JKMN-PQ."))
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"autocomplete": "one-time-code", "dir": "ltr", "spellcheck": "false"}
        )

    def validate(self, value) -> None:
        super().validate(value)
        if codes.normalise_code(value) is None:
            raise forms.ValidationError(
                _("A code has 14 letters and digits, as printed on the slip."), code="code_shape"
            )


class NewPasswordForm(forms.Form):
    """Two password fields checked by Django's validators (length 10, common, numeric)."""

    password1 = forms.CharField(
        label=_("New password"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password, not only digits."),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class PupilActivationForm(NewPasswordForm):
    field_order = ["massar_code", "code", "password1", "password2"]
    massar_code = MassarCodeField()
    code = ActivationCodeField()


class GuardianActivationForm(NewPasswordForm):
    field_order = ["cin", "massar_code", "code", "email", "password1", "password2", "consent"]
    cin = CinField()
    # The guardian signs in with the CIN: the child's code is not this account's login.
    massar_code = MassarCodeField(
        label=_("Your child's Massar code"),
        help_text=_("As printed on the slip."),
        autocomplete="off",
    )
    code = ActivationCodeField(label=_("Guardian code from the slip"))
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        max_length=254,
        widget=BoundedEmailInput,
        help_text=_("Only used to reset your password if you forget it."),
    )
    consent = forms.BooleanField(
        label=_("I have read how the school and Maktaba use my child's and my data, and I agree."),
        required=True,
    )


class AddChildForm(forms.Form):
    massar_code = MassarCodeField(label=_("Your child's Massar code"), autocomplete="off")
    code = ActivationCodeField(label=_("Guardian code from this child's slip"))


class ExistingAccountAddChildForm(forms.Form):
    """The second step of an activation whose CIN already has an account: the details of the
    slip travel on hidden, the account's own password proves who holds it."""

    cin = CinField(widget=forms.HiddenInput)
    massar_code = MassarCodeField(widget=forms.HiddenInput)
    code = ActivationCodeField(widget=forms.HiddenInput)
    password = forms.CharField(
        label=_("Password of your existing account"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SignInForm(forms.Form):
    identifier = forms.CharField(
        label=_("Massar code (pupils) or CIN (guardians)"),
        max_length=20,
        widget=BoundedTextInput(
            attrs={"autocomplete": "username", "dir": "ltr", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_identifier(self) -> str:
        return normalise_massar_code(self.cleaned_data["identifier"].translate(_ARABIC_DIGITS))


class SwitchChildForm(forms.Form):
    pupil = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
