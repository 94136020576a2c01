"""Anonymous catalogue pages come from the cache, and every content change shows at once."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from catalog.models import Subject
from tests.factories.catalog import make_resource

pytestmark = pytest.mark.django_db
LISTING = "/library/1bac/sciences-experimentales/physique-chimie/"


def test_second_anonymous_visit_is_a_cache_hit_with_fewer_queries(client, library):
    make_resource(library, title="Les lois de Newton")
    first = client.get(LISTING)
    assert first["X-Maktaba-Cache"] == "miss"
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(LISTING)
    assert second["X-Maktaba-Cache"] == "hit"
    assert second.content == first.content
    assert len(ctx.captured_queries) <= 6


def test_publishing_a_resource_shows_at_once(client, library):
    client.get(LISTING)
    make_resource(library, title="Nouveau cours")
    response = client.get(LISTING)
    assert "Nouveau cours" in response.content.decode()


def test_unpublishing_and_renaming_taxonomy_show_at_once(client, library):
    page = make_resource(library, title="Cours retiré")
    assert "Cours retiré" in client.get(LISTING).content.decode()
    page.unpublish()
    assert "Cours retiré" not in client.get(LISTING).content.decode()
    subject = Subject.objects.get(slug="physique-chimie")
    subject.name_ar = "الفيزياء والكيمياء (معدل)"
    subject.save()
    assert "(معدل)" in client.get(LISTING).content.decode()


def test_languages_and_data_saver_are_cached_apart(client, library):
    ar = client.get(LISTING).content.decode()
    fr = client.get("/fr" + LISTING).content.decode()
    assert 'lang="ar"' in ar and 'lang="fr"' in fr
    client.cookies["maktaba_data_saver"] = "0"
    assert client.get(LISTING)["X-Maktaba-Cache"] == "miss"


def test_signed_in_users_bypass_the_cache(client, library):
    client.force_login(User.objects.create_user("u", password="a-long-password-1"))
    client.get(LISTING)
    assert "X-Maktaba-Cache" not in client.get(LISTING)


def test_private_page_is_never_served_from_cache_to_anonymous(client, library):
    page = make_resource(library, title="Réservé")
    url = page.url
    assert client.get(url).status_code == 200  # now cached
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]
