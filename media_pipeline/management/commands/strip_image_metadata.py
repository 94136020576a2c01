"""Strip GPS, device and other metadata from Wagtail images stored before uploads were cleaned.

New and replaced images are cleaned when saved (``media_pipeline.image_metadata``); run this once
after upgrading: ``python manage.py strip_image_metadata``. Each image that still carries
metadata is rewritten (turned upright, EXIF/XMP/comments dropped) and its renditions are deleted,
so Wagtail makes them again from the clean file. Images without metadata are left alone, so it is
safe to run again.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from media_pipeline.image_metadata import strip_stored_image


class Command(BaseCommand):
    help = "Rewrite stored Wagtail images without their EXIF/XMP metadata (GPS, phone model)."

    def handle(self, *args, **options) -> None:
        cleaned = unreadable = 0
        for image in get_image_model().objects.order_by("pk").iterator():
            try:
                if not strip_stored_image(image):
                    continue
            except (OSError, ValueError) as exc:
                unreadable += 1
                self.stderr.write(f"Image {image.pk} ({image.file.name}): cannot be read: {exc}")
                continue
            image.save()
            image.renditions.all().delete()
            cleaned += 1
        self.stdout.write(f"Cleaned {cleaned} image(s); {unreadable} could not be read.")
