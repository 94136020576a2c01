"""The search page ``/search/``: live, public resources only, with facets and suggestions.

Bad input never reaches the engine raw: control characters and lone surrogates are removed, the
query is cut to ``MAX_QUERY_CHARS`` and ``MAX_QUERY_WORDS``, quotes only make a phrase when they
pair up, and every other character is just text (we build query objects, we never parse syntax).
"""

import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.views.generic import TemplateView
from modelsearch.query import And, MatchAll, Phrase, PlainText
from wagtail.search.backends import get_search_backend

from catalog.models import Level, LibraryIndexPage, ResourcePage, Subject, Track
from catalog.models.pages import ResourceKind, ResourceLanguage
from catalog.pupil_query import (
    RELATED_FROM,
    Understood,
    Vocabulary,
    build,
    relaxed_query,
    understand,
    with_related,
    without_boosts,
)
from library.search.analysis import split_words
from library.search.capabilities import SearchCapabilities, capabilities
from library.search.conf import search_setting
from library.search.highlight import highlight

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
_PHRASE = re.compile(r'"([^"]+)"')
#: "Did you mean" is offered below this many results.
FEW_RESULTS = 3
#: The taxonomy's index words (``catalog.models.pages.taxonomy_key``) are never a suggestion.
_TAXONOMY_WORD = re.compile(r"\btx(?:level|track|subject)\d+\b")


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


@dataclass
class Search:
    """What the page's search found: ``results`` (None: nothing to search for) and why."""

    results: object = None
    relaxed: bool = False  # no resource had enough of the words: any word matched
    understood: Understood | None = None

    @property
    def generic_only(self) -> bool:
        return bool(self.understood and self.understood.generic_only)


def _split_phrases(text: str) -> tuple[list[str], str]:
    if text.count('"') % 2:
        text = text.replace('"', " ")
    phrases = [p.strip() for p in _PHRASE.findall(text) if p.strip()]
    return phrases, _PHRASE.sub(" ", text).replace('"', " ").strip()


def _narrow_to_mentions(queryset, understood: Understood, able: SearchCapabilities):
    for field, keys in (
        ("levels", understood.levels),
        ("tracks", understood.tracks),
        ("subject", understood.subjects),
    ):
        if keys:
            queryset = able.narrow(queryset, field, keys[0])
    return queryset


def search_resources(
    backend,
    able: SearchCapabilities,
    text: str,
    queryset,
    vocabulary: Vocabulary | None = None,
) -> Search:
    """The page's search (``catalog.pupil_query``): taxonomy mentions boost, generic words are
    optional, three or more words need all but one; quoted phrases must match. When nothing
    matches, any word may (``relaxed``)."""
    engine_text = able.engine_text(text)
    phrases, rest = _split_phrases(engine_text)
    understood = understand(rest, vocabulary if vocabulary is not None else Vocabulary.current())
    if not phrases and not understood.words:
        if understood.mentions:
            # «1bac», «svt 2bac», «ملخص الفلسفة 2bac»: that taxonomy's resources.
            narrowed = _narrow_to_mentions(queryset, understood, able)
            return Search(backend.search(MatchAll(), narrowed), understood=understood)
        return Search(understood=understood)
    parts = [Phrase(p) for p in phrases]
    text_query = build(understood)
    if text_query is not None:
        parts.append(text_query)
    elif understood.mentions:
        queryset = _narrow_to_mentions(queryset, understood, able)
    query = parts[0] if len(parts) == 1 else And(parts)
    if not able.syntax_safe:
        query = without_boosts(query)  # modelsearch's database backends have no Boost
    results = backend.search(query, queryset)
    if not results.count():
        if len(engine_text.split()) > 1:
            if phrases or not understood.words:
                fallback = build_query(engine_text, operator="or")
            else:  # a thesaurus term's words stay together («الحمض النووي»)
                fallback = relaxed_query(understood)
                if not able.syntax_safe:
                    fallback = without_boosts(fallback)
            return Search(backend.search(fallback, queryset), relaxed=True, understood=understood)
        return Search(results, understood=understood)
    if able.syntax_safe:
        # The other lessons of the best matches' chapter, after every match (weights need
        # Boost, which modelsearch's database backends do not have).
        best = list(results[:RELATED_FROM])
        related = with_related(query, understood, best)
        if related is not query:
            results = backend.search(related, queryset)
    return Search(results, understood=understood)


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
        search = search_resources(backend, able, text, self._queryset(selected, able))
        context["generic_only"] = search.generic_only
        if search.results is None:
            context["results"] = None
            return context
        results, relaxed = search.results, search.relaxed

        paginator = Paginator(results, search_setting("PAGE_SIZE"))
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
            suggestion=self._suggestion(backend, able, text, results, relaxed),
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
                    "clear_querystring": self._querystring(
                        self.request.GET.get("q", ""),
                        {key: v for key, v in selected.items() if key != name},
                    ),
                }
                for value, count in counts.items()
                if value in labels
            ]
            if options:
                facets.append({"name": name, "options": options})
        return facets

    def _suggestion(
        self, backend, able: SearchCapabilities, text: str, results, relaxed: bool
    ) -> str | None:
        """A rewrite of the query's unknown words, offered only when the query found few
        resources (``FEW_RESULTS``; none that had its words, when ``relaxed``), no word it
        replaces finds anything by itself, and the rewrite clearly finds more: more than twice
        as many public resources."""
        count = 0 if relaxed else results.count()
        if count >= FEW_RESULTS:
            return None
        suggestion = able.suggest(ResourcePage, text)
        if (
            not suggestion
            or suggestion.casefold() == text.casefold()
            or _TAXONOMY_WORD.search(suggestion)
        ):
            return None
        public = ResourcePage.objects.live().public()
        typed, offered = split_words(text), split_words(suggestion)
        if len(typed) == len(offered):
            for word, other in zip(typed, offered, strict=True):
                # A word found as it is (through its stem: «المعادلة», «equation») is no typo.
                if word != other and backend.search(PlainText(word), public).count():
                    return None
        found = search_resources(backend, able, suggestion, public).results
        return suggestion if found is not None and found.count() > 2 * count else None

    @staticmethod
    def _querystring(text: str, selected: dict) -> str:
        from django.http import QueryDict

        params = QueryDict(mutable=True)
        params["q"] = clean_query(text)
        for name, value in selected.items():
            params[name] = value
        return params.urlencode()
