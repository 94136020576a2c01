"""Demo accounts, one per editorial role of ``catalog.site_setup``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.site_setup import EDITORS, MODERATORS, TEACHERS

DEMO_ACCOUNTS = [
    # username, group, first name, last name
    ("teacher", TEACHERS, "Amina", "El Idrissi"),
    ("moderator", MODERATORS, "Youssef", "Benali"),
    ("editor", EDITORS, "Khadija", "Ouazzani"),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    group: str
    password: str | None  # None when an existing account kept its password


def ensure_demo_accounts(groups: dict[str, Group], *, reset_passwords: bool) -> list[DemoAccount]:
    """Create the demo accounts (random passwords); existing ones keep theirs unless reset."""
    user_model = get_user_model()
    accounts = []
    for username, group_name, first_name, last_name in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@maktaba.invalid",
            },
        )
        password = None
        if created or reset_passwords:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
        user.groups.add(groups[group_name])
        accounts.append(DemoAccount(username, group_name, password))
    return accounts
