"""The catalogue's e-book recipients, as the portal knows them: the school directors.

Configured as ``MAKTABA_EBOOK["RECIPIENT_PROVIDER"] =
"portal_auth.schools.ebook_recipients.school_directors"``. The catalogue defines ``Recipient`` and calls
this function; it never imports the portal (the arrow points from the portal to the catalogue).
When it finds nobody, ``what_is_missing`` (``MAKTABA_EBOOK["RECIPIENT_GAP"]``) says why: the
editor's account is tied to no academy (an administrator gives them the regional editor role),
or no director of the academy is recorded (the editor imports them).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from catalog.ebook.recipients import Recipient, RecipientGap

from ..models import Academy, StaffRole


def editor_academies(editor) -> list[Academy]:
    """The academies an editor works for: those their staff roles sit in (every academy for a
    superuser without a role)."""
    if not getattr(editor, "is_authenticated", False) or not editor.is_active:
        return []
    roles = StaffRole.objects.filter(user=editor).select_related(
        "school__directorate", "directorate"
    )
    academy_ids = set()
    for role in roles:
        if role.scope == StaffRole.Scope.ACADEMY:
            academy_ids.add(role.academy_id)
        elif role.scope == StaffRole.Scope.DIRECTORATE:
            academy_ids.add(role.directorate.academy_id)
        elif role.scope == StaffRole.Scope.SCHOOL:
            academy_ids.add(role.school.directorate.academy_id)
    if not academy_ids and editor.is_superuser:
        return list(Academy.objects.all())
    return list(Academy.objects.filter(pk__in=academy_ids))


def school_directors(editor) -> list[Recipient]:
    """Every active director (school, directorate or academy scope) of the editor's academies,
    once each, in their preferred admin language (the site default otherwise)."""
    academies = editor_academies(editor)
    if not academies:
        return []
    in_academies = (
        Q(scope=StaffRole.Scope.SCHOOL, school__directorate__academy__in=academies)
        | Q(scope=StaffRole.Scope.DIRECTORATE, directorate__academy__in=academies)
        | Q(scope=StaffRole.Scope.ACADEMY, academy__in=academies)
    )
    director_ids = StaffRole.objects.filter(in_academies, role=StaffRole.Role.DIRECTOR).values(
        "user_id"
    )
    users = get_user_model().objects.filter(pk__in=director_ids, is_active=True).order_by("pk")
    languages = dict(
        UserProfile.objects.filter(user__in=users).values_list("user_id", "preferred_language")
    )
    site_languages = {code for code, _name in settings.LANGUAGES}
    recipients = []
    for user in users:
        language = (languages.get(user.pk) or "").split("-")[0]
        recipients.append(
            Recipient(
                key=f"user:{user.pk}",
                name=user.get_full_name() or user.get_username(),
                email=user.email or "",
                language=language if language in site_languages else settings.LANGUAGE_CODE,
            )
        )
    return recipients


def what_is_missing(editor) -> RecipientGap | None:
    """Why ``editor`` has no director to send to, and where they put it right."""
    academies = editor_academies(editor)
    if not academies:
        return RecipientGap(
            _(
                "Your account is tied to no academy: an administrator gives you the regional "
                "editor role of your academy."
            )
        )
    names = ", ".join(academy.name for academy in academies)
    fix_url = reverse("portal_auth_staff:import_kind", args=["directors"])
    label = _("Import the school directors")
    if not school_directors(editor):
        return RecipientGap(
            _("No school director of %(academies)s is recorded yet.") % {"academies": names},
            fix_url,
            label,
        )
    return RecipientGap(
        _("Some school directors of %(academies)s have no e-mail address.") % {"academies": names},
        fix_url,
        label,
    )
