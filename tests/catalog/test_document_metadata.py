"""Documents uploaded in the admin are served without their authors' metadata.

Real files are made here (a DOCX with a phone photo, an XLSX, an ODT, a PDF, each naming its
author, company and program), uploaded through ``/admin/documents/add/``, offered by a live
resource page and fetched anonymously: the served bytes, once unpacked, no longer carry them.
The untouched original is kept for those who may change the document, and for no one else.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image
from wagtail.documents import get_document_model

from catalog.models import Level, ResourcePage, Subject
from catalog.site_setup import TEACHERS
from media_pipeline.document_metadata import DocumentUnreadable, without_metadata

pytestmark = pytest.mark.django_db

SECRETS = (b"Author-Secret", b"Company-Secret", b"Tool-Secret", b"SM-A135F")
CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms='
    '"http://purl.org/dc/terms/"><dc:creator>Author-Secret</dc:creator><cp:lastModifiedBy>'
    "Author-Secret</cp:lastModifiedBy></cp:coreProperties>"
)
APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.'
    'openxmlformats.org/officeDocument/2006/extended-properties"><Application>Tool-Secret'
    "</Application><Company>Company-Secret</Company></Properties>"
)


def phone_photo() -> bytes:
    picture = Image.new("RGB", (32, 24), (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "SM-A135F"  # Model
    exif[0x010F] = "samsung"  # Make
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def make_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="jpeg" ContentType="image/jpeg"/>'
            "</Types>",
        )
        archive.writestr("word/document.xml", "<w:document>Le cours de physique</w:document>")
        archive.writestr("word/media/image1.jpeg", phone_photo())
        archive.writestr("docProps/core.xml", CORE)
        archive.writestr("docProps/app.xml", APP)
        archive.writestr(
            "docProps/custom.xml",
            '<Properties><property name="Owner"><vt:lpwstr>Author-Secret</vt:lpwstr></property>'
            "</Properties>",
        )
    return buffer.getvalue()


def make_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.properties.creator = "Author-Secret"
    workbook.properties.lastModifiedBy = "Author-Secret"
    workbook.active["A1"] = "Notes"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", "<office:document-content>Cours</office:document-content>")
        archive.writestr(
            "meta.xml",
            '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta>'
            "<meta:generator>Tool-Secret</meta:generator><meta:initial-creator>Author-Secret"
            "</meta:initial-creator></office:meta></office:document-meta>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr("Pictures/photo.jpg", phone_photo(), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def make_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setAuthor("Author-Secret")
    pdf.setCreator("Tool-Secret")
    pdf.setSubject("Company-Secret")
    pdf.drawString(100, 700, "Le cours de physique")
    pdf.save()
    return buffer.getvalue()


def unpacked(data: bytes) -> bytes:
    """Every byte a reader meets: a zip's parts inflated, a PDF's streams decoded."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"\n".join(archive.read(name) for name in archive.namelist())
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    streams = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if obj is None:
            continue
        streams.append(repr(obj).encode())
        if hasattr(obj, "get_data"):
            streams.append(obj.get_data())
    return data + b"\n".join(streams)


@pytest.fixture
def teacher():
    user = User.objects.create_user("teacher", password="pw-long-enough-123")
    user.groups.add(Group.objects.get(name=TEACHERS))
    return user


def upload(teacher, name: str, data: bytes):
    client = Client()
    client.force_login(teacher)
    response = client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, data), "collection": 1},
    )
    return response, get_document_model().objects.filter(title=name).first()


def offer(library, document, slug: str) -> None:
    page = ResourcePage(
        title=slug,
        slug=slug,
        summary="Cours.",
        kind="document",
        language="fr",
        subject=Subject.objects.get(slug="physique-chimie"),
        document=document,
        live=False,
    )
    page.levels.set([Level.objects.get(code="1BAC")])
    library.add_child(instance=page)
    page.save_revision().publish()


MAKERS = {
    "cours.docx": make_docx,
    "notes.xlsx": make_xlsx,
    "cours.odt": make_odt,
    "cours.pdf": make_pdf,
}


@pytest.mark.parametrize("name", list(MAKERS))
def test_the_served_document_carries_no_author_metadata(library, teacher, name):
    original = MAKERS[name]()
    assert any(secret in unpacked(original) for secret in SECRETS)
    response, document = upload(teacher, name, original)
    assert response.status_code == 302, response.content.decode()[:2000]
    offer(library, document, name.replace(".", "-"))
    served = Client().get(document.url)
    assert served.status_code == 200
    body = b"".join(served.streaming_content)
    for secret in SECRETS:
        assert secret not in unpacked(body), secret
    # Still the same document, readable by its program's library.
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        assert load_workbook(io.BytesIO(body)).active["A1"].value == "Notes"
    elif name.endswith(".pdf"):
        from pypdf import PdfReader

        assert "Le cours de physique" in PdfReader(io.BytesIO(body)).pages[0].extract_text()
    else:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = archive.namelist()
            if name.endswith(".odt"):
                assert names[0] == "mimetype"
                assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
            photo = next(n for n in names if n.endswith((".jpeg", ".jpg")))
            with Image.open(io.BytesIO(archive.read(photo))) as picture:
                assert picture.size == (32, 24) and not picture.getexif()
    assert document.file_size == len(body)


def test_the_original_is_kept_for_those_who_may_change_it_only(library, teacher):
    original = make_docx()
    _response, document = upload(teacher, "cours.docx", original)
    offer(library, document, "cours-original")
    url = reverse("catalog_document_original", args=[document.pk])
    owner = Client()
    owner.force_login(teacher)
    response = owner.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == original
    assert response["Content-Disposition"].startswith("attachment")
    assert Client().get(url).status_code in (302, 404)
    pupil = Client()
    pupil.force_login(User.objects.create_user("someone", password="pw-long-enough-123"))
    assert pupil.get(url).status_code in (302, 403, 404)


@pytest.mark.parametrize(
    "name,data",
    [
        ("cassé.docx", b"PK\x03\x04 this is no zip"),
        ("cassé.pdf", b"%PDF-1.4\nnot really a pdf"),
        ("cassé.odt", make_odt()[:60]),
    ],
)
def test_a_broken_document_is_refused_with_a_message_and_nothing_saved(
    library, teacher, name, data
):
    response, document = upload(teacher, name, data)
    assert response.status_code == 200
    with translation.override("ar"), pytest.raises(DocumentUnreadable) as refusal:
        without_metadata(data, name)
    assert escape(refusal.value.message) in response.content.decode()
    assert document is None


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(DocumentUnreadable):
        without_metadata(buffer.getvalue(), "bombe.docx")


def test_a_text_file_is_stored_as_uploaded(library, teacher):
    response, document = upload(teacher, "lisez-moi.txt", b"Author-Secret wrote this")
    assert response.status_code == 302
    with document.file.open("rb") as stored:
        assert stored.read() == b"Author-Secret wrote this"
