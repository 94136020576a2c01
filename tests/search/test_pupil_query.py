"""What the search page understands in a pupil's query, on every Maktaba backend.

Runs on Whoosh, and on Maktaba-PostgreSQL in the PostgreSQL run (``MAKTABA_TEST_DATABASE=postgres``):
the page builds the same query objects for both.
"""

import pytest
from django.db import connection

from catalog.models import CurriculumSynonym, Level, Subject, TaxonomyMention
from catalog.pupil_query import Vocabulary, understand

from .factories import make_resource

pytestmark = pytest.mark.django_db

BACKENDS = {
    "whoosh": ({"BACKEND": "library.search.backend"}, None),
    "maktaba-postgres": (
        {"BACKEND": "library.search.postgres.backend.MaktabaPostgresSearchBackend"},
        "postgresql",
    ),
}


@pytest.fixture(params=list(BACKENDS))
def backend(request, settings):
    conf, vendor = BACKENDS[request.param]
    if vendor and connection.vendor != vendor:
        pytest.skip(f"{request.param} runs on {vendor} only")
    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(conf)}
    return request.param


def titles(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return [item["page"].title for item in response.context["results"] or []], response


@pytest.fixture
def catalogue(backend, library):
    svt = Subject.objects.get(slug="svt")
    maths = Subject.objects.get(slug="mathematiques")
    bac1, bac2 = Level.objects.get(code="1BAC"), Level.objects.get(code="2BAC")
    return {
        "nervous": make_resource(library, "العصبون والسيالة العصبية", subject=svt, level=bac1),
        "immunity": make_resource(library, "الجهاز المناعي", subject=svt, level=bac2),
        "suites": make_resource(library, "المتتاليات العددية", subject=maths, level=bac1),
        "complex": make_resource(
            library, "Les nombres complexes", language="fr", subject=maths, level=bac2
        ),
        "greenhouse": make_resource(library, "ظاهرة الدفيئة وتغير المناخ", subject=svt, level=bac2),
        "ww1": make_resource(
            library, "La Première Guerre mondiale", language="fr", subject=maths, level=bac1
        ),
    }


def test_mentions_are_recognised_and_leave_the_text():
    understood = understand("ملخص svt الثانية باك الجهاز المناعي", Vocabulary.load())
    assert understood.words == ["الجهاز", "المناعي"]
    assert understood.generic == ["ملخص"]
    assert understood.levels == [Level.objects.get(code="2BAC").pk]
    assert understood.subjects == [Subject.objects.get(slug="svt").pk]


def test_an_editor_mention_is_recognised():
    TaxonomyMention.objects.create(text="bac lettres", level=Level.objects.get(code="2BAC"))
    assert understand("Bac Lettres", Vocabulary.load()).taxonomy_only


def test_a_level_word_alone_lists_that_level(client, catalogue):
    found, _ = titles(client, q="1bac")
    assert set(found) == {catalogue[k].title for k in ("nervous", "suites", "ww1")}


def test_subject_and_level_words_boost_that_taxonomy(client, catalogue):
    found, _ = titles(client, q="svt 2bac")
    assert set(found) == {catalogue["immunity"].title, catalogue["greenhouse"].title}
    found, _ = titles(client, q="ملخص svt 2bac")
    assert set(found) == {catalogue["immunity"].title, catalogue["greenhouse"].title}
    found, _ = titles(client, q="svt 1bac السيالة")
    assert found == [catalogue["nervous"].title]


def test_generic_words_are_optional(client, catalogue):
    found, _ = titles(client, q="ملخص درس المتتاليات")
    assert found == [catalogue["suites"].title]
    found, _ = titles(client, q="cours résumé nombres complexes")
    assert found == [catalogue["complex"].title]


def test_only_generic_words_say_so_and_offer_the_browse_path(client, catalogue):
    found, response = titles(client, q="ملخص تمارين")
    assert found == []
    assert response.context["generic_only"]
    assert 'href="/' in response.content.decode()


def test_three_words_need_all_but_one_and_full_matches_come_first(client, catalogue, library):
    full = make_resource(library, "Les nombres complexes et la géométrie", language="fr")
    found, _ = titles(client, q="nombres complexes géométrie")
    assert found[:2] == [full.title, catalogue["complex"].title]
    found, _ = titles(client, q="nombres complexes trigonométrie")  # one word nowhere
    assert set(found) == {full.title, catalogue["complex"].title}


def test_two_words_still_need_both(client, catalogue):
    found, response = titles(client, q="nombres guerre")
    # No resource has both: the page says so and shows those with either.
    assert response.context["relaxed"]
    assert set(found) == {catalogue["complex"].title, catalogue["ww1"].title}


def test_phrase_still_must_match(client, catalogue):
    found, _ = titles(client, q='"nombres complexes"')
    assert found == [catalogue["complex"].title]
    found, _ = titles(client, q='"complexes nombres"')
    assert found == []


def test_curriculum_synonym_finds_the_programme_term_below_the_literal(client, catalogue, library):
    found, _ = titles(client, q="الاحتباس الحراري")
    assert found == [catalogue["greenhouse"].title]
    literal = make_resource(library, "الاحتباس الحراري")
    found, _ = titles(client, q="الاحتباس الحراري")
    assert found == [literal.title, catalogue["greenhouse"].title]
    found, _ = titles(client, q="la Grande Guerre")
    assert found == [catalogue["ww1"].title]


def test_an_editor_synonym_applies(client, catalogue):
    assert titles(client, q="suites numériques")[0] == []
    CurriculumSynonym.objects.create(terms="suites numériques\nالمتتاليات العددية")
    assert titles(client, q="suites numériques")[0] == [catalogue["suites"].title]


@pytest.fixture
def near_words(backend, library):
    pages = [
        make_resource(library, "المعادلات من الدرجة الثانية"),
        make_resource(library, "L'équation du second degré", language="fr"),
    ]
    for n in range(4):
        pages.append(make_resource(library, f"المادة والطاقة {n}"))
        pages.append(make_resource(library, f"Education civique {n}", language="fr"))
    return pages


def test_a_word_found_through_its_stem_is_never_replaced(client, near_words):
    for q in ["المعادلة", "equation"]:
        found, response = titles(client, q=q)
        assert len(found) == 1
        assert response.context["suggestion"] is None, q


def test_a_near_miss_with_no_result_gets_a_suggestion_in_its_own_script(client, near_words):
    found, response = titles(client, q="المعادلاتت")
    assert found == []
    assert response.context["suggestion"] == "المعادلات"
    html = response.content.decode()
    assert "هل تقصد" in html and "؟" in html
    assert "</a>?" not in html


def test_a_selected_facet_can_be_removed(client, catalogue):
    svt = Subject.objects.get(slug="svt")
    _found, response = titles(client, q="الجهاز", subject=svt.pk)
    html = response.content.decode()
    assert "remove this filter" in html or "إزالة هذه التصفية" in html
    facet = next(f for f in response.context["facets"] if f["name"] == "subject")
    selected = next(o for o in facet["options"] if o["selected"])
    assert "subject=" not in selected["clear_querystring"]
    assert "q=" in selected["clear_querystring"]


def test_synonym_terms_compare_without_stopwords_and_in_any_order(client, backend, library):
    quakes = make_resource(library, "Les séismes", language="fr")
    photo = make_resource(library, "La photosynthèse", language="fr")
    assert titles(client, q="tremblement de terre")[0] == [quakes.title]
    found, response = titles(client, q="chlorophyllienne assimilation")
    assert found == [photo.title] and not response.context["relaxed"]


def test_editors_find_the_search_words_in_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.ma", "pw")
    client.force_login(admin)
    for model in ("taxonomymention", "curriculumsynonym"):
        response = client.get(f"/admin/snippets/catalog/{model}/")
        assert response.status_code == 200
    assert TaxonomyMention.objects.filter(text="2bac").exists()
    assert CurriculumSynonym.objects.filter(terms__contains="ظاهرة الدفيئة").exists()


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("bac 1 suites", "levels", "1BAC"),
        ("الثانية باكلوريا الحقيقة", "levels", "2BAC"),
        ("السنة الثالثة إعدادي البركان", "levels", "3AC"),
        ("العلوم الطبيعية البركان", "subjects", "svt"),
        ("sciences naturelles immunologie", "subjects", "svt"),
        ("التاريخ الحرب العالمية الأولى", "subjects", "histoire-geographie"),
        ("الاعلاميات الخوارزمية", "subjects", "informatique"),
    ],
)
def test_more_colloquial_level_and_subject_forms_are_mentions(text, kind, key):
    understood = understand(text, Vocabulary.load())
    if kind == "levels":
        assert understood.levels == [Level.objects.get(code=key).pk]
    else:
        assert understood.subjects == [Subject.objects.get(slug=key).pk]
    assert understood.words and not set(understood.words) & {"bac", "1", "باكلوريا", "التاريخ"}


def test_more_generic_words_are_optional():
    understood = understand(
        "qcm exposé td correction حلول تمارين الأعداد العقدية", Vocabulary.load()
    )
    assert understood.words == ["الأعداد", "العقدية"]
    assert len(understood.generic) == 6


def test_the_chapters_other_lessons_come_after_every_match(client, backend, library):
    maths, svt = Subject.objects.get(slug="mathematiques"), Subject.objects.get(slug="svt")
    ac3, ac1 = Level.objects.get(code="3AC"), Level.objects.get(code="1AC")
    chapter = make_resource(
        library,
        "الإحصاء",
        summary="المعدل الحسابي والمنوال والتمثيل المبياني لسلسلة إحصائية.",
        subject=maths,
        level=ac3,
    )
    other_match = make_resource(  # the word in its summary only: ranks after the chapter
        library, "سلسلة تمارين", summary="تمارين في الإحصاء الوصفي", subject=maths, level=ac1
    )
    lesson = make_resource(library, "المعدل الحسابي والوسيط", subject=maths, level=ac3)
    make_resource(library, "مبرهنة طاليس", subject=maths, level=ac3)  # no word in common
    make_resource(library, "المعدل الحسابي للنبض", subject=svt, level=ac3)  # another subject
    make_resource(library, "المعدل الحسابي لقسم", subject=maths, level=ac1)  # another level
    found, _ = titles(client, q="الإحصاء")
    assert found == [chapter.title, other_match.title, lesson.title]


@pytest.mark.parametrize(
    ("text", "rewrite"),
    [
        ("دور الكلوروفيل", ["دور", "اليخضور"]),
        ("la fonction ln", ["fonction", "logarithme", "népérien"]),
        ("الكروموسومات", ["الصبغيات"]),
        ("thm de pythagore", ["théorème", "pythagore"]),
    ],
)
def test_the_seeded_thesaurus_rewrites_loanwords_and_abbreviations(text, rewrite):
    assert rewrite in understand(text, Vocabulary.load()).rewrites


def test_a_thesaurus_terms_words_are_never_matched_apart(client, backend, library):
    CurriculumSynonym.objects.create(terms="ADN\nacide désoxyribonucléique")
    CurriculumSynonym.objects.create(terms="الحمض النووي\nADN")
    acids = make_resource(library, "Les acides et les bases", language="fr")
    genes = make_resource(library, "La génétique et l'ADN", language="fr")
    arabic_acids = make_resource(library, "الأحماض والقواعد: الحمض والقاعدة")
    heredity = make_resource(library, "الوراثة البشرية")
    understood = understand("الحمض النووي والوراثة", Vocabulary.load())
    assert understood.units == [["الحمض", "النووي"], ["والوراثة"]]
    # «acide désoxyribonucléique hérédité»: the rewrite's tail never finds «acide» alone.
    found, _ = titles(client, q="ADN hérédité génétique")
    assert acids.title not in found and found[0] == genes.title
    # No resource has both units: either unit, «الحمض النووي» kept whole.
    found, _ = titles(client, q="الحمض النووي والوراثة")
    assert found == [heredity.title]
    assert arabic_acids.title not in found
    # Two words and no resource with both: the relaxed search keeps the rewrite's term whole.
    found, response = titles(client, q="ADN hérédité")
    assert response.context["relaxed"]
    assert found == [genes.title]
