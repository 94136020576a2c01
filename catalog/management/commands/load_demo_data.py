"""``manage.py load_demo_data``: a browsable demo library with accounts (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalog.demo.loader import load_demo_data
from catalog.demo.pdf import FontsMissing
from catalog.ebook.demo import ensure_demo_ebook


class Command(BaseCommand):
    help = (
        "Create the site, the library, editorial roles, demo accounts (teacher, moderator, "
        "editor) and about 70 demo resources with generated files. Safe to run twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (demo accounts on a real server are a risk).",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give existing demo accounts new passwords (printed).",
        )

    def handle(self, *args, force: bool, reset_passwords: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is off: this looks like a real server, and demo accounts with printed "
                    "passwords do not belong there. Use --force if you really mean it."
                )
            )
        try:
            result = load_demo_data(reset_passwords=reset_passwords)
        except FontsMissing as exc:
            raise CommandError(str(exc))
        self.stdout.write(_("Demo accounts (sign in at /admin/):"))
        for account in result.accounts:
            password = account.password or _("(unchanged; use --reset-passwords for a new one)")
            self.stdout.write(f"  {account.username:<10} {account.group:<17} {password}")
        self.stdout.write(
            _("Demo resources: %(created)d created, %(present)d already present.")
            % {"created": result.created, "present": result.already_present}
        )
        if result.skipped_recordings:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "ffmpeg is not installed: %(count)d audio and video resources were left "
                        "out; install ffmpeg and run the command again."
                    )
                    % {"count": len(result.skipped_recordings)}
                )
            )
        ebook = ensure_demo_ebook()
        self.stdout.write(_("Demo e-book: %(url)s") % {"url": ebook.url})
        self.stdout.write(self.style.SUCCESS(_("Demo library ready.")))
