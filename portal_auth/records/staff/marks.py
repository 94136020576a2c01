"""Staff screen (Wagtail admin): publishing a class's semester marks, or withdrawing them."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import Semester, SemesterPublication
from ...schools.permissions import MANAGE, school_class_policy
from ...schools.scoping import Capability
from ...staff.views import StaffPage
from ..permissions import semester_publication_policy
from ..publication import publish_semester, unpublish_semester


class RecordsStaffPage(StaffPage):
    """The records' staff pages: for the roles that manage a school's records, on this year's
    classes of their schools."""

    permission_policy = semester_publication_policy
    permission_required = MANAGE
    capability = Capability.MANAGE_ACCOUNTS

    def managed_classes(self):
        return school_class_policy.instances_user_has_permission_for(
            self.request.user, MANAGE
        ).select_related("level", "track", "school")


class PublishMarksView(RecordsStaffPage):
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
