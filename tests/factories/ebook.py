"""Small real objects for the e-book tests: images made with Pillow, videos made with ffmpeg."""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

from catalog.ebook.models import EBookPage
from media_pipeline.models import MediaAsset

_counter = itertools.count(1)


def make_image(title: str = "صورة", size: tuple[int, int] = (1600, 900), color=(40, 90, 160)):
    """A real PNG screenshot-like image, larger than the book's box so it gets resized."""
    picture = PILImage.new("RGB", size, color)
    draw = ImageDraw.Draw(picture)
    draw.rectangle([size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2], fill=(240, 200, 40))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=f"img-{next(_counter)}.png")
    )


def make_broken_image(title: str = "broken") -> Image:
    """An image row whose file is not an image at all (a truncated upload)."""
    image = make_image(title, size=(40, 40))
    with image.file.storage.open(image.file.name, "wb") as handle:
        handle.write(b"not a png")
    return image


def make_missing_image(title: str = "missing") -> Image:
    """An image row whose file has disappeared from storage."""
    image = make_image(title, size=(40, 40))
    image.file.storage.delete(image.file.name)
    return image


@lru_cache(maxsize=1)
def tiny_mp4() -> bytes:
    """One second of a 64×48 H.264 test pattern, made by the real ffmpeg."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "intro.mp4"
        subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=64x48:rate=5",
                "-t",
                "1",
                "-pix_fmt",
                "yuv420p",
                "-c:v",
                "libx264",
                "-movflags",
                "+faststart",
                str(target),
            ],
            check=True,
            capture_output=True,
        )
        return target.read_bytes()


def make_video(title: str = "فيديو تعريفي", state: str = "ready") -> MediaAsset:
    asset = MediaAsset(title=title, kind=MediaAsset.Kind.VIDEO, state=state)
    data = tiny_mp4()
    asset.original.save(f"intro-{next(_counter)}.mp4", ContentFile(data), save=False)
    asset.original_size = len(data)
    asset.save()
    return asset


def rich(html: str) -> str:
    return html


def chapter(heading: str, *body: tuple[str, object]) -> dict:
    return {
        "type": "chapter",
        "value": {"heading": heading, "body": [{"type": t, "value": v} for t, v in body]},
    }


def arabic_chapters(image: Image, video: MediaAsset, resource_page=None) -> list[dict]:
    steps = {
        "title": "خطوات الدخول إلى فضاء التلميذ",
        "steps": [
            {"title": "افتح موقع مسار", "text": "<p>اكتب العنوان في المتصفح.</p>", "image": None},
            {
                "title": "أدخل الرمز السري",
                "text": "<p>الرمز يسلمه لك <b>مدير المؤسسة</b>.</p>",
                "image": image.pk,
            },
            {"title": "اطّلع على النقط", "text": "", "image": None},
        ],
    }
    chapters = [
        chapter(
            "مقدمة",
            (
                "text",
                "<p>يقدم هذا الدليل خدمات منظومة مسار للتلاميذ وأولياء الأمور.</p>"
                "<ul><li>فضاء الولي</li><li>فضاء التلميذ (Massar)</li></ul>",
            ),
            ("image", {"image": image.pk, "alt_text": "لقطة شاشة", "caption": "الصفحة الرئيسية"}),
            ("callout", {"kind": "tip", "text": "<p>احتفظ بالرمز السري في مكان آمن.</p>"}),
        ),
        chapter(
            "الدخول إلى المنصة",
            ("steps", steps),
            ("video", {"video": video.pk, "caption": "فيديو تعريفي قصير"}),
        ),
    ]
    if resource_page is not None:
        chapters[1]["value"]["body"].append(
            {"type": "resource", "value": {"resource": resource_page.pk, "note": "درس مرتبط"}}
        )
    return chapters


def french_chapters(image: Image, video: MediaAsset) -> list[dict]:
    return [
        chapter(
            "Introduction",
            (
                "text",
                "<p>Ce guide présente l’espace <i>parents</i> de Massar.</p>"
                "<ol><li>Se connecter</li><li>Consulter les notes</li></ol>",
            ),
            ("image", {"image": image.pk, "alt_text": "Capture d’écran", "caption": "Accueil"}),
        ),
        chapter(
            "Première connexion",
            (
                "steps",
                {
                    "title": "",
                    "steps": [
                        {
                            "title": "Ouvrir le site",
                            "text": "<p>Tapez l’adresse.</p>",
                            "image": None,
                        },
                        {"title": "Saisir le code", "text": "", "image": image.pk},
                    ],
                },
            ),
            ("video", {"video": video.pk, "caption": ""}),
            ("callout", {"kind": "warning", "text": "<p>Ne partagez jamais votre code.</p>"}),
        ),
    ]


def make_ebook(
    home,
    *,
    title: str = "دليل خدمات مسار",
    slug: str | None = None,
    language: str = "ar",
    chapters: list[dict] | None = None,
    cover=None,
    publish: bool = True,
    subtitle: str = "دليل المستخدم",
) -> EBookPage:
    page = EBookPage(
        title=title,
        slug=slug or f"ebook-{next(_counter)}",
        subtitle=subtitle,
        language=language,
        description="كتاب إلكتروني تفاعلي يشرح الخدمات." if language == "ar" else "Un guide.",
        cover_image=cover,
        chapters=json.dumps(chapters or []),
        live=False,
    )
    home.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")
