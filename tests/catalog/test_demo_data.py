"""``load_demo_data``: a real demo library, made once, never twice."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.models import Revision

from catalog.demo.catalogue import RESOURCES
from catalog.models import LibraryIndexPage, ResourcePage
from catalog.site_setup import EDITORS, MODERATORS, TEACHERS
from media_pipeline.models import MediaAsset

pytestmark = pytest.mark.django_db
HAS_FFMPEG = shutil.which("ffmpeg") is not None


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def load(*options: str) -> str:
    out = io.StringIO()
    call_command("load_demo_data", *options, stdout=out)
    return out.getvalue()


def printed_passwords(output: str) -> dict[str, str]:
    passwords = {}
    for line in output.splitlines():
        parts = line.split()
        if parts and parts[0] in {"teacher", "moderator", "editor"} and "(unchanged;" not in line:
            passwords[parts[0]] = parts[-1]
    return passwords


def pdf_text(document: Document) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", document.file.path, "-"],
        check=True,
        capture_output=True,
        timeout=30,
    )
    # Shaped Arabic comes back as presentation forms; NFKC gives the letters back.
    return unicodedata.normalize("NFKC", result.stdout.decode())


def test_refuses_to_run_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        load()
    assert not ResourcePage.objects.exists()
    assert not get_user_model().objects.exists()


def test_demo_library_accounts_and_files(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    # The recordings go through the media pipeline once the import commits (tasks run at once
    # under the test settings), as the worker does after `load_demo_data` in the demo.
    with django_capture_on_commit_callbacks(execute=True):
        output = load()

    library = LibraryIndexPage.objects.get()
    resources = ResourcePage.objects.child_of(library).live().public()
    expected = len(RESOURCES) if HAS_FFMPEG else sum(r.kind == "document" for r in RESOURCES)
    assert resources.count() == expected >= 60

    languages = dict(resources.order_by().values_list("language").annotate(n=Count("id")))
    total = sum(languages.values())
    assert 0.55 <= languages["ar"] / total <= 0.7
    assert 0.2 <= languages["fr"] / total <= 0.35
    assert 0.05 <= languages["en"] / total <= 0.15
    assert resources.values("levels").distinct().count() == 12  # every level, 1AP to 2BAC
    assert resources.values("subject").distinct().count() >= 15
    assert resources.exclude(tracks=None).values("tracks").distinct().count() >= 10

    assert not resources.filter(thumbnail=None).exists()

    # Accounts in their groups, with the printed passwords.
    passwords = printed_passwords(output)
    assert set(passwords) == {"teacher", "moderator", "editor"}
    for username, group in (("teacher", TEACHERS), ("moderator", MODERATORS), ("editor", EDITORS)):
        user = authenticate(username=username, password=passwords[username])
        assert user is not None and user.groups.filter(name=group).exists()

    # Real PDFs with real Arabic and French text.
    arabic = resources.get(title="المعادلات من الدرجة الثانية")
    assert arabic.document.file.read(5) == b"%PDF-"
    french = resources.get(title="Les équations du second degré")
    if shutil.which("pdftotext"):
        assert "المعادلات من الدرجة الثانية" in pdf_text(arabic.document)
        assert "Les équations du second degré" in pdf_text(french.document)

    # Recordings, when ffmpeg is installed: real files, transcoded by the pipeline, playable.
    assets = MediaAsset.objects.all()
    if HAS_FFMPEG:
        assert sorted(assets.values_list("kind", flat=True)) == ["audio"] * 3 + ["video"] * 3
        for asset in assets:
            assert asset.state == MediaAsset.State.READY, asset.error_message
            assert asset.renditions.exists()
            assert asset.original_size == asset.original.size > 0
            with asset.original.open("rb") as handle:
                assert handle.read(8)[4:] == b"ftyp"  # an MP4/M4A container
        video = assets.filter(kind="video").first()
        assert (video.width, video.height, video.duration) == (320, 240, 5.0)
    else:
        assert not assets.exists()
        assert "ffmpeg is not installed" in output

    # A second run creates nothing and keeps the passwords.
    counts = (
        ResourcePage.objects.count(),
        Document.objects.count(),
        MediaAsset.objects.count(),
        Revision.objects.count(),
        get_user_model().objects.count(),
    )
    again = load()
    assert "0 created" in again and printed_passwords(again) == {}
    assert counts == (
        ResourcePage.objects.count(),
        Document.objects.count(),
        MediaAsset.objects.count(),
        Revision.objects.count(),
        get_user_model().objects.count(),
    )
    assert authenticate(username="teacher", password=passwords["teacher"]) is not None
