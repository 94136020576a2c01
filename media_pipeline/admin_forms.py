"""The upload form in the Wagtail admin: the size limit is enforced here, in plain words."""

from __future__ import annotations

import mimetypes

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .access import in_live_use
from .media_settings import media_setting

ACCEPT = "audio/*,video/*,.mp4,.mov,.m4a,.mkv,.webm,.mp3,.ogg,.oga,.opus,.wav,.flac,.aac,.3gp,.amr"


class MediaAssetForm(WagtailAdminModelForm):
    """Title and file; kind, size and uploader are filled in from the upload itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "original" in self.fields:
            limit_mb = round(media_setting("MAX_UPLOAD_BYTES") / 1_000_000)
            self.fields["original"].widget.attrs["accept"] = ACCEPT
            self.fields["original"].help_text = _(
                "A video or audio recording, up to %(limit)s MB. It is checked and converted for "
                "phones after upload; the original is kept untouched."
            ) % {"limit": limit_mb}

    def clean_original(self):
        upload = self.cleaned_data.get("original")
        size = getattr(upload, "size", None)
        if self.instance.pk and "original" in self.changed_data and in_live_use(self.instance):
            raise forms.ValidationError(
                _(
                    "A published resource plays this recording, so it cannot be replaced here. "
                    "Upload the new recording as a new item and choose it on the resource: "
                    "the change then goes through moderation."
                ),
                code="in_live_use",
            )
        if upload and size is not None and "original" in self.changed_data:
            limit = media_setting("MAX_UPLOAD_BYTES")
            if size == 0:
                raise forms.ValidationError(_("The file is empty. Please upload it again."))
            if size > limit:
                raise forms.ValidationError(
                    _(
                        "This file is %(size)s MB; the limit is %(limit)s MB. Please upload a "
                        "shorter or smaller recording."
                    )
                    % {"size": round(size / 1_000_000), "limit": round(limit / 1_000_000)}
                )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("original")
        if upload and "original" in self.changed_data:
            # A first guess so the asset can be attached at once; the probe corrects it.
            guessed, _encoding = mimetypes.guess_type(getattr(upload, "name", "") or "")
            self.instance.kind = "audio" if (guessed or "").startswith("audio/") else "video"
            self.instance.original_size = getattr(upload, "size", 0) or 0
            if not self.instance.pk and getattr(self, "for_user", None) is not None:
                if self.for_user.is_authenticated:
                    self.instance.uploaded_by = self.for_user
        return cleaned
