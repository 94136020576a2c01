"""``/search/suggest/?q=…``: up to ``LIMIT`` public resource titles starting with the typed words.

The header search form and the search page ask it as the pupil types (static/search/suggest.js).
The text passes the search page's guards (``clean_query``); longer input than the page accepts
is refused (400), under ``MIN_CHARS`` letters answers an empty list without touching the engine.
A backend without autocomplete answers an empty list, never an error. Answers are public and
cached for ``MAX_AGE`` seconds: the same prefix asked by a class of pupils costs one search.
"""

from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail.search.backends import get_search_backend

from catalog.models import ResourcePage
from library.search.capabilities import capabilities

from .search import MAX_QUERY_CHARS, clean_query

LIMIT = 8
MIN_CHARS = 2
MAX_AGE = 300


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    raw = request.GET.get("q", "")
    if len(raw) > MAX_QUERY_CHARS:
        return JsonResponse({"error": "too_long", "suggestions": []}, status=400)
    text = clean_query(raw).replace('"', " ").strip()
    suggestions: list[dict] = []
    if len(text) >= MIN_CHARS:
        able = capabilities(get_search_backend())
        public = ResourcePage.objects.live().public()
        found = able.autocomplete(public, able.engine_text(text), LIMIT, ["title"])
        suggestions = [{"title": page.title, "url": page.url} for page in found]
    response = JsonResponse({"suggestions": suggestions})
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
