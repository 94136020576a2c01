"""Law 09-08 right of access: a family sees and downloads what Maktaba holds about it, and no more.

Two families: the Alaouis (a guardian with a child at school A and one at school B, in another
directorate) and the Tazis (a child in the same class as the Alaoui child at school A).
"""

import io
import json
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from portal_auth.accounts import codes, security_log
from portal_auth.desk.document_requests import submit_request
from portal_auth.desk.school_messages import reply, start_thread
from portal_auth.models import SecurityEvent
from tests.factories.records import make_absence, publish, put_mark
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
    make_school,
    make_school_year,
    make_staff,
)

pytestmark = pytest.mark.django_db


def _records(pupil, school_class, user, *, mark: str, note: str, words: str):
    """A published mark, an absence, a request and a thread (with the school's reply)."""
    put_mark(pupil, school_class, "mathematiques", "test_1", mark)
    publish(school_class, 1)
    make_absence(pupil, date=school_class.year.starts_on, reason=f"absence {note}")
    submit_request(user, pupil, "certificate", note=note)
    thread = start_thread(user, pupil, "question", f"subject {note}", words)
    reply(thread, make_staff("admin_staff", school_class.school), f"reply {note}")
    codes.issue_pupil_code(pupil)


@pytest.fixture
def families():
    make_school_year()
    school_a, school_b = make_school(), make_school()
    class_a = make_class(school_a)
    alaoui_a = make_pupil(class_a, first_name_latin="Salma")
    alaoui_b = make_pupil(make_class(school_b), first_name_latin="Karim")
    tazi = make_pupil(class_a, first_name_latin="Omar", last_name_latin="Tazi")
    guardian = make_guardian(email="alaoui@example.ma")
    other = make_guardian(email="tazi@example.ma", last_name_latin="Tazi")
    for child in (alaoui_a, alaoui_b):
        link_guardian(guardian, child)
        codes.issue_guardian_code(guardian.links.get(pupil=child))
    link_guardian(other, tazi)
    user, other_user = give_guardian_account(guardian), give_guardian_account(other)
    pupil_user = give_pupil_account(alaoui_a)
    _records(alaoui_a, class_a, user, mark="14.50", note="ALAOUI-A", words="words of Alaoui A")
    _records(
        alaoui_b, alaoui_b.enrolment_for().school_class, user,
        mark="11.25", note="ALAOUI-B", words="words of Alaoui B",
    )  # fmt: skip
    _records(tazi, class_a, other_user, mark="9.75", note="TAZI", words="words of the Tazis")
    security_log.record(SecurityEvent.Kind.LOGIN, actor=user, guardian=guardian)
    security_log.record(SecurityEvent.Kind.LOGIN, actor=other_user, guardian=other)
    return {
        "guardian": guardian,
        "user": user,
        "other": other,
        "pupil_user": pupil_user,
        "alaoui": (alaoui_a, alaoui_b),
        "tazi": tazi,
    }


def _download(user) -> tuple[object, dict, str]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("portal_auth:my_data_download"))
    body = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(body))
    names = archive.namelist()
    json_name = next(n for n in names if n.endswith(".json"))
    html_name = next(n for n in names if n.endswith(".html"))
    data = json.loads(archive.read(json_name))
    return response, data, archive.read(json_name).decode() + archive.read(html_name).decode()


def test_guardian_downloads_their_own_and_their_childrens_records_only(families):
    response, data, text = _download(families["user"])
    alaoui_a, alaoui_b = families["alaoui"]
    assert response.status_code == 200
    assert data["account"]["kind"] == "guardian"
    assert data["guardian"]["cin"] == families["guardian"].cin
    assert sorted(p["profile"]["massar_code"] for p in data["pupils"]) == sorted(
        [alaoui_a.massar_code, alaoui_b.massar_code]
    )
    for child in data["pupils"]:
        assert len(child["marks"]) == 1
        assert len(child["absences"]) == 1
        assert len(child["requests"]) == 1
        # the child's own account code, and the guardian code printed for this guardian
        assert {c["for"] for c in child["activation_codes"]} == {"pupil", "guardian"}
    assert len(data["messages"]) == 2
    assert all(len(thread["posts"]) == 2 for thread in data["messages"])
    assert len(data["notifications"]) == 2  # the school's two replies
    assert [e["kind"] for e in data["security_events"]] == ["login"]
    for mine in ("ALAOUI-A", "ALAOUI-B", "words of Alaoui A", "14.50", "11.25"):
        assert mine in text
    # nothing of the other family
    tazi, other = families["tazi"], families["other"]
    for theirs in (tazi.massar_code, other.cin, "TAZI", "words of the Tazis", "tazi@"):
        assert theirs not in text
    # their mark, as a number of its own (not digits inside a timestamp's microseconds)
    assert not re.search(r"(?<![\d.])9[.,]75(?!\d)", text)
    # never a secret
    assert "code_hash" not in text and "password" not in text
    for code in families["guardian"].activation_codes.all():
        assert code.code_hash not in text


def test_pupil_gets_only_their_own_records(families):
    _response, data, text = _download(families["pupil_user"])
    alaoui_a, alaoui_b = families["alaoui"]
    assert data["account"]["kind"] == "pupil"
    assert data["guardian"] is None
    assert [p["profile"]["massar_code"] for p in data["pupils"]] == [alaoui_a.massar_code]
    assert [c["for"] for c in data["pupils"][0]["activation_codes"]] == ["pupil"]
    assert data["messages"] == []  # the threads are the guardian's own words
    for not_theirs in (alaoui_b.massar_code, families["tazi"].massar_code, "ALAOUI-B"):
        assert not_theirs not in text
    assert families["guardian"].cin not in text


def test_download_is_a_zip_attachment_never_cached(families):
    response, _data, _text = _download(families["user"])
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".zip" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response.streaming
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.DATA_EXPORT, actor=families["user"]
    ).exists()


def test_the_page_lists_the_data_in_plain_words_arabic_first(families):
    client = Client()
    client.force_login(families["user"])
    response = client.get(reverse("portal_auth:my_data"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "معطياتي" in html
    alaoui_a, alaoui_b = families["alaoui"]
    assert alaoui_a.massar_code in html and alaoui_b.massar_code in html
    assert families["tazi"].massar_code not in html
    assert "<bdi" in html and 'dir="auto"' in html
    # only the site's deferred scripts (offline, title suggestions); nothing inline
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/offline/offline.js" defer>',
        '<script src="/static/search/suggest.js" defer>',
    ]
    assert reverse("portal_auth:my_data_download") in html
    french = client.get("/fr" + reverse("portal_auth:my_data"))
    assert "Mes données" in french.content.decode()


@pytest.mark.parametrize("name", ["portal_auth:my_data", "portal_auth:my_data_download"])
def test_anonymous_is_sent_to_sign_in(name):
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal_auth:login"))


def test_staff_have_no_portal_data_page(families, client_for):
    client = client_for("director", make_school())
    assert client.get(reverse("portal_auth:my_data_download")).status_code == 404
