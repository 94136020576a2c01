"""The search page ``/search/``: live, public resources only, with facets and suggestions.

Bad input never reaches the engine raw: control characters and lone surrogates are removed, the
query is cut to ``MAX_QUERY_CHARS`` and ``MAX_QUERY_WORDS``, quotes only make a phrase when they
pair up, and every other character is just text (we build query objects, we never parse syntax).
"""

import re
import unicodedata
from collections import OrderedDict

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.views.generic import TemplateView
from modelsearch.query import And, Phrase, PlainText
from wagtail.search.backends import get_search_backend

from catalog.models import Level, LibraryIndexPage, ResourcePage, Subject, Track
from catalog.models.pages import ResourceKind, ResourceLanguage
from library.search.capabilities import SearchCapabilities, capabilities
from library.search.highlight import highlight

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
_PHRASE = re.compile(r'"([^"]+)"')


def clean_query(raw: str) -> str:
    """Printable text only, no lone surrogates, bounded in length and word count."""
    raw = raw[: MAX_QUERY_CHARS * 4]
    text = "".join(
        ch for ch in raw if not unicodedata.category(ch).startswith("C") or ch in "\u200c\u200d"
    )
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("«", '"').replace("»", '"')
    text = " ".join(text.split()[:MAX_QUERY_WORDS])
    return text[:MAX_QUERY_CHARS].strip()


def build_query(text: str, operator: str = "and"):
    """Quoted parts become phrases (when quotes pair up), the rest plain words."""
    if text.count('"') % 2:
        text = text.replace('"', " ")
    phrases = [p.strip() for p in _PHRASE.findall(text) if p.strip()]
    rest = _PHRASE.sub(" ", text).replace('"', " ").strip()
    parts = [Phrase(p) for p in phrases]
    if rest:
        parts.append(PlainText(rest, operator=operator))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def search_resources(backend, able: SearchCapabilities, text: str, queryset):
    """The page's search: ``(results, relaxed)``; every word must match, else any word may."""
    engine_text = able.engine_text(text)
    query = build_query(engine_text)
    if query is None:
        return None, False
    results = backend.search(query, queryset)
    if not results.count() and len(engine_text.split()) > 1:
        return backend.search(build_query(engine_text, operator="or"), queryset), True
    return results, False


FACETS = OrderedDict(
    [
        ("level", ("levels", Level)),
        ("track", ("tracks", Track)),
        ("subject", ("subject", Subject)),
        ("kind", ("kind", None)),
        ("language", ("language", None)),
    ]
)


class SearchView(TemplateView):
    template_name = "catalog/search.html"

    def _selected_filters(self) -> dict:
        selected = {}
        for name, (_field, model) in FACETS.items():
            value = self.request.GET.get(name, "")
            if not value:
                continue
            if model is not None:
                if value.isdigit() and len(value) < 12:
                    selected[name] = int(value)
            elif name == "kind" and value in ResourceKind.values:
                selected[name] = value
            elif name == "language" and value in ResourceLanguage.values:
                selected[name] = value
        return selected

    def _queryset(self, selected: dict, able: SearchCapabilities):
        # The result cards show each resource's subject, levels and tracks: fetch them in bulk.
        queryset = (
            ResourcePage.objects.live()
            .public()
            .select_related("subject")
            .prefetch_related("levels", "tracks")
        )
        for name, value in selected.items():
            queryset = able.narrow(queryset, FACETS[name][0], value)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        text = clean_query(raw)
        selected = self._selected_filters()
        library = LibraryIndexPage.objects.live().first()
        context.update(
            query=text,
            selected=selected,
            too_long=len(raw) > MAX_QUERY_CHARS,
            browse_url=library.url if library else "/",
        )
        backend = get_search_backend()
        able = capabilities(backend)
        engine_text = able.engine_text(text)
        query = build_query(engine_text)
        if query is None:
            context["results"] = None
            return context

        queryset = self._queryset(selected, able)
        results, relaxed = search_resources(backend, able, text, queryset)

        paginator = Paginator(results, settings.MAKTABA_SEARCH.get("PAGE_SIZE", 20))
        try:
            page_obj = paginator.page(self.request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            page_obj = paginator.page(1)

        items = []
        for resource in page_obj.object_list:
            items.append(
                {
                    "page": resource,
                    "snippet": highlight(resource.summary, text, resource.language),
                    "title": highlight(resource.title, text, resource.language, width=300),
                }
            )
        context.update(
            results=items,
            page_obj=page_obj,
            relaxed=relaxed,
            facets=self._facets(results, selected, able),
            suggestion=self._suggestion(backend, able, text, results),
            querystring=self._querystring(text, selected),
        )
        return context

    def _facets(self, results, selected: dict, able: SearchCapabilities) -> list[dict]:
        facets = []
        for name, (field, model) in FACETS.items():
            counts = able.facet(results, ResourcePage, field)
            if counts is None:
                continue
            counts.pop(None, None)
            if model is not None:
                labels = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=list(counts))}
            elif name == "kind":
                labels = dict(ResourceKind.choices)
            else:
                labels = dict(ResourceLanguage.choices)
            options = [
                {
                    "value": value,
                    "label": labels.get(value, value),
                    "count": count,
                    "selected": selected.get(name) == value,
                    "querystring": self._querystring(
                        self.request.GET.get("q", ""), {**selected, name: value}
                    ),
                }
                for value, count in counts.items()
                if value in labels
            ]
            if options:
                facets.append({"name": name, "options": options})
        return facets

    def _suggestion(self, backend, able: SearchCapabilities, text: str, results) -> str | None:
        """Offer a rewrite only when it finds more public results than the query did."""
        suggestion = able.suggest(ResourcePage, text)
        if not suggestion:
            return None
        query = build_query(able.engine_text(suggestion))
        found = backend.search(query, ResourcePage.objects.live().public()).count() if query else 0
        return suggestion if found > results.count() else None

    @staticmethod
    def _querystring(text: str, selected: dict) -> str:
        from django.http import QueryDict

        params = QueryDict(mutable=True)
        params["q"] = clean_query(text)
        for name, value in selected.items():
            params[name] = value
        return params.urlencode()
