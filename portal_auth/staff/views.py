"""Staff screens: lists with filters and search, code issuing and revoking, slips, account state."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from ..accounts import activation, codes, security_log
from ..accounts.access_log import LogsRecordViews
from ..accounts.permissions import (
    activation_code_policy,
    record_access_policy,
    security_event_policy,
)
from ..accounts.slips import build_slips_pdf
from ..models import (
    Enrolment,
    GuardianLink,
    Mark,
    RecordAccess,
    SchoolYear,
    SecurityEvent,
    SemesterPublication,
)
from ..schools.permissions import (
    AUDIT,
    MANAGE,
    VIEW,
    guardian_link_policy,
    guardian_policy,
    pupil_policy,
    school_class_policy,
)
from ..schools.scoping import guardian_wholly_in_staff_scope, schools_for_staff
from ..schools.staff_access import StaffAccessMixin, StaffScreen

PAGE_SIZE = 50


class StaffPage(StaffScreen):
    """The office's pages: paginated lists, and whether to offer the manage and audit links."""

    def paginate(self, queryset):
        return Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("p"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["may_manage"] = pupil_policy.user_has_permission(user, MANAGE)
        context["may_audit"] = security_event_policy.user_has_permission(user, AUDIT)
        return context


def _search(queryset, q: str, fields: list[str]):
    q = (q or "").strip()[:64]
    if not q:
        return queryset
    condition = Q()
    for word in q.split()[:4]:
        part = Q()
        for name in fields:
            part |= Q(**{f"{name}__icontains": word})
        condition &= part
    return queryset.filter(condition)


class PupilListView(LogsRecordViews, StaffPage):
    page_title = gettext_lazy("Pupils")
    template_name = "portal_auth/staff/pupils.html"
    record_kind = RecordAccess.Kind.PERSONAL

    def viewed_pupils(self, context):
        return context["page"].object_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        year = SchoolYear.objects.current()
        pupils = (
            pupil_policy.instances_user_has_permission_for(user, VIEW)
            .select_related("user")
            .prefetch_related(
                Prefetch(
                    "enrolments",
                    queryset=Enrolment.objects.filter(year=year).select_related("school_class"),
                    to_attr="current_enrolments",
                )
            )
        )
        classes = school_class_policy.instances_user_has_permission_for(user, VIEW).select_related(
            "school", "level"
        )
        class_id = self.request.GET.get("class", "")
        if class_id.isdigit():
            pupils = pupils.filter(enrolments__school_class_id=int(class_id))
        pupils = _search(
            pupils,
            self.request.GET.get("q", ""),
            ["massar_code", "first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin"],
        )
        context.update(
            page=self.paginate(
                pupils.order_by("last_name_latin", "first_name_latin", "massar_code")
            ),
            classes=classes,
            selected_class=class_id,
            q=self.request.GET.get("q", ""),
        )
        return context


class GuardianListView(LogsRecordViews, StaffPage):
    permission_policy = guardian_policy
    page_title = gettext_lazy("Guardians")
    template_name = "portal_auth/staff/guardians.html"
    record_kind = RecordAccess.Kind.PERSONAL

    def viewed_pupils(self, context):
        return [link.pupil_id for g in context["page"].object_list for link in g.visible_links]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        visible_pupils = pupil_policy.instances_user_has_permission_for(user, VIEW)
        guardians = _search(
            guardian_policy.instances_user_has_permission_for(user, VIEW).select_related("user"),
            self.request.GET.get("q", ""),
            [
                "cin",
                "first_name_ar",
                "last_name_ar",
                "first_name_latin",
                "last_name_latin",
                "phone",
            ],
        ).order_by("last_name_latin", "cin")
        page = self.paginate(guardians)
        links = GuardianLink.objects.filter(
            guardian__in=list(page.object_list), pupil__in=visible_pupils
        ).select_related("pupil")
        by_guardian: dict[int, list] = {}
        for link in links:
            by_guardian.setdefault(link.guardian_id, []).append(link)
        for guardian in page.object_list:
            guardian.visible_links = by_guardian.get(guardian.pk, [])
            # "Disable" acts on this school's links: offer "Enable" once they are all suspended.
            guardian.active_here = guardian.user is not None and (
                guardian.user.is_active
                and not all(link.suspended_at for link in guardian.visible_links)
            )
        context.update(page=page, q=self.request.GET.get("q", ""))
        return context


class ClassListView(StaffPage):
    permission_policy = school_class_policy
    page_title = gettext_lazy("Classes")
    template_name = "portal_auth/staff/classes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        classes = (
            school_class_policy.instances_user_has_permission_for(self.request.user, VIEW)
            .select_related("school", "level", "track")
            .annotate(pupil_count=Count("enrolments"))
            .order_by("school__name_fr", "level__sort_order", "name")
        )
        school_id = self.request.GET.get("school", "")
        if school_id.isdigit():
            classes = classes.filter(school_id=int(school_id))
        context.update(
            page=self.paginate(classes),
            schools=schools_for_staff(self.request.user),
            selected_school=school_id,
        )
        return context


class CodeListView(LogsRecordViews, StaffPage):
    permission_policy = activation_code_policy
    page_title = gettext_lazy("Activation codes")
    template_name = "portal_auth/staff/codes.html"
    record_kind = RecordAccess.Kind.CODES

    def viewed_pupils(self, context):
        return [code.pupil_id for code in context["page"].object_list]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        codes_qs = activation_code_policy.instances_user_has_permission_for(
            self.request.user, VIEW
        ).select_related("pupil", "guardian", "issued_by")
        status = self.request.GET.get("status", "")
        if status == "active":
            codes_qs = codes_qs.usable()
        elif status == "used":
            codes_qs = codes_qs.filter(used_at__isnull=False)
        elif status == "revoked":
            codes_qs = codes_qs.filter(revoked_at__isnull=False)
        codes_qs = _search(
            codes_qs,
            self.request.GET.get("q", ""),
            ["pupil__massar_code", "pupil__last_name_latin", "guardian__cin"],
        )
        context.update(page=self.paginate(codes_qs), status=status, q=self.request.GET.get("q", ""))
        return context


class SecurityLogView(LogsRecordViews, StaffPage):
    permission_policy = security_event_policy
    permission_required = AUDIT
    page_title = gettext_lazy("Security log")
    template_name = "portal_auth/staff/log.html"
    record_kind = RecordAccess.Kind.SECURITY

    def viewed_pupils(self, context):
        return [(event.pupil_id, event.school_id) for event in context["page"].object_list]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = security_event_policy.instances_user_has_permission_for(
            self.request.user, AUDIT
        ).select_related("actor", "pupil", "guardian", "school")
        kind = self.request.GET.get("kind", "")
        if kind in SecurityEvent.Kind.values:
            events = events.filter(kind=kind)
        context.update(page=self.paginate(events), kinds=SecurityEvent.Kind.choices, kind=kind)
        return context


class PupilMarksView(LogsRecordViews, StaffPage):
    """One pupil's marks this school year, published or not (read only)."""

    template_name = "portal_auth/staff/pupil_marks.html"
    header_icon = "table"
    record_kind = RecordAccess.Kind.MARKS

    def get_page_title(self):
        return _("Marks of %(name)s") % {"name": self.pupil.full_name}

    def load_objects(self) -> None:
        self.pupil = self.scoped_object(self.kwargs["pk"])

    def viewed_pupils(self, context):
        return [self.pupil]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolment = self.pupil.enrolment_for()
        marks = Mark.objects.none()
        published: set[int] = set()
        if enrolment is not None:
            marks = (
                Mark.objects.filter(pupil=self.pupil, school_class=enrolment.school_class)
                .select_related("subject")
                .order_by("semester", "subject__sort_order", "component")
            )
            published = set(
                SemesterPublication.objects.filter(school_class=enrolment.school_class).values_list(
                    "semester", flat=True
                )
            )
        context.update(
            pupil=self.pupil,
            enrolment=enrolment,
            rows=[(mark, mark.semester in published) for mark in marks],
        )
        return context


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


class RecordAccessLogView(StaffPage):
    """Who looked at which pupil's records: the director's view of their schools' rows."""

    permission_policy = record_access_policy
    permission_required = AUDIT
    page_title = gettext_lazy("Who viewed pupils' records")
    template_name = "portal_auth/staff/access_log.html"
    header_icon = "view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        rows = record_access_policy.instances_user_has_permission_for(
            self.request.user, AUDIT
        ).select_related("actor", "pupil", "school")
        rows = _search(
            rows,
            get.get("pupil", ""),
            [
                "pupil__massar_code",
                "pupil__first_name_ar",
                "pupil__last_name_ar",
                "pupil__first_name_latin",
                "pupil__last_name_latin",
            ],
        )
        if get.get("kind") in RecordAccess.Kind.values:
            rows = rows.filter(kind=get["kind"])
        dates = {}
        for key in ("since", "until"):
            value = get.get(key, "").strip()
            dates[key] = _date(value) if value else None
            if value and dates[key] is None:
                messages.warning(
                    self.request,
                    _("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": value},
                )
        if dates["since"]:
            rows = rows.filter(created_at__date__gte=dates["since"])
        if dates["until"]:
            rows = rows.filter(created_at__date__lte=dates["until"])
        context.update(
            page=self.paginate(rows),
            kinds=RecordAccess.Kind.choices,
            current={k: get.get(k, "") for k in ("pupil", "kind", "since", "until")},
        )
        return context


# --- Actions (POST only) -------------------------------------------------------------------


def _pdf_response(entries, name: str) -> FileResponse:
    response = FileResponse(
        io.BytesIO(build_slips_pdf(entries)),
        as_attachment=True,
        filename=f"maktaba-slips-{slugify(name) or 'codes'}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store"  # the codes exist nowhere else
    return response


class StaffAction(StaffAccessMixin, View):
    """A POST-only action on one object of ``permission_policy``: 404 unseen, 403 beyond the role."""

    http_method_names = ["post"]
    permission_policy = pupil_policy
    permission_required = VIEW


class IssuePupilCodeView(StaffAction):
    """A new code (the old one is revoked) for one pupil; answers with the slip PDF."""

    def post(self, request, pk: int):
        pupil = self.scoped_object(pk, MANAGE)
        entries = codes.issue_for_pupils([pupil], request.user, for_guardians=False)
        security_log.record(
            SecurityEvent.Kind.CODE_ISSUED, request=request, pupil=pupil, detail="pupil"
        )
        return _pdf_response(entries, pupil.massar_code)


SPANNING_ACCOUNT_CODE = gettext_lazy(
    "This guardian already has an account that your school cannot reset: the new code only adds "
    "this child to it. Ask the guardian to sign in with their existing account and enter the "
    "code under “Add a child”."
)


def spanning_accounts_message(count: int) -> str:
    """What staff are told after printing codes for guardians whose account they cannot reset."""
    return ngettext(
        "%(count)d guardian already has an account that your school cannot reset: "
        "their new code only adds the child to it. Ask them to sign in with their "
        "existing account and enter the code under “Add a child”.",
        "%(count)d guardians already have an account that your school cannot reset: "
        "their new codes only add the children to it. Ask them to sign in with their "
        "existing account and enter the code under “Add a child”.",
        count,
    ) % {"count": count}


class IssueGuardianCodeView(StaffAction):
    """A new guardian code for one guardian–child link; answers with the slip PDF."""

    permission_policy = guardian_link_policy

    def post(self, request, pk: int):
        # An ended link (moved to the right guardian) never gets a code again.
        links = (
            guardian_link_policy.instances_user_has_permission_for(request.user, VIEW)
            .filter(ended_at__isnull=True)
            .select_related("pupil", "guardian")
        )
        link = self.scoped_object(pk, MANAGE, links)
        guardian = link.guardian
        if guardian.user_id and not guardian_wholly_in_staff_scope(request.user, guardian):
            messages.warning(request, SPANNING_ACCOUNT_CODE)
        issued = codes.issue_guardian_code(link, request.user)
        security_log.record(
            SecurityEvent.Kind.CODE_ISSUED,
            request=request,
            pupil=link.pupil,
            guardian=link.guardian,
            detail="guardian",
        )
        return _pdf_response(
            [codes.SlipEntry(link.pupil, link.guardian, issued)], link.guardian.cin
        )


class ClassSlipsView(StaffAction):
    """New codes for a whole class (pupils, guardians or both) and their slips in one PDF."""

    permission_policy = school_class_policy

    def post(self, request, pk: int):
        school_class = self.scoped_object(pk, MANAGE)
        for_pupils = request.POST.get("who") in ("pupils", "both")
        for_guardians = request.POST.get("who") in ("guardians", "both")
        only_new = request.POST.get("only_new") == "1"
        if not (for_pupils or for_guardians):
            messages.error(request, _("Choose pupils, guardians or both."))
            return redirect("portal_auth_staff:classes")
        entries = codes.issue_for_class(
            school_class,
            request.user,
            for_pupils=for_pupils,
            for_guardians=for_guardians,
            skip_activated=only_new,
        )
        spanning = {
            entry.guardian.pk
            for entry in entries
            if entry.guardian is not None
            and entry.guardian.user_id
            and not guardian_wholly_in_staff_scope(request.user, entry.guardian)
        }
        if spanning:
            messages.warning(request, spanning_accounts_message(len(spanning)))
        security_log.record(
            SecurityEvent.Kind.CODE_ISSUED,
            request=request,
            school=school_class.school,
            detail=f"class {school_class.name}: {len(entries)} codes",
        )
        return _pdf_response(entries, school_class.name)


class RevokeCodeView(StaffAction):
    permission_policy = activation_code_policy

    def post(self, request, pk: int):
        code = self.scoped_object(pk, MANAGE)
        if codes.revoke(code):
            security_log.record(
                SecurityEvent.Kind.CODE_REVOKED,
                request=request,
                pupil=code.pupil,
                guardian=code.guardian,
            )
            messages.success(request, _("The code was revoked."))
        return HttpResponseRedirect(reverse("portal_auth_staff:codes"))


class AccountStateView(StaffAction):
    """Disable (ending every session) or re-enable a pupil's account; for a guardian, suspend or
    lift the links to this staff member's pupils (the whole account only when it is wholly
    theirs, ``activation.disable_guardian``)."""

    kind = "pupil"

    def post(self, request, pk: int):
        if self.kind == "guardian":
            return self.guardian(request, pk)
        person = self.scoped_object(pk, MANAGE)
        back = reverse("portal_auth_staff:pupils")
        if person.user is None:
            messages.error(request, _("This account is not activated yet."))
            return HttpResponseRedirect(back)
        if request.POST.get("action") == "disable":
            ended = activation.disable_account(person.user)
            security_log.record(
                SecurityEvent.Kind.ACCOUNT_DISABLED,
                request=request,
                pupil=person,
                detail=f"{ended} sessions ended",
            )
            messages.success(request, _("The account is disabled and signed out everywhere."))
        elif request.POST.get("action") == "enable":
            activation.enable_account(person.user)
            security_log.record(SecurityEvent.Kind.ACCOUNT_ENABLED, request=request, pupil=person)
            messages.success(request, _("The account is enabled again."))
        return HttpResponseRedirect(back)

    def guardian(self, request, pk: int):
        person = guardian_policy.instance_for(request.user, MANAGE, pk)
        child = pupil_policy.instances_user_has_permission_for(request.user, MANAGE).filter(
            guardian_links__guardian=person
        )
        subjects = {"guardian": person, "school": child.first().current_school}
        back = reverse("portal_auth_staff:guardians")
        if person.user is None:
            messages.error(request, _("This account is not activated yet."))
            return HttpResponseRedirect(back)
        if request.POST.get("action") == "disable":
            change = activation.disable_guardian(person, request.user)
            security_log.record(
                SecurityEvent.Kind.ACCOUNT_DISABLED,
                request=request,
                detail=f"{change.links} links suspended, {change.sessions_ended} sessions ended",
                **subjects,
            )
            if change.whole_account:
                messages.success(request, _("The account is disabled and signed out everywhere."))
            else:
                messages.success(
                    request,
                    _(
                        "The guardian no longer sees the children of your school. The account "
                        "stays open for children at other schools."
                    ),
                )
        elif request.POST.get("action") == "enable":
            change = activation.enable_guardian(person, request.user)
            security_log.record(
                SecurityEvent.Kind.ACCOUNT_ENABLED,
                request=request,
                detail=f"{change.links} links active again",
                **subjects,
            )
            messages.success(request, _("The guardian sees the children of your school again."))
        return HttpResponseRedirect(back)
