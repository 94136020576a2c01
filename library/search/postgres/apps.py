from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostgresSearchConfig(AppConfig):
    name = "library.search.postgres"
    label = "maktaba_pgsearch"
    verbose_name = _("Search index (PostgreSQL)")
    default_auto_field = "django.db.models.BigAutoField"
