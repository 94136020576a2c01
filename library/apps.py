from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Maktaba site")

    def ready(self) -> None:
        from library.search.signals import connect_many_to_many_updates

        connect_many_to_many_updates()
