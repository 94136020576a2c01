"""Content-Security-Policy: every HTML response has one, and the site's pages need no inline code.

The site's pages (catalogue, search, e-book, portal) are walked over HTTP by following their own
links as anonymous visitors, a pupil and a guardian; admin pages are visited as a superuser and as
school staff. Every ``text/html`` answer must carry the policy of its side, and the site's
rendered HTML must hold no inline script, event handler, ``javascript:`` URL or inline style,
which the strict policy would block. The templates are also read as files, so a page the walk
does not reach cannot slip an inline script in.
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from portal_auth.models import Guardian, Pupil
from tests.catalog.media_pages import publish_media_resource
from tests.factories.catalog import make_resource
from tests.factories.media import make_placeholder_asset
from tests.factories.schools import give_guardian_account, give_pupil_account, make_staff

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NOT_PAGES = ("/admin/", "/documents/", "/media-files/", "/api/", "/static/")
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def inline_code(html: str) -> list[str]:
    """What a strict policy would block in ``html``: inline scripts, handlers, styles."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        if tag.name == "script" and not tag.get("src"):
            if tag.get("type", "").lower() not in DATA_SCRIPT_TYPES:
                found.append(f"inline <script>: {tag.get_text()[:60]!r}")
        if tag.name == "style":
            found.append(f"<style> element: {tag.get_text()[:60]!r}")
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=…> event handler")
            if name.lower() == "style":
                found.append(f"<{tag.name} style={value!r}>")
            if name.lower() in ("href", "src", "action", "formaction") and str(
                value
            ).strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {name}={value!r}>")
    return found


def walk_site(client, seeds: list[str], limit: int = 80) -> dict[str, object]:
    """GET the seeds and every site page they link to (no admin, no files), up to ``limit``."""
    queue, seen, pages = deque(seeds), set(), {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        pages[url] = response
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.append(response["Location"])
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in BeautifulSoup(response.content, "html.parser").find_all("a", href=True):
            href = link["href"]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(NOT_PAGES) or "download" in parts.query:
                continue
            queue.append(href.split("#", 1)[0])
    return pages


def html_pages(pages: dict[str, object]) -> dict[str, object]:
    return {url: r for url, r in pages.items() if r.get("Content-Type", "").startswith("text/html")}


def assert_site_policy(url: str, response) -> None:
    header = response.get("Content-Security-Policy")
    assert header, f"{url}: no Content-Security-Policy"
    policy = directives(header)
    assert policy["default-src"] == ["'self'"], url
    assert policy["script-src"] == ["'self'"], url
    assert policy["style-src"] == ["'self'"], url
    assert policy["object-src"] == ["'none'"], url
    assert policy["base-uri"] == ["'self'"], url
    assert policy["frame-ancestors"] == ["'none'"], url
    assert policy["form-action"] == ["'self'"], url
    assert policy["img-src"] == ["'self'", "data:"], url
    assert policy["media-src"] == ["'self'"], url
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header, url


@pytest.fixture
def world(library):
    """A catalogue with a document and a recorded lesson, and the portal's demo school."""
    make_resource(library, title="Les forces", summary="Un cours.")
    make_resource(library, title="القوى", language="ar", summary="درس.")
    publish_media_resource(library, make_placeholder_asset("video"), title="Vidéo : la chute libre")
    call_command("load_portal_demo_data", "--force", stdout=open("/dev/null", "w"))
    call_command("load_portal_records_demo", "--force", stdout=open("/dev/null", "w"))
    return library


def father():
    """The demo father, signed up, with both his children confirmed."""
    guardian = Guardian.objects.get(cin="BE100001")
    guardian.links.update(confirmed_at=timezone.now())
    return give_guardian_account(guardian)


def test_public_pages_have_the_strict_policy_and_no_inline_code(client, world):
    seeds = ["/", "/fr/", "/en/", "/search/?q=forces", "/account/sign-in/", "/no-such-page/"]
    seeds += ["/account/activate/pupil/", "/account/activate/guardian/", "/account/password/reset/"]
    pages = html_pages(walk_site(client, seeds))
    assert len(pages) >= 15, sorted(pages)
    assert "/no-such-page/" in pages and pages["/no-such-page/"].status_code == 404
    for url, response in pages.items():
        assert_site_policy(url, response)
        assert inline_code(response.content.decode()) == [], url


@pytest.mark.parametrize("who", ["pupil", "guardian"])
def test_portal_pages_have_the_strict_policy_and_no_inline_code(client, world, who):
    if who == "pupil":
        user = give_pupil_account(Pupil.objects.get(massar_code="J130000001"))
    else:
        user = father()
    client.force_login(user)
    pages = html_pages(walk_site(client, ["/account/", "/fr/account/marks/?semester=1"]))
    portal = [url for url in pages if "/account/" in url]
    assert len(portal) >= 8, sorted(pages)
    if who == "pupil":  # the inline SVG chart is checked too
        marks = [r for url, r in pages.items() if "/account/marks/" in url]
        assert any(b"<svg" in r.content for r in marks)
    for url, response in pages.items():
        assert_site_policy(url, response)
        assert inline_code(response.content.decode()) == [], url


def assert_admin_policy(url: str, response) -> None:
    header = response.get("Content-Security-Policy")
    assert header, f"{url}: no Content-Security-Policy"
    policy = directives(header)
    assert policy["default-src"] == ["'self'"], url
    assert policy["object-src"] == ["'none'"], url
    assert policy["base-uri"] == ["'self'"], url
    assert policy["form-action"] == ["'self'"], url
    assert policy["frame-ancestors"] == ["'self'"], url  # the admin frames its own preview
    assert "'unsafe-eval'" not in header, url
    for sources in policy.values():
        assert all(s.startswith("'") or s in ("data:", "blob:") for s in sources), (url, header)


def test_admin_pages_have_the_admin_policy(client, world):
    from django.contrib.auth import get_user_model

    resource = world.get_children().live().first()
    admin = get_user_model().objects.create_superuser("csp-admin", "a@example.ma", "x" * 12)
    client.force_login(admin)
    urls = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{world.pk}/",
        f"/admin/pages/{resource.pk}/edit/",
        f"/admin/pages/add/catalog/resourcepage/{world.pk}/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/",
        "/admin/login/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code == 200:
            assert_admin_policy(url, response)
    from portal_auth.models import School

    client.force_login(make_staff("director", School.objects.get(code="DEMO-L1")))
    staff_urls = ["/admin/requests/", "/admin/requests/day/", "/admin/requests/messages/"]
    for url in staff_urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_admin_policy(url, response)


def test_a_view_keeps_its_own_stricter_policy(client, world):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from PIL import Image

    from portal_auth.desk.school_messages import start_thread

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    user = father()
    pupil = Pupil.objects.get(massar_code="J130000001")
    picture = SimpleUploadedFile("p.png", buffer.getvalue(), "image/png")
    thread = start_thread(user, pupil, "question", "Photo", "Voici", picture)
    client.force_login(user)
    response = client.get(reverse("portal_auth:attachment", args=[thread.posts.get().pk]))
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_non_html_answers_get_no_page_policy(client, world):
    response = client.get("/api/v2/pages/?type=catalog.ResourcePage")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


TEMPLATE_PATTERNS = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "style element": re.compile(r"<style[\s>]", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


# Files written into a download, opened from the disk where the site's stylesheet is not: they
# carry their own <style>, never a script, and no page of the site renders them.
OFFLINE_DOCUMENTS = {"portal_auth/personal_data_file.html", "catalog/offline/pack_index.html"}


def test_no_template_holds_inline_script_or_style():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        offline = path.relative_to(TEMPLATES).as_posix() in OFFLINE_DOCUMENTS
        for what, pattern in TEMPLATE_PATTERNS.items():
            if offline and what == "style element":
                continue
            if pattern.search(text):
                found.append(f"{path.relative_to(TEMPLATES)}: {what}")
    assert found == []


def test_inline_code_finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><script src="/static/x.js"></script>'
        '<script type="application/json">{}</script><a href="javascript:x()">x</a>'
        '<p onclick="x()" style="color:red">x</p><style>p{}</style>'
    )
    assert len(inline_code(html)) == 5


def test_media_on_another_origin_is_allowed_for_images_and_media_only(rf, settings):
    from django.http import HttpResponse

    from library.csp import ContentSecurityPolicyMiddleware

    settings.MEDIA_URL = "https://cdn.example.ma/media/"
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("<p>x</p>"))
    policy = directives(middleware(rf.get("/library/"))["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "data:", "https://cdn.example.ma"]
    assert policy["media-src"] == ["'self'", "https://cdn.example.ma"]
    assert policy["script-src"] == ["'self'"] and policy["default-src"] == ["'self'"]
    admin = directives(middleware(rf.get("/admin/"))["Content-Security-Policy"])
    assert "https://cdn.example.ma" in admin["img-src"]
    assert "'unsafe-inline'" in admin["script-src"]


def test_the_policies_come_from_settings(rf, settings):
    from django.http import HttpResponse

    from library.csp import ContentSecurityPolicyMiddleware

    settings.MAKTABA_CSP = {"SITE": {"default-src": ["'none'"]}, "ADMIN_PATHS": ["/staff/"]}
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("<p>x</p>"))
    assert middleware(rf.get("/"))["Content-Security-Policy"] == "default-src 'none'"
    assert "'unsafe-inline'" in middleware(rf.get("/staff/x"))["Content-Security-Policy"]
    assert "'unsafe-inline'" not in middleware(rf.get("/admin/"))["Content-Security-Policy"]
