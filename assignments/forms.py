"""The teacher's forms: an assignment (with a resource chooser that works without JavaScript),
and a new due date."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from catalog.models import ResourcePage
from portal_auth.models import SchoolClass

from .models import Assignment

CHOOSER_LIMIT = 25


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AssignmentForm(forms.Form):
    classes = forms.ModelMultipleChoiceField(
        label=_("Classes"),
        queryset=SchoolClass.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    q = forms.CharField(label=_("Find a resource by title"), required=False, max_length=100)
    resources = forms.ModelMultipleChoiceField(
        label=_("Resources"), queryset=ResourcePage.objects.live(), required=False
    )
    instructions = forms.CharField(
        label=_("Instructions (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    confirm_non_school_day = forms.BooleanField(
        label=_("Keep this date even though it is not a school day"), required=False
    )

    def __init__(
        self,
        *args,
        classes: QuerySet[SchoolClass],
        assignment: Assignment | None = None,
        **kwargs,
    ) -> None:
        self.assignment = assignment
        if assignment is not None and not kwargs.get("data"):
            kwargs.setdefault(
                "initial",
                {
                    "classes": list(assignment.classes.all()),
                    "resources": list(assignment.resources.all()),
                    "instructions": assignment.instructions,
                    "due_on": assignment.due_on,
                },
            )
        super().__init__(*args, **kwargs)
        if assignment is not None:
            # A class already assigned stays listed even if the teacher no longer teaches it.
            classes = SchoolClass.objects.filter(pk__in=classes) | assignment.classes.all()
            # An assigned resource unpublished since stays choosable (to keep or to drop).
            self.fields["resources"].queryset = (
                ResourcePage.objects.live() | assignment.resources.all()
            ).distinct()
        self.fields["classes"].queryset = classes.distinct().order_by("name")

    def _raw(self, name: str) -> list[str]:
        if self.is_bound:
            return [v for v in self.data.getlist(name) if v.isdigit()]
        initial = self.initial.get(name) or []
        return [str(getattr(v, "pk", v)) for v in initial]

    def chosen_resources(self) -> list[ResourcePage]:
        return list(self.fields["resources"].queryset.filter(pk__in=self._raw("resources")))

    def found_resources(self) -> list[ResourcePage]:
        """Live resources whose title holds the search, for the chosen classes' levels (every
        class offered when none is ticked yet), the chosen ones left out."""
        chosen_classes = self.fields["classes"].queryset.filter(pk__in=self._raw("classes"))
        levels_of = chosen_classes if chosen_classes.exists() else self.fields["classes"].queryset
        found = (
            ResourcePage.objects.live()
            .filter(levels__in=levels_of.values("level"))
            .exclude(pk__in=self._raw("resources"))
        )
        query = (self.data.get("q", "") if self.is_bound else "").strip()
        if query:
            found = found.filter(title__icontains=query)
        return list(found.distinct().order_by("title")[:CHOOSER_LIMIT])


class PostponeForm(forms.Form):
    due_on = forms.DateField(label=_("New due date"), widget=DateInput())
    confirm_non_school_day = forms.BooleanField(
        label=_("Keep this date even though it is not a school day"), required=False
    )
