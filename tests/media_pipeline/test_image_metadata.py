"""A phone photo uploaded as a Wagtail image keeps neither its GPS position nor the phone model.

The stored original (a file under MEDIA_ROOT that a web server may expose) and every rendition a
pupil's page shows are read back with Pillow and byte by byte; the photo still stands the way
the phone held it.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PillowImage
from PIL import ImageOps
from wagtail.images import get_image_model

from catalog.site_setup import TEACHERS
from tests.factories.schools import make_user

from .samples import PHONE_MODEL, PHONE_TRACES

pytestmark = pytest.mark.django_db

GPS_IFD, MAKE, MODEL, ORIENTATION = 0x8825, 0x010F, 0x0110, 0x0112
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:tiff="http://ns.adobe.com/tiff/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'tiff:Model="SM-A135F" exif:GPSLatitude="34,1.2N" exif:GPSLongitude="6,50.4W"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def phone_photo(format: str = "JPEG") -> bytes:
    """60×40 pixels, red on the left and blue on the right, that the phone held turned: EXIF
    orientation 6 (turn 90° clockwise to show), GPS, make and model, and XMP saying the same."""
    picture = PillowImage.new("RGB", (60, 40), (220, 20, 20))
    picture.paste((20, 20, 220), (30, 0, 60, 40))
    exif = PillowImage.Exif()
    exif[MAKE] = "samsung"
    exif[MODEL] = PHONE_MODEL
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (34.0, 1.0, 12.0), 3: "W", 4: (6.0, 50.0, 24.0)})
    buffer = io.BytesIO()
    options = {"quality": 95} if format == "JPEG" else {}
    picture.save(buffer, format, exif=exif, xmp=XMP, **options)
    return buffer.getvalue()


def traces(data: bytes) -> list[str]:
    found = [f"bytes {trace!r}" for trace in PHONE_TRACES if trace in data]
    with PillowImage.open(io.BytesIO(data)) as picture:
        exif = picture.getexif()
        found += [f"EXIF tag {tag:#06x}" for tag in (GPS_IFD, MAKE, MODEL) if tag in exif]
        if exif.get_ifd(GPS_IFD):
            found.append("GPS IFD")
        found += [f"info {key}" for key in ("xmp", "XML:com.adobe.xmp") if key in picture.info]
    return found


def upright(data: bytes) -> PillowImage.Image:
    with PillowImage.open(io.BytesIO(data)) as picture:
        return ImageOps.exif_transpose(picture).convert("RGB")


def assert_stands_like_the_phone_held_it(data: bytes) -> None:
    """40×60, red on top: orientation applied to the pixels, no tag left to apply it again."""
    picture = upright(data)
    assert picture.size == (40, 60)
    top, bottom = picture.getpixel((20, 8)), picture.getpixel((20, 52))
    assert top[0] > 150 and top[2] < 100, top
    assert bottom[2] > 150 and bottom[0] < 100, bottom


def files_pupils_may_fetch(image) -> dict[str, bytes]:
    """The original, and the renditions pages and the e-book ask for."""
    files = {"stored file": Path(image.file.path).read_bytes()}
    for spec in ("original", "width-640", "fill-30x30", "max-20x20|format-webp"):
        rendition = image.get_rendition(spec)
        files[spec] = Path(rendition.file.path).read_bytes()
    return files


@pytest.fixture
def teacher_client(library, media_root) -> Client:
    user = make_user("photographer")
    user.groups.add(Group.objects.get(name=TEACHERS))
    client = Client()
    client.force_login(user)
    return client


def assert_clean(image) -> None:
    image.refresh_from_db()
    files = files_pupils_may_fetch(image)
    leaks = {name: found for name, data in files.items() if (found := traces(data))}
    assert leaks == {}
    assert (image.width, image.height) == (40, 60)
    for data in files.values():
        with PillowImage.open(io.BytesIO(data)) as picture:
            assert picture.getexif().get(ORIENTATION, 1) == 1
    assert_stands_like_the_phone_held_it(files["stored file"])
    assert image.file_size == len(files["stored file"])
    assert image.get_file_hash() == hashlib.sha1(files["stored file"]).hexdigest()


def test_sample_photo_carries_what_it_tests():
    data = phone_photo()
    assert {"EXIF tag 0x8825", "EXIF tag 0x0110", "info xmp"} <= set(traces(data))


def test_photo_added_in_the_admin_is_stored_without_gps_or_model(teacher_client):
    upload = SimpleUploadedFile("phone.jpg", phone_photo(), "image/jpeg")
    response = teacher_client.post(
        reverse("wagtailimages:add"), {"title": "Le laboratoire", "file": upload}
    )
    assert response.status_code == 302, response.content[:2000]
    assert_clean(get_image_model().objects.get(title="Le laboratoire"))


def test_photo_dropped_on_the_multiple_upload_is_stored_without_gps_or_model(teacher_client):
    upload = SimpleUploadedFile("phone.jpg", phone_photo(), "image/jpeg")
    response = teacher_client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload})
    assert response.status_code == 200 and response.json()["success"], response.content[:2000]
    assert_clean(get_image_model().objects.get(pk=response.json()["image_id"]))


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_an_image_saved_by_code_is_stored_without_gps_or_model(format, media_root):
    image = get_image_model().objects.create(
        title="Photo", file=ImageFile(io.BytesIO(phone_photo(format)), name="photo.img")
    )
    assert_clean(image)


def test_an_image_without_metadata_is_stored_byte_for_byte(media_root):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (30, 20), (10, 200, 10)).save(buffer, "JPEG", quality=70)
    image = get_image_model().objects.create(
        title="Plain", file=ImageFile(io.BytesIO(buffer.getvalue()), name="plain.jpg")
    )
    assert Path(image.file.path).read_bytes() == buffer.getvalue()


def test_images_stored_before_the_cleaning_are_cleaned_by_the_command(
    media_root, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    image = get_image_model().objects.create(
        title="Old", file=ImageFile(io.BytesIO(phone_photo()), name="old.jpg")
    )
    # As it was stored before uploads were cleaned: the phone's file, with a rendition from it.
    Path(image.file.path).write_bytes(phone_photo())
    get_image_model().objects.filter(pk=image.pk).update(width=60, height=40, file_hash="")
    image.refresh_from_db()
    leaky = Path(image.get_rendition("width-640").file.path)
    assert traces(leaky.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes files on commit
        call_command("strip_image_metadata")
    assert not leaky.exists()
    assert_clean(image)
    call_command("strip_image_metadata")  # nothing left to do: the file stays as it is
    assert_clean(image)


def test_an_animated_gif_keeps_its_frames_and_loses_its_comment(media_root):
    frames = [PillowImage.new("RGB", (20, 20), (i * 80, 0, 255 - i * 80)) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=100,
        loop=0,
        comment=f"{PHONE_MODEL} at +34.02-006.84".encode(),
    )
    image = get_image_model().objects.create(
        title="Animation", file=ImageFile(io.BytesIO(buffer.getvalue()), name="steps.gif")
    )
    stored = Path(image.file.path).read_bytes()
    assert not [trace for trace in PHONE_TRACES if trace in stored]
    with PillowImage.open(io.BytesIO(stored)) as picture:
        assert picture.n_frames == 3 and picture.info["duration"] == 100
        assert "comment" not in picture.info
