"""``python manage.py build_ebook SLUG``: build an e-book now and print the files written: their
paths on a filesystem storage, their names in the bucket on object storage."""

from django.core.management.base import BaseCommand, CommandError

from catalog.ebook.building import build_ebook
from catalog.ebook.models import EBookBuild, EBookPage
from media_pipeline.local_files import has_local_paths


class Command(BaseCommand):
    help = "Build the EPUB and PDF of the e-book page with this slug and print where they are."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--force", action="store_true", help="Build a new version even if this one is built."
        )

    def handle(self, *args, slug: str, force: bool = False, **options):
        page = EBookPage.objects.filter(slug=slug).first()
        if page is None:
            raise CommandError(f"No e-book page with the slug {slug!r}.")
        if not page.live:
            raise CommandError(f"The e-book {slug!r} is not published yet.")
        build = build_ebook(page, page.live_revision_id, force=force)
        for warning in build.warning_messages():
            self.stderr.write(f"warning: {warning}")
        if build.status != EBookBuild.Status.COMPLETE:
            raise CommandError(build.error_message)
        for field_file in (build.epub_file, build.pdf_file):
            local = has_local_paths(field_file.storage)
            self.stdout.write(field_file.path if local else field_file.name)
