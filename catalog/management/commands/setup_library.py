"""Create the site tree, the library, editorial groups and the moderation workflow (idempotent)."""

from django.core.management.base import BaseCommand

from catalog.site_setup import ensure_roles, ensure_site


class Command(BaseCommand):
    help = "Create the home page, the library, editorial groups and the moderation workflow."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--hostname", default="localhost")
        parser.add_argument("--port", type=int, default=80)

    def handle(self, *args, hostname: str, port: int, **options) -> None:
        home, library = ensure_site(hostname, port)
        ensure_roles(library)
        self.stdout.write(self.style.SUCCESS(f"Site ready: home #{home.pk}, library #{library.pk}"))
