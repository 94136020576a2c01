"""Forms of the request, message and notification pages (pupil, guardian and staff sides).

Forms check the shape of the input; the rules (ownership, duplicates, limits, slots) are
checked again by the services in ``document_requests``, ``school_messages`` and ``scheduling``.
"""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from library.bidi_controls import validate_no_bidi_controls

from ..accounts.forms import BoundedTextInput
from ..conf import portal_setting
from ..models import (
    Channel,
    DocumentRequest,
    MessageThread,
    Notification,
    NotificationPreference,
    OpeningHours,
)
from .attachments import validate_attachment
from .notifying import preferences


class BoundedTextarea(forms.Textarea):
    """A textarea that does not send back a value longer than allowed (a 1 MB paste stays out
    of the page that explains the refusal). It has no ``cols``: its width is the CSS's (the
    screen's on a phone), never 40 characters."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.attrs.pop("cols", None)

    def limit(self) -> int:
        return int(self.attrs.get("maxlength") or portal_setting("MESSAGE_MAX_CHARS"))

    def format_value(self, value):
        if value is not None and len(str(value)) > self.limit():
            return None
        return super().format_value(value)


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class NewRequestForm(forms.Form):
    pupil = ChildChoiceField(queryset=None, label=_("Child"), empty_label=None)
    kind = forms.ChoiceField(
        label=_("Document"), choices=DocumentRequest.Kind.choices, widget=forms.RadioSelect
    )
    other_label = forms.CharField(
        label=_("Other document"),
        max_length=120,
        widget=BoundedTextInput,
        required=False,
        help_text=_("Only if you chose “other document”."),
        validators=[validate_no_bidi_controls],
    )
    note = forms.CharField(
        label=_("Note for the school (optional)"),
        max_length=500,
        required=False,
        widget=BoundedTextarea(attrs={"rows": 3}),
        validators=[validate_no_bidi_controls],
    )

    slot = forms.CharField(label=_("Appointment"), required=False)

    def __init__(self, *args, pupils, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils
        if pupils.count() == 1:
            self.fields["pupil"].widget = forms.HiddenInput()
        self.slot_days: list = []
        self.slot_refused = False

    def offer_slots(self, slot_days) -> None:
        """The free slots to choose from, grouped by day (``scheduling.free_slots_by_day``)."""
        self.slot_days = slot_days

    def clean_slot(self) -> datetime.datetime | None:
        """Any time the family sends is checked again when its seat is taken (``take_seat``);
        one no longer offered (full meanwhile) gets the scheduler's own message then."""
        value = self.cleaned_data.get("slot", "")
        if not value:
            return None
        starts_at = parse_slot(value)
        if starts_at is None:
            raise ValidationError(_("Choose one of the times shown."))
        return starts_at

    @property
    def chosen_slot(self) -> str:
        """The slot ticked when the form is shown (ISO text; "" ticks "the school chooses")."""
        return "" if self.slot_refused else str(self["slot"].value() or "")

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == DocumentRequest.Kind.OTHER
            and not data.get("other_label", "").strip()
        ):
            self.add_error("other_label", _("Name the document you need."))
        return data


def slot_choices(slots) -> list[tuple[str, str]]:
    return [
        (
            slot.starts_at.isoformat(),
            f"{timezone.localtime(slot.starts_at):%Y-%m-%d %H:%M} ({free})",
        )
        for slot, free in slots
    ]


def parse_slot(value: str) -> datetime.datetime | None:
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class ChooseSlotForm(forms.Form):
    """Choose one of the proposed slots, or (staff) type a date and time."""

    slot = forms.CharField(label=_("Appointment"), required=False)
    day = forms.DateField(
        label=_("Or another day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    time = forms.TimeField(
        label=_("at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time"):
            data["starts_at"] = timezone.make_aware(
                datetime.datetime.combine(data["day"], data["time"])
            )
        elif data.get("slot"):
            data["starts_at"] = parse_slot(data["slot"])
        else:
            data["starts_at"] = None
        if data["starts_at"] is None:
            raise ValidationError(_("Choose an appointment slot."))
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=BoundedTextarea(attrs={"rows": 2}),
        validators=[validate_no_bidi_controls],
    )


class BodyField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Message"))
        kwargs.setdefault("widget", BoundedTextarea(attrs={"rows": 6}))
        kwargs.setdefault("validators", [validate_no_bidi_controls])
        super().__init__(**kwargs)

    def clean(self, value):
        limit = portal_setting("MESSAGE_MAX_CHARS")
        if value and len(value) > limit:
            raise ValidationError(
                _("Your message is too long (at most %(limit)d characters).") % {"limit": limit}
            )
        return super().clean(value)


class AttachmentField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            validate_attachment(upload)
        return upload


class SubmissionKeyField(forms.UUIDField):
    """A hidden one-time key, new each time the form is shown: the same key sent twice is the
    same submission (``school_messages``). Optional, so a form without it still works."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)


class NewThreadForm(forms.Form):
    pupil = ChildChoiceField(queryset=None, label=_("Child"), empty_label=None)
    category = forms.ChoiceField(label=_("Category"), choices=MessageThread.Category.choices)
    subject = forms.CharField(
        label=pgettext_lazy("message", "Subject"),
        max_length=120,
        widget=BoundedTextInput,
        validators=[validate_no_bidi_controls],
    )
    body = BodyField()
    attachment = AttachmentField(label=_("Attachment (optional: picture or PDF)"), required=False)
    submission_key = SubmissionKeyField()

    def __init__(self, *args, pupils, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils
        if pupils.count() == 1:
            self.fields["pupil"].widget = forms.HiddenInput()


class ReplyForm(forms.Form):
    body = BodyField(label=_("Your reply"))
    attachment = AttachmentField(label=_("Attachment (optional: picture or PDF)"), required=False)
    submission_key = SubmissionKeyField()


class PreferenceForm(forms.Form):
    """For each kind of news, the channels that bring it; and the language of the messages."""

    language = forms.ChoiceField(
        label=_("Language of my notifications"),
        choices=[("", _("as in my file"))] + list(settings.LANGUAGES),
        required=False,
    )

    def __init__(self, *args, preference: NotificationPreference | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = preferences.table(preference)
        for kind, label in Notification.Kind.choices:
            self.fields[f"kind_{kind}"] = forms.MultipleChoiceField(
                label=label,
                choices=Channel.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=sorted(current[kind]),
            )
        self.fields["language"].initial = preference.language if preference else ""
        self.order_fields([f"kind_{kind}" for kind in Notification.Kind.values] + ["language"])

    def save(self, user) -> NotificationPreference:
        preference, _created = NotificationPreference.objects.get_or_create(user=user)
        preferences.choose(
            preference,
            {kind: set(self.cleaned_data[f"kind_{kind}"]) for kind in Notification.Kind.values},
        )
        preference.language = self.cleaned_data["language"]
        preference.save()
        return preference


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["school", "weekday", "opens_at", "closes_at", "slot_minutes", "capacity"]
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}),
            "closes_at": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, schools, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
