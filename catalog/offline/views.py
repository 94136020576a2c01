"""The installable web app's files, what a saved resource holds, and the "Saved for offline" page.

``/sw.js`` is served from the site root so that its scope is the whole site, and never cached by
the browser's HTTP cache (``no-cache``: the browser asks every time whether it changed).
What the worker stores is decided here: ``/offline/resources/<id>.json`` lists a public
resource's files, ``/offline/state/`` says which saved resources are still published and in
which version; both answer anonymously and the worker calls them without credentials.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .contents import offline_resources, saved_files, version_of
from .shell import worker_script, worker_version

MAX_STATE_IDS = 200


class ServiceWorkerView(View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        script = worker_script()
        etag = f'"{worker_version(script)}"'
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponse(status=304)  # the browser's update check, every navigation
        else:
            response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
        response["ETag"] = etag
        response["Cache-Control"] = "no-cache"
        response["Service-Worker-Allowed"] = "/"
        return response


class WebManifestView(View):
    """The web app manifest: Arabic first, right to left, the site's own icons."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        with translation.override("ar"):
            manifest = {
                "name": _("Maktaba — learning resources"),
                "short_name": _("Maktaba"),
                "description": _(
                    "Lessons to read, listen to and watch, even without a connection."
                ),
                "lang": "ar",
                "dir": "rtl",
                "start_url": "/",
                "scope": "/",
                "display": "standalone",
                "background_color": "#fafaf7",
                "theme_color": "#155e75",
                "icons": [
                    {
                        "src": static(f"offline/icon-{size}.png"),
                        "sizes": f"{size}x{size}",
                        "type": "image/png",
                        "purpose": "any",
                    }
                    for size in (192, 512)
                ],
            }
        response = HttpResponse(
            json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json"
        )
        response["Cache-Control"] = "public, max-age=86400"
        return response


def _page_or_404(page_id: int):
    page = offline_resources().filter(pk=page_id).select_related("document", "media_asset").first()
    if page is None:
        raise Http404
    return page.specific


class ResourceFilesView(View):
    """What saving one resource stores; its ETag is the resource's version."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, page_id: int) -> HttpResponse:
        page = _page_or_404(page_id)
        listen = request.GET.get("listen") == "1"
        audio = request.GET.get("audio", "")
        files = saved_files(page, listen=listen, audio=audio)
        version = version_of(page)
        etag = f'"{version}-{"listen" if listen else "watch"}-{audio}"'
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponse(status=304)
        else:
            response = JsonResponse(
                {
                    "id": page.pk,
                    "title": page.title,
                    "version": version,
                    "files": [
                        {"url": f.url, "size": f.size, "type": f.content_type} for f in files
                    ],
                }
            )
        response["ETag"] = etag
        response["Cache-Control"] = "no-cache"
        return response


class SavedStateView(View):
    """``?ids=1,2,3`` → ``{"1": "<version>", "2": null}``: null when no longer published."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        ids = []
        for part in request.GET.get("ids", "").split(",")[:MAX_STATE_IDS]:
            if part.strip().isdigit():
                ids.append(int(part))
        pages = offline_resources().filter(pk__in=ids).select_related("document", "media_asset")
        versions = {str(page.pk): version_of(page.specific) for page in pages}
        response = JsonResponse({str(pk): versions.get(str(pk)) for pk in ids})
        response["Cache-Control"] = "no-cache"
        return response


class SavedPageView(TemplateView):
    """The list of what is saved; filled in by the script from the worker's caches."""

    template_name = "catalog/offline/saved.html"


class OfflinePageView(TemplateView):
    """What the worker shows for a page that is not saved when there is no connection."""

    template_name = "catalog/offline/offline.html"
