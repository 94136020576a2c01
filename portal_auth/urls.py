"""Account pages, mounted at ``/account/`` inside the language prefixes.

Each room keeps its own URLs; they are included here without a namespace of their own, so every
name stays in the ``portal_auth`` namespace (``portal_auth:login``, ``portal_auth:marks``, ...).
The staff screens are mounted in the admin by the rooms' hooks (``portal_auth_staff``,
``portal_auth_records``, ``portal_requests_staff``).
"""

from django.urls import include, path

app_name = "portal_auth"

urlpatterns = [
    path("", include("portal_auth.records.urls")),
    path("", include("portal_auth.accounts.urls")),
    path("", include("portal_auth.privacy.urls")),
    path("", include("portal_auth.desk.urls")),
]
