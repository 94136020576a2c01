"""Resource pages for search tests (real pages in a real tree, indexed through the backend)."""

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from catalog.models import Level, ResourcePage, Subject


def make_document(title="lesson"):
    return Document.objects.create(title=title, file=ContentFile(b"lesson", name="lesson.txt"))


def make_resource(library, title, summary="", language="ar", live=True, tags=(), **fields):
    subject = fields.pop("subject", None) or Subject.objects.order_by("pk").first()
    level = (
        fields.pop("level", None) or subject.levels.order_by("pk").first() or Level.objects.first()
    )
    page = ResourcePage(
        title=title,
        summary=summary or title,
        language=language,
        kind=fields.pop("kind", "document"),
        subject=subject,
        live=live,
        document=fields.pop("document", None) or make_document(),
        **fields,
    )
    library.add_child(instance=page)
    page.levels.set([level])
    for tag in tags:
        page.tags.add(tag)
    page.save()
    if not live:
        page.live = False
        page.save()
    return page
