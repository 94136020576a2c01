"""A demo e-book made from the demo library: a short Arabic guide to Massar's e-services.

It uses what ``load_demo_data`` created (a resource thumbnail as cover and screenshot, a demo
video, links to demo lessons), so a fresh install shows the whole e-book path. Safe to run twice.
"""

from __future__ import annotations

import json

from catalog.models import ResourcePage
from catalog.site_setup import ensure_site
from library.public_origin import printable_url, public_origin
from media_pipeline.models import MediaAsset

from .models import EBookPage

DEMO_SLUG = "guide-massar"


def _chapters(image_id: int | None, video_id: int | None, resource_ids: list[int]) -> list[dict]:
    def block(kind: str, value) -> dict:
        return {"type": kind, "value": value}

    introduction = [
        block(
            "text",
            "<p>يشرح هذا الدليل الخدمات الإلكترونية لمنظومة مسار: فضاء التلميذ وفضاء ولي الأمر."
            "</p><ul><li>الاطلاع على النقط والنتائج</li><li>استعمال الزمن والغياب</li>"
            "<li>التواصل مع إدارة المؤسسة</li></ul>",
        ),
        block(
            "callout",
            {"kind": "tip", "text": "<p>يسلمك مدير المؤسسة رمزا سريا: احتفظ به في مكان آمن.</p>"},
        ),
    ]
    if image_id:
        introduction.insert(
            1,
            block(
                "image",
                {"image": image_id, "alt_text": "الصفحة الرئيسية", "caption": "الصفحة الرئيسية"},
            ),
        )
    address = printable_url(public_origin()) or "localhost"
    steps = [
        {
            "title": "افتح موقع المكتبة",
            "text": f"<p>اكتب هذا العنوان في المتصفح: {address}</p>",
            "image": None,
        },
        {"title": "أدخل رمز مسار والرمز السري", "text": "", "image": image_id},
        {"title": "اختر الخدمة", "text": "<p>النقط، استعمال الزمن أو الغياب.</p>", "image": None},
    ]
    access = [block("steps", {"title": "خطوات الدخول", "steps": steps})]
    if video_id:
        access.append(block("video", {"video": video_id, "caption": "فيديو تعريفي قصير"}))
    access.append(
        block("callout", {"kind": "warning", "text": "<p>لا تشارك رمزك السري مع أي أحد.</p>"})
    )
    library = [block("resource", {"resource": pk, "note": "درس من المكتبة"}) for pk in resource_ids]
    chapters = [
        {"type": "chapter", "value": {"heading": "مقدمة", "body": introduction}},
        {"type": "chapter", "value": {"heading": "الدخول إلى الفضاء الخاص", "body": access}},
    ]
    if library:
        chapters.append(
            {"type": "chapter", "value": {"heading": "موارد من المكتبة", "body": library}}
        )
    return chapters


def description(*, has_video: bool) -> str:
    """The book's blurb promises a video only when the book has one."""
    text = "كتاب إلكتروني تفاعلي يشرح خطوة بخطوة خدمات مسار"
    return text + ("، مع فيديو تعريفي." if has_video else ".")


def ensure_demo_ebook() -> EBookPage:
    """Create and publish the demo e-book once (publishing enqueues its build)."""
    existing = EBookPage.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing
    home, _library = ensure_site()
    resources = list(ResourcePage.objects.live().filter(language="ar").order_by("pk")[:3])
    with_thumbnail = (
        ResourcePage.objects.live().exclude(thumbnail=None).select_related("thumbnail").first()
    )
    image = with_thumbnail.thumbnail if with_thumbnail else None
    video = (
        MediaAsset.objects.filter(kind=MediaAsset.Kind.VIDEO, state=MediaAsset.State.READY)
        .order_by("pk")
        .first()
    )
    page = EBookPage(
        title="دليل الخدمات الإلكترونية لمسار",
        slug=DEMO_SLUG,
        subtitle="دليل التلميذ وولي الأمر",
        language="ar",
        description=description(has_video=video is not None),
        cover_image=image,
        chapters=json.dumps(
            _chapters(
                image.pk if image else None,
                video.pk if video else None,
                [resource.pk for resource in resources],
            )
        ),
        live=False,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
