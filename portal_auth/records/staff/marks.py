"""Staff screen (Wagtail admin): publishing a class's semester marks, or withdrawing them."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import Semester, SemesterPublication
from ...schools.scoping import Capability, classes_for_staff
from ...staff.access import forbidden
from ...staff.views import StaffPage
from ..publication import publish_semester, unpublish_semester


class ManagesRecordsMixin:
    """Marks, timetables and absences are managed by roles that manage accounts."""

    capability = Capability.MANAGE_ACCOUNTS

    def dispatch(self, request, *args, **kwargs):
        if not self.managed_classes().exists():
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def managed_classes(self):
        return classes_for_staff(self.request.user, self.capability).select_related(
            "level", "track", "school"
        )


class PublishMarksView(ManagesRecordsMixin, StaffPage):
    page_title = gettext_lazy("Publish marks")
    template_name = "portal_auth/staff/publish_marks.html"
    header_icon = "tick"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        classes = list(self.managed_classes())
        published = set(
            SemesterPublication.objects.filter(school_class__in=classes).values_list(
                "school_class_id", "semester"
            )
        )
        context["semesters"] = Semester.choices
        context["rows"] = [
            (c, [(s, (c.pk, s) in published) for s, _label in Semester.choices]) for c in classes
        ]
        return context

    def post(self, request, *args, **kwargs):
        try:
            semester = int(request.POST.get("semester", ""))
            class_id = int(request.POST.get("school_class", ""))
        except ValueError:
            raise Http404
        school_class = self.managed_classes().filter(pk=class_id).first()
        if school_class is None or semester not in Semester.values:
            raise Http404
        if request.POST.get("action") == "unpublish":
            unpublish_semester(school_class, semester)
            messages.success(request, _("The marks are hidden again from pupils and guardians."))
        else:
            publish_semester(school_class, semester, request.user)
            messages.success(request, _("The marks are now visible to pupils and guardians."))
        return HttpResponseRedirect(reverse("portal_auth_records:publish_marks"))
