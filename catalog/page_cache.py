"""A whole-page cache for anonymous visitors of the catalogue.

Catalogue pages are the same for every anonymous pupil, so a rendered page is kept in Django's
cache under a key made of the catalogue's *generation*, the language, the full path and the
data-saver preference. Any change that could alter a catalogue page (a page saved, published,
moved or deleted, a view restriction, the taxonomy, a document, an image or a media asset) bumps
the generation, so a stale page is never served: old entries simply expire.

Wagtail checks view restrictions (``before_serve_page`` hooks) before ``serve()`` is called, so a
private page is never answered from the cache to a visitor who may not see it. Signed-in users,
previews, non-GET requests and responses that set cookies bypass the cache.

The cache must be shared by every process that changes content (web and worker): the embedded
default is a file cache, production uses Redis (see README).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils.translation import get_language

from library.cache import CacheUnreachable
from media_pipeline.media_settings import media_setting

from .conf import catalog_setting

T = TypeVar("T")

GENERATION_KEY = "maktaba:catalog:generation"
WATCHED_APPS = {
    "wagtailcore",
    "catalog",
    "media_pipeline",
    "wagtaildocs",
    "wagtailimages",
    "taggit",
}

logger = logging.getLogger("maktaba.cache")


def _timeout() -> int:
    return int(catalog_setting("PAGE_CACHE_SECONDS"))


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY, 1)
    return int(generation)


def bump_generation() -> None:
    """Invalidate every cached catalogue page at once."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, current_generation() + 1, None)
    except CacheUnreachable:
        # Nothing can be served from an unreachable cache; if it comes back with its data, what
        # it holds expires within PAGE_CACHE_SECONDS.
        logger.warning("page cache generation not bumped: the cache is unreachable")


def cached_for_generation(name: str, compute: Callable[[], T]) -> T:
    """Compute a small derived value once per catalogue generation."""
    key = f"maktaba:derived:{current_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, _timeout() or None)
    return value


def on_model_change(sender, **kwargs) -> None:
    """Signal receiver: bump the generation when content that pages show changes."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in WATCHED_APPS:
        return
    if meta.model_name.endswith("job") or meta.model_name in {"taskresult", "workflowstate"}:
        return  # job progress ticks every second and changes no page
    bump_generation()


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or _timeout() <= 0:
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not list(get_messages(request))


def _key(request: HttpRequest) -> str:
    cookie = request.COOKIES.get(media_setting("DATA_SAVER_COOKIE"), "")
    saver = cookie + "|" + request.headers.get("Save-Data", "")
    raw = f"{get_language()}|{saver}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return f"maktaba:page:{current_generation()}:{digest}"


class AnonymousPageCacheMixin:
    """Serve a Wagtail page from the cache for anonymous visitors (see module docstring)."""

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return super().serve(request, *args, **kwargs)
        key = _key(request)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Maktaba-Cache"] = "hit"
            return response
        response = super().serve(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), _timeout())
        response["X-Maktaba-Cache"] = "miss"
        return response
