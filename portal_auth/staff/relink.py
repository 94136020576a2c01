"""The staff screen "this link belongs to another guardian" (the rule: ``accounts/relinking.py``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..accounts import relinking
from ..accounts.access_log import LogsRecordViews
from ..accounts.forms import BoundedTextInput, CinField
from ..models import RecordAccess
from ..schools.permissions import MANAGE, VIEW, guardian_link_policy
from .views import StaffPage


def _name_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=80,
        required=False,
        widget=BoundedTextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )


class MoveLinkForm(forms.Form):
    cin = CinField(label=gettext_lazy("The right guardian's CIN"))
    first_name_ar = _name_field(gettext_lazy("first name (Arabic)"))
    last_name_ar = _name_field(gettext_lazy("last name (Arabic)"))
    first_name_latin = _name_field(gettext_lazy("first name (Latin)"))
    last_name_latin = _name_field(gettext_lazy("last name (Latin)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cin"].widget.attrs["autocomplete"] = "off"


class MoveLinkView(LogsRecordViews, StaffPage):
    """GET: the link and the form; POST: move the link, then back to the guardians list."""

    page_title = gettext_lazy("This link belongs to another guardian")
    template_name = "portal_auth/staff/move_link.html"
    header_icon = "group"
    record_kind = RecordAccess.Kind.PERSONAL

    permission_policy = guardian_link_policy

    def load_objects(self) -> None:
        links = (
            guardian_link_policy.instances_user_has_permission_for(self.request.user, VIEW)
            .filter(ended_at__isnull=True)
            .select_related("guardian", "pupil")
        )
        self.link = self.scoped_object(self.kwargs["pk"], MANAGE, links)

    def viewed_pupils(self, context):
        return [self.link.pupil]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MoveLinkForm())
        context["link"] = self.link
        return context

    def post(self, request, pk: int):
        form = MoveLinkForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                moved = relinking.move_link(
                    self.link.pk, data["cin"], request.user, names=data, request=request
                )
            except relinking.LinkOutOfScope as error:
                raise Http404 from error
            except relinking.RelinkError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "The link now belongs to the guardian with CIN %(cin)s. The previous "
                        "guardian no longer sees this child. Print the new guardian's code below."
                    )
                    % {"cin": moved.new_link.guardian.cin},
                )
                back = reverse("portal_auth_staff:guardians")
                query = urlencode({"q": moved.new_link.guardian.cin})
                return HttpResponseRedirect(f"{back}?{query}")
        return self.render_to_response(self.get_context_data(form=form))
