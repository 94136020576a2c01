"""The pack page (its size before download, or why it is refused) and the pack's ``.zip``.

The ``.zip`` is served like a rendition (``media_pipeline.serving``): byte ranges, so a download
cut at 60 % resumes where it stopped, a strong ETag (its content hash) for ``If-Range`` and
``If-None-Match``, and behind nginx ``X-Accel-Redirect``. Its name is its content, so it may be
cached for a year; a name that is no longer the subject's current pack answers 404.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from media_pipeline.serving import rendition_cache_control, stored_file_response

from ..models import Level
from .offline_settings import offline_setting
from .packs import PACK_NAME, built_size, is_building, is_built, pack_for
from .tasks import enqueue_pack_build


def _pack(level_slug: str, subject_slug: str, listen: bool):
    level = get_object_or_404(Level, slug=level_slug)
    subject = get_object_or_404(level.subjects, slug=subject_slug)
    return pack_for(level, subject, listen=listen)


class PackPageView(View):
    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, level_slug: str, subject_slug: str) -> HttpResponse:
        listen = request.GET.get("listen") == "1"
        pack = _pack(level_slug, subject_slug, listen)
        smaller = None
        if pack.too_large and pack.has_video and not listen:
            smaller = pack_for(pack.level, pack.subject, listen=True)
        built = not pack.too_large and pack.files and is_built(pack)
        context = {
            "pack": pack,
            "listen": listen,
            "limit": int(offline_setting("PACK_MAX_BYTES")),
            "smaller": smaller,
            "built": built,
            "built_size": built_size(pack) if built else None,
            "building": not built and is_building(pack),
            "download_url": reverse("offline:pack_file", args=[pack.name]) if built else "",
        }
        return TemplateResponse(request, "catalog/offline/pack.html", context)

    def post(self, request: HttpRequest, level_slug: str, subject_slug: str) -> HttpResponse:
        listen = request.POST.get("listen") == "1"
        pack = _pack(level_slug, subject_slug, listen)
        if pack.files and not pack.too_large and not is_built(pack) and not is_building(pack):
            enqueue_pack_build(pack)
        target = request.path + ("?listen=1" if listen else "")
        return HttpResponseRedirect(target)


class PackFileView(View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, name: str) -> HttpResponse:
        match = PACK_NAME.match(name)
        if match is None:
            raise Http404
        level = Level.objects.filter(slug=match["level"]).first()
        subject = level.subjects.filter(slug=match["subject"]).first() if level else None
        if subject is None:
            raise Http404
        pack = pack_for(level, subject, listen=match["variant"] == "listen")
        if pack.name != name or not is_built(pack):
            raise Http404  # withdrawn or rebuilt: the pack page has the current one
        return stored_file_response(
            request,
            default_storage,
            pack.stored_name,
            content_type="application/zip",
            etag=pack.content_hash,
            cache_control=rendition_cache_control(),
            download_name=f"maktaba-{pack.level.slug}-{pack.subject.slug}.zip",
        )
