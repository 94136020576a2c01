"""Wagtail images are stored without what the phone wrote into them: GPS, make, model, dates.

Wagtail keeps the uploaded file under ``MEDIA_ROOT/original_images/`` and its renditions copy the
original's EXIF (Willow passes it on), so a pupil's page would carry the teacher's position. The
``pre_save`` receiver below (connected in ``apps.ready`` for whatever the image model is) rewrites
a new or replaced file before the row is written, whichever way it arrives: the admin's single and
multiple upload, a poster made by the pipeline, an import or a script. The EXIF orientation is
applied to the pixels first, so the picture stands as the phone held it; the picture is then saved
again in its own format with only its colour profile (ICC), its resolution and, for GIF/PNG/WebP,
transparency and animation timing. EXIF, XMP, IPTC/Photoshop blocks, comments and PNG text chunks
are dropped. A JPEG keeps its own quantisation tables and chroma subsampling, so the re-encoding
costs next to nothing. A file that carries none of this is stored byte for byte. A format that
cannot be written again is stored as PNG.
"""

from __future__ import annotations

import io
import logging
from pathlib import PurePosixPath

from django.core.files.base import ContentFile

logger = logging.getLogger("maktaba.media")

#: What Pillow reads from a file that says nothing about who took it, where or with what.
HARMLESS_INFO = frozenset(
    {
        "adobe",
        "adobe_transform",
        "aspect",
        "background",
        "chromaticity",
        "compression",
        "dpi",
        "duration",
        "extension",  # GIF application extension (NETSCAPE looping)
        "gamma",
        "icc_profile",
        "interlace",
        "jfif",
        "jfif_density",
        "jfif_unit",
        "jfif_version",
        "loop",
        "progression",
        "progressive",
        "srgb",
        "transparency",
        "version",
    }
)
#: Keys kept when saving again (the rest of ``HARMLESS_INFO`` is re-derived by Pillow).
KEPT_ON_SAVE = ("icc_profile", "dpi", "transparency", "duration", "loop", "background")
#: JPEG segments that hold metadata rather than the picture: APP1 (EXIF, XMP), APP13 (IPTC),
#: APP3-APP11/APP15 (vendor blocks, e.g. Samsung's trailer index), COM (comments).
PICTURE_SEGMENTS = frozenset({"APP0", "APP2", "APP14"})  # JFIF, ICC/MPF, Adobe colour transform
ANIMATED_FORMATS = frozenset({"GIF", "PNG", "WEBP"})
SAVED_AS = {"MPO": "JPEG"}  # a phone's multi-picture JPEG: its first picture is the photo


def carries_metadata(picture) -> bool:
    """Whether an opened Pillow image holds anything beyond its pixels, colours and timing."""
    if picture.getexif():
        return True
    if set(picture.info) - HARMLESS_INFO:
        return True
    segments = {marker for marker, _content in getattr(picture, "applist", [])}
    return bool(segments - PICTURE_SEGMENTS)


def _save_options(picture, format: str) -> dict:
    options = {key: picture.info[key] for key in KEPT_ON_SAVE if key in picture.info}
    options["exif"] = b""
    if format == "JPEG":
        from PIL import JpegImagePlugin

        if getattr(picture, "quantization", None):
            options["qtables"] = picture.quantization
            sampling = JpegImagePlugin.get_sampling(picture)
            if sampling != -1:
                options["subsampling"] = sampling
        else:
            options["quality"] = 92
        if picture.info.get("progressive"):
            options["progressive"] = True
    elif format in ("WEBP", "AVIF", "HEIF"):
        options["quality"] = 90
    return options


def _rewrite(picture, format: str) -> bytes:
    from PIL import ImageOps, ImageSequence

    options = _save_options(picture, format)
    frames = getattr(picture, "n_frames", 1)
    buffer = io.BytesIO()
    if frames > 1 and format in ANIMATED_FORMATS:
        images = [frame.copy() for frame in ImageSequence.Iterator(picture)]
        for image in images:
            image.info = {k: v for k, v in image.info.items() if k in KEPT_ON_SAVE}
        images[0].save(buffer, format, save_all=True, append_images=images[1:], **options)
    else:
        upright = ImageOps.exif_transpose(picture)
        upright.info = {k: v for k, v in upright.info.items() if k in KEPT_ON_SAVE}
        if format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(buffer, format, **options)
    return buffer.getvalue()


def without_metadata(data: bytes) -> tuple[bytes, str, tuple[int, int]] | None:
    """``(clean bytes, Pillow format, size)`` of an image file; None when it carries no metadata.

    Raises Pillow's errors for a file it cannot read at all (Wagtail's form refuses those first).
    """
    from PIL import Image

    with Image.open(io.BytesIO(data)) as picture:
        if not carries_metadata(picture):
            return None
        format = SAVED_AS.get(picture.format, picture.format)
        try:
            clean = _rewrite(picture, format)
        except (KeyError, OSError, ValueError):
            logger.info("images: %s cannot be written again; storing it as PNG", format)
            format, clean = "PNG", _rewrite(picture, "PNG")
    with Image.open(io.BytesIO(clean)) as check:
        if carries_metadata(check):
            format, clean = "PNG", _rewrite(check, "PNG")
        size = check.size
    return clean, format, size


def _file_is_new(sender, instance) -> bool:
    field_file = instance.file
    if not getattr(field_file, "_committed", True) or instance._state.adding:
        return True
    stored = sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    return stored != field_file.name


def _read(field_file) -> bytes:
    field_file.open("rb")
    try:
        field_file.seek(0)
        return field_file.read()
    finally:
        field_file.seek(0)


def strip_stored_image(image) -> bool:
    """Rewrite ``image``'s file without metadata (see the module); whether anything changed.

    Updates the file name, dimensions, size and hash on the instance; the caller saves it.
    """
    field_file = image.file
    data = _read(field_file)
    result = without_metadata(data)
    if result is None:
        return False
    clean, format, (width, height) = result
    name = PurePosixPath(field_file.name).name
    if format == "PNG" and not name.lower().endswith(".png"):
        name = f"{PurePosixPath(name).stem}.png"
    if field_file._committed:
        field_file.storage.delete(field_file.name)
    field_file.save(name, ContentFile(clean), save=False)
    image.width, image.height = width, height  # turned upright: the phone's sides swap
    image.file_size = len(clean)
    image._set_file_hash()
    return True


def strip_new_image_metadata(sender, instance, raw: bool = False, update_fields=None, **kwargs):
    """``pre_save`` of the image model: a new or replaced file is stored without metadata."""
    if raw or not instance.file:
        return
    if update_fields is not None and "file" not in update_fields:
        return
    if not _file_is_new(sender, instance):
        return
    try:
        strip_stored_image(instance)
    except (OSError, ValueError):
        # Unreadable: Wagtail's upload form refuses such files in plain words before this point;
        # anything else that saves one must not store it with its metadata.
        logger.warning("images: could not read %s to strip its metadata", instance.file.name)
        raise
