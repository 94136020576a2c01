from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    name = "library.sms"
    label = "sms"
    verbose_name = _("Text messages")
    default_auto_field = "django.db.models.BigAutoField"
