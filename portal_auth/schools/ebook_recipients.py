"""The catalogue's e-book recipients, as the portal knows them: the school directors.

Configured as ``MAKTABA_EBOOK["RECIPIENT_PROVIDER"] =
"portal_auth.schools.ebook_recipients.school_directors"``. The catalogue defines ``Recipient`` and calls
this function; it never imports the portal (the arrow points from the portal to the catalogue).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.users.models import UserProfile

from catalog.ebook.recipients import Recipient

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
